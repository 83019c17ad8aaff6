"""Small text helpers shared by every layer (imports nothing of the app)."""


def shorten(text: str, limit: int) -> str:
    """`text`, cut at the last whole word before `limit` characters and marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def title_from(text: str, limit: int = 300) -> str:
    """A title for a goal made from longer text: its first sentence, when that says enough."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    first_sentence = first_line.split(". ")[0].rstrip(".")
    return shorten(first_sentence if len(first_sentence) >= 10 else first_line, limit)
