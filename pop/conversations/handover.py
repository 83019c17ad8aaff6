"""Handing a person over to a new manager mid-cycle: the one service every path that changes a
manager line calls (the person form, the people CSV import, SCIM).

What moves: the planned and prepared conversations of open cycles go to the new manager, who
starts with empty preparation notes; the previous manager's notes are kept for them alone
(`KeptPreparationNotes`). Held and signed conversations stay where they are. Goals have no
manager of their own (the employee's manager line is theirs), so the open ones follow the person
into the new manager's team view; what awaited the previous manager's decision, a proposed goal,
reaches the new manager as a notification. Both managers are told, and every move is audited.

It works on sets: a handful of statements per batch of people, whatever their number, so that an
import of thousands of rows stays a few queries per batch. It flushes nothing itself and only
executes statements; the caller commits.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update

from pop import audit
from pop.extensions import db
from pop.models import (
    Conversation,
    ConversationStatus,
    Cycle,
    Goal,
    GoalStatus,
    KeptPreparationNotes,
    User,
)
from pop.models._time import utcnow
from pop.notify import Draft, Kind, app_path, notify_many

BATCH = 500
MOVING_STATUSES = (ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value)


@dataclass(frozen=True)
class ManagerChange:
    """A person's manager line changed from `previous_id` to `new_id` (None: no manager)."""

    employee_id: int
    previous_id: int | None
    new_id: int | None


@dataclass
class Handover:
    """What a handover moved: conversation ids per employee, kept notes, proposals passed on."""

    conversations: dict[int, list[int]]
    kept_notes: int
    proposals: int

    @property
    def moved(self) -> int:
        return sum(len(ids) for ids in self.conversations.values())


def hand_over(actor: User | None, changes: list[ManagerChange]) -> Handover:
    """Move what belongs to the manager of each person whose manager changed to another one."""
    outcome = Handover(conversations={}, kept_notes=0, proposals=0)
    real = [
        change
        for change in changes
        if change.previous_id is not None
        and change.new_id is not None
        and change.previous_id != change.new_id
    ]
    for start in range(0, len(real), BATCH):
        _hand_over_batch(actor, real[start : start + BATCH], outcome)
    return outcome


def _hand_over_batch(actor: User | None, changes: list[ManagerChange], outcome: Handover) -> None:
    by_employee = {change.employee_id: change for change in changes}
    ids = {change.employee_id for change in changes}
    ids |= {change.previous_id for change in changes} | {change.new_id for change in changes}
    people = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}
    conversations = db.session.execute(
        select(
            Conversation.id,
            Conversation.employee_id,
            Conversation.manager_id,
            Conversation.preparation_notes,
        )
        .join(Cycle, Cycle.id == Conversation.cycle_id)
        .where(
            Conversation.employee_id.in_(by_employee),
            Conversation.status.in_(MOVING_STATUSES),
            Cycle.is_open.is_(True),
        )
        .order_by(Conversation.id)
    ).all()
    moving = [row for row in conversations if row.manager_id != by_employee[row.employee_id].new_id]
    kept = [
        {
            "conversation_id": row.id,
            "manager_id": row.manager_id,
            "new_manager_id": by_employee[row.employee_id].new_id,
            "notes": row.preparation_notes,
            "kept_at": utcnow(),
        }
        for row in moving
        if row.preparation_notes.strip()
    ]
    if kept:
        db.session.execute(insert(KeptPreparationNotes), kept)
    _move_conversations(moving, by_employee)
    proposals = db.session.execute(
        select(Goal.id, Goal.employee_id, Goal.title, Goal.deadline)
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .where(
            Goal.employee_id.in_(by_employee),
            Goal.status == GoalStatus.PROPOSED.value,
            Cycle.is_open.is_(True),
        )
        .order_by(Goal.id)
    ).all()
    _tell_and_record(actor, changes, people, moving, proposals)
    for row in moving:
        outcome.conversations.setdefault(row.employee_id, []).append(row.id)
    outcome.kept_notes += len(kept)
    outcome.proposals += len(proposals)


