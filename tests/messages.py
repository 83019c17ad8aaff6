"""The interface's messages as the translation tools see them: extracted from the source (once
per test run) and as the English catalogue holds them."""

import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "pop" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


@cache
def extracted_messages() -> tuple:
    """Every message `make extract-messages` would find, read from a fresh extraction."""
    with tempfile.TemporaryDirectory() as directory:
        template = Path(directory) / "messages.pot"
        subprocess.run(
            [
                str(Path(sys.executable).with_name("pybabel")),
                "-q",
                "extract",
                "-F",
                "babel.cfg",
                "-k",
                "_l",
                "-k",
                "N_",
                "-o",
                str(template),
                ".",
            ],
            cwd=ROOT,
            check=True,
        )
        with template.open("rb") as handle:
            return tuple(read_po(handle))


def english_catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)
