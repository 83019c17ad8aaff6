"""The team view and the employee file: access, figures, sorting, filters, matrix, query counts."""

from datetime import date, timedelta

import pytest
from bs4 import Tag

from pop.extensions import db
from pop.models import CheckIn, ConversationKind, ConversationStatus, GoalStatus, HrScope
from tests import html
from tests.conversations.factories import (
    TODAY,
    add_rating,
    make_conversation,
    make_cycle,
    make_function,
    make_goal,
)
from tests.dates import dutch_date, english_date


@pytest.fixture
def function_ids(app, org):
    return make_function(app, [org.employee, org.colleague, org.other_employee])


def row_of(markup: str, name: str) -> Tag:
    """The table row of one person in the team view."""
    rows = [
        header.parent
        for header in html.select(html.page(markup), 'tr > th[scope="row"]')
        if html.text(header) == name
    ]
    assert len(rows) == 1, f"no row for {name}"
    return rows[0]


def names_in_order(markup: str) -> list[str]:
    return [
        html.text(link)
        for link in html.select(
            html.page(markup), 'tr > th[scope="row"] > a[href^="/team/medewerker/"]'
        )
    ]


class TestAccess:
    def test_anonymous_is_sent_to_login(self, client, org):
        for url in ("/team/", f"/team/medewerker/{org.employee}"):
            response = client.get(url)
            assert response.status_code == 302
            assert "/auth/login" in response.headers["Location"]

    def test_employee_has_no_team_view(self, client, org, login):
        login(org.employee)
        assert client.get("/team/").status_code == 404

    def test_manager_sees_only_own_team(self, client, org, login, cycle_id):
        login(org.manager)
        page = client.get("/team/").text
        assert "Sanne Medewerker" in page
        assert "Pieter Collega" in page
        assert "Lotte Anderteam" not in page

    def test_other_manager_gets_404_on_employee_file(self, client, org, login, cycle_id):
        login(org.other_manager)
        assert client.get(f"/team/medewerker/{org.employee}").status_code == 404

    @pytest.mark.parametrize("who", ["employee", "colleague", "other_employee"])
    def test_employees_get_404_on_files(self, client, org, login, cycle_id, who):
        login(getattr(org, who))
        assert client.get(f"/team/medewerker/{org.employee}").status_code == 404

    def test_missing_person_is_404(self, client, org, login, cycle_id):
        login(org.manager)
        assert client.get("/team/medewerker/424242").status_code == 404

    def test_manager_opens_file_of_a_direct_report(self, client, org, login, cycle_id):
        login(org.manager)
        assert client.get(f"/team/medewerker/{org.employee}").status_code == 200

    def test_hr_in_scope_reads_the_file_but_not_the_ratings(
        self, app, client, org, login, cycle_id, function_ids
    ):
        conversation_id = make_conversation(
            app, org.employee, org.manager, cycle_id, status=ConversationStatus.HELD
        )
        add_rating(app, conversation_id, function_ids.competencies[0], 2)
        login(org.hr)
        page = client.get(f"/team/medewerker/{org.employee}").text
        assert "Beoordelingen over de cycli" not in page
        competency = function_ids.competencies[0]
        url = f"/team/medewerker/{org.employee}/competenties/{competency}"
        assert client.get(url).status_code == 403

    def test_hr_outside_its_scope_gets_404(self, app, client, org, login, cycle_id):
        with app.app_context():
            db.session.add(HrScope(user_id=org.hr, department_id=org.department_b))
            db.session.commit()
        login(org.hr)
        assert client.get(f"/team/medewerker/{org.employee}").status_code == 404
        assert client.get(f"/team/medewerker/{org.other_employee}").status_code == 200