def _tell_and_record(
    actor: User | None,
    changes: list[ManagerChange],
    people: dict[int, User],
    moving: list,
    proposals: list,
) -> None:
    """The proposals to the new managers, the handover to both managers; the audit events."""
    by_employee = {change.employee_id: change for change in changes}
    moved_by_employee: dict[int, list[int]] = defaultdict(list)
    for row in moving:
        moved_by_employee[row.employee_id].append(row.id)
    kept_by_employee: dict[int, int] = defaultdict(int)
    for row in moving:
        kept_by_employee[row.employee_id] += bool(row.preparation_notes.strip())
    proposals_by_employee: dict[int, int] = defaultdict(int)
    for row in proposals:
        proposals_by_employee[row.employee_id] += 1
    drafts = [
        Draft(
            people[by_employee[row.employee_id].new_id],
            Kind.GOAL_PROPOSED,
            "Goal",
            row.id,
            {"title": row.title, "deadline": row.deadline},
            by=people[row.employee_id],
        )
        for row in proposals
    ]
    events = []
    for change in changes:
        employee = people[change.employee_id]
        moved = moved_by_employee.get(change.employee_id, [])
        context = {
            "employee": employee.name,
            "employee_id": employee.id,
            "previous_manager": people[change.previous_id].name,
            "previous_manager_id": change.previous_id,
            "new_manager": people[change.new_id].name,
            "new_manager_id": change.new_id,
            "conversations": len(moved),
            "proposals": proposals_by_employee[change.employee_id],
            "kept_notes": kept_by_employee[change.employee_id],
        }
        drafts.append(
            Draft(
                people[change.new_id],
                Kind.MANAGER_HANDED_OVER,
                "User",
                employee.id,
                context,
                link=app_path("team.person", person_id=employee.id),
            )
        )
        drafts.append(
            Draft(
                people[change.previous_id],
                Kind.MANAGER_HANDED_OVER,
                "User",
                employee.id,
                context,
                # To the notes kept for them, when there were any: nothing else is theirs now.
                link=app_path("team.kept_notes") if kept_by_employee[change.employee_id] else "",
            )
        )
        events.append(
            (
                "manager_handed_over",
                "User",
                employee.id,
                f"{employee.name} overgedragen van {people[change.previous_id].name} aan "
                f"{people[change.new_id].name}: {len(moved)} gesprek(ken), "
                f"{kept_by_employee[change.employee_id]} voorbereiding(en) bewaard",
                {
                    "manager_id": [change.previous_id, change.new_id],
                    "conversations_moved": [0, len(moved)],
                    "preparation_kept": [0, kept_by_employee[change.employee_id]],
                },
            )
        )
    events += [
        (
            "conversation_handed_over",
            "Conversation",
            row.id,
            f"Gesprek overgedragen aan {people[by_employee[row.employee_id].new_id].name}",
            {"manager_id": [row.manager_id, by_employee[row.employee_id].new_id]},
        )
        for row in moving
    ]
    audit.record_many(actor, events)
    notify_many(actor, drafts)


def _move_conversations(moving: list, by_employee: dict[int, ManagerChange]) -> None:
    """The new manager leads them, with empty notes; the calendar invitations change."""
    if not moving:
        return
    table = Conversation.__table__
    db.session.execute(
        update(table)
        .where(table.c.id == bindparam("conversation"))
        .values(
            manager_id=bindparam("new_manager"),
            preparation_notes="",
            calendar_sequence=table.c.calendar_sequence + 1,
            version=table.c.version + 1,
            updated_at=utcnow(),
        ),
        [
            {"conversation": row.id, "new_manager": by_employee[row.employee_id].new_id}
            for row in moving
        ],
    )
    moved = {row.id for row in moving}
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Conversation) and obj.id in moved:
            db.session.expire(obj)
