"""Every user-facing string has an English translation (Dutch is the source language)."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "pop" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_extracted_message_is_translated_to_english(tmp_path):
    template = tmp_path / "messages.pot"
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
        wanted = {(message.id, message.context) for message in read_po(handle) if message.id}
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (message.id, message.context)
        for message in catalogue
        if message.id and message.string and not message.fuzzy
    }
    missing = sorted(str(message_id) for message_id, _context in wanted - translated)
    assert not missing, f"{len(missing)} untranslated, run `make extract-messages`: {missing[:10]}"


def test_placeholders_survive_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id or not isinstance(message.id, str):
            continue
        for placeholder in ("%(", "%%"):
            assert message.id.count(placeholder) == message.string.count(placeholder), message.id
