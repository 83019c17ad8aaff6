"""The management reports, each against an independent count of a generated organisation."""

from collections import Counter, defaultdict

from sqlalchemy import delete

from pop.extensions import db
from pop.hr.filter import make_filter
from pop.hr.totals_refresh import refresh
from pop.models import ConversationKind, HrTotal, HrTotalState
from pop.reports import queries as reports
from tests.hr_overview.conftest import AGREED, OPEN, TODAY, generate


def whole_organisation(catalogue):
    return make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None)


def test_functions_report_counts_the_employees_of_every_function(app, catalogue):
    generated = generate(app, catalogue, 400)
    with app.app_context():
        rows = reports.functions_report(whole_organisation(catalogue))
        in_family = reports.functions_report(
            make_filter(
                cycle_id=catalogue.cycle_id,
                allowed_department_ids=None,
                family_id=catalogue.families["Dienstverlening"],
            )
        )
    expected = Counter(person["function_id"] for person in generated.employees())
    assert {row.id: row.employees for row in rows} == {
        function_id: expected.get(function_id, 0) for function_id in catalogue.functions.values()
    }
    assert [row.family for row in rows] == sorted(row.family for row in rows)
    assert {row.title for row in in_family} == {"Klantadviseur", "Baliemedewerker"}
    adviser = next(row for row in rows if row.title == "Beleidsadviseur")
    assert adviser.scales == ["10", "11"]


def test_functions_report_counts_what_the_totals_held_when_they_were_brought_up_to_date(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 60)
    with app.app_context():
        db.session.execute(delete(HrTotal))
        db.session.execute(delete(HrTotalState))
        db.session.commit()
        empty = reports.functions_report(whole_organisation(catalogue))
        refresh()
        db.session.commit()
        counted = reports.functions_report(whole_organisation(catalogue))
    assert sum(row.employees for row in empty) == 0
    assert sum(row.employees for row in counted) > 0
    login(hr_user)
    page = client.get("/hr/rapportages/functies").get_data(as_text=True)
    assert "Cijfers: stand van" in page


def test_progress_report_per_department_matches_an_independent_count(app, catalogue):
    generated = generate(app, catalogue, 500)
    with app.app_context():
        rows = reports.progress_report(whole_organisation(catalogue))
    people = generated.employees()
    by_department = defaultdict(list)
    for person in people:
        by_department[person["department_id"]].append(person["id"])
    for row in rows:
        ids = set(by_department[row.department_id])
        goals = [g for g in generated.goals if g["employee_id"] in ids]
        agreed = [g for g in goals if g["status"] in AGREED]
        assert row.employees == len(ids)
        assert row.with_pop == len({g["employee_id"] for g in agreed})
        assert row.goals == len(goals)
        assert row.done == sum(1 for g in goals if g["status"] == "afgerond")
        assert row.overdue == sum(1 for g in goals if g["status"] in OPEN and g["deadline"] < TODAY)
        assert row.progress_sum == sum(g["progress"] for g in agreed)
    total = reports.progress_total(rows, "Totaal")
    assert total.employees == len(people)


def test_conversations_report_shows_which_managers_are_behind(app, catalogue):
    generated = generate(app, catalogue, 300)
    with app.app_context():
        rows = reports.conversations_report(whole_organisation(catalogue))
    people = generated.employees()
    held = {
        (c["employee_id"], c["kind"])
        for c in generated.conversations
        if c["cycle_id"] == catalogue.cycle_id and c["status"] in ("gevoerd", "ondertekend")
    }
    teams = defaultdict(list)
    for person in people:
        teams[person.get("manager_id")].append(person["id"])
    assert {row.manager_id for row in rows} == set(teams)
    for row in rows:
        team = teams[row.manager_id]
        assert row.team == len(team)
        for kind in ConversationKind:
            assert row.done[kind.value] == sum(1 for p in team if (p, kind.value) in held)
        # The planning deadline (1 January) has passed: everyone without one is late.
        if catalogue.cycle_start < TODAY:
            assert row.late(ConversationKind.PLANNING.value) == row.open(
                ConversationKind.PLANNING.value
            )
        assert row.late(ConversationKind.REVIEW.value) == 0  # no deadline
    lateness = [row.total_late for row in rows]
    assert lateness == sorted(lateness, reverse=True)


def test_competency_development_averages_ratings_per_cycle(app, catalogue):
    generated = generate(app, catalogue, 200)
    with app.app_context():
        report = reports.development_report(whole_organisation(catalogue))
    conversations = {
        c["id"]: c for c in generated.conversations if c["status"] in ("gevoerd", "ondertekend")
    }
    scores = defaultdict(list)
    for rating in generated.ratings:
        conversation = conversations[rating["conversation_id"]]
        scores[(rating["competency_id"], conversation["cycle_id"])].append(rating["score"])
    assert [cycle.id for cycle in report.cycles] == [
        catalogue.previous_cycle_id,
        catalogue.cycle_id,
    ]
    found = {
        (competency.id, cycle_id): figures
        for competency in report.competencies
        for cycle_id, figures in competency.by_cycle.items()
    }
    assert set(found) == set(scores)
    for key, values in scores.items():
        assert found[key].ratings == len(values)
        assert found[key].average == round(sum(values) / len(values), 2)


def test_report_pages_link_to_the_people_behind_them(app, client, login, catalogue, hr_user):
    generate(app, catalogue, 80)
    login(hr_user)
    functions = client.get("/hr/rapportages/functies").get_data(as_text=True)
    assert "Functies per functiefamilie, met aantal medewerkers" in functions
    assert f"function={catalogue.functions['Beleidsadviseur']}" in functions
    assert "Cijfers: stand van" in functions  # counted from the maintained totals
    managers = client.get("/hr/rapportages/gesprekken").get_data(as_text=True)
    assert "leidinggevende=" in managers
    assert "te laat" in managers
    progress = client.get("/hr/rapportages/voortgang").get_data(as_text=True)
    assert "Gemeente › Sociaal Domein" in progress
