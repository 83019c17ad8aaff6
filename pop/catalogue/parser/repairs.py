"""Repairs of what flattening a published page does to a line: glued kader items, glued levels.

Each repair returns what it read and the warnings that say what it did, so that HR can check
every guess; a row that cannot be read raises `Refusal`.
"""

from dataclasses import dataclass

from .document import LevelData
from .messages import (
    KADER_SPLIT,
    LEVEL_ROW_GLUED,
    LEVEL_ROW_GLUED_SCALE,
    LEVEL_ROW_INVALID_SCALE,
    LEVEL_ROW_READ_AS_SCALE,
    LEVEL_ROW_WITHOUT_NUMBER,
)

_DIGITS = "0123456789"
_HIGHEST_SCALE = 18
_SCALES = tuple(str(scale) for scale in range(_HIGHEST_SCALE, 0, -1))
# A row such as "Schaal8" names no level: the word only says that a scale follows.
_SCALE_WORDS = {"schaal"}
# A separator left between a glued level name and its scale, as in "A-10" or "Niveau A:10".
_SEPARATORS = "-–:/"

Warning = tuple[str, dict[str, object]]


@dataclass
class Refusal(Exception):
    """A line that cannot be read: the template and parameters of the reason."""

    template: str
    params: dict[str, object]


def split_glued_kader(text: str) -> tuple[list[str], list[Warning]]:
    """Split kader items glued where a line break was lost: "dienstWensen" -> "dienst", "Wensen".

    Only a capital glued to a lowercase word of two letters or more, or to a closing
    parenthesis, counts as a seam: "dienstWensen", "afdeling(en)Wensen", "dienstICT-beleid".
    Acronyms and names with inner capitals (RvIG, DigiD, eHerkenning, iBabs, MijnOverheid,
    ICT-beleid) have no such seam and stay whole.
    """
    parts: list[str] = []
    start = 0
    for index in range(1, len(text) - 1):
        if _is_seam(text, index):
            parts.append(text[start:index])
            start = index
    parts.append(text[start:])
    parts = [part.strip() for part in parts if part.strip()]
    if len(parts) < 2:
        return parts, []
    quoted = ", ".join(f"'{part}'" for part in parts)
    return parts, [(KADER_SPLIT, {"text": text, "count": len(parts), "parts": quoted})]


def _is_seam(text: str, index: int) -> bool:
    """Whether a new item starts at `index`: a capitalised word glued to the end of another."""
    if not (text[index].isupper() and text[index + 1].isalpha()):
        return False
    if text[index - 1] == ")":
        return True
    word_start = index
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:index]
    return len(word) >= 2 and word.islower()


def read_level_row(row: str) -> tuple[LevelData, list[Warning]]:
    """Read one row of the levels table: a level name and a scale, or a scale alone.

    Raises Refusal when the row has no scale number or starts with no scale.
    """
    name = row.rstrip(_DIGITS)
    number = row[len(name) :]
    if not number:
        raise Refusal(LEVEL_ROW_WITHOUT_NUMBER, {"row": row})
    if not name:
        return _bare_number(row)
    if name.endswith(" "):
        return LevelData(name.strip(), number), []
    return _glued_level(row, name, number)


def _bare_number(row: str) -> tuple[LevelData, list[Warning]]:
    scale, warnings = _scale_of(row, row)
    return LevelData("", scale), warnings


def _glued_level(row: str, name: str, number: str) -> tuple[LevelData, list[Warning]]:
    """A level name glued to its scale, as a flattened table gives "A10" or "Medewerker8"."""
    name = name.rstrip(_SEPARATORS).strip()
    if not name:
        raise Refusal(LEVEL_ROW_WITHOUT_NUMBER, {"row": row})
    scale, warnings = _scale_of(row, number)
    if name.casefold() in _SCALE_WORDS:
        return LevelData("", scale), [
            (LEVEL_ROW_GLUED_SCALE, {"row": row, "scale": scale}),
            *warnings,
        ]
    return LevelData(name, scale), [
        (LEVEL_ROW_GLUED, {"row": row, "name": name, "scale": scale}),
        *warnings,
    ]


def _scale_of(row: str, number: str) -> tuple[str, list[Warning]]:
    # Flattening the published HTML table glues its next column, "aantal medewerkers"
    # (head count), onto the scale: the seed's "110" is scale 11 with 0 employees. Dutch
    # salary scales run from 1 to 18, so a number above 18 can only be such a pair; the
    # longest prefix that is a scale is the scale, and the rest is reported, not kept.
    significant = number.lstrip("0")
    if len(significant) <= 2 and int(significant or "0") <= _HIGHEST_SCALE:
        return number, []
    scale = next((scale for scale in _SCALES if number.startswith(scale)), None)
    if scale is None:
        raise Refusal(LEVEL_ROW_INVALID_SCALE, {"row": row})
    rest = number[len(scale) :]
    return scale, [(LEVEL_ROW_READ_AS_SCALE, {"row": row, "scale": scale, "rest": rest})]
