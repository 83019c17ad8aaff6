"""The conversation pages through the test client: access, forms, sign-off, report and PDF."""

from datetime import date

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    Agreement,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Goal,
    GoalStatus,
    HrScope,
)
from tests.conversations.factories import TODAY, add_rating

PRIVATE = "Privé: vragen naar de samenwerking met Pieter"
NOTE = "We bespraken de verslagen van het overleg."


def stored(app, conversation_id: int) -> Conversation:
    with app.app_context():
        item = db.session.get(Conversation, conversation_id)
        db.session.expunge(item)
        return item


@pytest.fixture
def appraisal(make_conversation, function_ids) -> int:
    """A held appraisal with private notes, a note, ratings and an overall judgement."""
    return make_conversation(
        status=ConversationStatus.HELD,
        preparation_notes=PRIVATE,
        overall_rating=4,
        overall_motivation="Sterk jaar met duidelijke groei.",
    )


@pytest.fixture
def with_note(app, appraisal, function_ids) -> int:
    from pop.models import ConversationNote

    with app.app_context():
        db.session.add(ConversationNote(conversation_id=appraisal, topic="goals", body=NOTE))
        db.session.commit()
    add_rating(app, appraisal, function_ids.competencies[0], 5)
    return appraisal


class TestAccess:
    """Each conversation route four ways: anonymous, another user, missing, and who may."""

    READ_ROUTES = ["/gesprekken/{id}"]
    MANAGER_ROUTES = ["/gesprekken/{id}/voorbereiden", "/gesprekken/{id}/vastleggen"]
    EMPLOYEE_ROUTES = ["/gesprekken/{id}/zelfevaluatie"]
    ALL = READ_ROUTES + MANAGER_ROUTES + EMPLOYEE_ROUTES

    @pytest.mark.parametrize("route", ALL)
    def test_anonymous_is_sent_to_login(self, client, make_conversation, route):
        response = client.get(route.format(id=make_conversation()))
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]

    @pytest.mark.parametrize("route", ALL)
    @pytest.mark.parametrize("who", ["other_manager", "other_employee", "colleague"])
    def test_other_people_get_404(self, client, org, login, make_conversation, route, who):
        conversation_id = make_conversation()
        login(getattr(org, who))
        assert client.get(route.format(id=conversation_id)).status_code == 404

    def test_other_manager_gets_404_on_conversation(self, client, org, login, make_conversation):
        conversation_id = make_conversation()
        login(org.other_manager)
        assert client.get(f"/gesprekken/{conversation_id}").status_code == 404
        assert client.post(f"/gesprekken/{conversation_id}/ondertekenen").status_code == 404

    @pytest.mark.parametrize("route", ALL)
    def test_missing_conversation_is_404(self, client, org, login, route):
        login(org.manager)
        assert client.get(route.format(id=424242)).status_code == 404

    @pytest.mark.parametrize("who", ["manager", "employee", "hr", "admin"])
    def test_participants_and_hr_can_open_it(self, client, org, login, make_conversation, who):
        conversation_id = make_conversation()
        login(getattr(org, who))
        assert client.get(f"/gesprekken/{conversation_id}").status_code == 200

    @pytest.mark.parametrize("route", MANAGER_ROUTES)
    @pytest.mark.parametrize("who", ["employee", "hr"])
    def test_only_the_manager_prepares_and_records_403(
        self, client, org, login, make_conversation, route, who
    ):
        conversation_id = make_conversation()
        login(getattr(org, who))
        assert client.get(route.format(id=conversation_id)).status_code == 403

    @pytest.mark.parametrize("who", ["manager", "hr"])
    def test_only_the_employee_fills_in_the_self_assessment_403(
        self, client, org, login, make_conversation, who
    ):
        conversation_id = make_conversation()
        login(getattr(org, who))
        assert client.get(f"/gesprekken/{conversation_id}/zelfevaluatie").status_code == 403

    def test_employee_cannot_read_the_managers_private_notes(self, client, org, login, with_note):
        login(org.employee)
        page = client.get(f"/gesprekken/{with_note}").text
        assert NOTE in page
        assert PRIVATE not in page
        assert client.get(f"/gesprekken/{with_note}/voorbereiden").status_code == 403
        report = client.get(f"/gesprekken/{with_note}/verslag").text
        assert PRIVATE not in report

    def test_manager_sees_own_private_notes(self, client, org, login, with_note):
        login(org.manager)
        assert PRIVATE in client.get(f"/gesprekken/{with_note}").text
        assert PRIVATE in client.get(f"/gesprekken/{with_note}/voorbereiden").text

    def test_hr_sees_status_and_overall_judgement_but_not_private_notes(
        self, client, org, login, with_note
    ):
        login(org.hr)
        page = client.get(f"/gesprekken/{with_note}").text
        assert "gevoerd" in page
        assert "goed" in page  # the overall judgement, 4 of 5
        assert "Sterk jaar met duidelijke groei." in page
        assert PRIVATE not in page
        assert NOTE not in page  # the contents are for the two who held it
        assert client.get(f"/gesprekken/{with_note}/verslag").status_code == 403
        assert client.get(f"/gesprekken/{with_note}/verslag.pdf").status_code == 403

    def test_hr_outside_its_scope_gets_404(self, app, client, org, login, make_conversation):
        with app.app_context():
            db.session.add(HrScope(user_id=org.hr, department_id=org.department_b))
            db.session.commit()
        conversation_id = make_conversation()
        login(org.hr)
        assert client.get(f"/gesprekken/{conversation_id}").status_code == 404

    def test_manager_cannot_sign_for_the_employee_403(
        self, app, client, org, login, make_conversation, function_ids
    ):
        conversation_id = make_conversation(status=ConversationStatus.HELD)
        login(org.manager)
        assert client.post(f"/gesprekken/{conversation_id}/voor-gezien").status_code == 403
        assert client.post(f"/gesprekken/{conversation_id}/zienswijze").status_code == 403
        assert stored(app, conversation_id).employee_signed_at is None

    def test_employee_cannot_sign_for_the_manager_403(
        self, app, client, org, login, make_conversation
    ):
        conversation_id = make_conversation(status=ConversationStatus.HELD)
        login(org.employee)
        assert client.post(f"/gesprekken/{conversation_id}/ondertekenen").status_code == 403
        assert stored(app, conversation_id).manager_signed_at is None

    def test_employee_cannot_plan_conversations(self, client, org, login):
        login(org.employee)
        assert client.get("/gesprekken/nieuw").status_code == 404


