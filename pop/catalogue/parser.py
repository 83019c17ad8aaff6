"""Read function descriptions in the published plain-text format into plain dataclasses."""

import hashlib
import re
from dataclasses import dataclass, field, replace


def N_(text: str) -> str:
    """Mark a message template for extraction by translation tools; returns it unchanged."""
    return text


# Refusals (the reason of a ParseError).
EMPTY_DOCUMENT = N_("het document is leeg; verwacht werd de kop 'Functiebeschrijving'")
NOT_UTF8 = N_("ongeldige byte %(byte)s; verwacht werd tekst in UTF-8-codering")
NO_SECTIONS = N_(
    "geen enkele bekende kop gevonden; verwacht werden koppen als 'Functiebeschrijving', "
    "'Doel', 'Resultaatgebieden' en 'Competenties', elk alleen op een regel"
)
BULLET_BEFORE_SECTIONS = N_(
    "opsommingsteken '%(text)s' vóór de eerste kop; verwacht werd eerst een kop als "
    "'Functiebeschrijving'"
)
BULLET_OUTSIDE_LIST = N_(
    "opsommingsteken '%(text)s' onder de kop '%(section)s', die geen lijst heeft; opsommingen "
    "horen onder 'Kader', 'Activiteit', 'Gedragsindicatoren', 'Toetsvragen' of 'Ontwikkeltips'"
)
AREA_PART_WITHOUT_AREA = N_(
    "kop '%(section)s' zonder resultaatgebied; verwacht werd eerst de kop 'Kernactiviteit'"
)
COMPETENCY_LIST_WITHOUT_COMPETENCY = N_(
    "kop '%(section)s' zonder competentie; verwacht werd eerst de kop 'Omschrijving' "
    "van een competentie"
)
LEVEL_ROW_WITHOUT_NUMBER = N_(
    "niveaurij '%(row)s' heeft geen schaalnummer; verwacht werd een niveau gevolgd door een "
    "schaal, zoals 'Medewerker  8', of alleen een schaal, zoals '8'"
)
LEVEL_ROW_INVALID_SCALE = N_(
    "niveaurij '%(row)s' begint niet met een schaal; verwacht werd een schaal van 1 tot en met 18"
)

# Warnings: the document is read, but something is missing or was repaired.
MISSING_TITLE = N_(
    "de functie heeft geen titel; verwacht werd de titel op de regel onder 'Functiebeschrijving'"
)
MISSING_FAMILY = N_(
    "de functie heeft geen functiefamilie; verwacht werd de naam op de regel onder 'Functiefamilie'"
)
NAVIGATION_LABEL_AS_FAMILY = N_(
    "onder 'Functiefamilie' staat het navigatielabel '%(label)s' in plaats van de naam van een "
    "functiefamilie; de functie heeft dus geen functiefamilie"
)
MISSING_PURPOSE = N_("de functie heeft geen doel; verwacht werd tekst onder de kop 'Doel'")
MISSING_RESULT_AREAS = N_(
    "de functie heeft geen resultaatgebieden; verwacht werd de kop 'Kernactiviteit'"
)
MISSING_COMPETENCIES = N_(
    "de functie heeft geen competenties; verwacht werd de kop 'Omschrijving' onder 'Competenties'"
)
MISSING_LEVELS = N_("de functie heeft geen niveaus; verwacht werd een schaal onder 'Niveaus'")
MISSING_COMPETENCY_NAME = N_(
    "competentie %(position)s heeft geen naam; verwacht werd de naam op de regel vóór "
    "'Omschrijving'"
)
SKIPPED_PREAMBLE = N_(
    "tekst vóór de eerste kop overgeslagen: '%(text)s'; de titel staat al onder "
    "'Functiebeschrijving'"
)
SKIPPED_TEXT = N_(
    "tekst overgeslagen: '%(text)s' staat onder de kop '%(section)s', waar geen tekst "
    "verwacht wordt"
)
LEVEL_ROW_READ_AS_SCALE = N_(
    "niveaurij '%(row)s' gelezen als schaal %(scale)s; '%(rest)s' genegeerd"
)
DUPLICATE_FRAMEWORKS = N_("resultaatgebied %(position)s: %(count)s dubbele kaderitems overgeslagen")
DUPLICATE_ACTIVITIES = N_(
    "resultaatgebied %(position)s: %(count)s dubbele activiteiten overgeslagen"
)
DUPLICATE_INDICATORS = N_(
    "competentie %(position)s: %(count)s dubbele gedragsindicatoren overgeslagen"
)
DUPLICATE_QUESTIONS = N_("competentie %(position)s: %(count)s dubbele toetsvragen overgeslagen")
DUPLICATE_TIPS = N_("competentie %(position)s: %(count)s dubbele ontwikkeltips overgeslagen")


