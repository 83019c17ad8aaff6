"""The people import stores in sets: its statements do not grow with the rows of the file,
and what it writes in sets (roles taken away, audit events) is what one by one would write."""

import gc

from sqlalchemy import func, select

from pop import audit
from pop.extensions import db
from pop.models import AuditEvent, Conversation, GoalStatus, KeptPreparationNotes, Role, User
from pop.people import csv_import
from pop.people.csv_import import import_people
from pop.people.csv_insert import WAVES
from pop.people.csv_store import _changes
from tests.conversations.factories import make_conversation, make_cycle, make_goal
from tests.hr.test_people_import import HEADER, csv_file, email_of, number_of, person_by_number


def people(first: int, count: int, manager: str) -> bytes:
    return csv_file(
        *(
            f"{number};Persoon {number};p{number}@pop.example;Dienstverlening;{manager};;"
            for number in range(first, first + count)
        ),
        header=HEADER,
    )


def statements_of_import(app, count_queries, data: bytes, actor_id: int) -> int:
    with app.app_context():
        actor = db.session.get(User, actor_id)
        with count_queries() as statements:
            report = import_people(data, actor)
        assert report.problems == []
        db.session.commit()
        return len(statements)


def test_import_statements_do_not_grow_with_rows(app, org, count_queries):
    manager = number_of(app, org.manager)
    few = statements_of_import(app, count_queries, people(5000, 3, manager), org.hr)
    many = statements_of_import(app, count_queries, people(6000, 60, manager), org.hr)
    assert few == many
    # Updating them all again is no more statements either.
    again = statements_of_import(app, count_queries, people(6000, 60, ""), org.hr)
    assert again <= many


def test_import_takes_away_roles_the_file_leaves_out(app, org):
    manager = number_of(app, org.manager)
    data = csv_file(
        f"{manager};Marieke Manager;{email_of(app, org.manager)};Dienstverlening;;;medewerker"
    )
    with app.app_context():
        report = import_people(data, db.session.get(User, org.hr))
        db.session.commit()
    assert (report.updated, report.problems) == (1, [])
    assert person_by_number(app, manager).roles == {Role.EMPLOYEE}
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.object_id, event.actor_id) == (
            "person_updated",
            org.manager,
            org.hr,
        )
        assert event.changes["roles"] == [["employee", "manager"], ["employee"]]
        assert event.summary == "Marieke Manager gewijzigd via CSV-import"


def test_an_import_that_hands_people_over_takes_the_same_statements_for_3_and_60(
    app, org, count_queries
):
    cycle = make_cycle(app)
    manager, other = number_of(app, org.manager), number_of(app, org.other_manager)

    def moving(first: int, count: int) -> int:
        statements_of_import(app, count_queries, people(first, count, manager), org.hr)
        with app.app_context():
            ids = db.session.scalars(
                select(User.id).where(User.employee_number.like(f"{str(first)[:2]}%"))
            ).all()
        for person_id in ids:
            make_conversation(app, person_id, org.manager, cycle, preparation_notes="Notitie")
            make_goal(app, person_id, cycle, GoalStatus.PROPOSED)
        return statements_of_import(app, count_queries, people(first, count, other), org.hr)

    few, many = moving(5000, 3), moving(6000, 60)
    assert few == many
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(Conversation.id)).where(
                    Conversation.manager_id == org.other_manager
                )
            )
            == 63
        )
        assert db.session.scalar(select(func.count(KeptPreparationNotes.id))) == 63


def test_a_chain_of_new_people_longer_than_the_waves_gets_every_manager_line(app, org):
    # Listed from the bottom of the chain up: each is in the file before their manager.
    depth = WAVES + 4
    data = csv_file(
        *(
            f"{7000 + level};Keten {level};k{level}@pop.example;Dienstverlening;"
            f"{7000 + level - 1 if level else ''};;"
            + ("leidinggevende|medewerker" if level < depth - 1 else "")
            for level in reversed(range(depth))
        ),
        f"7100;Naast;naast@pop.example;Dienstverlening;{7000 + depth - 1};;",
    )
    with app.app_context():
        report = import_people(data, db.session.get(User, org.hr))
        db.session.commit()
    assert (report.created, report.problems) == (depth + 1, [])
    with app.app_context():
        people = {
            user.employee_number: user
            for user in db.session.scalars(select(User).where(User.employee_number >= "7000"))
        }
        created = {
            event.object_id: event.changes
            for event in db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "person_created")
            )
        }
        for level in range(depth):
            person = people[str(7000 + level)]
            manager = people[str(7000 + level - 1)] if level else None
            assert person.manager_id == (manager.id if manager else None)
            assert created[person.id].get("manager_id") == ([None, manager.id] if manager else None)
            roles = {Role.EMPLOYEE} | ({Role.MANAGER} if level < depth - 1 else set())
            assert person.roles == roles
            assert created[person.id]["roles"] == [None, sorted(role.value for role in roles)]
        assert people["7100"].manager_id == people[str(7000 + depth - 1)].id


def test_the_audit_changes_are_those_audit_diff_gives(app, org):
    before = {
        "name": "Oud",
        "email": "oud@pop.example",
        "employee_number": "1",
        "department_id": 3,
        "manager_id": None,
        "function_id": 4,
        "function_level_id": 5,
        "roles": ["employee", "manager"],
        "hr_scope": [2, 7],
        "hr_organisation_wide": False,
        "active": True,
        "has_password": True,
    }
    after = before | {"name": "Nieuw", "manager_id": 9, "function_level_id": None}
    after |= {"roles": ["employee"]}
    for old, new in ((before, after), (before, dict(before)), ({}, after), ({}, before)):
        assert _changes(old, new) == audit.diff(old, new)


def test_the_import_pauses_the_garbage_collector_and_leaves_it_as_it_was(app, org, monkeypatch):
    seen = []
    monkeypatch.setattr(csv_import, "store_rows", lambda *args: seen.append(gc.isenabled()))
    good = people(8000, 2, "")
    bad = csv_file("8100;;zonder-naam@pop.example;Dienstverlening;;;")
    with app.app_context():
        actor = db.session.get(User, org.hr)
        assert gc.isenabled()
        assert import_people(good, actor).problems == []
        assert seen == [False]
        assert gc.isenabled()
        assert import_people(bad, actor).problems != []
        assert gc.isenabled()
        gc.disable()
        try:
            import_people(good, actor)
            assert not gc.isenabled()
        finally:
            gc.enable()
        db.session.rollback()
