"""`row_url`: `url_for` for the links of a long table, built once per request and filled in.

A team of forty has a link to each person and to each of their conversations; `url_for` runs
Werkzeug's URL builder each time (40–140 µs a link). `row_url` builds an endpoint's URL once per
request with stand-in numbers for the values, then puts each row's values in their place. Only
values whose text URL-building leaves as it is (whole numbers, plain words of letters, digits,
`-` and `_`) are put in, and a value of None is left out, as `url_for` leaves it out; any other
value, and any URL the stand-ins cannot be found in exactly once, goes through `url_for` itself,
so the URL is always the one `url_for` gives.
"""

import re
from collections.abc import Callable

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


def _parts(endpoint: str, names: tuple[str, ...]) -> list[str] | None:
    """`_pattern`, once per request for each endpoint and names."""
    patterns = g.setdefault("row_url_patterns", {})
    key = (endpoint, *names)
    if key not in patterns:
        patterns[key] = _pattern(endpoint, names)
    return patterns[key]


def _filled(parts: list[str], texts: list[str]) -> str:
    filled = parts[0]
    for text, part in zip(texts, parts[1:], strict=True):
        filled += text + part
    return filled


def row_url(endpoint: str, **values: object) -> str:
    """The same as `url_for(endpoint, **values)`, faster when asked for many rows."""
    values = {name: value for name, value in values.items() if value is not None}  # as url_for
    texts = [_plain(value) for value in values.values()]
    parts = None if None in texts else _parts(endpoint, tuple(values))
    if parts is None:
        return url_for(endpoint, **values)
    return _filled(parts, texts)


def row_url_maker(endpoint: str, *names: str) -> Callable[..., str]:
    """`row_url` for one endpoint, its pattern looked up once for a table: `make(*values)` is
    `url_for(endpoint, **dict(zip(names, values)))`."""
    parts = _parts(endpoint, names)

    def make(*values: object) -> str:
        # A whole number (an id, most often) is its own text; `_plain` says for the rest.
        texts = [str(value) if type(value) is int else _plain(value) for value in values]
        if parts is None or None in texts:
            return url_for(endpoint, **dict(zip(names, values, strict=True)))
        return _filled(parts, texts)

    return make


def init_app(app: Flask) -> None:
    app.add_template_global(row_url, "row_url")
