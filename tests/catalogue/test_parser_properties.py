"""Parser properties: render and parse agree; no input fails with anything but ParseError."""

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from pop.catalogue.parser import (
    CompetencyData,
    FunctionDescription,
    LevelData,
    ParseError,
    ParseResult,
    ResultAreaData,
    parse,
    render,
)

FAST = settings(max_examples=200, deadline=None)

HEADER_WORDS = {
    "functiebeschrijving",
    "functiefamilie",
    "doel",
    "resultaatgebieden",
    "kernactiviteit",
    "kader",
    "resultaat",
    "activiteit",
    "activiteiten",
    "competenties",
    "omschrijving",
    "gedragsindicatoren",
    "toetsvragen",
    "ontwikkeltips",
    "niveaus",
    "niveauschaal",
    "niveau schaal",
}
NAVIGATION_LABEL = "functies per functiefamilie, met aantal medewerkers"
PUNCTUATION = ".,()/-'?"
LOOKS_LIKE_BULLET = re.compile(r"[-*–•·](\s|$)")


def is_plain_line(text: str) -> bool:
    """A line the format reads as text: no header, no bullet, no navigation label."""
    folded = text.casefold()
    return (
        folded not in HEADER_WORDS
        and folded != NAVIGATION_LABEL
        and LOOKS_LIKE_BULLET.match(text) is None
    )


def phrases(alphabet: str) -> st.SearchStrategy[str]:
    """Canonical text: words of `alphabet` separated by single spaces."""
    words = st.text(alphabet=alphabet, min_size=1, max_size=8)
    return st.lists(words, min_size=1, max_size=5).map(" ".join).filter(is_plain_line)


text = phrases(string.ascii_letters + string.digits + PUNCTUATION)
optional_text = st.just("") | text
# A kader line is split where a lowercase letter or ")" meets a capital, so generated kader
# items only have a capital as their first character.
frameworks = st.builds(
    lambda phrase, capital: phrase[0].upper() + phrase[1:] if capital else phrase,
    phrases(string.ascii_lowercase + string.digits + PUNCTUATION),
    st.booleans(),
)


def unique_lists(elements: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(elements, max_size=4, unique=True)


result_areas = st.builds(
    ResultAreaData,
    core_activity=optional_text,
    frameworks=unique_lists(frameworks),
    result=optional_text,
    activities=unique_lists(text),
)
competencies = st.builds(
    CompetencyData,
    name=st.none() | text,
    description=optional_text,
    indicators=unique_lists(text),
    questions=unique_lists(text),
    tips=unique_lists(text),
)
levels = st.builds(LevelData, name=st.just("") | text, scale=st.integers(1, 18).map(str))
descriptions = st.builds(
    FunctionDescription,
    title=st.none() | text,
    family=st.none() | text,
    purpose=optional_text,
    result_areas=st.lists(result_areas, max_size=3),
    competencies=st.lists(competencies, max_size=3),
    levels=st.lists(levels, max_size=3),
)

# Lines that drive the parser through all its sections, for inputs more often near-valid.
document_lines = st.sampled_from(
    [
        "Functiebeschrijving",
        "Functiefamilie",
        "Doel",
        "Resultaatgebieden",
        "Kernactiviteit",
        "Kader",
        "Resultaat",
        "Activiteit",
        "Competenties",
        "Omschrijving",
        "Gedragsindicatoren",
        "Toetsvragen",
        "Ontwikkeltips",
        "Niveaus",
        "NiveauSchaal",
        "",
        "  • een item",
        "- nog een item",
        "Tekst~~met een breuk",
        "dienstWensen",
        "110",
        "A\t8",
        "0",
        "Functies per Functiefamilie, met aantal medewerkers",
    ]
)


@FAST
@given(descriptions)
def test_render_then_parse_gives_the_same_description(description):
    assert parse(render(description)).description == description


@FAST
@given(descriptions)
def test_rendered_descriptions_parse_from_windows_bytes(description):
    source = render(description).replace("\n", "\r\n").encode("utf-8")
    assert parse(source).description == description


def parses_or_refuses(source: str | bytes) -> None:
    outcome = read_or_refusal(source)
    if isinstance(outcome, ParseError):
        assert str(outcome).startswith("willekeurig.txt")
    else:
        assert isinstance(outcome, ParseResult)
        assert all(str(warning) for warning in outcome.warnings)


def read_or_refusal(source: str | bytes) -> ParseResult | ParseError:
    """The result of parsing; a ParseError is returned, anything else escapes and fails."""
    try:
        return parse(source, "willekeurig.txt")
    except ParseError as error:
        return error


@FAST
@given(st.text())
def test_any_text_is_read_or_refused_with_a_parse_error(source):
    parses_or_refuses(source)


@FAST
@given(st.binary())
def test_any_bytes_are_read_or_refused_with_a_parse_error(source):
    parses_or_refuses(source)


@FAST
@given(st.lists(document_lines | st.text(max_size=12), max_size=40), st.sampled_from("\n\r"))
def test_any_mix_of_document_lines_is_read_or_refused(lines, line_break):
    parses_or_refuses(line_break.join(lines))


@FAST
@given(st.lists(document_lines | st.text(max_size=12), max_size=40))
def test_whatever_was_read_survives_render_and_parse(lines):
    outcome = read_or_refusal("\n".join(lines))
    if isinstance(outcome, ParseResult):
        assert parse(render(outcome.description)).description == outcome.description
