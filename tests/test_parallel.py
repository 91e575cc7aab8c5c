"""Jobs shared out between processes: results in order, handed back through files of a
private folder that is always removed, or through the pipe where no file can be written."""

import tempfile

import pytest

from generators.parallel import parallel, run_to_file


def square(n):
    return {"n": n, "square": n * n, "text": "x" * n}


def fail_on_three(n):
    if n == 3:
        raise ValueError("three")
    return n


@pytest.fixture
def temporary(tmp_path, monkeypatch):
    """The folder tempfile hands out temporary folders in, empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_results_come_back_in_job_order_and_the_folder_goes(temporary):
    assert parallel(square, list(range(12)), 2) == [square(n) for n in range(12)]
    assert list(temporary.iterdir()) == []


def test_an_error_in_a_job_reaches_the_caller_and_the_folder_still_goes(temporary):
    with pytest.raises(ValueError, match="three"):
        parallel(fail_on_three, list(range(8)), 2)
    assert list(temporary.iterdir()) == []


def test_without_a_temporary_folder_results_go_through_the_pipe(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    assert parallel(square, list(range(6)), 2) == [square(n) for n in range(6)]


def test_a_result_that_cannot_be_written_is_handed_back_as_it_is(tmp_path):
    assert run_to_file((square, 4, str(tmp_path / "missing" / "4.pickle"))) == (
        False, square(4))
    assert run_to_file((square, 4, str(tmp_path / "4.pickle"))) == (
        True, str(tmp_path / "4.pickle"))
