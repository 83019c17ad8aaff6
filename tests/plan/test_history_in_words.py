"""History in words: a goal's history and the audit log name what changed, never its code."""

from sqlalchemy import func, select

from pop import audit
from pop.extensions import db
from pop.models import AuditEvent, DevelopmentTip, Goal, GoalStatus, User

# The goal's history table in its page; the log's rows are the same words.
CHANGES = {
    "status": [GoalStatus.PROPOSED.value, GoalStatus.AGREED.value],
    "progress": [40, 55],
    "deadline": ["2026-06-30", "2026-12-31"],
}


def add_event(app, goal_id: int, tip_id: int, actor_id: int) -> None:
    with app.app_context():
        competency_id = db.session.get(DevelopmentTip, tip_id).competency_id
        goal = db.session.get(Goal, goal_id)
        changes = {"competency_id": [None, competency_id], **CHANGES}
        audit.record(db.session.get(User, actor_id), "goal_changed", goal, changes=changes)
        db.session.commit()


def test_goal_history_names_competency_status_progress_and_dates(
    app, client, org, login, make_goal, tip_id
):
    goal_id = make_goal(org.employee, title="Beter presenteren")
    add_event(app, goal_id, tip_id, org.employee)
    login(org.employee)
    page = client.get(f"/pop/doelen/{goal_id}").get_data(as_text=True)
    assert "competentie: — → Klantgerichtheid" in page
    assert "status: voorgesteld → afgesproken" in page
    assert "voortgang: 40% → 55%" in page
    assert "deadline: 30 jun 2026 → 31 dec 2026" in page
    for code in ["competentie: None", "voortgang: 40 →", "2026-06-30", "proposed →"]:
        assert code not in page


def test_goal_history_in_english_uses_english_words(app, client, org, login, make_goal, tip_id):
    goal_id = make_goal(org.employee)
    add_event(app, goal_id, tip_id, org.employee)
    login(org.employee)
    with app.app_context():
        db.session.get(User, org.employee).language = "en"
        db.session.commit()
    page = client.get(f"/pop/doelen/{goal_id}").get_data(as_text=True)
    assert "competency: — → Klantgerichtheid" in page
    assert "status: proposed → agreed" in page
    assert "progress: 40% → 55%" in page
    assert "deadline: Jun 30, 2026 → Dec 31, 2026" in page


def test_audit_log_names_the_object_not_its_type_and_id(app, client, org, login, make_goal, tip_id):
    goal_id = make_goal(org.employee, title="Beter presenteren")
    add_event(app, goal_id, tip_id, org.employee)
    login(org.hr)
    page = client.get(f"/hr/auditlog?object_type=Goal&object_id={goal_id}").get_data(as_text=True)
    assert "doel ‘Beter presenteren’" in page
    assert f"Goal {goal_id}" not in page
    assert "Klantgerichtheid" in page
    assert "40% → 55%" in page


def test_audit_log_queries_do_not_grow_with_events(
    app, client, org, login, make_goal, tip_id, count_queries
):
    def queries_with(events: int) -> int:
        for _ in range(events):
            add_event(app, make_goal(org.employee), tip_id, org.employee)
        with count_queries() as statements:
            assert client.get("/hr/auditlog").status_code == 200
        return len(statements)

    login(org.hr)
    few = queries_with(2)
    many = queries_with(40)
    assert few == many
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id))) >= 42
