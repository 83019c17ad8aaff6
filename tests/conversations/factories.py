"""Test data for the conversation cycle, made straight in the database; helpers return ids."""

from dataclasses import dataclass
from datetime import date

from pop.extensions import db
from pop.labels import DEFAULT_RATING_SCALE
from pop.models import (
    BehaviourIndicator,
    CheckIn,
    Competency,
    Conversation,
    ConversationKind,
    ConversationRating,
    ConversationStatus,
    Cycle,
    FunctionCompetency,
    Goal,
    GoalStatus,
    InterviewQuestion,
    JobFunction,
    ResultArea,
    User,
)

TODAY = date.today()


@dataclass
class FunctionIds:
    """A function with two competencies of two behaviour indicators each."""

    function: int
    competencies: list[int]
    indicators: dict[int, list[int]]  # competency id -> indicator ids


def make_cycle(app, year: int = TODAY.year) -> int:
    with app.app_context():
        cycle = Cycle(name=str(year), starts_on=date(year, 1, 1), ends_on=date(year, 12, 31))
        db.session.add(cycle)
        db.session.commit()
        return cycle.id


def make_function(app, people: list[int], title: str = "Beleidsmedewerker") -> FunctionIds:
    with app.app_context():
        function = JobFunction(
            title=title,
            purpose="Adviseert over beleid.",
            source_filename=f"{title.lower()}.txt",
            content_hash="x" * 64,
        )
        function.result_areas = [
            ResultArea(position=1, core_activity="Advies uitbrengen", result="Een helder advies.")
        ]
        competencies = []
        for number, name in enumerate(["Klantgerichtheid", "Samenwerken"], start=1):
            competency = Competency(
                name=f"{name} ({title})",
                description=f"{name}: omschrijving.",
                description_key=f"{title}-{name}".lower(),
            )
            competency.indicators = [
                BehaviourIndicator(position=1, text=f"{name}: luistert goed."),
                BehaviourIndicator(position=2, text=f"{name}: vraagt door."),
            ]
            competency.questions = [
                InterviewQuestion(position=1, text=f"Vraag over {name.lower()}?"),
            ]
            db.session.add(competency)
            function.competency_links.append(
                FunctionCompetency(competency=competency, position=number)
            )
            competencies.append(competency)
        db.session.add(function)
        db.session.flush()
        for person_id in people:
            db.session.get(User, person_id).function_id = function.id
        db.session.commit()
        return FunctionIds(
            function=function.id,
            competencies=[c.id for c in competencies],
            indicators={c.id: [i.id for i in c.indicators] for c in competencies},
        )


def make_conversation(
    app,
    employee_id: int,
    manager_id: int,
    cycle_id: int,
    kind: ConversationKind = ConversationKind.APPRAISAL,
    status: ConversationStatus = ConversationStatus.PLANNED,
    **fields,
) -> int:
    values = {
        "planned_on": TODAY,
        "rating_scale": list(DEFAULT_RATING_SCALE),
        "preparation_notes": "",
    }
    if status in (ConversationStatus.HELD, ConversationStatus.SIGNED):
        values["held_on"] = TODAY
    values.update(fields)
    with app.app_context():
        conversation = Conversation(
            employee_id=employee_id,
            manager_id=manager_id,
            cycle_id=cycle_id,
            kind=kind.value,
            status=status.value,
            **values,
        )
        db.session.add(conversation)
        db.session.commit()
        return conversation.id


def add_rating(app, conversation_id: int, competency_id: int, score: int, indicator_id=None):
    with app.app_context():
        db.session.add(
            ConversationRating(
                conversation_id=conversation_id,
                competency_id=competency_id,
                indicator_id=indicator_id,
                score=score,
            )
        )
        db.session.commit()


def make_goal(
    app,
    employee_id: int,
    cycle_id: int,
    status: GoalStatus = GoalStatus.AGREED,
    check_ins: int = 0,
    **fields,
) -> int:
    values = {
        "title": f"Doel {fields.pop('number', '')}".strip(),
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
        db.session.flush()
        for number in range(check_ins):
            db.session.add(
                CheckIn(
                    goal_id=goal.id,
                    author_id=employee_id,
                    on=TODAY,
                    progress=min(100, number * 10),
                    note=f"Stap {number}",
                )
            )
        db.session.commit()
        return goal.id
