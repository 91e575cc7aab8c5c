"""A card's own images and sounds, as a user names them, reach Anki: packaged in the
.apkg as genanki packs media, written by --into with Anki's media API, shown by the
preview from the packaged bytes; Anki's media check finds nothing missing, and an
edited file arrives on the next import. Files that must not go into a shared deck are
refused (the corpus in bad_inputs/ has the rest: missing, '..', absolute, wrong type)."""

from __future__ import annotations

import base64
import json
import os
import re
import stat
import textwrap
import zipfile
from pathlib import Path

import media_samples as samples
import pytest
from browser import browser  # noqa: F401  (fixture)
from conftest import import_apkg, notes_by_id

CARDS = """
cards:
  - id: html-image
    format: html
    front: 'Which colour? <img src="my.png">'
    back: '<img src="img/sub.png" alt="same">, <img src="drawing.svg"> [sound:say.mp3]'
  - id: markdown-image
    format: markdown
    front: 'A photo: ![a photo](img/photo.jpg)'
    back: 'Listen: [sound:sounds/beep.wav]'
  - id: text-sound
    front: 'Say it [sound:say.mp3]'
    back: 'Again [sound:say.mp3]; [latex]x[/latex] and [SOUND:y] stay text'
"""
FILES = {"my.png": samples.png(seed=1), "img/sub.png": samples.png(seed=2),
         "drawing.svg": samples.svg(), "img/photo.jpg": samples.HEADS["jpg"],
         "sounds/beep.wav": samples.wav(), "say.mp3": samples.mp3()}
EXTENSIONS = {"my.png": "png", "img/sub.png": "png", "drawing.svg": "svg",
              "img/photo.jpg": "jpg", "sounds/beep.wav": "wav", "say.mp3": "mp3"}
NAME = re.compile(r"[0-9a-f]{32}\.[a-z0-9]+")
ONLY_MINE = ["--no-practice", "--no-derivatives", "--include-tags", "mine"]


def card_folder(root: Path, cards: str = CARDS, files: dict | None = None) -> Path:
    """A user's folder: a card file (every card tagged 'mine') and the files it names."""
    folder = root / "my deck"
    folder.mkdir(parents=True)
    for name, data in (FILES if files is None else files).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    text = textwrap.dedent(cards).lstrip().replace("    front:", "    tags: [mine]\n    front:")
    (folder / "cards.yaml").write_text(text, encoding="utf-8")
    return folder


def build_apkg(cli, folder: Path, out: Path) -> None:
    result = cli("--cards", folder / "cards.yaml", *ONLY_MINE, "-o", out)
    assert result.exit_code == 0, result.stderr


def packaged(apkg: Path) -> dict[str, bytes]:
    """The package's files by their name in Anki, read as Anki reads a legacy package:
    the 'media' map from zip entry to name."""
    with zipfile.ZipFile(apkg) as zipped:
        names = json.loads(zipped.read("media"))
        assert sorted(names, key=int) == [str(k) for k in range(len(names))]
        return {name: zipped.read(entry) for entry, name in names.items()}


def test_every_file_named_is_packaged_once_under_its_contents_name(cli, tmp_path):
    folder = card_folder(tmp_path)
    build_apkg(cli, folder, tmp_path / "deck.apkg")
    files = packaged(tmp_path / "deck.apkg")
    assert sorted(files.values()) == sorted(FILES.values())  # say.mp3, named twice: once
    for written, data in FILES.items():
        (name,) = [n for n, d in files.items() if d == data]
        assert NAME.fullmatch(name) and name.endswith("." + EXTENSIONS[written])


def sound_files(card, side: str) -> list[str]:
    tags = card.question_av_tags() if side == "q" else card.answer_av_tags()
    return [tag.filename for tag in tags]


