"""Build hook: the wheel carries the design card's top-level folders inside the package.

The source keeps `templates/`, `static/`, `migrations/` and `seeds/` at the top, as the design
card lays them out; building a wheel copies them into `pop/` and compiles the translations, so
the installed package finds everything through importlib.resources (see pop/resources.py).
Editable installs skip the copy: there the package finds the folders beside it.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent
RESOURCES = ("templates", "static", "migrations", "seeds")


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "pop"
        for name in RESOURCES:
            shutil.copytree(
                SOURCE / name,
                package / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite*"),
            )
        self._compile_translations(package / "translations")

    @staticmethod
    def _compile_translations(folder: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_file in folder.glob("*/LC_MESSAGES/messages.po"):
            with po_file.open("rb") as source:
                catalog = read_po(source)
            with po_file.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalog, use_fuzzy=True)


setup(cmdclass={"build_py": BuildWithResources})
