"""Only for what pyproject.toml cannot say: ship the top-level cards.yaml in the package."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """cards.yaml lives at the top of the repository (users edit it there); installed,
    it is deck/cards.yaml, where deck.build looks first."""

    def run(self):
        super().run()
        self.copy_file("cards.yaml", str(Path(self.build_lib) / "deck" / "cards.yaml"))


setup(cmdclass={"build_py": BuildPy})
