"""The parts of a function description as plain dataclasses: what the parser returns."""

from dataclasses import dataclass

from .messages import Message


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
