"""What pyproject.toml cannot say: the one import name, backprop_deck, over the folders the
project keeps at the top of the repository.

In a checkout, core/, deck/ and generators/ sit beside backprop_deck/ (its __init__
adds the repository to its path); installed, they go inside it, with build_deck.py
(the command) and cards.yaml (the built-in cards), so that an install adds one name
to site-packages and none that other distributions use (PyPI has "deck" and
"generators").
"""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

LIBRARY = ("core", "deck", "generators")


class BuildPy(build_py):
    """build_deck.py and cards.yaml live at the top of the repository, where users run
    and edit them; installed, they are backprop_deck/build_deck.py and
    backprop_deck/deck/cards.yaml, where the command and the library look for them."""

    def run(self):
        super().run()
        package = Path(self.build_lib) / "backprop_deck"
        self.copy_file("build_deck.py", str(package / "build_deck.py"))
        self.copy_file("cards.yaml", str(package / "deck" / "cards.yaml"))


setup(
    packages=["backprop_deck", *(f"backprop_deck.{name}" for name in find_packages(
        include=[f"{top}{rest}" for top in LIBRARY for rest in ("", ".*")]))],
    package_dir={"backprop_deck": "backprop_deck",
                 **{f"backprop_deck.{top}": top for top in LIBRARY}},
    cmdclass={"build_py": BuildPy},
)
