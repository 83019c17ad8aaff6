"""Numbers from URLs and query strings, limited to what the database can hold.

A path such as /pop/doelen/99999999999999999999 or ?page=1e30 names nothing that can exist:
it is answered 404 (path) or read as absent (query string), never passed to the database,
where it would overflow a 64-bit integer.
"""

from werkzeug.routing import IntegerConverter

MAX_DATABASE_INT = 2**63 - 1


class DatabaseIntConverter(IntegerConverter):
    """`<int:...>` that refuses numbers beyond a signed 64-bit integer: the route does not match."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(
            url_map, fixed_digits, min, MAX_DATABASE_INT if max is None else max, signed
        )


def database_int(value: str) -> int:
    """`type=` for `request.args.get`: a whole number the database can hold, else ValueError."""
    text = value.strip()
    number = int(text)
    if not -MAX_DATABASE_INT <= number <= MAX_DATABASE_INT:
        raise ValueError(f"{text!r} is out of range")
    return number
