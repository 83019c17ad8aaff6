"""Shortening text for display: the one text rule the models need themselves."""


def shorten(text: str, limit: int) -> str:
    """`text`, cut at the last whole word before `limit` characters and marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
