"""Fixtures for the development plan: a cycle, a competency with tips, goals in any status."""

from datetime import date

import pytest

from pop.extensions import db
from pop.models import Competency, Cycle, DevelopmentTip, Goal, GoalStatus

TODAY = date.today()


@pytest.fixture
def cycle_id(app) -> int:
    with app.app_context():
        cycle = Cycle(
            name=str(TODAY.year), starts_on=date(TODAY.year, 1, 1), ends_on=date(TODAY.year, 12, 31)
        )
        db.session.add(cycle)
        db.session.commit()
        return cycle.id


@pytest.fixture
def tip_id(app) -> int:
    with app.app_context():
        competency = Competency(
            name="Klantgerichtheid",
            description="Wensen en behoeften van klanten herkennen.",
            description_key="klantgerichtheid-test",
        )
        competency.tips = [
            DevelopmentTip(position=1, text="Vraag gerichte feedback op je teksten."),
            DevelopmentTip(position=2, text="Volg een cursus effectief schrijven."),
        ]
        db.session.add(competency)
        db.session.commit()
        return competency.tips[0].id


@pytest.fixture
def make_goal(app, cycle_id):
    """Create a goal for an employee directly in the database, in any status; returns its id."""
    counter = iter(range(1, 10_000))

    def make(employee_id: int, status: GoalStatus = GoalStatus.CONCEPT, **fields) -> int:
        number = next(counter)
        values = {
            "title": f"Doel {number}",
            "specific": "Ik schrijf elke week een verslag van het teamoverleg.",
            "measurable": "Mijn leidinggevende leest drie verslagen en geeft feedback.",
            "achievable": "Het helpt het team en mij om helder te schrijven.",
            "realistic": "Een uur per week, met steun van een collega.",
            "starts_on": date(TODAY.year, 1, 1),
            "deadline": date(TODAY.year, 12, 31),
        }
        values.update(fields)
        with app.app_context():
            goal = Goal(employee_id=employee_id, cycle_id=cycle_id, status=status.value, **values)
            db.session.add(goal)
            db.session.commit()
            return goal.id

    return make