class TestTeamView:
    def test_row_shows_goals_progress_overdue_awaiting_check_in_and_conversations(
        self, app, client, org, login, cycle_id
    ):
        make_goal(app, org.employee, cycle_id, GoalStatus.IN_PROGRESS, progress=40, check_ins=2)
        make_goal(app, org.employee, cycle_id, GoalStatus.PROPOSED, progress=0)
        make_goal(
            app,
            org.employee,
            cycle_id,
            GoalStatus.AGREED,
            progress=80,
            deadline=TODAY - timedelta(days=1),
            starts_on=date(TODAY.year, 1, 1),
        )
        make_goal(app, org.employee, cycle_id, GoalStatus.STOPPED, progress=10)
        make_conversation(
            app,
            org.employee,
            org.manager,
            cycle_id,
            ConversationKind.PLANNING,
            ConversationStatus.SIGNED,
        )
        make_conversation(app, org.employee, org.manager, cycle_id, ConversationKind.REVIEW)
        login(org.manager)
        row = row_of(client.get("/team/").text, "Sanne Medewerker")
        cells = html.text(row)
        assert "1 bezig" in cells
        assert "1 voorgesteld" in cells
        assert "1 gestopt" in cells
        assert "40%" in cells  # (40 + 0 + 80) / 3, stopped goals left out
        assert html.text(html.one(row, "strong.overdue")) == "1"
        assert dutch_date(TODAY) in cells  # last check-in
        assert "gevoerd" in cells
        assert "gepland" in cells
        assert "ontbreekt" in cells  # no appraisal yet
        assert html.select(row, 'a[href*="soort=beoordelingsgesprek"]')

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            (
                "nl",
                "Sanne Medewerker Beleidsmedewerker 1 voorgesteld, 1 bezig 20% 0 1 — "
                "Planningsgesprek Sanne Medewerker : gevoerd "
                "Functioneringsgesprek Sanne Medewerker : gepland {day} "
                "Beoordelingsgesprek: ontbreekt plannen beoordelingsgesprek met Sanne Medewerker",
            ),
            (
                "en",
                "Sanne Medewerker Beleidsmedewerker 1 proposed, 1 in progress 20% 0 1 — "
                "Planning conversation Sanne Medewerker : held "
                "Performance review Sanne Medewerker : planned {day} "
                "Appraisal: missing plan appraisal with Sanne Medewerker",
            ),
        ],
    )
    def test_a_row_reads_in_full_in_the_readers_language(
        self, app, client, org, login, cycle_id, function_ids, language, expected
    ):
        """Every word of a row, from the function title to the hidden words of each link."""
        from pop.models import User

        make_goal(app, org.employee, cycle_id, GoalStatus.IN_PROGRESS, progress=40)
        make_goal(app, org.employee, cycle_id, GoalStatus.PROPOSED, progress=0)
        make_conversation(
            app,
            org.employee,
            org.manager,
            cycle_id,
            ConversationKind.PLANNING,
            ConversationStatus.HELD,
        )
        make_conversation(app, org.employee, org.manager, cycle_id, ConversationKind.REVIEW)
        with app.app_context():
            db.session.get(User, org.manager).language = language
            db.session.get(User, org.colleague).function_id = None
            db.session.commit()
        login(org.manager)
        page = client.get("/team/").text
        day = (dutch_date if language == "nl" else english_date)(TODAY)
        assert html.text(row_of(page, "Sanne Medewerker")) == expected.format(day=day)
        # A person without a function has a dash in its place.
        assert html.text(html.select(row_of(page, "Pieter Collega"), "td")[0]) == "—"

    def test_a_name_is_written_as_text_in_every_cell(self, app, client, org, login, cycle_id):
        """The table body is written in Python: markup and braces in a name stay text."""
        from pop.models import User

        name = 'Sanne <b>"{kind}"</b> & Co'
        make_conversation(app, org.employee, org.manager, cycle_id, ConversationKind.REVIEW)
        with app.app_context():
            db.session.get(User, org.employee).name = name
            db.session.commit()
        login(org.manager)
        page = client.get("/team/").text
        row = row_of(page, name)
        assert not html.select(row, "b")
        hidden = [html.text(span) for span in html.select(row, ".visually-hidden")]
        # Planning and appraisal to plan, the review planned.
        assert hidden == [f"planningsgesprek met {name}", name, f"beoordelingsgesprek met {name}"]
        assert "&lt;b&gt;&#34;{kind}&#34;&lt;/b&gt; &amp; Co" in page

    def test_sorting_by_overdue_descending(self, app, client, org, login, cycle_id):
        make_goal(app, org.colleague, cycle_id, deadline=TODAY - timedelta(days=2))
        login(org.manager)
        ascending = names_in_order(client.get("/team/?sorteer=naam").text)
        assert ascending == ["Pieter Collega", "Sanne Medewerker"]
        descending = names_in_order(client.get("/team/?sorteer=naam&richting=af").text)
        assert descending == ["Sanne Medewerker", "Pieter Collega"]
        by_overdue = client.get("/team/?sorteer=verlopen&richting=af").text
        assert names_in_order(by_overdue)[0] == "Pieter Collega"
        assert html.select(html.page(by_overdue), 'th[aria-sort="descending"]')

    def test_unknown_sort_falls_back_to_name(self, client, org, login, cycle_id):
        login(org.manager)
        assert client.get("/team/?sorteer=bestaatniet&richting=zijwaarts").status_code == 200

    def test_filter_by_name_and_by_attention(self, app, client, org, login, cycle_id):
        make_goal(app, org.colleague, cycle_id, GoalStatus.PROPOSED)
        login(org.manager)
        assert names_in_order(client.get("/team/?q=sanne").text) == ["Sanne Medewerker"]
        assert names_in_order(client.get("/team/?aandacht=akkoord").text) == ["Pieter Collega"]
        assert names_in_order(client.get("/team/?aandacht=verlopen").text) == []

    def test_matrix_shows_goals_and_latest_rating_per_competency(
        self, app, client, org, login, cycle_id, function_ids
    ):
        first = function_ids.competencies[0]
        make_goal(app, org.employee, cycle_id, competency_id=first)
        make_goal(app, org.employee, cycle_id, competency_id=first, title="Tweede")
        older = make_conversation(
            app,
            org.employee,
            org.manager,
            cycle_id,
            ConversationKind.REVIEW,
            ConversationStatus.SIGNED,
            held_on=TODAY - timedelta(days=30),
        )
        newer = make_conversation(
            app,
            org.employee,
            org.manager,
            cycle_id,
            ConversationKind.APPRAISAL,
            ConversationStatus.HELD,
        )
        add_rating(app, older, first, 2)
        add_rating(app, newer, first, 5)
        login(org.manager)
        page = client.get("/team/?weergave=matrix").text
        assert "Klantgerichtheid (Beleidsmedewerker)" in page
        row = html.text(row_of(page, "Sanne Medewerker"))
        assert "2 doelen" in row
        assert "uitstekend" in row
        assert "matig" not in row


