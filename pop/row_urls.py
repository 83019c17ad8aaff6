"""`row_url`: `url_for` for the links of a long table, built once per request and filled in.

A team of forty has a link to each person and to each of their conversations; `url_for` runs
Werkzeug's URL builder each time (40–140 µs a link). `row_url` builds an endpoint's URL once per
request with stand-in numbers for the values, then puts each row's values in their place. Only
values whose text URL-building leaves as it is (whole numbers, plain words of letters, digits,
`-` and `_`) are put in; any other value, and any URL the stand-ins cannot be found in exactly
once, goes through `url_for` itself, so the URL is always the one `url_for` gives.
"""

import re

from flask import Flask, g, url_for
from werkzeug.routing import BuildError

_PLAIN = re.compile(r"[A-Za-z0-9_-]+")
_FIRST_STAND_IN = 987_654_301  # numbers no URL of POP holds otherwise


def _plain(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _PLAIN.fullmatch(value):
        return value
    return None


def _pattern(endpoint: str, names: tuple[str, ...]) -> list[str] | None:
    """The URL of `endpoint` split around the places of `names`' values, or None."""
    if any(name.startswith("_") for name in names):  # url_for's own: _external, _anchor, ...
        return None
    stand_ins = [str(_FIRST_STAND_IN + index) for index in range(len(names))]
    try:
        built = url_for(
            endpoint, **{name: int(s) for name, s in zip(names, stand_ins, strict=True)}
        )
    except BuildError:
        return None
    parts, rest = [], built
    for stand_in in stand_ins:
        if built.count(stand_in) != 1:
            return None
        before, _found, rest = rest.partition(stand_in)
        parts.append(before)
    parts.append(rest)
    return parts


def row_url(endpoint: str, **values: object) -> str:
    """The same as `url_for(endpoint, **values)`, faster when asked for many rows."""
    texts = [_plain(value) for value in values.values()]
    if None in texts:
        return url_for(endpoint, **values)
    patterns = g.setdefault("row_url_patterns", {})
    key = (endpoint, *values)
    if key not in patterns:
        patterns[key] = _pattern(endpoint, tuple(values))
    parts = patterns[key]
    if parts is None:
        return url_for(endpoint, **values)
    filled = [parts[0]]
    for text, part in zip(texts, parts[1:], strict=True):
        filled += (text, part)
    return "".join(filled)


def init_app(app: Flask) -> None:
    app.add_template_global(row_url, "row_url")
