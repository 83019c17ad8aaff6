"""Read a page as HTML: find elements with CSS selectors instead of substrings of the markup.

`page(response)` parses once; `select`, `one` and `text` keep the tests short.
"""

import re

from bs4 import BeautifulSoup, Tag


def page(response_or_markup) -> BeautifulSoup:
    """A response (or its text) parsed with the standard library's HTML parser."""
    markup = getattr(response_or_markup, "text", response_or_markup)
    return BeautifulSoup(markup, "html.parser")


def select(node: BeautifulSoup | Tag, css: str) -> list[Tag]:
    return node.select(css)


def one(node: BeautifulSoup | Tag, css: str) -> Tag:
    """The one element matching `css`; fails the test when there are none or several."""
    found = node.select(css)
    assert len(found) == 1, f"{len(found)} elements match {css!r}"
    return found[0]


def text(node: BeautifulSoup | Tag) -> str:
    """The element's text as a reader sees it: whitespace runs become one space."""
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def texts(node: BeautifulSoup | Tag, css: str) -> list[str]:
    """The text of every element matching `css`, in document order."""
    return [text(found) for found in node.select(css)]
