"""The Dutch interface addresses the reader with je, as the catalogue does: never with u or uw."""

import re

import pytest

from tests.messages import ROOT, english_catalogue, extracted_messages

# The polite pronouns as whole words: u, uw, uwe, uzelf (U, Uw at the start of a sentence too).
# "U+00A0" (a code point written in a message) is not the pronoun, hence the "+" in the guard.
POLITE = re.compile(r"(?<![\w+\-])(u|uw|uwe|uzelf|uzelve)(?![\w+\-])", re.IGNORECASE)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
MARKUP = re.compile(r"<[^>]*>")


def polite_words(text: str) -> list[str]:
    return POLITE.findall(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("U heeft het doel afgesproken.", ["U"]),
        ("Vul uw wachtwoord in.", ["uw"]),
        ("Wat heeft u geleerd?", ["u"]),
        ("U kunt uzelf niet deactiveren.", ["U", "uzelf"]),
        ("Je hebt het doel afgesproken.", []),
        ("Jouw niveau, je team, jezelf.", []),
        ("Spaties zoals U+00A0 tellen mee.", []),
        ("Het uur en de uw-kolom", []),
    ],
)
def test_the_check_finds_the_polite_forms_and_nothing_else(text, found):
    assert polite_words(text) == found


def _ids(message) -> list[str]:
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    return [text for text in ids if text]


def test_no_message_of_the_source_says_u():
    messages = extracted_messages()
    assert len(messages) > 500  # the extraction found the interface, not nothing
    polite = [text for message in messages for text in _ids(message) if polite_words(text)]
    assert not polite, f"{len(polite)} messages address the reader with u: {polite[:10]}"


def test_no_msgid_of_the_english_catalogue_says_u():
    polite = [
        text for message in english_catalogue() for text in _ids(message) if polite_words(text)
    ]
    assert not polite, f"{len(polite)} msgids address the reader with u: {polite[:10]}"


def test_no_template_text_outside_gettext_says_u():
    templates = sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    )
    assert templates
    found = []
    for path in templates:
        text = MARKUP.sub(" ", JINJA.sub(" ", path.read_text(encoding="utf-8")))
        found += [f"{path.relative_to(ROOT)}: {word}" for word in polite_words(text)]
    assert not found, found
