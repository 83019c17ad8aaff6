"""`pop import-people --deactivate-missing`: a full export deactivates leavers, all or nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import Goal, GoalStatus, PeopleImportRun, User
from pop.plan.current_cycle import current_cycle

HEADER = "personeelsnummer;naam;e-mail;afdeling"


def row(app, user_id: int, department: str) -> str:
    with app.app_context():
        person = db.session.get(User, user_id)
        return f"{person.employee_number};{person.name};{person.email};{department}"


@pytest.fixture
def export(app, org, tmp_path):
    """A full export in which the employee, the colleague and the other employee are missing."""
    lines = [
        HEADER,
        row(app, org.manager, "Dienstverlening"),
        row(app, org.other_manager, "Sociaal Domein"),
        row(app, org.hr, "Gemeente"),
        "9001;Nieuwe Collega;nieuw@gemeente.nl;Dienstverlening",
    ]
    path = tmp_path / "medewerkers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def goal_of_leaver(app, org):
    with app.app_context():
        goal = Goal(
            employee_id=org.employee,
            cycle_id=current_cycle().id,
            title="Helder schrijven",
            starts_on=date(2026, 1, 1),
            deadline=date(2026, 12, 31),
            status=GoalStatus.IN_PROGRESS.value,
        )
        db.session.add(goal)
        db.session.commit()
        return goal.id


def state(app) -> dict[str, bool]:
    with app.app_context():
        return {person.email: person.active for person in db.session.scalars(select(User))}


def test_leavers_are_deactivated_reported_and_kept(app, runner, org, export, goal_of_leaver):
    with app.app_context():
        people_before = db.session.scalar(select(func.count(User.id)))
    result = runner.invoke(args=["import-people", "--deactivate-missing", str(export)])
    assert result.exit_code == 0, result.output
    assert "Deactivated 3 people missing from the file." in result.output
    assert "Sanne Medewerker" in result.output
    with app.app_context():
        active = {p.id: p.active for p in db.session.scalars(select(User))}
        assert db.session.scalar(select(func.count(User.id))) == people_before + 1  # none deleted
        assert not active[org.employee]
        assert not active[org.colleague]
        assert not active[org.other_employee]
        assert active[org.manager]
        assert active[org.admin]  # administrators are never switched off by a file
        assert db.session.get(Goal, goal_of_leaver).employee_id == org.employee
        assert db.session.get(User, org.employee).deactivated_at is not None
        run = db.session.scalar(select(PeopleImportRun))
        assert run.succeeded
        assert run.deactivate_missing
        assert (run.created, run.deactivated) == (1, 3)
        assert {entry["id"] for entry in run.report["deactivated"]} == {
            org.employee,
            org.colleague,
            org.other_employee,
        }


def test_without_the_flag_nobody_is_deactivated(app, runner, org, export):
    result = runner.invoke(args=["import-people", str(export)])
    assert result.exit_code == 0, result.output
    assert all(state(app).values())


def test_people_added_by_hand_without_a_number_are_left_alone(app, runner, org, export):
    with app.app_context():
        db.session.get(User, org.colleague).employee_number = None
        db.session.commit()
    runner.invoke(args=["import-people", "--deactivate-missing", str(export)])
    with app.app_context():
        assert db.session.get(User, org.colleague).active


def test_a_bad_file_changes_nothing_and_deactivates_nobody(app, runner, org, export):
    export.write_text(
        export.read_text(encoding="utf-8") + "9002;Zonder Adres;;Dienstverlening\n",
        encoding="utf-8",
    )
    before = state(app)
    result = runner.invoke(args=["import-people", "--deactivate-missing", str(export)])
    assert result.exit_code == 1
    assert "Nothing was imported." in result.output
    assert state(app) == before
    with app.app_context():
        run = db.session.scalar(select(PeopleImportRun))
        assert not run.succeeded
        assert run.deactivated == 0
        assert any("regel 6" in problem for problem in run.report["problems"])


def test_hr_sees_the_last_runs_and_who_left(app, runner, org, export, client, login):
    runner.invoke(args=["import-people", "--deactivate-missing", str(export)])
    login(org.hr)
    assert "Imports uit het HR-systeem" in client.get("/hr/medewerkers").text
    page = client.get("/hr/importruns/").text
    assert "medewerkers.csv (volledige export)" in page
    assert "Sanne Medewerker" in page
    assert "opdrachtregel" in page


def test_the_runs_page_takes_as_many_queries_for_fifty_runs_as_for_two(
    app, org, client, login, count_queries
):
    def add_runs(number: int) -> None:
        with app.app_context():
            for index in range(number):
                db.session.add(
                    PeopleImportRun(
                        actor_id=org.hr,
                        filename=f"export-{index}.csv",
                        succeeded=True,
                        report={
                            "deactivated": [
                                {"id": org.employee, "name": "Sanne", "employee_number": "E1"}
                            ]
                        },
                    )
                )
            db.session.commit()

    login(org.hr)

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/hr/importruns/").status_code == 200
        return len(statements)

    add_runs(2)
    few = queries()
    add_runs(48)
    assert queries() == few
