"""The plan pages through the test client: access, forms, uploads, conflicts, exports."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    AuditEvent,
    CheckIn,
    FileChunk,
    Goal,
    GoalComment,
    GoalStatus,
    StoredFile,
)
from tests.plan.conftest import TODAY

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


def smart_form(**overrides) -> dict:
    data = {
        "title": "Korter schrijven",
        "competency_id": "",
        "specific": "Ik schrijf de verslagen van het overleg zelf.",
        "measurable": "Drie verslagen met feedback van mijn leidinggevende.",
        "achievable": "Het team krijgt betere verslagen en ik leer schrijven.",
        "realistic": "Een uur per week; een collega leest mee.",
        "starts_on": date(TODAY.year, 1, 1).isoformat(),
        "deadline": date(TODAY.year, 12, 31).isoformat(),
    }
    data.update(overrides)
    return data


def goal_in_db(app, goal_id: int) -> Goal:
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        db.session.expunge(goal)
        return goal


class TestAccess:
    """Each goal route four ways: anonymous, another user, missing, and the owner."""

    READ_ROUTES = ["/pop/doelen/{id}"]
    OWNER_ROUTES = ["/pop/doelen/{id}/bewerken", "/pop/doelen/{id}/voortgang"]

    @pytest.mark.parametrize("route", READ_ROUTES + OWNER_ROUTES)
    def test_anonymous_is_sent_to_login(self, client, org, make_goal, route):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        response = client.get(route.format(id=goal_id))
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]

    @pytest.mark.parametrize("route", READ_ROUTES + OWNER_ROUTES)
    @pytest.mark.parametrize("who", ["colleague", "other_manager", "other_employee"])
    def test_other_people_get_404(self, client, org, login, make_goal, route, who):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        login(getattr(org, who))
        assert client.get(route.format(id=goal_id)).status_code == 404

    @pytest.mark.parametrize("route", READ_ROUTES + OWNER_ROUTES)
    def test_missing_goal_is_404(self, client, org, login, route):
        login(org.employee)
        assert client.get(route.format(id=999_999)).status_code == 404

    @pytest.mark.parametrize("route", READ_ROUTES + OWNER_ROUTES)
    def test_owner_gets_200(self, client, org, login, make_goal, route):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        login(org.employee)
        assert client.get(route.format(id=goal_id)).status_code == 200

    @pytest.mark.parametrize("who", ["manager", "hr", "admin"])
    def test_manager_and_hr_can_read(self, client, org, login, make_goal, who):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        login(getattr(org, who))
        assert client.get(f"/pop/doelen/{goal_id}").status_code == 200

    @pytest.mark.parametrize("who", ["manager", "hr"])
    @pytest.mark.parametrize("route", OWNER_ROUTES)
    def test_readers_may_not_edit_403(self, client, org, login, make_goal, who, route):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        login(getattr(org, who))
        assert client.get(route.format(id=goal_id)).status_code == 403

    def test_colleague_cannot_comment(self, app, client, org, login, make_goal):
        goal_id = make_goal(org.employee)
        login(org.colleague)
        assert (
            client.post(f"/pop/doelen/{goal_id}/reacties", data={"body": "Hoi"}).status_code == 404
        )

    def test_hr_cannot_comment_403(self, client, org, login, make_goal):
        goal_id = make_goal(org.employee)
        login(org.hr)
        assert (
            client.post(f"/pop/doelen/{goal_id}/reacties", data={"body": "Hoi"}).status_code == 403
        )

    def test_other_manager_cannot_agree(self, client, org, login, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        login(org.other_manager)
        assert client.post(f"/pop/doelen/{goal_id}/akkoord").status_code == 404

    def test_employee_cannot_agree_own_goal_403(self, app, client, org, login, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        login(org.employee)
        assert client.post(f"/pop/doelen/{goal_id}/akkoord").status_code == 403
        assert goal_in_db(app, goal_id).status == GoalStatus.PROPOSED


class TestJourney:
    def test_tip_as_goal_prefills_title_and_competency(self, client, org, login, tip_id, cycle_id):
        login(org.employee)
        response = client.get(f"/pop/doelen/nieuw?tip={tip_id}")
        assert response.status_code == 200
        assert 'value="Vraag gerichte feedback op je teksten"' in response.text
        assert "Volg een cursus" not in response.text

    def test_unknown_tip_is_404(self, client, org, login):
        login(org.employee)
        assert client.get("/pop/doelen/nieuw?tip=424242").status_code == 404

    def test_one_word_smart_field_is_refused(self, app, client, org, login, cycle_id):
        login(org.employee)
        response = client.post("/pop/doelen/nieuw", data=smart_form(specific="schrijven"))
        assert response.status_code == 200
        assert "Wees specifieker" in response.text
        with app.app_context():
            assert db.session.scalar(select(func.count(Goal.id))) == 0

    def test_deadline_outside_cycle_is_refused(self, client, org, login, cycle_id):
        login(org.employee)
        response = client.post(
            "/pop/doelen/nieuw", data=smart_form(deadline=f"{TODAY.year + 1}-03-01")
        )
        assert "binnen de cyclus" in response.text

    def test_create_propose_agree_check_in_complete(
        self, app, client, org, login, tip_id, cycle_id
    ):
        login(org.employee)
        response = client.post(f"/pop/doelen/nieuw?tip={tip_id}", data=smart_form())
        assert response.status_code == 302
        with app.app_context():
            goal = db.session.scalar(select(Goal))
            goal_id = goal.id
            assert goal.source_tip_id == tip_id
        client.post(f"/pop/doelen/{goal_id}/voorstellen")
        assert goal_in_db(app, goal_id).status == GoalStatus.PROPOSED

        client.post("/auth/logout")
        login(org.manager)
        assert "Korter schrijven" in client.get("/pop/").text  # waiting for agreement
        client.post(f"/pop/doelen/{goal_id}/akkoord")
        assert goal_in_db(app, goal_id).status == GoalStatus.AGREED

        client.post("/auth/logout")
        login(org.employee)
        response = client.post(
            f"/pop/doelen/{goal_id}/voortgang",
            data={
                "on": TODAY.isoformat(),
                "progress": "100",
                "note": "Drie verslagen geschreven.",
                "evidence_file": (io.BytesIO(PDF), "verslag.pdf"),
            },
            content_type="multipart/form-data",
        )
        assert response.headers["Location"].endswith("#afronden")
        assert goal_in_db(app, goal_id).status == GoalStatus.IN_PROGRESS
        client.post(
            f"/pop/doelen/{goal_id}/afronden",
            data={"reflection": "Ik schrijf nu korter en helderder."},
        )
        assert goal_in_db(app, goal_id).status == GoalStatus.DONE
        page = client.get(f"/pop/doelen/{goal_id}").text
        assert "voortgang vastgelegd" in page
        assert "afgesproken door leidinggevende" in page
        assert "<svg" in page

    def test_manager_sends_back_with_comment(self, app, client, org, login, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        login(org.manager)
        client.post(f"/pop/doelen/{goal_id}/terugsturen", data={"comment": "Maak het meetbaar."})
        assert goal_in_db(app, goal_id).status == GoalStatus.CONCEPT
        assert "Maak het meetbaar." in client.get(f"/pop/doelen/{goal_id}").text


class TestConcurrency:
    def test_second_save_gets_conflict_and_keeps_input(self, app, org, login, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.CONCEPT)
        first, second = app.test_client(), app.test_client()
        for client in (first, second):
            client.post(
                "/auth/login",
                data={"email": _email(app, org.employee), "password": "test-password-42"},
            )
        version = goal_in_db(app, goal_id).version
        saved = first.post(
            f"/pop/doelen/{goal_id}/bewerken",
            data=smart_form(title="Eerste versie", version=str(version)),
        )
        assert saved.status_code == 302
        conflict = second.post(
            f"/pop/doelen/{goal_id}/bewerken",
            data=smart_form(title="Tweede versie", version=str(version)),
        )
        assert conflict.status_code == 409
        assert "heeft dit doel intussen gewijzigd" in conflict.text
        assert 'value="Tweede versie"' in conflict.text  # the second person's input is kept
        assert goal_in_db(app, goal_id).title == "Eerste versie"  # nothing overwritten


def _email(app, user_id):
    from tests.conftest import email_of

    return email_of(app, user_id)


class TestEvidence:
    @pytest.fixture
    def agreed_goal(self, make_goal, org):
        return make_goal(org.employee, GoalStatus.AGREED)

    def post_check_in(self, client, goal_id, upload):
        return client.post(
            f"/pop/doelen/{goal_id}/voortgang",
            data={"on": TODAY.isoformat(), "progress": "40", "note": "Bewijs erbij.", **upload},
            content_type="multipart/form-data",
        )

    def check_ins(self, app) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count(CheckIn.id)))

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            ((io.BytesIO(PDF + b"x" * 20_000), "groot.pdf"), "te groot"),
            ((io.BytesIO(b"MZ\x90\x00"), "programma.exe"), "niet aangenomen"),
            ((io.BytesIO(b"not a pdf"), "nep.pdf"), "past niet bij de extensie"),
        ],
    )
    def test_bad_upload_is_refused_and_nothing_stored(
        self, app, client, org, login, agreed_goal, tmp_path, upload, message
    ):
        app.config["EVIDENCE_MAX_BYTES"] = 10_000
        login(org.employee)
        response = self.post_check_in(client, agreed_goal, {"evidence_file": upload})
        assert response.status_code == 200  # the form again, with the user's input
        assert message in response.text
        assert "Bewijs erbij." in response.text
        assert self.check_ins(app) == 0
        with app.app_context():
            assert db.session.scalar(select(func.count(StoredFile.id))) == 0
            assert db.session.scalar(select(func.count(FileChunk.file_id))) == 0

    def test_path_in_file_name_is_refused(self, app, client, org, login, agreed_goal, tmp_path):
        from werkzeug.datastructures import FileStorage

        from pop.plan.evidence import store_upload
        from pop.plan.services import PlanError

        with app.test_request_context(), pytest.raises(PlanError, match="pad"):
            store_upload(FileStorage(io.BytesIO(PDF), filename="../../etc/passwd.pdf"))

    def test_evidence_is_served_only_to_those_who_see_the_goal(
        self, app, client, org, login, agreed_goal, tmp_path
    ):
        login(org.employee)
        self.post_check_in(client, agreed_goal, {"evidence_file": (io.BytesIO(PNG), "foto.png")})
        with app.app_context():
            check_in = db.session.scalar(select(CheckIn))
            assert check_in.evidence_file != "foto.png"
            url = f"/pop/bewijs/{check_in.id}"
        response = client.get(url)
        assert response.status_code == 200
        assert response.data == PNG
        assert "attachment" in response.headers["Content-Disposition"]
        response.close()
        for who, expected in [("colleague", 404), ("other_manager", 404), ("manager", 200)]:
            client.post("/auth/logout")
            login(getattr(org, who))
            response = client.get(url)
            assert response.status_code == expected
            response.close()
        assert client.get("/pop/bewijs/999999").status_code == 404


class TestExports:
    def test_printable_page_and_pdf(self, client, org, login, make_goal):
        make_goal(org.employee, GoalStatus.AGREED, title="Presenteren oefenen")
        login(org.employee)
        assert "Presenteren oefenen" in client.get("/pop/afdrukken").text
        response = client.get("/pop/pop.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")


class TestQueryCounts:
    def fill(self, app, employee_id, goals: int, make_goal) -> None:
        for number in range(goals):
            goal_id = make_goal(employee_id, GoalStatus.IN_PROGRESS, title=f"Doel {number}")
            with app.app_context():
                for week in range(10):
                    db.session.add(
                        CheckIn(
                            goal_id=goal_id,
                            author_id=employee_id,
                            on=TODAY - timedelta(days=week),
                            progress=week * 10,
                        )
                    )
                db.session.commit()

    def count(self, client, count_queries, url) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def test_my_pop_query_count_does_not_grow_with_goals(
        self, app, client, org, login, make_goal, make_user, count_queries, cycle_id
    ):
        login(org.employee)
        self.fill(app, org.employee, 2, make_goal)
        few = self.count(client, count_queries, "/pop/")
        self.fill(app, org.employee, 38, make_goal)
        many = self.count(client, count_queries, "/pop/")
        assert few == many

    def test_goal_page_query_count_does_not_grow_with_check_ins(
        self, app, client, org, login, make_goal, count_queries, cycle_id
    ):
        login(org.employee)
        small = make_goal(org.employee, GoalStatus.IN_PROGRESS)
        large = make_goal(org.employee, GoalStatus.IN_PROGRESS)
        with app.app_context():
            for day in range(30):
                db.session.add(
                    CheckIn(goal_id=large, author_id=org.employee, on=TODAY, progress=day)
                )
            db.session.add(CheckIn(goal_id=small, author_id=org.employee, on=TODAY, progress=1))
            db.session.commit()
        assert self.count(client, count_queries, f"/pop/doelen/{small}") == self.count(
            client, count_queries, f"/pop/doelen/{large}"
        )

    @pytest.mark.parametrize("visitor", ["employee", "manager"])
    def test_goal_page_query_count_does_not_grow_with_comments_and_history(
        self, app, client, org, login, make_goal, count_queries, cycle_id, visitor
    ):
        """Check-ins, comments by both people and audit events with changes: 2 against 50."""
        goals = {}
        for rows in (2, 50):
            goal_id = goals[rows] = make_goal(org.employee, GoalStatus.IN_PROGRESS)
            with app.app_context():
                for number in range(rows):
                    author = (org.employee, org.manager)[number % 2]
                    db.session.add(
                        CheckIn(goal_id=goal_id, author_id=org.employee, on=TODAY, progress=number)
                    )
                    db.session.add(
                        GoalComment(goal_id=goal_id, author_id=author, body=f"Reactie {number}")
                    )
                    db.session.add(
                        AuditEvent(
                            actor_id=author,
                            action="check_in_added",
                            object_type="Goal",
                            object_id=goal_id,
                            changes={"progress": number, "on": TODAY.isoformat()},
                        )
                    )
                db.session.commit()
        login(getattr(org, visitor))
        assert "Reactie 49" in client.get(f"/pop/doelen/{goals[50]}").text
        assert self.count(client, count_queries, f"/pop/doelen/{goals[2]}") == self.count(
            client, count_queries, f"/pop/doelen/{goals[50]}"
        )


def test_every_goal_change_is_audited(app, client, org, login, make_goal):
    goal_id = make_goal(org.employee)
    login(org.employee)
    version = goal_in_db(app, goal_id).version
    client.post(f"/pop/doelen/{goal_id}/bewerken", data=smart_form(version=str(version)))
    client.post(f"/pop/doelen/{goal_id}/voorstellen")
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == goal_id)
        ).all()
    assert actions == ["goal_changed", "goal_proposed"]