class TestList:
    def test_employee_sees_own_and_manager_sees_team(self, client, org, login, make_conversation):
        make_conversation(kind=ConversationKind.PLANNING)
        make_conversation(
            employee_id=org.other_employee,
            manager_id=org.other_manager,
            kind=ConversationKind.REVIEW,
        )
        login(org.employee)
        page = client.get("/gesprekken/").text
        assert "Planningsgesprek" in page
        assert "Functioneringsgesprek" not in page
        client.post("/auth/logout")
        login(org.manager)
        page = client.get("/gesprekken/").text
        assert "Sanne Medewerker" in page
        assert "Lotte Anderteam" not in page

    def test_menu_shows_team_only_to_managers(self, client, org, login):
        login(org.employee)
        page = client.get("/").text
        assert "Gesprekken" in page
        assert "Mijn team" not in page
        client.post("/auth/logout")
        login(org.manager)
        assert "Mijn team" in client.get("/").text


class TestJourney:
    def test_plan_prepare_self_assess_record_agree_sign_and_download(
        self, app, client, org, login, function_ids, cycle_id
    ):
        first, second = function_ids.competencies
        login(org.manager)
        response = client.post(
            "/gesprekken/nieuw",
            data={
                "employee_id": str(org.employee),
                "kind": ConversationKind.APPRAISAL.value,
                "planned_on": TODAY.isoformat(),
            },
        )
        assert response.status_code == 302
        with app.app_context():
            conversation_id = db.session.scalar(select(Conversation.id))
        page = client.get(f"/gesprekken/{conversation_id}/voorbereiden").text
        assert "Vraag over klantgerichtheid?" in page  # a suggested interview question
        client.post(
            f"/gesprekken/{conversation_id}/voorbereiden",
            data={"preparation_notes": PRIVATE},
        )
        assert stored(app, conversation_id).status == ConversationStatus.PREPARED

        client.post("/auth/logout")
        login(org.employee)
        form = client.get(f"/gesprekken/{conversation_id}/zelfevaluatie").text
        assert f'name="rating_{first}"' in form
        assert f'name="rating_{first}_{function_ids.indicators[first][0]}"' in form
        client.post(
            f"/gesprekken/{conversation_id}/zelfevaluatie",
            data={f"rating_{first}": "3", "reflection": "Ik wil beter luisteren.", "hand_in": "1"},
        )
        assert stored(app, conversation_id).status == ConversationStatus.PREPARED

        client.post("/auth/logout")
        login(org.manager)
        assert "Ik wil beter luisteren." in client.get(f"/gesprekken/{conversation_id}").text
        record_form = client.get(f"/gesprekken/{conversation_id}/vastleggen").text
        assert "Zelfevaluatie: voldoende" in record_form
        response = client.post(
            f"/gesprekken/{conversation_id}/vastleggen",
            data={
                "held_on": TODAY.isoformat(),
                "note_goals": NOTE,
                f"rating_{first}": "4",
                f"rating_{second}": "",
                "overall_rating": "4",
                "overall_motivation": "Sterk jaar met duidelijke groei.",
            },
        )
        assert response.status_code == 302
        assert stored(app, conversation_id).status == ConversationStatus.HELD
        client.post(
            f"/gesprekken/{conversation_id}/afspraken",
            data={
                "what": "Volgt een cursus effectief schrijven",
                "owner": "medewerker",
                "due_on": date(TODAY.year, 12, 1).isoformat(),
                "competency_id": str(first),
            },
        )
        with app.app_context():
            agreement_id = db.session.scalar(select(Agreement.id))
        client.post(f"/gesprekken/{conversation_id}/afspraken/{agreement_id}/doel")
        with app.app_context():
            goal = db.session.scalar(select(Goal))
            assert goal.employee_id == org.employee
            assert goal.status == GoalStatus.PROPOSED
        client.post(f"/gesprekken/{conversation_id}/ondertekenen")
        assert stored(app, conversation_id).manager_signed_at is not None
        assert client.get(f"/gesprekken/{conversation_id}/vastleggen").status_code == 403

        client.post("/auth/logout")
        login(org.employee)
        client.post(
            f"/gesprekken/{conversation_id}/zienswijze",
            data={"employee_response": "Ik herken mij erin."},
        )
        client.post(f"/gesprekken/{conversation_id}/voor-gezien")
        signed = stored(app, conversation_id)
        assert signed.status == ConversationStatus.SIGNED
        assert signed.employee_response == "Ik herken mij erin."

        report = client.get(f"/gesprekken/{conversation_id}/verslag").text
        assert NOTE in report
        assert "Ik herken mij erin." in report
        assert PRIVATE not in report
        pdf = client.get(f"/gesprekken/{conversation_id}/verslag.pdf")
        assert pdf.status_code == 200
        assert pdf.mimetype == "application/pdf"
        assert pdf.data.startswith(b"%PDF")
        assert "attachment" in pdf.headers["Content-Disposition"]

        client.post(
            f"/gesprekken/{conversation_id}/aanvulling", data={"body": "De cursus is in mei."}
        )
        assert "De cursus is in mei." in client.get(f"/gesprekken/{conversation_id}").text

    def test_refused_action_shows_why_and_changes_nothing(
        self, app, client, org, login, make_conversation
    ):
        conversation_id = make_conversation()  # planned, not yet held
        login(org.manager)
        response = client.post(f"/gesprekken/{conversation_id}/ondertekenen", follow_redirects=True)
        assert "Leg het gesprek eerst vast" in response.text
        assert stored(app, conversation_id).manager_signed_at is None

    def test_planning_twice_shows_the_error(self, client, org, login, make_conversation):
        make_conversation(kind=ConversationKind.REVIEW)
        login(org.manager)
        response = client.post(
            "/gesprekken/nieuw",
            data={
                "employee_id": str(org.employee),
                "kind": ConversationKind.REVIEW.value,
                "planned_on": TODAY.isoformat(),
            },
        )
        assert response.status_code == 200
        assert "al een functioneringsgesprek" in response.text

    def test_planning_with_someone_outside_the_team_is_refused(self, app, client, org, login):
        login(org.manager)
        response = client.post(
            "/gesprekken/nieuw",
            data={
                "employee_id": str(org.other_employee),
                "kind": ConversationKind.REVIEW.value,
                "planned_on": TODAY.isoformat(),
            },
        )
        assert response.status_code == 200
        with app.app_context():
            assert db.session.scalar(select(func.count(Conversation.id))) == 0

    def test_submitted_self_assessment_is_read_only(
        self, app, client, org, login, make_conversation, function_ids
    ):
        conversation_id = make_conversation()
        login(org.employee)
        client.post(
            f"/gesprekken/{conversation_id}/zelfevaluatie",
            data={"reflection": "Klaar.", "hand_in": "1"},
        )
        page = client.get(f"/gesprekken/{conversation_id}/zelfevaluatie").text
        assert "Je hebt je zelfevaluatie ingediend" in page
        assert 'name="reflection"' not in page
        again = client.post(
            f"/gesprekken/{conversation_id}/zelfevaluatie",
            data={"reflection": "Anders.", "hand_in": "1"},
        )
        assert again.status_code == 403

    def test_draft_self_assessment_is_hidden_from_the_manager(
        self, client, org, login, make_conversation, function_ids
    ):
        conversation_id = make_conversation()
        login(org.employee)
        client.post(
            f"/gesprekken/{conversation_id}/zelfevaluatie",
            data={"reflection": "Nog een concept.", "save": "1"},
        )
        client.post("/auth/logout")
        login(org.manager)
        assert "Nog een concept." not in client.get(f"/gesprekken/{conversation_id}").text
        assert (
            "Nog een concept." not in client.get(f"/gesprekken/{conversation_id}/voorbereiden").text
        )


class TestQueryCounts:
    def count(self, client, count_queries, url) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def test_conversation_list_query_count_does_not_grow(
        self, app, client, org, login, make_user, make_conversation, count_queries
    ):
        login(org.manager)
        make_conversation()
        few = self.count(client, count_queries, "/gesprekken/")
        for number in range(20):
            employee = make_user(f"Extra {number}", manager_id=org.manager)
            make_conversation(employee_id=employee)
        many = self.count(client, count_queries, "/gesprekken/")
        assert few == many
