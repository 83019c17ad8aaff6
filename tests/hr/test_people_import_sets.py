"""The people import stores in sets: its statements do not grow with the rows of the file,
and what it writes in sets (roles taken away, audit events) is what one by one would write."""

from sqlalchemy import func, select

from pop.extensions import db
from pop.models import AuditEvent, Conversation, GoalStatus, KeptPreparationNotes, Role, User
from pop.people.csv_import import import_people
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