@dataclass(frozen=True)
class Message:
    """A warning about a document, or the reason of a ParseError, as a translatable template."""

    template: str
    params: dict[str, object] = field(hash=False)
    line: int | None = None

    def __str__(self) -> str:
        text = self.template % self.params
        return text if self.line is None else f"regel {self.line}: {text}"


class ParseError(ValueError):
    """The document is not a function description; nothing of it may be stored."""

    def __init__(self, filename: str, line: int | None, template: str, **params: object) -> None:
        self.filename = filename
        self.line = line
        self.template = template
        self.params = params
        super().__init__(str(self))

    @property
    def message(self) -> Message:
        return Message(self.template, self.params, self.line)

    def __str__(self) -> str:
        where = self.filename if self.line is None else f"{self.filename}, regel {self.line}"
        return f"{where}: {self.template % self.params}"


@dataclass
class ResultAreaData:
    core_activity: str
    frameworks: list[str]
    result: str
    activities: list[str]


@dataclass
class CompetencyData:
    name: str | None
    description: str
    indicators: list[str]
    questions: list[str]
    tips: list[str]


@dataclass
class LevelData:
    name: str
    scale: str


@dataclass
class FunctionDescription:
    title: str | None
    family: str | None
    purpose: str
    result_areas: list[ResultAreaData]
    competencies: list[CompetencyData]
    levels: list[LevelData]


@dataclass
class ParseResult:
    description: FunctionDescription
    warnings: list[Message]


_HEADERS = {
    "functiebeschrijving": "Functiebeschrijving",
    "functiefamilie": "Functiefamilie",
    "doel": "Doel",
    "resultaatgebieden": "Resultaatgebieden",
    "kernactiviteit": "Kernactiviteit",
    "kader": "Kader",
    "resultaat": "Resultaat",
    "activiteit": "Activiteit",
    "activiteiten": "Activiteit",
    "competenties": "Competenties",
    "omschrijving": "Omschrijving",
    "gedragsindicatoren": "Gedragsindicatoren",
    "toetsvragen": "Toetsvragen",
    "ontwikkeltips": "Ontwikkeltips",
    "niveaus": "Niveaus",
    "niveauschaal": "NiveauSchaal",
    "niveau schaal": "NiveauSchaal",
}
_AREA_PARTS = {"Kader", "Resultaat", "Activiteit"}
_COMPETENCY_LISTS = {"Gedragsindicatoren", "Toetsvragen", "Ontwikkeltips"}
_LIST_SECTIONS = {"Kader", "Activiteit"} | _COMPETENCY_LISTS
_LEVEL_SECTIONS = {"Niveaus", "NiveauSchaal"}
_FUNCTION_FIELDS = ("Functiebeschrijving", "Functiefamilie", "Doel")
_NAVIGATION_LABEL = "functies per functiefamilie, met aantal medewerkers"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# `•` and `·` are never text, so they may be glued to the item; `-`, `*` and `–` only count
# as bullets when followed by a blank, or "-eisen" and "–2" would be read as list items.
_BULLET = re.compile(r"\s*(?:[•·]|[-*–](?=\s|$))(.*)")
_DIGITS = "0123456789"
_HIGHEST_SCALE = 18
_SCALE_PREFIX = re.compile(r"1[0-8]|[1-9]")

_BLANK, _HEADER, _BULLET_ITEM, _TEXT, _NAME = "blank", "header", "bullet", "text", "name"


@dataclass(frozen=True)
class _Line:
    number: int
    kind: str
    text: str  # canonical header name for headers, cleaned text otherwise


@dataclass
class _Item:
    line: int
    text: str


@dataclass
class _Area:
    core_activity: list[_Item] = field(default_factory=list)
    frameworks: list[_Item] = field(default_factory=list)
    result: list[_Item] = field(default_factory=list)
    activities: list[_Item] = field(default_factory=list)


@dataclass
class _Competency:
    line: int
    name: str | None
    description: list[_Item] = field(default_factory=list)
    indicators: list[_Item] = field(default_factory=list)
    questions: list[_Item] = field(default_factory=list)
    tips: list[_Item] = field(default_factory=list)


def content_hash(source: bytes) -> str:
    """Return the SHA-256 of the raw document bytes as hex, to recognise a re-import."""
    return hashlib.sha256(source).hexdigest()


