"""A document's raw text as classified lines: headers, bullets, text and competency names."""

import hashlib
import re
from dataclasses import dataclass, replace

from .messages import EMPTY_DOCUMENT, NO_SECTIONS, NOT_UTF8, ParseError

HEADERS = {
    "functiebeschrijving": "Functiebeschrijving",
    "functiefamilie": "Functiefamilie",
    "doel": "Doel",
    "resultaatgebieden": "Resultaatgebieden",
    "kernactiviteit": "Kernactiviteit",
    "kader": "Kader",
    "resultaat": "Resultaat",
    "activiteit": "Activiteit",
    "activiteiten": "Activiteit",
    "competenties": "Competenties",
    "omschrijving": "Omschrijving",
    "gedragsindicatoren": "Gedragsindicatoren",
    "toetsvragen": "Toetsvragen",
    "ontwikkeltips": "Ontwikkeltips",
    "niveaus": "Niveaus",
    "niveauschaal": "NiveauSchaal",
    "niveau schaal": "NiveauSchaal",
}

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# `•` and `·` are never text, so they may be glued to the item; `-`, `*` and `–` only count
# as bullets when followed by a blank, or "-eisen" and "–2" would be read as list items.
_BULLET = re.compile(r"\s*(?:[•·]|[-*–](?=\s|$))(.*)")

BLANK, HEADER, BULLET_ITEM, TEXT, NAME = "blank", "header", "bullet", "text", "name"


@dataclass(frozen=True)
class Line:
    number: int
    kind: str
    text: str  # canonical header name for headers, cleaned text otherwise


def content_hash(source: bytes) -> str:
    """Return the SHA-256 of the raw document bytes as hex, to recognise a re-import."""
    return hashlib.sha256(source).hexdigest()


def decode_utf8(source: bytes, filename: str) -> str:
    """Decode UTF-8 bytes (a leading BOM is dropped) or refuse them naming the bad byte's line."""
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = source[: error.start].decode("utf-8-sig")
        line = len(LINE_BREAK.split(before))
        raise ParseError(filename, line, NOT_UTF8, byte=f"0x{source[error.start]:02X}") from None


def classified_lines(text: str, filename: str) -> list[Line]:
    """Every line of `text` classified; refuses a document without content or headers."""
    lines = [_classify(number, line) for number, line in enumerate(LINE_BREAK.split(text), 1)]
    lines = _mark_competency_names(lines)
    _refuse_unless_sections(lines, filename)
    return lines


def clean(text: str) -> str:
    """Repair lost line breaks (`~~`) and collapse every run of whitespace to one space.

    `str.split()` counts tabs and the non-breaking spaces U+00A0 and U+202F as whitespace too.
    """
    return " ".join(text.replace("~~", " ").split())


def _classify(number: int, line: str) -> Line:
    cleaned = clean(line)
    if not cleaned:
        return Line(number, BLANK, "")
    header = HEADERS.get(cleaned.casefold())
    if header is not None:
        return Line(number, HEADER, header)
    bullet = _BULLET.fullmatch(line)
    if bullet is not None:
        return Line(number, BULLET_ITEM, clean(bullet.group(1)))
    return Line(number, TEXT, cleaned)


def _mark_competency_names(lines: list[Line]) -> list[Line]:
    """Mark the text line just before each `Omschrijving` (after `Competenties`) as its name."""
    marked = list(lines)
    competencies_at: int | None = None
    previous: int | None = None
    for index, line in enumerate(lines):
        if line.kind == HEADER and line.text == "Competenties" and competencies_at is None:
            competencies_at = index
        if _is_named_description(line, lines, previous, competencies_at):
            marked[previous] = replace(lines[previous], kind=NAME)
        if line.kind != BLANK:
            previous = index
    return marked


def _is_named_description(
    line: Line, lines: list[Line], previous: int | None, competencies_at: int | None
) -> bool:
    return (
        line.kind == HEADER
        and line.text == "Omschrijving"
        and previous is not None
        and competencies_at is not None
        and previous > competencies_at
        and lines[previous].kind == TEXT
    )


def _refuse_unless_sections(lines: list[Line], filename: str) -> None:
    content = [line for line in lines if line.kind != BLANK]
    if not content:
        raise ParseError(filename, 1, EMPTY_DOCUMENT)
    if not any(line.kind == HEADER for line in content):
        raise ParseError(filename, content[0].number, NO_SECTIONS)
