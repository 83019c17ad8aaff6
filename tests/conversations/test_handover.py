"""A person's manager changes mid-cycle: what moves to the new manager, what stays, who is told,
through each path that changes a manager line (the person form, the CSV import, SCIM)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from pop.conversations import handover
from pop.extensions import db
from pop.models import (
    AuditEvent,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Cycle,
    GoalStatus,
    KeptPreparationNotes,
    Notification,
    NotificationKind,
    User,
)
from pop.notifications.texts import describe
from pop.people import services as people
from pop.people.csv_import import import_people
from pop.privacy.anonymise import anonymise_batch
from tests.conversations.factories import make_conversation, make_cycle, make_goal
from tests.hr.test_people_import import csv_file, number_of

NOTES = "Vragen naar de werkdruk; zij wil graag de cursus Schrijven."


@pytest.fixture
def cycle(app) -> int:
    return make_cycle(app)


@pytest.fixture
def planned(app, org, cycle) -> int:
    return make_conversation(
        app, org.employee, org.manager, cycle, ConversationKind.REVIEW, preparation_notes=NOTES
    )


def details_of(person: User, **changes) -> people.PersonDetails:
    values = {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number,
        "department_id": person.department_id,
        "manager_id": person.manager_id,
        "function_id": person.function_id,
        "function_level_id": person.function_level_id,
        "roles": set(person.roles),
    }
    values.update(changes)
    return people.PersonDetails(**values)


def change_manager(app, actor_id: int | None, person_id: int, manager_id: int | None) -> None:
    with app.app_context():
        actor = db.session.get(User, actor_id) if actor_id else None
        person = db.session.get(User, person_id)
        people.update_person(actor, person, details_of(person, manager_id=manager_id))
        db.session.commit()


def conversation(app, conversation_id: int) -> Conversation:
    with app.app_context():
        found = db.session.get(Conversation, conversation_id)
        db.session.expunge_all()
        return found


def notifications_of(app, user_id: int, kind: NotificationKind) -> list[tuple[int | None, str]]:
    with app.app_context():
        found = db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user_id, Notification.kind == kind.value)
            .order_by(Notification.id)
        ).all()
        return [(item.actor_id, describe(item)) for item in found]


def test_a_planned_conversation_moves_with_empty_notes_and_the_old_ones_are_kept(app, org, planned):
    change_manager(app, org.hr, org.employee, org.other_manager)
    moved = conversation(app, planned)
    assert (moved.manager_id, moved.preparation_notes) == (org.other_manager, "")
    assert moved.calendar_sequence == 1  # the invitation now comes from the new manager
    with app.app_context():
        (kept,) = db.session.scalars(select(KeptPreparationNotes)).all()
        assert (kept.conversation_id, kept.manager_id, kept.new_manager_id, kept.notes) == (
            planned,
            org.manager,
            org.other_manager,
            NOTES,
        )


def test_held_signed_and_closed_cycle_conversations_stay(app, org, cycle, planned):
    held = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle,
        ConversationKind.PLANNING,
        ConversationStatus.HELD,
        preparation_notes="Gevoerd.",
    )
    signed = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle,
        ConversationKind.APPRAISAL,
        ConversationStatus.SIGNED,
    )
    last_year = make_cycle(app, date.today().year - 1)
    with app.app_context():
        db.session.get(Cycle, last_year).is_open = False
        db.session.commit()
    old = make_conversation(
        app, org.employee, org.manager, last_year, ConversationKind.REVIEW, preparation_notes="Oud"
    )
    change_manager(app, org.hr, org.employee, org.other_manager)
    assert conversation(app, planned).manager_id == org.other_manager
    for stays in (held, signed, old):
        assert conversation(app, stays).manager_id == org.manager
    assert conversation(app, held).preparation_notes == "Gevoerd."
    assert conversation(app, old).preparation_notes == "Oud"


def test_a_proposal_awaiting_approval_reaches_the_new_manager(app, org, cycle, planned):
    make_goal(app, org.employee, cycle, GoalStatus.PROPOSED, title="Beter plannen")
    make_goal(app, org.employee, cycle, GoalStatus.AGREED, title="Al afgesproken")
    change_manager(app, org.hr, org.employee, org.other_manager)
    assert notifications_of(app, org.other_manager, NotificationKind.GOAL_PROPOSED) == [
        (org.employee, 'Sanne Medewerker stelt het doel "Beter plannen" voor.')
    ]
    assert notifications_of(app, org.manager, NotificationKind.GOAL_PROPOSED) == []


def test_both_managers_are_told_and_the_handover_is_audited(app, org, cycle, planned):
    make_goal(app, org.employee, cycle, GoalStatus.PROPOSED)
    change_manager(app, org.hr, org.employee, org.other_manager)
    assert notifications_of(app, org.other_manager, NotificationKind.MANAGER_HANDED_OVER) == [
        (
            org.hr,
            "Sanne Medewerker heeft nu jou als leidinggevende, in plaats van Marieke Manager. "
            "1 gepland gesprek gaat naar je over. 1 doel wacht op je akkoord.",
        )
    ]
    assert notifications_of(app, org.manager, NotificationKind.MANAGER_HANDED_OVER) == [
        (
            org.hr,
            "Sanne Medewerker heeft nu Karim Manager als leidinggevende. 1 gepland gesprek gaat "
            "mee naar Karim Manager. Je voorbereiding is voor jou bewaard: alleen jij kunt die "
            "lezen.",
        )
    ]
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(["manager_handed_over", "conversation_handed_over"]))
            .order_by(AuditEvent.id)
        ).all()
        assert [(e.action, e.object_id, e.actor_id) for e in events] == [
            ("manager_handed_over", org.employee, org.hr),
            ("conversation_handed_over", planned, org.hr),
        ]
        assert events[0].changes["manager_id"] == [org.manager, org.other_manager]
        assert events[0].changes["conversations_moved"] == [0, 1]
        assert events[0].changes["preparation_kept"] == [0, 1]


def test_the_new_managers_team_view_shows_the_open_goals_and_planned_conversation(
    app, org, cycle, planned, client, login
):
    make_goal(app, org.employee, cycle, GoalStatus.PROPOSED, title="Beter plannen")
    change_manager(app, org.hr, org.employee, org.other_manager)
    login(org.other_manager)
    team = client.get("/team/").text
    assert "Sanne Medewerker" in team
    file = client.get(f"/team/medewerker/{org.employee}").text
    assert "Beter plannen" in file
    page = client.get(f"/gesprekken/{planned}")
    assert page.status_code == 200
    assert NOTES not in page.text


@pytest.mark.parametrize(
    ("start", "end"),
    [("manager", None), (None, "manager"), ("manager", "manager")],
    ids=["manager removed", "first manager", "same manager"],
)
def test_nothing_moves_without_a_previous_and_a_new_manager(app, org, cycle, make_user, start, end):
    employee = make_user("Nina Nieuw", manager_id=getattr(org, start) if start else None)
    planned = make_conversation(app, employee, org.manager, cycle, preparation_notes=NOTES)
    change_manager(app, org.hr, employee, getattr(org, end) if end else None)
    assert conversation(app, planned).manager_id == org.manager
    assert conversation(app, planned).preparation_notes == NOTES
    with app.app_context():
        assert db.session.scalar(select(func.count(KeptPreparationNotes.id))) == 0
        assert (
            db.session.scalar(
                select(func.count(Notification.id)).where(
                    Notification.kind == NotificationKind.MANAGER_HANDED_OVER.value
                )
            )
            == 0
        )


def test_a_refused_change_moves_nothing(app, org, planned):
    with app.app_context():
        person = db.session.get(User, org.employee)
        with pytest.raises(people.PersonRuleError):
            people.update_person(
                db.session.get(User, org.hr),
                person,
                details_of(person, name="", manager_id=org.other_manager),
            )
        db.session.rollback()
    assert conversation(app, planned).manager_id == org.manager
    with app.app_context():
        assert db.session.scalar(select(func.count(KeptPreparationNotes.id))) == 0


def test_the_csv_import_hands_over_and_a_conversation_the_stand_in_planned_moves_too(
    app, org, cycle, planned
):
    by_stand_in = make_conversation(
        app, org.colleague, org.other_manager, cycle, preparation_notes="Van de vervanger"
    )
    rows = []
    with app.app_context():
        for person_id in (org.employee, org.colleague):
            person = db.session.get(User, person_id)
            rows.append(
                f"{person.employee_number};{person.name};{person.email};Dienstverlening;"
                f"{number_of(app, org.hr)};;"
            )
    with app.app_context():
        report = import_people(csv_file(*rows), db.session.get(User, org.hr))
        assert report.problems == []
        db.session.commit()
    assert conversation(app, planned).manager_id == org.hr
    assert conversation(app, by_stand_in).manager_id == org.hr
    with app.app_context():
        kept = db.session.execute(
            select(KeptPreparationNotes.manager_id, KeptPreparationNotes.notes).order_by(
                KeptPreparationNotes.id
            )
        ).all()
        assert [tuple(row) for row in kept] == [
            (org.manager, NOTES),
            (org.other_manager, "Van de vervanger"),
        ]


def statements_of_handover(app, count_queries, pairs: int, make_user, org, cycle) -> int:
    changes = []
    for number in range(pairs):
        employee = make_user(manager_id=org.manager)
        make_conversation(app, employee, org.manager, cycle, preparation_notes=f"Notitie {number}")
        make_goal(app, employee, cycle, GoalStatus.PROPOSED)
        changes.append(handover.ManagerChange(employee, org.manager, org.other_manager))
    with app.app_context():
        actor = db.session.get(User, org.hr)
        with count_queries() as statements:
            outcome = handover.hand_over(actor, changes)
        assert (outcome.moved, outcome.kept_notes, outcome.proposals) == (pairs, pairs, pairs)
        db.session.commit()
        return len(statements)


def test_a_handover_takes_the_same_statements_for_2_and_for_50_people(
    app, org, cycle, make_user, count_queries
):
    few = statements_of_handover(app, count_queries, 2, make_user, org, cycle)
    many = statements_of_handover(app, count_queries, 50, make_user, org, cycle)
    assert few == many


def test_anonymising_the_employee_drops_the_kept_notes_too(app, org, planned):
    change_manager(app, org.hr, org.employee, org.other_manager)
    with app.app_context():
        anonymise_batch([db.session.get(User, org.employee)], db.session.get(User, org.hr))
        db.session.commit()
        assert db.session.scalar(select(func.count(KeptPreparationNotes.id))) == 0


@pytest.mark.parametrize(
    ("notes", "previous_link"), [(NOTES, "/team/bewaarde-voorbereiding"), ("", "")]
)
def test_the_notifications_lead_to_the_persons_file_and_to_the_kept_notes(
    app, org, cycle, notes, previous_link
):
    make_conversation(app, org.employee, org.manager, cycle, preparation_notes=notes)
    change_manager(app, org.hr, org.employee, org.other_manager)
    with app.app_context():
        links = dict(
            db.session.execute(
                select(Notification.recipient_id, Notification.link).where(
                    Notification.kind == NotificationKind.MANAGER_HANDED_OVER.value
                )
            ).all()
        )
    assert links == {
        org.other_manager: f"/team/medewerker/{org.employee}",
        org.manager: previous_link,
    }


def test_a_proposal_left_in_a_closed_cycle_is_not_passed_on(app, org, cycle):
    last_year = make_cycle(app, date.today().year - 1)
    make_goal(app, org.employee, last_year, GoalStatus.PROPOSED, title="Vorig jaar")
    with app.app_context():
        db.session.get(Cycle, last_year).is_open = False
        db.session.commit()
    change_manager(app, org.hr, org.employee, org.other_manager)
    assert notifications_of(app, org.other_manager, NotificationKind.GOAL_PROPOSED) == []
