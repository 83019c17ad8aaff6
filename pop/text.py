"""Small text helpers shared by the areas: shortening (the models' own rule) and goal titles."""

from pop.models._text import shorten

__all__ = ["shorten", "title_from"]


def title_from(text: str, limit: int = 300) -> str:
    """A title for a goal made from longer text: its first sentence, when that says enough."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    first_sentence = first_line.split(". ")[0].rstrip(".")
    return shorten(first_sentence if len(first_sentence) >= 10 else first_line, limit)
