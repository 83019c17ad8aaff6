"""The generated organisation: the sizes asked for, the app's invariants, and determinism."""

from datetime import date

import pytest
from sqlalchemy import func, select, text

from benchmarks.generate import (
    BENCH_PASSWORD,
    BIG_TEAM,
    CHECK_INS_PER_PERSON,
    EMPLOYEE_EMAIL,
    GOALS_PER_PERSON,
    MANAGER_EMAIL,
    GenerationError,
    generate,
    reset_database,
)
from pop.extensions import db
from pop.models import (
    CheckIn,
    Conversation,
    ConversationRating,
    Goal,
    JobFunction,
    User,
)

SMALL_CATALOGUE = {"functions": 12, "competencies": 10}
TODAY = date.today()


def _generate(app, employees: int, seed: int = 5) -> dict:
    with app.app_context():
        return generate(employees, seed, **SMALL_CATALOGUE).counts


def _scalar(app, statement):
    with app.app_context():
        return db.session.scalar(statement)


def test_generates_the_sizes_asked_for(app):
    counts = _generate(app, 50)

    with_manager = 50 - 1  # the top of the organisation has no manager
    assert counts["user_account"] == 50
    assert counts["job_function"] == 12
    assert counts["goal"] == GOALS_PER_PERSON * 50
    assert counts["check_in"] == CHECK_INS_PER_PERSON * with_manager
    assert counts["conversation"] == 3 * with_manager
    assert counts["conversation_rating"] > 0


def test_one_manager_leads_a_team_of_40(app):
    _generate(app, 60)

    manager_id = _scalar(app, select(User.id).where(User.email == MANAGER_EMAIL))
    team = _scalar(app, select(func.count(User.id)).where(User.manager_id == manager_id))
    largest = _scalar(
        app,
        select(func.count(User.id))
        .where(User.manager_id.is_not(None))
        .group_by(User.manager_id)
        .order_by(func.count(User.id).desc())
        .limit(1),
    )
    assert team == largest == BIG_TEAM
    employee_manager = _scalar(app, select(User.manager_id).where(User.email == EMPLOYEE_EMAIL))
    assert employee_manager == manager_id


INVARIANTS = {
    "goal outside its cycle or ending before it starts": """
        SELECT count(*) FROM goal g JOIN cycle c ON c.id = g.cycle_id
        WHERE g.deadline <= g.starts_on OR g.starts_on < c.starts_on OR g.deadline > c.ends_on
    """,
    "check-in on a goal that was never agreed": """
        SELECT count(*) FROM check_in ci JOIN goal g ON g.id = ci.goal_id
        WHERE g.status NOT IN ('bezig', 'afgerond', 'gestopt')
    """,
    "goal under way without check-ins": """
        SELECT count(*) FROM goal g WHERE g.status IN ('bezig', 'afgerond', 'gestopt')
        AND NOT EXISTS (SELECT 1 FROM check_in ci WHERE ci.goal_id = g.id)
    """,
    "goal progress not that of its latest check-in": """
        SELECT count(*) FROM goal g WHERE g.status IN ('bezig', 'afgerond', 'gestopt')
        AND g.progress != (SELECT ci.progress FROM check_in ci WHERE ci.goal_id = g.id
                           ORDER BY ci."on" DESC, ci.id DESC LIMIT 1)
    """,
    "finished goal not at 100%": """
        SELECT count(*) FROM goal WHERE status = 'afgerond' AND progress != 100
    """,
    "check-in in the future": 'SELECT count(*) FROM check_in WHERE "on" > :today',
    "two open goals of one person with the same title": """
        SELECT count(*) FROM (SELECT employee_id, lower(title) FROM goal
        WHERE status NOT IN ('afgerond', 'gestopt') GROUP BY 1, 2 HAVING count(*) > 1) AS d
    """,
    "conversation not led by the employee's manager": """
        SELECT count(*) FROM conversation v JOIN user_account u ON u.id = v.employee_id
        WHERE u.manager_id IS NULL OR u.manager_id != v.manager_id
    """,
    "two conversations of one kind in a cycle": """
        SELECT count(*) FROM (SELECT employee_id, cycle_id, kind FROM conversation
        GROUP BY 1, 2, 3 HAVING count(*) > 1) AS d
    """,
    "rating of a competency outside the employee's function": """
        SELECT count(*) FROM conversation_rating r
        JOIN conversation v ON v.id = r.conversation_id
        JOIN user_account u ON u.id = v.employee_id
        WHERE NOT EXISTS (SELECT 1 FROM function_competency fc
                          WHERE fc.function_id = u.function_id
                          AND fc.competency_id = r.competency_id)
    """,
    "rating of an indicator of another competency": """
        SELECT count(*) FROM conversation_rating r
        JOIN behaviour_indicator i ON i.id = r.indicator_id
        WHERE i.competency_id != r.competency_id
    """,
    "score off the scale": """
        SELECT (SELECT count(*) FROM conversation_rating WHERE score < 1 OR score > 5)
             + (SELECT count(*) FROM self_assessment_rating WHERE score < 1 OR score > 5)
             + (SELECT count(*) FROM conversation WHERE overall_rating < 1 OR overall_rating > 5)
    """,
    "ratings of a conversation that was not held": """
        SELECT count(*) FROM conversation_rating r JOIN conversation v
        ON v.id = r.conversation_id WHERE v.status NOT IN ('gevoerd', 'ondertekend')
    """,
    "held in the future or before its cycle": """
        SELECT count(*) FROM conversation v JOIN cycle c ON c.id = v.cycle_id
        WHERE v.held_on > :today OR v.held_on < c.starts_on
    """,
    "signed report without both signatures": """
        SELECT count(*) FROM conversation WHERE status = 'ondertekend'
        AND (manager_signed_at IS NULL OR employee_signed_at IS NULL)
    """,
    "overall judgement outside an appraisal": """
        SELECT count(*) FROM conversation
        WHERE overall_rating IS NOT NULL AND kind != 'beoordelingsgesprek'
    """,
    "signed appraisal without a judgement": """
        SELECT count(*) FROM conversation WHERE kind = 'beoordelingsgesprek'
        AND manager_signed_at IS NOT NULL AND overall_rating IS NULL
    """,
}