def media_bytes(col) -> dict[str, bytes]:
    folder = Path(col.media.dir())
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def check_in_anki(col, files: dict[str, bytes]) -> None:
    """Anki's media check finds every file the notes name, and no other; each card
    shows or plays the very file the card file named."""
    check = col.media.check()
    assert (list(check.missing), list(check.unused)) == ([], [])
    stored = media_bytes(col)
    notes = notes_by_id(col, "tag:mine")
    images = {key: re.findall(r'src="([^"]+)"', notes[key]["Front"] + notes[key]["Back"])
              for key in notes}
    assert [stored[name] for name in images["html-image"]] == [
        files["my.png"], files["img/sub.png"], files["drawing.svg"]]
    assert [stored[name] for name in images["markdown-image"]] == [files["img/photo.jpg"]]
    html_card = notes["html-image"].cards()[0]
    assert [stored[n] for n in sound_files(html_card, "a")] == [files["say.mp3"]]
    markdown_card = notes["markdown-image"].cards()[0]
    assert [stored[n] for n in sound_files(markdown_card, "a")] == [files["sounds/beep.wav"]]
    text_card = notes["text-sound"].cards()[0]
    assert [stored[n] for n in sound_files(text_card, "q")] == [files["say.mp3"]]
    assert [stored[n] for n in sound_files(text_card, "a")] == [files["say.mp3"]] * 2
    assert "&#91;latex]x&#91;/latex] and &#91;SOUND:y] stay text" in notes["text-sound"]["Back"]


def test_imported_by_file_import_every_card_has_its_files(cli, tmp_path, collection):
    folder = card_folder(tmp_path)
    build_apkg(cli, folder, tmp_path / "deck.apkg")
    import_apkg(collection, tmp_path / "deck.apkg")
    check_in_anki(collection, FILES)


