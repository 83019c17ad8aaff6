"""Read function descriptions in the published plain-text format into plain dataclasses."""

from dataclasses import dataclass, field

from .document import (
    CompetencyData,
    FunctionDescription,
    LevelData,
    ParseResult,
    ResultAreaData,
)
from .lines import BULLET_ITEM, HEADER, NAME, TEXT, Line, classified_lines, decode_utf8
from .messages import (
    AREA_PART_WITHOUT_AREA,
    BULLET_BEFORE_SECTIONS,
    BULLET_OUTSIDE_LIST,
    COMPETENCY_LIST_WITHOUT_COMPETENCY,
    DUPLICATE_ACTIVITIES,
    DUPLICATE_FRAMEWORKS,
    DUPLICATE_INDICATORS,
    DUPLICATE_QUESTIONS,
    DUPLICATE_TIPS,
    MISSING_COMPETENCIES,
    MISSING_COMPETENCY_NAME,
    MISSING_FAMILY,
    MISSING_LEVELS,
    MISSING_PURPOSE,
    MISSING_RESULT_AREAS,
    MISSING_TITLE,
    NAVIGATION_LABEL_AS_FAMILY,
    SKIPPED_PREAMBLE,
    SKIPPED_TEXT,
    Message,
    ParseError,
)
from .repairs import Refusal, read_level_row, split_glued_kader

_AREA_PARTS = {"Kader", "Resultaat", "Activiteit"}
_COMPETENCY_LISTS = {"Gedragsindicatoren", "Toetsvragen", "Ontwikkeltips"}
_LIST_SECTIONS = {"Kader", "Activiteit"} | _COMPETENCY_LISTS
_LEVEL_SECTIONS = {"Niveaus", "NiveauSchaal"}
_FUNCTION_FIELDS = ("Functiebeschrijving", "Functiefamilie", "Doel")
_NAVIGATION_LABEL = "functies per functiefamilie, met aantal medewerkers"


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


def parse(source: str | bytes, filename: str = "<tekst>") -> ParseResult:
    """Read one function description; raise ParseError if it is not one."""
    text = source if isinstance(source, str) else decode_utf8(bytes(source), filename)
    reader = _Reader(filename)
    for line in classified_lines(text.removeprefix("\ufeff"), filename):
        reader.read(line)
    return reader.finish()


def _joined(items: list[_Item]) -> str:
    return " ".join(item.text for item in items if item.text)


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

    def read(self, line: Line) -> None:
        if line.kind == HEADER:
            self._enter(line)
        elif line.kind == NAME:
            self.pending_name = line.text
        elif line.kind == BULLET_ITEM:
            self._read_bullet(line)
        elif line.kind == TEXT:
            self._read_text(line)
        self.item_open = line.kind in (BULLET_ITEM, TEXT) and self.section in _LIST_SECTIONS

    def _enter(self, line: Line) -> None:
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

    def _read_bullet(self, line: Line) -> None:
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

    def _read_text(self, line: Line) -> None:
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

    def _read_list_line(self, line: Line, starts_item: bool) -> None:
        if self.section == "Kader":
            # Each kader line is an item of its own, whether bulleted or not.
            parts, warnings = split_glued_kader(line.text)
            self.areas[-1].frameworks.extend(_Item(line.number, part) for part in parts)
            self._warn_all(warnings, line.number)
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

    def _read_level(self, line: Line) -> LevelData:
        try:
            level, warnings = read_level_row(line.text)
        except Refusal as refusal:
            raise ParseError(
                self.filename, line.number, refusal.template, **refusal.params
            ) from None
        self._warn_all(warnings, line.number)
        return level

    def _warn(self, template: str, line: int | None, **params: object) -> None:
        self.warnings.append(Message(template, params, line))

    def _warn_all(self, warnings: list[tuple[str, dict[str, object]]], line: int) -> None:
        self.warnings.extend(Message(template, params, line) for template, params in warnings)

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