def decode_utf8(source: bytes, filename: str) -> str:
    """Decode UTF-8 bytes (a leading BOM is dropped) or refuse them naming the bad byte's line."""
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = source[: error.start].decode("utf-8-sig")
        line = len(_LINE_BREAK.split(before))
        raise ParseError(filename, line, NOT_UTF8, byte=f"0x{source[error.start]:02X}") from None


def parse(source: str | bytes, filename: str = "<tekst>") -> ParseResult:
    """Read one function description; raise ParseError if it is not one."""
    text = source if isinstance(source, str) else decode_utf8(bytes(source), filename)
    lines = _mark_competency_names(_split_lines(text.removeprefix("\ufeff")))
    _refuse_unless_sections(lines, filename)
    reader = _Reader(filename)
    for line in lines:
        reader.read(line)
    return reader.finish()


def _split_lines(text: str) -> list[_Line]:
    return [_classify(number, line) for number, line in enumerate(_LINE_BREAK.split(text), 1)]


def _clean(text: str) -> str:
    """Repair lost line breaks (`~~`) and collapse every run of whitespace to one space.

    `str.split()` counts tabs and the non-breaking spaces U+00A0 and U+202F as whitespace too.
    """
    return " ".join(text.replace("~~", " ").split())


def _classify(number: int, line: str) -> _Line:
    cleaned = _clean(line)
    if not cleaned:
        return _Line(number, _BLANK, "")
    header = _HEADERS.get(cleaned.casefold())
    if header is not None:
        return _Line(number, _HEADER, header)
    bullet = _BULLET.fullmatch(line)
    if bullet is not None:
        return _Line(number, _BULLET_ITEM, _clean(bullet.group(1)))
    return _Line(number, _TEXT, cleaned)


def _mark_competency_names(lines: list[_Line]) -> list[_Line]:
    """Mark the text line just before each `Omschrijving` (after `Competenties`) as its name."""
    marked = list(lines)
    competencies_at: int | None = None
    previous: int | None = None
    for index, line in enumerate(lines):
        if line.kind == _HEADER and line.text == "Competenties" and competencies_at is None:
            competencies_at = index
        if _is_named_description(line, lines, previous, competencies_at):
            marked[previous] = replace(lines[previous], kind=_NAME)
        if line.kind != _BLANK:
            previous = index
    return marked


def _is_named_description(
    line: _Line, lines: list[_Line], previous: int | None, competencies_at: int | None
) -> bool:
    return (
        line.kind == _HEADER
        and line.text == "Omschrijving"
        and previous is not None
        and competencies_at is not None
        and previous > competencies_at
        and lines[previous].kind == _TEXT
    )


def _refuse_unless_sections(lines: list[_Line], filename: str) -> None:
    content = [line for line in lines if line.kind != _BLANK]
    if not content:
        raise ParseError(filename, 1, EMPTY_DOCUMENT)
    if not any(line.kind == _HEADER for line in content):
        raise ParseError(filename, content[0].number, NO_SECTIONS)


def _joined(items: list[_Item]) -> str:
    return " ".join(item.text for item in items if item.text)


def _split_glued(text: str) -> list[str]:
    """Split kader items glued where a line break was lost: "dienstWensen" -> "dienst", "Wensen"."""
    parts: list[str] = []
    start = 0
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        if after.isupper() and (before.islower() or before == ")"):
            parts.append(text[start:index])
            start = index
    parts.append(text[start:])
    return [part for part in parts if part]


def _split_level_row(row: str) -> tuple[str, str] | None:
    """Split a level row into name and trailing scale number; None when it has no number."""
    name = row.rstrip(_DIGITS)
    scale = row[len(name) :]
    if not scale or (name and not name.endswith(" ")):
        return None
    return name.strip(), scale