def test_generated_data_keeps_the_apps_invariants(app):
    _generate(app, 60)

    with app.app_context():
        broken = {
            invariant: db.session.scalar(text(sql), {"today": TODAY})
            for invariant, sql in INVARIANTS.items()
        }
    assert {invariant: count for invariant, count in broken.items() if count} == {}


def _snapshot(app) -> dict:
    with app.app_context():
        return {
            "people": db.session.execute(
                select(
                    User.id,
                    User.name,
                    User.email,
                    User.manager_id,
                    User.department_id,
                    User.function_id,
                ).order_by(User.id)
            ).all(),
            "goals": db.session.execute(
                select(
                    Goal.employee_id,
                    Goal.title,
                    Goal.status,
                    Goal.progress,
                    Goal.starts_on,
                    Goal.deadline,
                ).order_by(Goal.id)
            ).all(),
            "check_ins": db.session.execute(
                select(CheckIn.goal_id, CheckIn.on, CheckIn.progress).order_by(CheckIn.id)
            ).all(),
            "conversations": db.session.execute(
                select(
                    Conversation.employee_id,
                    Conversation.kind,
                    Conversation.status,
                    Conversation.planned_on,
                    Conversation.overall_rating,
                ).order_by(Conversation.id)
            ).all(),
            "ratings": db.session.execute(
                select(ConversationRating.competency_id, ConversationRating.score).order_by(
                    ConversationRating.id
                )
            ).all(),
            "functions": db.session.scalars(
                select(JobFunction.title).order_by(JobFunction.id)
            ).all(),
        }


def test_the_same_seed_generates_the_same_organisation(app):
    _generate(app, 40, seed=7)
    first = _snapshot(app)
    with app.app_context():
        reset_database()
    _generate(app, 40, seed=7)

    assert _snapshot(app) == first


def test_another_seed_generates_another_organisation(app):
    _generate(app, 40, seed=7)
    first = _snapshot(app)
    with app.app_context():
        reset_database()
    _generate(app, 40, seed=8)

    assert _snapshot(app)["people"] != first["people"]


def test_refuses_a_database_that_holds_people(app, make_user):
    make_user("Bestaande Medewerker")

    with app.app_context(), pytest.raises(GenerationError, match="already holds people"):
        generate(20, 1, **SMALL_CATALOGUE)


def test_generated_people_log_in_with_the_shared_password(app, client):
    _generate(app, 20)

    response = client.post("/auth/login", data={"email": MANAGER_EMAIL, "password": BENCH_PASSWORD})
    assert response.status_code == 302


def test_cli_generates_into_an_empty_database(app, runner):
    result = runner.invoke(
        args=[
            "bench",
            "generate",
            "--employees",
            "30",
            "--seed",
            "3",
            "--functions",
            "6",
            "--competencies",
            "8",
        ]
    )

    assert result.exit_code == 0, result.output
    assert "Generated 30 employees (seed 3)" in result.output
    assert _scalar(app, select(func.count(User.id))) == 30


def test_cli_refuses_a_second_run_without_reset(app, runner):
    args = ["bench", "generate", "--employees", "20", "--functions", "4", "--competencies", "6"]
    assert runner.invoke(args=args).exit_code == 0

    again = runner.invoke(args=args)

    assert again.exit_code != 0
    assert "already holds people" in again.output
    assert _scalar(app, select(func.count(User.id))) == 20


def test_cli_reset_generates_again(app, runner):
    args = ["bench", "generate", "--employees", "20", "--functions", "4", "--competencies", "6"]
    assert runner.invoke(args=args).exit_code == 0

    again = runner.invoke(args=[*args, "--seed", "9", "--reset", "--yes"])

    assert again.exit_code == 0, again.output
    assert _scalar(app, select(func.count(User.id))) == 20


def test_rows_added_after_generating_get_fresh_ids(app, make_user):
    _generate(app, 20)

    # On PostgreSQL the id sequences must have moved past the generated ids.
    new_id = make_user("Nieuwe Collega")

    assert new_id == 21
