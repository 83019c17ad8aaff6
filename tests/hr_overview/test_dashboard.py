"""The dashboard's figures, checked against an independent count of a generated organisation."""

import re
from collections import Counter, defaultdict
from datetime import timedelta

import pytest

from pop.extensions import db
from pop.hr.dashboard import dashboard
from pop.hr.drill_down import (
    ConversationStage,
    GoalQuestion,
    PeopleFigure,
    PeopleQuestion,
    goals_query,
    people_query,
)
from pop.hr.filter import CHECK_IN_WEEKS, make_filter
from pop.models import ConversationKind, GoalStatus
from tests import html
from tests.hr_overview.conftest import AGREED, OPEN, TODAY, generate, subtree

STAGE_RANK = {"gepland": 1, "voorbereid": 2, "gevoerd": 3, "ondertekend": 4}


def independent_figures(generated, catalogue, people: list[dict]) -> dict:
    """Every dashboard figure, counted in Python from what was inserted."""
    ids = {person["id"] for person in people}
    goals = [
        goal
        for goal in generated.goals
        if goal["employee_id"] in ids and goal["cycle_id"] == catalogue.cycle_id
    ]
    agreed = [goal for goal in goals if goal["status"] in AGREED]
    statuses = Counter(goal["status"] for goal in goals)
    end = min(TODAY, catalogue.cycle_end)
    monday = end - timedelta(days=end.weekday())
    starts = [monday - timedelta(weeks=CHECK_IN_WEEKS - 1 - i) for i in range(CHECK_IN_WEEKS)]
    goal_owner = {goal["id"]: goal["employee_id"] for goal in goals}
    weeks = []
    for start in starts:
        in_week = [
            check_in
            for check_in in generated.check_ins
            if check_in["goal_id"] in goal_owner
            and start <= check_in["on"] < start + timedelta(days=7)
        ]
        weeks.append((len(in_week), len({goal_owner[c["goal_id"]] for c in in_week})))
    furthest: dict[tuple[str, int], int] = {}
    judgements: dict[int, set[int]] = defaultdict(set)
    for conversation in generated.conversations:
        if conversation["employee_id"] not in ids or conversation["cycle_id"] != catalogue.cycle_id:
            continue
        key = (conversation["kind"], conversation["employee_id"])
        furthest[key] = max(furthest.get(key, 0), STAGE_RANK[conversation["status"]])
        if conversation["status"] in ("gevoerd", "ondertekend") and conversation["overall_rating"]:
            judgements[conversation["overall_rating"]].add(conversation["employee_id"])
    conversations = {}
    for kind in ConversationKind:
        ranks = Counter(rank for (k, _e), rank in furthest.items() if k == kind.value)
        conversations[kind.value] = {
            "planned": ranks[1] + ranks[2],
            "held": ranks[3],
            "signed": ranks[4],
        }
    per_competency = Counter(goal["competency_id"] for goal in agreed if goal["competency_id"])
    relevant = {
        competency
        for person in people
        for competency in catalogue.function_competencies.get(person["function_id"], [])
    } | set(per_competency)
    return {
        "employees": len(people),
        "with_pop": len({goal["employee_id"] for goal in agreed}),
        "with_goals": len({goal["employee_id"] for goal in goals}),
        "statuses": {status.value: statuses[status.value] for status in GoalStatus},
        "overdue": sum(1 for goal in goals if goal["status"] in OPEN and goal["deadline"] < TODAY),
        "average_progress": round(sum(g["progress"] for g in agreed) / len(agreed), 1)
        if agreed
        else None,
        "weeks": weeks,
        "conversations": conversations,
        "judgements": {score: len(people) for score, people in sorted(judgements.items())},
        "competencies": {c: per_competency.get(c, 0) for c in relevant},
    }


def figures_of(board) -> dict:
    return {
        "employees": board.coverage.employees,
        "with_pop": board.coverage.with_pop,
        "with_goals": board.coverage.with_goals,
        "statuses": {row.status: row.goals for row in board.statuses},
        "overdue": board.overdue,
        "average_progress": board.average_progress,
        "weeks": [(row.check_ins, row.people) for row in board.weeks],
        "conversations": {
            row.kind: {"planned": row.planned, "held": row.held, "signed": row.signed}
            for row in board.conversations
        },
        "judgements": {row.score: row.people for row in board.judgements},
        "competencies": {row.id: row.goals for row in board.competencies},
    }