class TestEmployeeFile:
    def test_file_shows_function_competencies_goals_and_conversations(
        self, app, client, org, login, cycle_id, function_ids
    ):
        make_goal(
            app, org.employee, cycle_id, GoalStatus.IN_PROGRESS, title="Presenteren", check_ins=3
        )
        conversation_id = make_conversation(
            app,
            org.employee,
            org.manager,
            cycle_id,
            status=ConversationStatus.HELD,
            overall_rating=3,
            overall_motivation="Op niveau.",
        )
        add_rating(app, conversation_id, function_ids.competencies[0], 4)
        login(org.manager)
        page = client.get(f"/team/medewerker/{org.employee}").text
        for text in (
            "Beleidsmedewerker",
            "Advies uitbrengen",  # result area
            "Klantgerichtheid: luistert goed.",  # behaviour indicator
            "Vraag over klantgerichtheid?",  # interview question
            "Presenteren",
            "Stap 2",  # progress history
            "Beoordelingsgesprek",
            "voldoende",  # overall judgement 3 of 5
            "Beoordelingen over de cycli",
        ):
            assert text in page, text

    def test_file_shows_the_functions_competencies_in_order_with_the_items_on_offer(
        self, app, client, org, login, cycle_id, function_ids
    ):
        """Competencies in the function's order, each with its indicators and questions in
        their order; a retired item is left out, an unnamed competency named by its text."""
        from pop.models import BehaviourIndicator, Competency, FunctionCompetency, ResultArea
        from pop.models._time import utcnow

        first, second = function_ids.competencies
        with app.app_context():
            db.session.get(FunctionCompetency, (function_ids.function, first)).position = 2
            db.session.get(FunctionCompetency, (function_ids.function, second)).position = 1
            unnamed = db.session.get(Competency, second)
            unnamed.name = None
            unnamed.description = "Werkt samen over de grenzen van het eigen team heen."
            indicators = db.session.get(Competency, first).indicators
            indicators[0].position, indicators[1].position = 2, 1
            db.session.add(
                BehaviourIndicator(
                    competency_id=first, position=3, text="Oud gedrag.", retired_at=utcnow()
                )
            )
            db.session.add(
                ResultArea(
                    function_id=function_ids.function,
                    position=0,
                    core_activity="Eerst dit",
                    result="",
                )
            )
            db.session.commit()
        login(org.manager)
        page = html.page(client.get(f"/team/medewerker/{org.employee}").text)
        blocks = [
            [html.text(element) for element in html.select(block, "h3, li")]
            for block in html.select(page, ".competency-block")
        ]
        assert blocks == [
            [
                "Werkt samen over de grenzen van het eigen team heen.",
                "Samenwerken: luistert goed.",
                "Samenwerken: vraagt door.",
                "Vraag over samenwerken?",
            ],
            [
                "Klantgerichtheid (Beleidsmedewerker)",
                "Klantgerichtheid: vraagt door.",
                "Klantgerichtheid: luistert goed.",
                "Vraag over klantgerichtheid?",
            ],
        ]
        areas = html.select(page, 'section[aria-labelledby="function-title"] ol > li')
        assert [html.text(area) for area in areas] == [
            "Eerst dit",
            "Advies uitbrengen Resultaat: Een helder advies.",
        ]

    def test_ratings_history_chart_and_table(self, app, client, org, login, function_ids):
        first = function_ids.competencies[0]
        last_year = make_cycle(app, TODAY.year - 1)
        this_year = make_cycle(app)
        old = make_conversation(
            app,
            org.employee,
            org.manager,
            last_year,
            status=ConversationStatus.SIGNED,
            held_on=date(TODAY.year - 1, 11, 1),
        )
        new = make_conversation(
            app,
            org.employee,
            org.manager,
            this_year,
            status=ConversationStatus.HELD,
        )
        add_rating(app, old, first, 2)
        add_rating(app, new, first, 4)
        login(org.manager)
        page = client.get(f"/team/medewerker/{org.employee}/competenties/{first}").text
        assert 'role="img"' in page
        assert '<title id="ratings-chart-title">' in page
        assert "matig" in page
        assert "goed" in page
        # In time order, each day in the reader's language.
        assert page.index(dutch_date(date(TODAY.year - 1, 11, 1))) < page.index(dutch_date(TODAY))
        assert "<polyline" in page

    def test_unknown_competency_in_history_is_404(self, client, org, login, cycle_id):
        login(org.manager)
        assert client.get(f"/team/medewerker/{org.employee}/competenties/999").status_code == 404


