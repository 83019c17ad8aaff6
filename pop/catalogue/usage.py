"""What points at a competency or its items: how an import knows what it may not delete."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from pop.catalogue.changes import USAGE_SAMPLE, CompetencyUsage, ConversationUse, GoalUse
from pop.extensions import db
from pop.models import (
    Agreement,
    Competency,
    Conversation,
    ConversationRating,
    DevelopmentTip,
    FunctionCompetency,
    Goal,
    JobFunction,
    SelfAssessment,
    SelfAssessmentRating,
)


def referenced_ids(model: type, ids: list[int]) -> set[int]:
    """Those of `ids` that any row of any table points at through a foreign key.

    Read from the schema, so a table added later that points at an item protects it too.
    """
    if not ids:
        return set()
    table = model.__table__
    found: set[int] = set()
    for other in db.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table is table and other is not table:
                column = key.parent
                found |= set(db.session.scalars(select(column).where(column.in_(ids))))
    return found


def functions_linking(competency_id: int, *, besides: int | None) -> list[JobFunction]:
    query = (
        select(JobFunction)
        .join(FunctionCompetency)
        .where(FunctionCompetency.competency_id == competency_id)
        .order_by(func.lower(func.coalesce(JobFunction.title, JobFunction.source_filename)))
    )
    if besides is not None:
        query = query.where(JobFunction.id != besides)
    return list(db.session.scalars(query))


def competency_usage(competency: Competency, *, besides_function: int | None) -> CompetencyUsage:
    """The other functions, the goals and the conversations that use `competency`."""
    goals = (
        select(Goal)
        .outerjoin(DevelopmentTip, Goal.source_tip_id == DevelopmentTip.id)
        .where(
            or_(Goal.competency_id == competency.id, DevelopmentTip.competency_id == competency.id)
        )
    )
    conversations = select(Conversation).where(_conversation_uses(competency.id))
    return CompetencyUsage(
        functions=[
            function.display_title
            for function in functions_linking(competency.id, besides=besides_function)
        ],
        goal_count=_count(goals),
        goals=[
            GoalUse(goal.title, goal.employee.name)
            for goal in db.session.scalars(
                goals.options(joinedload(Goal.employee)).order_by(Goal.id).limit(USAGE_SAMPLE)
            )
        ],
        conversation_count=_count(conversations),
        conversations=[
            ConversationUse(
                conversation.kind,
                conversation.employee.name,
                conversation.planned_on,
                conversation.is_signed,
            )
            for conversation in db.session.scalars(
                conversations.options(joinedload(Conversation.employee))
                .order_by(Conversation.planned_on, Conversation.id)
                .limit(USAGE_SAMPLE)
            )
        ],
    )


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _conversation_uses(competency_id: int):
    rated = select(ConversationRating.conversation_id).where(
        ConversationRating.competency_id == competency_id
    )
    self_rated = (
        select(SelfAssessment.conversation_id)
        .join(SelfAssessmentRating)
        .where(SelfAssessmentRating.competency_id == competency_id)
    )
    agreed = select(Agreement.conversation_id).where(Agreement.competency_id == competency_id)
    return or_(
        Conversation.id.in_(rated), Conversation.id.in_(self_rated), Conversation.id.in_(agreed)
    )
