"""Read queries of the catalogue pages: eager-loaded, with counts by GROUP BY, never per row."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from pop.access import visible_people
from pop.extensions import db
from pop.models import (
    Competency,
    FunctionCompetency,
    FunctionFamily,
    FunctionHolderCount,
    Goal,
    JobFunction,
    User,
)


@dataclass
class FamilyGroup:
    """A function family (None: functions without one) with its functions in title order."""

    family: FunctionFamily | None
    functions: list[JobFunction] = field(default_factory=list)


@dataclass
class CatalogueOverview:
    groups: list[FamilyGroup]
    employee_counts: dict[int, int]

    def employees(self, function: JobFunction) -> int:
        return self.employee_counts.get(function.id, 0)


@dataclass
class CompetencyLibrary:
    competencies: list[Competency]
    goal_counts: dict[int, int]

    def goals(self, competency: Competency) -> int:
        return self.goal_counts.get(competency.id, 0)


def _title_key(function: JobFunction) -> tuple[str, int]:
    return function.display_title.casefold(), function.id


def _competency_key(competency: Competency) -> tuple[bool, str, int]:
    # Named competencies alphabetically, then the unnamed ones in the order they were imported.
    return competency.name is None, (competency.name or "").casefold(), competency.id


def active_holders_count() -> dict[int, int]:
    """Active people per function id, from the counts every change to a person keeps."""
    rows = db.session.execute(
        select(FunctionHolderCount.function_id, FunctionHolderCount.holders).where(
            FunctionHolderCount.holders != 0
        )
    )
    return dict(rows.all())


def catalogue_overview() -> CatalogueOverview:
    """Families (named ones alphabetically, then "without family") with their functions."""
    functions = db.session.scalars(
        select(JobFunction).options(
            joinedload(JobFunction.family), selectinload(JobFunction.levels)
        )
    ).all()
    by_family: dict[int | None, FamilyGroup] = {}
    for function in sorted(functions, key=_title_key):
        key = function.family_id
        by_family.setdefault(key, FamilyGroup(function.family)).functions.append(function)
    groups = sorted(
        by_family.values(),
        key=lambda group: (
            group.family is None,
            group.family.name.casefold() if group.family else "",
        ),
    )
    return CatalogueOverview(groups, active_holders_count())


_COMPETENCY_OF_LINK = selectinload(JobFunction.competency_links).joinedload(
    FunctionCompetency.competency
)

# What a function's page shows, loaded in a fixed number of queries.
FUNCTION_PAGE = (
    joinedload(JobFunction.family),
    selectinload(JobFunction.result_areas),
    selectinload(JobFunction.levels),
    _COMPETENCY_OF_LINK.selectinload(Competency.indicators),
    _COMPETENCY_OF_LINK.selectinload(Competency.questions),
    _COMPETENCY_OF_LINK.selectinload(Competency.tips),
)


def function_detail(function_id: int) -> JobFunction | None:
    """A function with everything its page shows, in a fixed number of queries."""
    return db.session.scalar(
        select(JobFunction).where(JobFunction.id == function_id).options(*FUNCTION_PAGE)
    )


def function_holders(viewer: User, function_id: int) -> list[User]:
    """The active people holding a function, as far as `viewer` may see them."""
    return list(
        db.session.scalars(
            visible_people(viewer)
            .where(User.function_id == function_id, User.active.is_(True))
            .options(joinedload(User.department), joinedload(User.function_level))
            .order_by(func.lower(User.name), User.id)
        )
    )


def goal_counts() -> dict[int, int]:
    """Goals per competency id, in one GROUP BY."""
    rows = db.session.execute(
        select(Goal.competency_id, func.count(Goal.id))
        .where(Goal.competency_id.is_not(None))
        .group_by(Goal.competency_id)
    )
    return dict(rows.all())


def competency_library() -> CompetencyLibrary:
    competencies = db.session.scalars(
        select(Competency)
        .where(Competency.retired_at.is_(None))
        .options(selectinload(Competency.function_links).joinedload(FunctionCompetency.function))
    ).all()
    return CompetencyLibrary(sorted(competencies, key=_competency_key), goal_counts())


# What a competency's page shows.
COMPETENCY_PAGE = (
    selectinload(Competency.indicators),
    selectinload(Competency.questions),
    selectinload(Competency.tips),
    selectinload(Competency.function_links).joinedload(FunctionCompetency.function),
)


def functions_using(competency: Competency) -> list[JobFunction]:
    """The functions of an eager-loaded competency, in title order."""
    return sorted((link.function for link in competency.function_links), key=_title_key)


def families() -> list[FunctionFamily]:
    return list(
        db.session.scalars(select(FunctionFamily).order_by(func.lower(FunctionFamily.name)))
    )