class _Reader:
    """Walks the classified lines of one document and collects its parts."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.section: str | None = None
        self.header_lines: dict[str, int] = {}
        self.preamble: list[_Item] = []
        self.fields: dict[str, list[_Item]] = {name: [] for name in _FUNCTION_FIELDS}
        self.areas: list[_Area] = []
        self.competencies: list[_Competency] = []
        self.levels: list[LevelData] = []
        self.pending_name: str | None = None
        self.item_open = False
        self.warnings: list[Message] = []

    def read(self, line: _Line) -> None:
        if line.kind == _HEADER:
            self._enter(line)
        elif line.kind == _NAME:
            self.pending_name = line.text
        elif line.kind == _BULLET_ITEM:
            self._read_bullet(line)
        elif line.kind == _TEXT:
            self._read_text(line)
        self.item_open = line.kind in (_BULLET_ITEM, _TEXT) and self.section in _LIST_SECTIONS

    def _enter(self, line: _Line) -> None:
        header = line.text
        if header in _AREA_PARTS and not self.areas:
            raise ParseError(self.filename, line.number, AREA_PART_WITHOUT_AREA, section=header)
        if header in _COMPETENCY_LISTS and not self.competencies:
            raise ParseError(
                self.filename, line.number, COMPETENCY_LIST_WITHOUT_COMPETENCY, section=header
            )
        if header == "Kernactiviteit":
            self.areas.append(_Area())
        elif header == "Omschrijving":
            self.competencies.append(_Competency(line.number, self.pending_name))
            self.pending_name = None
        self.header_lines.setdefault(header, line.number)
        self.section = header

    def _read_bullet(self, line: _Line) -> None:
        if self.section is None:
            raise ParseError(self.filename, line.number, BULLET_BEFORE_SECTIONS, text=line.text)
        if self.section not in _LIST_SECTIONS:
            raise ParseError(
                self.filename,
                line.number,
                BULLET_OUTSIDE_LIST,
                text=line.text,
                section=self.section,
            )
        self._read_list_line(line, starts_item=True)

    def _read_text(self, line: _Line) -> None:
        if self.section in _LIST_SECTIONS:
            self._read_list_line(line, starts_item=False)
        elif self.section in _LEVEL_SECTIONS:
            self.levels.append(self._read_level(line))
        elif (target := self._free_text_of_section()) is not None:
            target.append(_Item(line.number, line.text))
        else:
            self._warn(SKIPPED_TEXT, line.number, text=line.text, section=self.section)

    def _free_text_of_section(self) -> list[_Item] | None:
        match self.section:
            case None:
                return self.preamble
            case "Functiebeschrijving" | "Functiefamilie" | "Doel":
                return self.fields[self.section]
            case "Kernactiviteit":
                return self.areas[-1].core_activity
            case "Resultaat":
                return self.areas[-1].result
            case "Omschrijving":
                return self.competencies[-1].description
        return None

    def _read_list_line(self, line: _Line, starts_item: bool) -> None:
        if self.section == "Kader":
            # Each kader line is an item of its own, whether bulleted or not.
            parts = _split_glued(line.text)
            self.areas[-1].frameworks.extend(_Item(line.number, part) for part in parts)
            return
        items = self._list_of_section()
        if starts_item or not self.item_open:
            items.append(_Item(line.number, line.text))
        else:
            items[-1].text = " ".join(filter(None, (items[-1].text, line.text)))

    def _list_of_section(self) -> list[_Item]:
        match self.section:
            case "Activiteit":
                return self.areas[-1].activities
            case "Gedragsindicatoren":
                return self.competencies[-1].indicators
            case "Toetsvragen":
                return self.competencies[-1].questions
        return self.competencies[-1].tips

    def _read_level(self, line: _Line) -> LevelData:
        split = _split_level_row(line.text)
        if split is None:
            raise ParseError(self.filename, line.number, LEVEL_ROW_WITHOUT_NUMBER, row=line.text)
        name, scale = split
        if not name:
            scale = self._scale_of_bare_number(line.number, scale)
        return LevelData(name, scale)

    def _scale_of_bare_number(self, number: int, row: str) -> str:
        # Flattening the published HTML table glues its next column, "aantal medewerkers"
        # (head count), onto the scale: the seed's "110" is scale 11 with 0 employees. Dutch
        # salary scales run from 1 to 18, so a bare number above 18 can only be such a pair;
        # the longest prefix that is a scale is the scale, and the rest is reported, not kept.
        significant = row.lstrip("0")
        if len(significant) <= 2 and int(significant or "0") <= _HIGHEST_SCALE:
            return row
        prefix = _SCALE_PREFIX.match(row)
        if prefix is None:
            raise ParseError(self.filename, number, LEVEL_ROW_INVALID_SCALE, row=row)
        scale = prefix.group()
        self._warn(LEVEL_ROW_READ_AS_SCALE, number, row=row, scale=scale, rest=row[len(scale) :])
        return scale

    def _warn(self, template: str, line: int | None, **params: object) -> None:
        self.warnings.append(Message(template, params, line))

    def finish(self) -> ParseResult:
        description = FunctionDescription(
            title=self._title(),
            family=self._family(),
            purpose=self._purpose(),
            result_areas=[self._result_area(n, area) for n, area in enumerate(self.areas, 1)],
            competencies=[self._competency(n, c) for n, c in enumerate(self.competencies, 1)],
            levels=self.levels,
        )
        self._warn_if_empty(description)
        warnings = sorted(self.warnings, key=lambda message: message.line or 0)
        return ParseResult(description, warnings)

    def _title(self) -> str | None:
        title = _joined(self.fields["Functiebeschrijving"])
        preamble = _joined(self.preamble)
        if title and preamble:
            self._warn(SKIPPED_PREAMBLE, self.preamble[0].line, text=preamble)
        if not (title or preamble):
            self._warn(MISSING_TITLE, self.header_lines.get("Functiebeschrijving"))
        return title or preamble or None

    def _family(self) -> str | None:
        lines = self.fields["Functiefamilie"]
        labels = [item for item in lines if item.text.casefold() == _NAVIGATION_LABEL]
        family = _joined([item for item in lines if item not in labels])
        if not family and labels:
            self._warn(NAVIGATION_LABEL_AS_FAMILY, labels[0].line, label=labels[0].text)
        elif not family:
            self._warn(MISSING_FAMILY, self.header_lines.get("Functiefamilie"))
        return family or None

    def _purpose(self) -> str:
        purpose = _joined(self.fields["Doel"])
        if not purpose:
            self._warn(MISSING_PURPOSE, self.header_lines.get("Doel"))
        return purpose

    def _result_area(self, position: int, area: _Area) -> ResultAreaData:
        return ResultAreaData(
            core_activity=_joined(area.core_activity),
            frameworks=self._deduplicated(area.frameworks, DUPLICATE_FRAMEWORKS, position),
            result=_joined(area.result),
            activities=self._deduplicated(area.activities, DUPLICATE_ACTIVITIES, position),
        )

    def _competency(self, position: int, competency: _Competency) -> CompetencyData:
        if competency.name is None:
            self._warn(MISSING_COMPETENCY_NAME, competency.line, position=position)
        return CompetencyData(
            name=competency.name,
            description=_joined(competency.description),
            indicators=self._deduplicated(competency.indicators, DUPLICATE_INDICATORS, position),
            questions=self._deduplicated(competency.questions, DUPLICATE_QUESTIONS, position),
            tips=self._deduplicated(competency.tips, DUPLICATE_TIPS, position),
        )

    def _deduplicated(self, items: list[_Item], template: str, position: int) -> list[str]:
        """Keep each item's first occurrence; report the repeats once for the whole list."""
        kept: dict[str, None] = {}
        repeats = []
        for item in items:
            if item.text in kept:
                repeats.append(item)
            elif item.text:
                kept[item.text] = None
        if repeats:
            self._warn(template, repeats[0].line, position=position, count=len(repeats))
        return list(kept)

    def _warn_if_empty(self, description: FunctionDescription) -> None:
        if not description.result_areas:
            self._warn(MISSING_RESULT_AREAS, self.header_lines.get("Resultaatgebieden"))
        if not description.competencies:
            self._warn(MISSING_COMPETENCIES, self.header_lines.get("Competenties"))
        if not description.levels:
            self._warn(MISSING_LEVELS, self.header_lines.get("Niveaus"))