class TestQueryCounts:
    def count(self, client, count_queries, url) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def fill_team(self, app, make_user, manager_id, cycle_id, function_id, people: int) -> None:
        for number in range(people):
            person = make_user(f"Teamlid {number:03d}", manager_id=manager_id)
            with app.app_context():
                from pop.models import User

                db.session.get(User, person).function_id = function_id
                db.session.commit()
            make_goal(app, person, cycle_id, GoalStatus.IN_PROGRESS, check_ins=2, progress=30)
            make_goal(app, person, cycle_id, GoalStatus.PROPOSED)
            conversation_id = make_conversation(
                app, person, manager_id, cycle_id, status=ConversationStatus.HELD
            )
            with app.app_context():
                from pop.models import Conversation

                competency_id = db.session.get(Conversation, conversation_id).employee.function
                competency_id = competency_id.competency_links[0].competency_id
            add_rating(app, conversation_id, competency_id, 3)

    @pytest.mark.parametrize("view", ["", "?weergave=matrix", "?sorteer=voortgang&richting=af"])
    def test_team_view_query_count_is_the_same_for_3_and_50_reports(
        self, app, client, make_user, login, count_queries, cycle_id, make_department, view
    ):
        from pop.models import Role

        manager = make_user("Grote Teamleider", roles={Role.MANAGER, Role.EMPLOYEE})
        function = make_function(app, [])
        self.fill_team(app, make_user, manager, cycle_id, function.function, 3)
        login(manager)
        few = self.count(client, count_queries, f"/team/{view}")
        self.fill_team(app, make_user, manager, cycle_id, function.function, 47)
        many_page = client.get(f"/team/{view}").text
        assert "50 van 50 medewerkers" in many_page
        many = self.count(client, count_queries, f"/team/{view}")
        assert few == many

    def test_employee_file_query_count_is_the_same_for_2_and_30_goals(
        self, app, client, org, login, count_queries, cycle_id, function_ids
    ):
        def fill(goals: int) -> None:
            for _ in range(goals):
                make_goal(
                    app,
                    org.employee,
                    cycle_id,
                    GoalStatus.IN_PROGRESS,
                    check_ins=5,
                    competency_id=function_ids.competencies[0],
                )

        conversation_id = make_conversation(
            app, org.employee, org.manager, cycle_id, status=ConversationStatus.HELD
        )
        add_rating(app, conversation_id, function_ids.competencies[0], 3)
        login(org.manager)
        fill(2)
        few = self.count(client, count_queries, f"/team/medewerker/{org.employee}")
        fill(28)
        many = self.count(client, count_queries, f"/team/medewerker/{org.employee}")
        assert few == many


def test_last_check_in_comes_from_any_goal(app, client, org, login, cycle_id):
    goal_id = make_goal(app, org.employee, cycle_id, GoalStatus.IN_PROGRESS)
    with app.app_context():
        db.session.add(
            CheckIn(goal_id=goal_id, author_id=org.employee, on=date(TODAY.year, 1, 2), progress=5)
        )
        db.session.commit()
    login(org.manager)
    assert dutch_date(date(TODAY.year, 1, 2)) in html.text(
        row_of(client.get("/team/").text, "Sanne Medewerker")
    )