def test_an_edited_file_arrives_on_the_next_file_import(cli, tmp_path, collection,
                                                        monkeypatch):
    folder = card_folder(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a later build is newer
    build_apkg(cli, folder, tmp_path / "first.apkg")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    import_apkg(collection, tmp_path / "first.apkg")
    edited = {**FILES, "my.png": samples.png(seed=7), "say.mp3": samples.mp3(seed=7)}
    (folder / "my.png").write_bytes(edited["my.png"])
    (folder / "say.mp3").write_bytes(edited["say.mp3"])
    build_apkg(cli, folder, tmp_path / "second.apkg")
    log = import_apkg(collection, tmp_path / "second.apkg")
    assert not log.new and not log.conflicting
    stored = media_bytes(collection)
    assert FILES["my.png"] in stored.values()  # Anki keeps the old file until a check
    check = collection.media.check()
    assert list(check.missing) == [] and len(check.unused) == 2
    collection.media.trash_files(list(check.unused))
    check_in_anki(collection, edited)


@pytest.fixture
def profile(tmp_path):
    """A profile folder whose collection has never held a media file."""
    from anki.collection import Collection

    folder = tmp_path / "User 1"
    folder.mkdir()
    Collection(str(folder / "collection.anki2")).close()
    (folder / "collection.media").rmdir()  # made again by --into, as Anki makes it
    return folder


def test_into_writes_the_files_with_ankis_media_api(cli, tmp_path, profile):
    from anki.collection import Collection

    folder = card_folder(tmp_path)
    into = ["--cards", folder / "cards.yaml", *ONLY_MINE, "--into", profile]
    assert cli(*into).exit_code == 0
    edited = {**FILES, "img/sub.png": samples.png(seed=9)}
    (folder / "img" / "sub.png").write_bytes(edited["img/sub.png"])
    result = cli(*into)
    assert result.exit_code == 0, result.stderr
    assert "(0 new, 1 updated, 2 unchanged)" in result.stdout
    # Nothing left beside the collection but what Anki keeps there (the copy's own
    # media folder, a symlink, went with its private folder; the files stayed).
    assert sorted(p.name for p in profile.iterdir()) == [
        "backups", "collection.anki2", "collection.media"]
    col = Collection(str(profile / "collection.anki2"))
    try:
        check = col.media.check()
        assert list(check.missing) == [] and len(check.unused) == 1
        col.media.trash_files(list(check.unused))
        check_in_anki(col, edited)
    finally:
        col.close()


def test_into_refuses_a_media_folder_holding_other_content_under_a_files_name(cli, tmp_path,
                                                                              profile):
    """Anki would keep the file there and write ours under another name, which the note
    would not name: refused, and the collection left as it was."""
    import hashlib

    folder = card_folder(tmp_path)
    name = hashlib.sha256(FILES["my.png"]).hexdigest()[:32] + ".png"
    (profile / "collection.media").mkdir()
    (profile / "collection.media" / name).write_bytes(b"edited in the media folder")
    before = (profile / "collection.anki2").read_bytes()
    result = cli("--cards", folder / "cards.yaml", *ONLY_MINE, "--into", profile)
    assert (result.exit_code, result.stderr) == (2, (
        f"--into: its media folder holds other content under the name {name} (edited "
        "there?); move that file away, then run again\n"))
    assert (profile / "collection.anki2").read_bytes() == before
    assert (profile / "collection.media" / name).read_bytes() == b"edited in the media folder"
    assert name.replace(".png", "") not in "".join(
        p.name for p in (profile / "collection.media").iterdir() if p.name != name)


def test_the_preview_shows_the_packaged_bytes_not_the_files_beside_it(cli, tmp_path, browser):  # noqa: F811
    folder = card_folder(tmp_path)
    page_file = folder / "preview.html"
    result = cli("--cards", folder / "cards.yaml", *ONLY_MINE, "--preview", page_file)
    assert result.exit_code == 0, result.stderr
    for name in FILES:
        (folder / name).unlink()  # the page must not need them
    html = page_file.read_text(encoding="utf-8")
    sources = re.findall(r'src=\\"([^\\"]*)\\"', html)
    assert sources and all(src.startswith("data:") for src in sources)
    shown = {base64.b64decode(src.partition(",")[2]) for src in sources}
    assert shown == set(FILES.values())
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-mathjax=done]", timeout=120_000)
        drawn = page.locator("#html-image .side img").evaluate_all(
            "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
        assert drawn == [[True, 24], [True, 24], [True, 24], [True, 60]]  # front; back
        players = page.locator("#text-sound .side audio").count()
        assert players == 3  # the back shows the front too
    finally:
        page.close()


# Files that must not reach a deck, made where git cannot keep them.

def refusal(cli, tmp_path, folder: Path, line: int = 5, column: int = 12) -> str:
    output = tmp_path / "deck.apkg"
    output.write_bytes(b"the user's deck")
    result = cli("--cards", folder / "cards.yaml", *ONLY_MINE, "-o", output)
    assert (result.exit_code, result.stdout) == (2, "")
    assert output.read_bytes() == b"the user's deck"
    prefix = f"{folder / 'cards.yaml'}:{line}:{column}: card 'pic': 'front': "
    assert result.stderr.startswith(prefix) and result.stderr.endswith("\n")
    return result.stderr[len(prefix):-1]


def one_image(tmp_path: Path, src: str) -> Path:
    return card_folder(tmp_path, f"""
        cards:
          - id: pic
            format: html
            front: '<img src="{src}">'
            back: b
        """, files={})


def test_a_symlink_out_of_the_folder_is_refused(cli, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(samples.png())
    folder = one_image(tmp_path, "innocent.png")
    (folder / "innocent.png").symlink_to(secret)
    assert refusal(cli, tmp_path, folder) == (
        "'innocent.png' is a symlink to a file outside the card file's folder: a card may "
        "only use files inside it")


def test_a_folder_that_is_a_symlink_out_is_refused(cli, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.png").write_bytes(samples.png())
    folder = one_image(tmp_path, "img/a.png")
    (folder / "img").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert refusal(cli, tmp_path, folder).startswith("'img/a.png' is a symlink to a file "
                                                     "outside")


def test_a_symlink_inside_the_folder_is_the_file_it_names(cli, tmp_path):
    folder = one_image(tmp_path, "alias.png")
    (folder / "real.png").write_bytes(samples.png(seed=3))
    (folder / "alias.png").symlink_to("real.png")
    build_apkg(cli, folder, tmp_path / "deck.apkg")
    assert list(packaged(tmp_path / "deck.apkg").values()) == [samples.png(seed=3)]


def test_a_fifo_is_refused_without_waiting_for_it(cli, tmp_path):
    folder = one_image(tmp_path, "pipe.png")
    os.mkfifo(folder / "pipe.png")
    assert refusal(cli, tmp_path, folder) == "'pipe.png' is a FIFO (a pipe), not a file"


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device needs root")
def test_a_device_is_refused(cli, tmp_path):
    folder = one_image(tmp_path, "zero.png")
    os.mknod(folder / "zero.png", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    assert refusal(cli, tmp_path, folder) == "'zero.png' is a device, not a file"


def test_a_file_over_the_size_limit_is_refused_unread(cli, tmp_path):
    folder = one_image(tmp_path, "huge.png")
    with open(folder / "huge.png", "wb") as huge:
        huge.write(samples.png())
        huge.truncate(40_000_000_000)  # sparse: 40 GB that would take minutes to read
    assert refusal(cli, tmp_path, folder) == (
        "'huge.png' is larger than 5 MB, the most a card's file may be")


def test_a_deck_over_the_total_limit_names_the_file_that_passes_it(cli, tmp_path):
    """Twenty files of 4.9 MB are a deck of 98 MB; the twenty-first passes 100 MB."""
    cards = "cards:\n" + "".join(
        f"  - id: pic-{k}\n    tags: [mine]\n    format: html\n"
        f"    front: '<img src=\"{k}.png\">'\n    back: b\n" for k in range(21))
    folder = card_folder(tmp_path, "", files={})
    (folder / "cards.yaml").write_text(cards, encoding="utf-8")
    for k in range(21):
        with open(folder / f"{k}.png", "wb") as big:
            big.write(samples.png(seed=k))
            big.truncate(4_900_000)
    output = tmp_path / "deck.apkg"
    result = cli("--cards", folder / "cards.yaml", *ONLY_MINE, "-o", output)
    assert (result.exit_code, result.stderr) == (2, (
        f"{folder / 'cards.yaml'}:{5 * 20 + 5}:12: with '20.png' the deck's files come to "
        "more than 100 MB, the most a deck may hold (it must still import and sync in "
        "reasonable time)\n"))
    assert not output.exists()


def test_a_file_changed_after_it_was_checked_is_not_packaged(tmp_path):
    """Between the check and the package the file is replaced: the deck would show other
    bytes than those checked, so nothing is written."""
    from backprop_deck.core.errors import DeckError
    from backprop_deck.deck.build import Options, build
    from backprop_deck.deck.writing import write

    folder = one_image(tmp_path, "a.png")
    (folder / "a.png").write_bytes(samples.png(seed=1))
    deck = build(Options(card_files=[folder / "cards.yaml"], practice=False,
                         derivatives=False, include_tags=frozenset({"mine"})))
    (folder / "a.png").write_bytes(samples.png(seed=2))
    with pytest.raises(DeckError) as refused:
        write(deck, apkg=tmp_path / "deck.apkg")
    assert str(refused.value) == (f"{folder / 'cards.yaml'}:5:12: 'a.png' changed while the "
                                  "deck was being built; build it again")
    assert not (tmp_path / "deck.apkg").exists()


def test_a_folder_swapped_for_a_symlink_after_the_check_is_not_followed(tmp_path):
    """The package reads the path checked one folder at a time, following no symlink:
    a folder replaced by a symlink out of the card file's folder is refused, even
    where the file there has the very bytes checked."""
    from backprop_deck.core.errors import DeckError
    from backprop_deck.deck import media

    folder = tmp_path / "cards"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "a.png").write_bytes(samples.png())
    checked = media.checked(folder, "img/a.png", sound=False)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "a.png").write_bytes(samples.png())
    (folder / "img" / "a.png").unlink()
    (folder / "img").rmdir()
    (folder / "img").symlink_to(tmp_path / "outside", target_is_directory=True)
    with pytest.raises(DeckError, match=re.escape("'img/a.png' is a symlink to a file out")):
        media.content(checked)


def test_packaging_holds_one_file_at_a_time(tmp_path):
    """Twenty files of 1 MB: the package is written holding at most about one chunk of
    one of them (tracemalloc counts every Python allocation), not all twenty."""
    import tracemalloc

    from backprop_deck.deck.anki_package import write_package
    from backprop_deck.deck.build import Options, build

    def peak(files: int) -> int:
        folder = card_folder(tmp_path / str(files), "cards: []", files={})
        (folder / "cards.yaml").write_text("cards:\n" + "".join(
            f"  - {{id: pic-{k}, tags: [mine], format: html, front: '<img src=\"{k}.png\">', "
            f"back: b}}\n" for k in range(20)), encoding="utf-8")
        for k in range(20):
            data = samples.png(seed=k, noise=True) if k < files else samples.png(seed=k)
            (folder / f"{k}.png").write_bytes(data.ljust(1_000_000, b"\0") if k < files
                                              else data)
        deck = build(Options(card_files=[folder / "cards.yaml"], practice=False,
                             derivatives=False, include_tags=frozenset({"mine"})))
        tracemalloc.start()
        try:
            with open(tmp_path / f"{files}.apkg", "wb") as out:
                write_package(deck.cards, deck.name, out, tmp_path, timestamp=1)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(0), peak(20)
    assert large - small < 500_000, (small, large)
