"""Read the optional TOML file beside a function description and fill in what the document lacks."""

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from pop.catalogue.parser import (
    MISSING_COMPETENCY_NAME,
    MISSING_FAMILY,
    MISSING_TITLE,
    N_,
    NAVIGATION_LABEL_AS_FAMILY,
    CompetencyData,
    Message,
    ParseError,
    ParseResult,
    decode_utf8,
)

INVALID_TOML = N_(
    "het bijbestand is geen geldige TOML (%(reason)s); verwacht werden regels als "
    'title = "Accountmanager"'
)
UNKNOWN_KEY = N_(
    "onbekende sleutel '%(key)s' in het bijbestand; verwacht werden 'title', 'family' en "
    "de tabel [competencies]"
)
NOT_TEXT = N_(
    "'%(key)s' in het bijbestand is %(found)s; verwacht werd een niet-lege tekst tussen "
    "aanhalingstekens"
)
COMPETENCIES_NOT_TABLE = N_(
    "'competencies' in het bijbestand is %(found)s; verwacht werd een tabel [competencies] "
    "met posities als sleutels"
)
INVALID_POSITION = N_(
    "ongeldige positie '%(key)s' onder [competencies]; verwacht werd een positief geheel "
    "getal zoals 1, 2 of 3"
)
POSITION_OUT_OF_RANGE = N_(
    "positie %(position)s onder [competencies] bestaat niet; het document heeft "
    "%(count)s competenties"
)
TITLE_IGNORED = N_(
    "titel '%(ignored)s' uit het bijbestand genegeerd; het document heeft de titel '%(kept)s'"
)
FAMILY_IGNORED = N_(
    "functiefamilie '%(ignored)s' uit het bijbestand genegeerd; het document noemt "
    "functiefamilie '%(kept)s'"
)
NAME_IGNORED = N_(
    "naam '%(ignored)s' voor competentie %(position)s uit het bijbestand genegeerd; het "
    "document noemt haar '%(kept)s'"
)

_KEYS = ("title", "family", "competencies")
_POSITION = re.compile(r"[1-9][0-9]*")
_TOML_ERROR_LINE = re.compile(r"at line (\d+)")


@dataclass
class Sidecar:
    """What HR added beside a document: a title, a family and names by competency position."""

    title: str | None
    family: str | None
    competency_names: dict[int, str] = field(default_factory=dict)
    filename: str = "<bijbestand>"


def sidecar_path(document_path: Path) -> Path:
    """The sidecar of `document_path`: the same name with the suffix `.toml`."""
    return document_path.with_suffix(".toml")


def load_sidecar(path: Path) -> Sidecar | None:
    """Read a sidecar; None when there is none, ParseError naming the file when it is invalid."""
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        return None
    text = decode_utf8(source, path.name)
    data = _toml(text, path.name)
    return _Validator(path.name, text).sidecar(data)


def apply_sidecar(result: ParseResult, sidecar: Sidecar | None) -> ParseResult:
    """Fill in only what the document lacks and drop the warnings that this answers.

    Raises ParseError when the sidecar names a competency position the document does not have.
    """
    if sidecar is None:
        return result
    description = result.description
    _check_positions(sidecar, len(description.competencies))
    filler = _Filler()
    title = filler.fill(description.title, sidecar.title, TITLE_IGNORED, {MISSING_TITLE})
    family = filler.fill(
        description.family,
        sidecar.family,
        FAMILY_IGNORED,
        {MISSING_FAMILY, NAVIGATION_LABEL_AS_FAMILY},
    )
    competencies = [
        filler.name(position, competency, sidecar.competency_names.get(position))
        for position, competency in enumerate(description.competencies, 1)
    ]
    return ParseResult(
        replace(description, title=title, family=family, competencies=competencies),
        filler.remaining(result.warnings),
    )


def _toml(text: str, filename: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_ERROR_LINE.search(str(error))
        line = int(found.group(1)) if found else None
        raise ParseError(filename, line, INVALID_TOML, reason=str(error)) from None


class _Validator:
    """Checks the keys and types of a parsed sidecar, naming the offending line where it can."""

    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.lines = text.splitlines()

    def sidecar(self, data: dict) -> Sidecar:
        for key in data:
            if key not in _KEYS:
                self._refuse(key, UNKNOWN_KEY, key=key)
        competencies = data.get("competencies", {})
        if not isinstance(competencies, dict):
            self._refuse("competencies", COMPETENCIES_NOT_TABLE, found=repr(competencies))
        return Sidecar(
            title=self._optional_text(data, "title"),
            family=self._optional_text(data, "family"),
            competency_names={
                self._position(key): self._text(key, value) for key, value in competencies.items()
            },
            filename=self.filename,
        )

    def _optional_text(self, data: dict, key: str) -> str | None:
        return self._text(key, data[key]) if key in data else None

    def _text(self, key: str, value: object) -> str:
        text = " ".join(value.split()) if isinstance(value, str) else ""
        if not text:
            self._refuse(key, NOT_TEXT, key=key, found=repr(value))
        return text

    def _position(self, key: str) -> int:
        if _POSITION.fullmatch(key) is None:
            self._refuse(key, INVALID_POSITION, key=key)
        return int(key)

    def _refuse(self, key: str, template: str, /, **params: object) -> NoReturn:
        raise ParseError(self.filename, self._line_of(key), template, **params)

    def _line_of(self, key: str) -> int | None:
        """The first line that assigns or opens `key`; TOML does not report where a key is."""
        pattern = re.compile(rf"\s*\[?\s*[\"']?{re.escape(key)}[\"']?\s*[=\]]")
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return number
        return None


def _check_positions(sidecar: Sidecar, count: int) -> None:
    for position in sorted(sidecar.competency_names):
        if position > count:
            raise ParseError(
                sidecar.filename, None, POSITION_OUT_OF_RANGE, position=position, count=count
            )


class _Filler:
    """Chooses between document and sidecar, remembering which warnings the sidecar answered."""

    def __init__(self) -> None:
        self.answered: set[tuple[str, object]] = set()
        self.notes: list[Message] = []

    def fill(
        self, kept: str | None, offered: str | None, ignored: str, answers: set[str], **params: int
    ) -> str | None:
        if offered is None:
            return kept
        if kept is None:
            self.answered |= {(template, params.get("position")) for template in answers}
            return offered
        if kept != offered:
            self.notes.append(Message(ignored, {"ignored": offered, "kept": kept, **params}))
        return kept

    def name(
        self, position: int, competency: CompetencyData, offered: str | None
    ) -> CompetencyData:
        name = self.fill(
            competency.name, offered, NAME_IGNORED, {MISSING_COMPETENCY_NAME}, position=position
        )
        return replace(competency, name=name)

    def remaining(self, warnings: list[Message]) -> list[Message]:
        kept = [
            warning
            for warning in warnings
            if (warning.template, warning.params.get("position")) not in self.answered
        ]
        return kept + self.notes