@pytest.fixture
def big_org(app, catalogue):
    return generate(app, catalogue, 2000)


def test_dashboard_figures_match_an_independent_count_of_2000_employees(app, catalogue, big_org):
    social = catalogue.departments["Sociaal Domein"]
    adviser = catalogue.functions["Beleidsadviseur"]
    cases = [
        ({}, big_org.employees()),
        (
            {"department_id": social},
            big_org.employees(subtree(catalogue, social)),
        ),
        (
            {"family_id": catalogue.families["Dienstverlening"]},
            big_org.employees(family_id=catalogue.families["Dienstverlening"]),
        ),
        ({"function_id": adviser}, big_org.employees(function_id=adviser)),
        ({"scale": "10"}, big_org.employees(scale="10")),
        (
            {"department_id": social, "scale": "10"},
            big_org.employees(subtree(catalogue, social), scale="10"),
        ),
    ]
    with app.app_context():
        for filters, people in cases:
            board = dashboard(
                make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None, **filters)
            )
            assert figures_of(board) == independent_figures(big_org, catalogue, people), filters
        assert board.employees > 0  # the narrowest case still has people in it


def test_department_scope_limits_every_figure_to_those_departments(app, catalogue, big_org):
    allowed = subtree(catalogue, catalogue.departments["Sociaal Domein"])
    with app.app_context():
        scoped = dashboard(make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=allowed))
        # Asking for a department outside the scope gives nothing, not that department.
        outside = dashboard(
            make_filter(
                cycle_id=catalogue.cycle_id,
                allowed_department_ids=allowed,
                department_id=catalogue.departments["Ruimte"],
            )
        )
    assert figures_of(scoped) == independent_figures(big_org, catalogue, big_org.employees(allowed))
    assert outside.employees == 0
    assert outside.total_goals == 0


def test_dashboard_issues_the_same_number_of_queries_for_100_and_2000_employees(
    app, client, login, catalogue, hr_user, count_queries
):
    generate(app, catalogue, 100, prefix="a")
    login(hr_user)
    client.get("/hr/overzicht")  # the department list is read once, then cached
    with count_queries() as small:
        assert client.get("/hr/overzicht").status_code == 200
    generate(app, catalogue, 1900, prefix="b", seed=7)
    with count_queries() as large:
        response = client.get("/hr/overzicht")
    assert response.status_code == 200
    assert len(small) == len(large)


def test_every_drill_down_list_adds_up_to_its_figure(app, catalogue):
    generated = generate(app, catalogue, 300)
    with app.app_context():
        dashboard_filter = make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None)
        board = dashboard(dashboard_filter)

        def people(**question) -> int:
            query = people_query(dashboard_filter, PeopleQuestion(**question))
            return db.session.scalar(query.with_only_columns(db.func.count()))

        def goals(**question) -> int:
            query = goals_query(dashboard_filter, GoalQuestion(**question))
            return db.session.scalar(query.with_only_columns(db.func.count()))

        coverage = board.coverage
        assert people() == coverage.employees == len(generated.employees())
        assert people(figure=PeopleFigure.WITH_POP) == coverage.with_pop
        assert people(figure=PeopleFigure.WITHOUT_POP) == coverage.without_pop
        assert people(figure=PeopleFigure.GOALS_NOT_AGREED) == coverage.goals_not_agreed
        assert people(figure=PeopleFigure.WITHOUT_GOALS) == coverage.without_goals
        for row in board.conversations:
            stages = {
                ConversationStage.NONE: row.none,
                ConversationStage.PLANNED: row.planned,
                ConversationStage.HELD: row.held,
                ConversationStage.SIGNED: row.signed,
                ConversationStage.OPEN: row.open,
                ConversationStage.DONE: row.done,
            }
            for stage, expected in stages.items():
                found = people(figure=PeopleFigure.CONVERSATION, kind=row.kind, stage=stage)
                assert found == expected, (row.kind, stage)
        for row in board.judgements:
            assert people(figure=PeopleFigure.JUDGEMENT, score=row.score) == row.people
        for row in board.weeks:
            assert people(figure=PeopleFigure.CHECKED_IN, week=row.starts_on) == row.people
        assert goals() == board.total_goals
        assert goals(overdue=True) == board.overdue
        assert goals(agreed=True) == board.agreed_goals
        for row in board.statuses:
            assert goals(status=row.status) == row.goals
        for row in board.competencies:
            assert goals(agreed=True, competency_id=row.id) == row.goals


