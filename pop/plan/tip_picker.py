"""The tip picker: the development tips of one's own function, per competency, searchable."""

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from pop.extensions import db
from pop.models import Competency, DevelopmentTip, FunctionCompetency


@dataclass
class TipGroup:
    """One competency of the function with the tips that match the search."""

    competency: Competency
    tips: list[DevelopmentTip] = field(default_factory=list)


def tips_of_function(function_id: int | None, search: str = "") -> list[TipGroup]:
    """The function's tips in the order of its competencies; one query however many there are.

    A search matches the tip's text or its competency's name, case-insensitively.
    """
    if function_id is None:
        return []
    query = (
        select(DevelopmentTip)
        .join(DevelopmentTip.competency)
        .join(FunctionCompetency, FunctionCompetency.competency_id == Competency.id)
        .where(FunctionCompetency.function_id == function_id, DevelopmentTip.retired_at.is_(None))
        .options(contains_eager(DevelopmentTip.competency))
        .order_by(FunctionCompetency.position, DevelopmentTip.position, DevelopmentTip.id)
    )
    words = search.split()
    for word in words:
        pattern = f"%{_escape_like(word.lower())}%"
        query = query.where(
            or_(
                func.lower(DevelopmentTip.text).like(pattern, escape="\\"),
                func.lower(func.coalesce(Competency.name, "")).like(pattern, escape="\\"),
            )
        )
    groups: list[TipGroup] = []
    for tip in db.session.scalars(query):
        if not groups or groups[-1].competency.id != tip.competency_id:
            groups.append(TipGroup(tip.competency))
        groups[-1].tips.append(tip)
    return groups


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