def render(description: FunctionDescription) -> str:
    """Write a description in the canonical form of the format, so that parse() reads it back."""
    lines = [
        "Functiebeschrijving",
        *_present(description.title),
        "",
        "Functiefamilie",
        *_present(description.family),
        "",
        "Doel",
        *_present(description.purpose),
        "",
        "Resultaatgebieden",
    ]
    for area in description.result_areas:
        lines += _render_result_area(area)
    lines += ["", "Competenties"]
    for competency in description.competencies:
        lines += _render_competency(competency)
    lines += ["", "Niveaus", "NiveauSchaal", *map(_render_level, description.levels)]
    return "\n".join(lines) + "\n"


def _present(text: str | None) -> list[str]:
    return [text] if text else []


def _bullets(items: list[str]) -> list[str]:
    return [f"• {item}" for item in items]


def _render_result_area(area: ResultAreaData) -> list[str]:
    return [
        "Kernactiviteit",
        *_present(area.core_activity),
        "Kader",
        *_bullets(area.frameworks),
        "Resultaat",
        *_present(area.result),
        "Activiteit",
        *_bullets(area.activities),
    ]


def _render_competency(competency: CompetencyData) -> list[str]:
    # Every list header is written even when its list is empty, so that the last line before
    # the next `Omschrijving` is a header or a bullet and never mistaken for a name.
    return [
        "",
        *_present(competency.name),
        "Omschrijving",
        *_present(competency.description),
        "Gedragsindicatoren",
        *_bullets(competency.indicators),
        "Toetsvragen",
        *_bullets(competency.questions),
        "Ontwikkeltips",
        *_bullets(competency.tips),
    ]


def _render_level(level: LevelData) -> str:
    return f"{level.name}\t{level.scale}" if level.name else level.scale