def test_dashboard_page_shows_each_chart_with_a_table_and_links_behind_the_figures(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 120)
    login(hr_user)
    page = client.get("/hr/overzicht").get_data(as_text=True)
    assert page.count('role="img"') == 6
    for chart in ("coverage", "statuses", "weeks", "conversations", "judgements", "competencies"):
        assert f'id="chart-{chart}-title"' in page
        assert f'id="chart-{chart}-desc"' in page
    assert page.count("<caption") >= 8
    assert "figuur=zonder-pop" in page
    assert "te-laat=1" in page
    assert "<script" not in page
    assert 'style="' not in page


def test_filtering_the_dashboard_by_a_department_names_it_on_the_page(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 60)
    login(hr_user)
    social = catalogue.departments["Sociaal Domein"]
    page = client.get(f"/hr/overzicht?department={social}").get_data(as_text=True)
    assert "Afdeling: Gemeente › Sociaal Domein" in page
    assert f"department={social}" in page  # the drill-down links keep the filter


def test_a_nonsense_filter_is_ignored_rather_than_failing(app, client, login, catalogue, hr_user):
    login(hr_user)
    response = client.get("/hr/overzicht?department=abc&cycle=999999&scale=99&function=x")
    assert response.status_code == 200


def test_dashboard_writes_numbers_and_percentages_as_babel_does_and_no_abbreviations(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 120)
    login(hr_user)
    page = client.get("/hr/overzicht").get_data(as_text=True)
    assert "mw." not in page
    assert "(door " in page
    # One way of writing a percentage, Babel's: "18,2%", never "18,2 %" beside "55%".
    assert re.search(r"\d %", page) is None
    assert re.search(r"\d+(,\d)?%", page)
    assert re.search(r"\d\.\d%", page) is None


def test_key_figures_come_first_and_every_chart_table_sits_in_a_disclosure_beneath_its_chart(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 120)
    login(hr_user)
    document = html.page(client.get("/hr/overzicht"))
    main = html.one(document, "main")
    key_figures = html.one(main, "dl.key-figures")
    charts = html.select(main, 'svg[role="img"]')
    assert len(charts) == 6
    order = list(main.descendants)
    assert order.index(key_figures) < order.index(charts[0])
    assert order.index(key_figures) < order.index(html.one(main, "form.filters"))
    labels = html.texts(key_figures, "dt")
    for label in ("Medewerkers", "Met afgesproken POP", "Doelen", "Gemiddelde voortgang"):
        assert label in labels
    assert "Planningsgesprek gevoerd" in labels
    assert "Beoordelingen ondertekend" in labels
    with app.app_context():
        board = dashboard(make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None))
    planning = next(row for row in board.conversations if row.kind == "planningsgesprek")
    figure = key_figures.find("dt", string="Planningsgesprek gevoerd").find_next_sibling("dd")
    assert html.text(figure).startswith(f"{planning.done} van {planning.employees}")
    # Each chart is followed by its table, folded away in a <details> with a summary.
    for chart in charts:
        disclosure = chart.find_next_sibling()
        assert disclosure.name == "details", chart["aria-labelledby"]
        assert html.text(html.one(disclosure, "summary")) == "Tabel bij deze grafiek"
        assert disclosure.select("table caption")
        assert "open" not in disclosure.attrs
    for table in html.select(main, "table"):
        in_details = table.find_parent("details") is not None
        caption = html.text(html.one(table, "caption"))
        assert in_details or caption == "Beoordelingsgesprekken in deze cyclus", caption


def test_dashboard_writes_thousands_as_babel_does(app, client, login, catalogue, hr_user):
    generate(app, catalogue, 1100)
    login(hr_user)
    document = html.page(client.get("/hr/overzicht"))
    employees = html.select(document, "dl.key-figures dd a")[0]
    assert re.fullmatch(r"1\.\d{3}", html.text(employees)), html.text(employees)
    chart = html.text(html.one(document, "#chart-conversations-desc"))
    assert re.search(r"\d van 1\.\d{3}", chart), chart
