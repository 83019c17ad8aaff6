"""A function's description as the employee file shows it: its result areas, and its
competencies with their behaviour indicators and interview questions on offer, as rows.

Four statements built once (see `rows_of`), whatever the number of competencies and items: no
JobFunction, ResultArea, Competency or item objects built for a page that only shows their text.
"""

from dataclasses import dataclass, field

from sqlalchemy import Row, Select, bindparam, select

from pop.models import (
    BehaviourIndicator,
    Competency,
    FunctionCompetency,
    InterviewQuestion,
    ResultArea,
)
from pop.models.catalogue import competency_display_name
from pop.rows import rows_of


@dataclass
class FunctionCompetencyText:
    """A competency of the function: what the file shows of it, in the function's order."""

    id: int
    display_name: str
    description: str
    indicators: list[Row] = field(default_factory=list)  # each with its text
    questions: list[Row] = field(default_factory=list)


@dataclass
class FunctionText:
    result_areas: list[Row]  # core_activity, result
    competencies: list[FunctionCompetencyText]


_RESULT_AREAS = (
    select(ResultArea.core_activity, ResultArea.result)
    .where(ResultArea.function_id == bindparam("function_id"))
    .order_by(ResultArea.position, ResultArea.id)
)

_COMPETENCIES = (
    select(Competency.id, Competency.name, Competency.description)
    .join(FunctionCompetency, FunctionCompetency.competency_id == Competency.id)
    .where(FunctionCompetency.function_id == bindparam("function_id"))
    .order_by(FunctionCompetency.position)
)


def _items(model: type[BehaviourIndicator] | type[InterviewQuestion]) -> Select:
    """The items on offer (not retired) of the function's competencies, in their order."""
    return (
        select(model.competency_id, model.text)
        .join(FunctionCompetency, FunctionCompetency.competency_id == model.competency_id)
        .where(
            FunctionCompetency.function_id == bindparam("function_id"),
            model.retired_at.is_(None),
        )
        .order_by(model.competency_id, model.position, model.id)
    )


_INDICATORS = _items(BehaviourIndicator)
_QUESTIONS = _items(InterviewQuestion)


def function_text(function_id: int) -> FunctionText:
    """The text of the function `function_id` that the employee file shows."""
    competencies = [
        FunctionCompetencyText(id_, competency_display_name(name, description), description)
        for id_, name, description in rows_of(_COMPETENCIES, function_id=function_id)
    ]
    by_id = {competency.id: competency for competency in competencies}
    for indicator in rows_of(_INDICATORS, function_id=function_id):
        by_id[indicator.competency_id].indicators.append(indicator)
    for question in rows_of(_QUESTIONS, function_id=function_id):
        by_id[question.competency_id].questions.append(question)
    return FunctionText(rows_of(_RESULT_AREAS, function_id=function_id), competencies)
