"""The demo organisation from seeds/: departments, people and their functions."""

import tomllib
from datetime import date, timedelta

import click
from sqlalchemy import select

from pop.extensions import db
from pop.models import Department, GoalStatus, JobFunction, Role, User
from pop.passwords import hash_password
from pop.resources import SEEDS

DEMO_FILE = SEEDS / "demo_organisation.toml"
FUNCTIONS_DIR = SEEDS / "functions"


def _demo() -> dict:
    with DEMO_FILE.open("rb") as handle:
        return tomllib.load(handle)


def load_demo_organisation() -> int:
    """Create what is missing of the demo organisation; returns the number of people created."""
    from pop.catalogue.importer import import_path

    import_path(FUNCTIONS_DIR, actor=None)
    demo = _demo()
    departments = _ensure_departments(demo["departments"])
    created = 0
    people: dict[str, User] = {}
    for row in demo["people"]:
        user = db.session.scalar(select(User).where(User.email == row["email"]))
        if user is None:
            user = User(name=row["name"], email=row["email"], employee_number=row["number"])
            user.roles = {Role(role) for role in row["roles"]}
            user.hr_organisation_wide = Role.HR in user.roles  # the demo's HR sees everyone
            user.password_hash = hash_password(demo["password"])
            user.department = departments[row["department"]]
            user.function = _function(row.get("function"))
            db.session.add(user)
            created += 1
        people[row["number"]] = user
    for row in demo["people"]:
        if "manager" in row and people[row["number"]].manager is None:
            people[row["number"]].manager = people[row["manager"]]
    db.session.flush()
    for row in demo.get("goals", []):
        _ensure_goal(row, people[row["employee"]])
    db.session.commit()
    return created


def _ensure_goal(row: dict, employee: User) -> None:
    """One demo goal, walked through the real services so that its history is real too."""
    from pop.plan import check_ins, current_cycle, services

    if employee.function is None:
        return
    competency = employee.function.competency_links[row["competency"] - 1].competency
    tip = competency.tips[row["tip"] - 1]
    cycle = current_cycle.current_cycle()
    suggestion = services.suggestion_for_tip(tip, cycle)
    if services.title_in_use(employee.id, suggestion.title):
        return
    today = date.today()
    suggestion.starts_on = cycle.starts_on
    suggestion.measurable = "Mijn leidinggevende ziet in drie voorbeelden wat ik anders doe."
    suggestion.achievable = "Het helpt mij in mijn werk en het team in de dienstverlening."
    suggestion.realistic = "Twee uur per maand, met steun van mijn leidinggevende."
    if "deadline_days_ago" in row:
        suggestion.deadline = max(
            today - timedelta(days=row["deadline_days_ago"]), cycle.starts_on + timedelta(days=1)
        )
    goal = services.create_goal(employee, cycle, suggestion, employee, source_tip=tip)
    status = GoalStatus(row["status"])
    if status == GoalStatus.CONCEPT:
        return
    services.propose(goal, employee)
    if status == GoalStatus.PROPOSED:
        return
    services.agree(goal, employee.manager)
    for check_in in row.get("check_ins", []):
        check_ins.add_check_in(
            goal,
            employee,
            on=max(today - timedelta(weeks=check_in["weeks_ago"]), cycle.starts_on),
            progress=check_in["progress"],
            note=check_in["note"],
        )


def _ensure_departments(rows: list[dict]) -> dict[str, Department]:
    by_name: dict[str, Department] = {}
    for row in rows:
        parent = by_name.get(row.get("parent", ""))
        same_parent = (
            Department.parent_id == parent.id if parent else Department.parent_id.is_(None)
        )
        department = db.session.scalar(
            select(Department).where(Department.name == row["name"], same_parent)
        )
        if department is None:
            department = Department(name=row["name"], parent=parent)
            db.session.add(department)
            db.session.flush()
        by_name[row["name"]] = department
    return by_name


def _function(source_filename: str | None) -> JobFunction | None:
    if not source_filename:
        return None
    return db.session.scalar(
        select(JobFunction).where(JobFunction.source_filename == source_filename)
    )


def print_demo_logins() -> None:
    demo = _demo()
    click.echo(f"Demo log-ins (password for all: {demo['password']}):")
    for row in demo["people"]:
        click.echo(f"  {row['email']:<32} {', '.join(row['roles'])}")
