"""Small text helpers shared by the areas: shortening (the models' own rule), goal titles and
the test for control characters in single-line values."""

import re

from pop.models._text import shorten

__all__ = ["has_control_characters", "shorten", "title_from"]

# Line breaks, tabs, escapes, NUL and the like (Unicode category Cc: U+0000-001F and
# U+007F-009F, all of it), and Unicode's line and paragraph separators (Zl, Zp: one each).
_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a character no single-line value (a name, an address) may hold.

    A name with a line break in it breaks mail headers, CSV exports and log lines.
    """
    return _CONTROL_CHARACTER.search(text) is not None


def title_from(text: str, limit: int = 300) -> str:
    """A title for a goal made from longer text: its first sentence, when that says enough."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    first_sentence = first_line.split(". ")[0].rstrip(".")
    return shorten(first_sentence if len(first_sentence) >= 10 else first_line, limit)
