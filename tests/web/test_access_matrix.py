"""Every route, walked as each kind of visitor: the expected 200 / 302 / 403 / 404.

A new route must be added to ROUTES: `test_every_route_is_in_the_matrix` fails otherwise.
Each visitor walks every route in one test, on one setting: a GET never writes
(test_get_never_writes), so the routes need no fresh database each. The stand-ins are someone
standing in for Marieke today and a manager whose stand-in for her ended, who is then like any
other manager.
"""

import pytest

from tests.web.stand_ins import stand_ins_of

VISITORS = (
    "anonymous",
    "employee",
    "other_manager",
    "manager",
    "hr",
    "admin",
    "stand_in",
    "expired_stand_in",
)
STAND_INS = VISITORS[-2:]  # walked in one test: see the module's docstring

# expected status per visitor, in the order of VISITORS
EVERYONE = (302, 200, 200, 200, 200, 200, 200, 200)
HR_ONLY = (302, 404, 404, 404, 200, 200, 404, 404)
HR_EDITS = (302, 403, 403, 403, 200, 200, 403, 403)
GOAL_READERS = (302, 200, 404, 200, 200, 200, 200, 404)
GOAL_OWNER = (302, 200, 404, 403, 403, 403, 403, 404)
PUBLIC = (200,) * 8
MANAGERS = (302, 404, 200, 200, 404, 404, 200, 200)
FILE_READERS = (302, 404, 404, 200, 200, 200, 200, 404)
TEAM_MANAGER = (302, 404, 404, 200, 403, 403, 200, 404)
CONVERSATION_MANAGER = (302, 403, 404, 200, 403, 403, 200, 404)
REPORT_READERS = (302, 200, 404, 200, 403, 403, 200, 404)
TEAM_LEADS_AND_HR = (302, 404, 200, 200, 200, 200, 200, 200)
OFFER_MEMBER = (302, 200, 404, 404, 404, 404, 404, 404)
OBJECTION_READERS = (302, 200, 404, 404, 200, 200, 404, 404)  # the employee and HR, not the manager
# The test database is made by create_all, without Alembic's revision: not ready for anyone.
SCHEMA_NOT_MIGRATED = (503,) * 8
BEARER_TOKEN_ONLY = (401,) * 8  # SCIM: a session cookie is no token, whoever it belongs to

ROUTES: dict[str, tuple[str, tuple[int, ...]]] = {
    "main.home": ("/", EVERYONE),
    "main.health": ("/healthz", PUBLIC),
    "health.ready": ("/readyz", SCHEMA_NOT_MIGRATED),
    # By address, not by account: the test client is 127.0.0.1 (tests/operations: the others).
    "metrics": ("/metrics", PUBLIC),
    "auth.login": ("/auth/login", (200,) + (302,) * 7),
    "auth.change_password": ("/auth/password", EVERYONE),
    "mfa.code": ("/auth/code", (302,) * 8),
    "mfa.setup": ("/auth/tweestapsverificatie", EVERYONE),
    "account.forgot_password": ("/auth/wachtwoord-vergeten", PUBLIC),
    "account.set_password": ("/auth/wachtwoord-instellen/onjuist-token", (410,) * 8),
    # Single sign-on is off unless configured (tests/sso has it on, with a real provider).
    "oidc.login": ("/auth/oidc/inloggen", (404,) * 8),
    "oidc.callback": ("/auth/oidc/callback", (404,) * 8),
    "catalogue.index": ("/functies/", EVERYONE),
    "catalogue.function": ("/functies/{function}", EVERYONE),
    "catalogue.competencies": ("/functies/competenties", EVERYONE),
    "catalogue.competency": ("/functies/competenties/{competency}", EVERYONE),
    "catalogue.my_function": ("/functies/mijn-functie", EVERYONE),
    "catalogue.edit_function": ("/functies/{function}/bewerken", HR_EDITS),
    "catalogue.edit_competency": ("/functies/competenties/{competency}/bewerken", HR_EDITS),
    "catalogue.import_upload": ("/functies/importeren", HR_ONLY),
    "people.index": ("/hr/medewerkers", HR_ONLY),
    "people.create_person": ("/hr/medewerkers/nieuw", HR_ONLY),
    "people.edit_person": ("/hr/medewerkers/{employee}", HR_ONLY),
    "people.import_people": ("/hr/medewerkers/importeren", HR_ONLY),
    "people.import_example": ("/hr/medewerkers/importeren/voorbeeld.csv", HR_ONLY),
    "hr.overview": ("/hr/overzicht", HR_ONLY),
    "hr.overview_export": ("/hr/overzicht.csv", HR_ONLY),
    "hr.overview_people": ("/hr/overzicht/medewerkers", HR_ONLY),
    "hr.overview_people_export": ("/hr/overzicht/medewerkers.csv", HR_ONLY),
    "hr.overview_goals": ("/hr/overzicht/doelen", HR_ONLY),
    "hr.overview_goals_export": ("/hr/overzicht/doelen.csv", HR_ONLY),
    "reports.index": ("/hr/rapportages", HR_ONLY),
    "reports.functions": ("/hr/rapportages/functies", HR_ONLY),
    "reports.functions_export": ("/hr/rapportages/functies.csv", HR_ONLY),
    "reports.progress": ("/hr/rapportages/voortgang", HR_ONLY),
    "reports.progress_export": ("/hr/rapportages/voortgang.csv", HR_ONLY),
    "reports.conversations": ("/hr/rapportages/gesprekken", HR_ONLY),
    "reports.conversations_export": ("/hr/rapportages/gesprekken.csv", HR_ONLY),
    "reports.development": ("/hr/rapportages/competenties", HR_ONLY),
    "reports.development_export": ("/hr/rapportages/competenties.csv", HR_ONLY),
    "audit_log.index": ("/hr/auditlog", HR_ONLY),
    "audit_log.export": ("/hr/auditlog.csv", HR_ONLY),
    "cycles.index": ("/hr/cycli", HR_ONLY),
    "cycles.new_cycle": ("/hr/cycli/nieuw", HR_ONLY),
    "cycles.close_cycle": ("/hr/cycli/{cycle}/sluiten", HR_ONLY),
    # The old address of the deadlines: moved for good to the cycle's calendar.
    "cycles.deadlines": ("/hr/cycli/{cycle}/termijnen", (302, 404, 404, 404, 301, 301, 404, 404)),
    "cycle_calendar.calendar_page": ("/hr/cycli/{cycle}/kalender", HR_ONLY),
    "cycles.second_assessor": ("/hr/cycli/{cycle}/tweede-beoordelaar", HR_ONLY),
    "cycles.ratings": ("/hr/cycli/{cycle}/oordelen", HR_ONLY),
    "privacy.leavers": ("/hr/privacy", HR_ONLY),
    "privacy.anonymise_person": ("/hr/privacy/{employee}/anonimiseren", HR_ONLY),
    "privacy.my_data": ("/mijn-gegevens", EVERYONE),
    "privacy.my_data_json": ("/mijn-gegevens.json", EVERYONE),
    "plan.my_pop": ("/pop/", EVERYONE),
    "plan.printable": ("/pop/afdrukken", EVERYONE),
    "plan.pdf": ("/pop/pop.pdf", EVERYONE),
    "plan.tips": ("/pop/tips", EVERYONE),
    "plan.new_goal": ("/pop/doelen/nieuw", EVERYONE),
    "plan.goal": ("/pop/doelen/{goal}", GOAL_READERS),
    "plan.edit_goal": ("/pop/doelen/{goal}/bewerken", GOAL_OWNER),
    "plan.check_in": ("/pop/doelen/{goal}/voortgang", GOAL_OWNER),
    "plan.evidence_download": ("/pop/bewijs/{check_in}", GOAL_READERS),
    "team.index": ("/team/", MANAGERS),
    "team.person": ("/team/medewerker/{employee}", FILE_READERS),
    "team.stand_ins": ("/team/vervangers", (302, 404, 200, 200, 200, 200, 404, 200)),
    # One's own kept preparation notes (test_handover_matrix.py walks them after a handover).
    "team.kept_notes": ("/team/bewaarde-voorbereiding", EVERYONE),
    "team.ratings_history": (
        "/team/medewerker/{employee}/competenties/{competency}",
        TEAM_MANAGER,
    ),
    "conversations.index": ("/gesprekken/", EVERYONE),
    "conversations.new": ("/gesprekken/nieuw", MANAGERS),
    "conversations.conversation": ("/gesprekken/{conversation}", GOAL_READERS),
    "conversations.prepare": ("/gesprekken/{conversation}/voorbereiden", CONVERSATION_MANAGER),
    "conversations.record": ("/gesprekken/{conversation}/vastleggen", CONVERSATION_MANAGER),
    "conversations.self_assessment": ("/gesprekken/{conversation}/zelfevaluatie", GOAL_OWNER),
    "conversations.report": ("/gesprekken/{conversation}/verslag", REPORT_READERS),
    "conversations.report_pdf": ("/gesprekken/{conversation}/verslag.pdf", REPORT_READERS),
    # The second assessor's page: HR names one there (the assessor: test_second_assessor_matrix).
    "conversations.second_assessment": (
        "/gesprekken/{conversation}/tweede-beoordelaar",
        (302, 403, 404, 403, 200, 200, 403, 404),
    ),
    # Feedback: the matrix's request is addressed to none of these visitors (tests/web/
    # test_feedback_matrix.py walks them as its giver too).
    "feedback.conversation": ("/gesprekken/{conversation}/feedback", GOAL_READERS),
    "feedback.index": ("/feedback", EVERYONE),
    "feedback.answer": ("/feedback/{request}", (302, 404, 404, 404, 404, 404, 404, 404)),
    # Shared goals: Marieke's teamdoel, offered to Sanne (tests/web/test_shared_goal_matrix.py
    # walks them as another member, a stand-in and scoped HR too).
    "shared_goals.index": ("/gedeelde-doelen/", TEAM_LEADS_AND_HR),
    "shared_goals.new": ("/gedeelde-doelen/nieuw", TEAM_LEADS_AND_HR),
    "shared_goals.shared_goal": (
        "/gedeelde-doelen/{shared_goal}",
        (302, 404, 404, 200, 200, 200, 200, 404),
    ),
    "shared_goals.offer": ("/gedeelde-doelen/aanbod/{offer}", OFFER_MEMBER),
    "shared_goals.adapt": ("/gedeelde-doelen/aanbod/{offer}/aanpassen", OFFER_MEMBER),
    # Objections: the employee's, and HR's; the second assessor: test_second_assessor_matrix.
    "objections.index": ("/bezwaren/", EVERYONE),
    # The matrix's appraisal has its objection already: the employee is sent to it.
    "objections.lodge": (
        "/bezwaren/gesprek/{conversation}",
        (302, 302, 404, 403, 403, 403, 403, 404),
    ),
    "objections.objection": ("/bezwaren/{objection}", OBJECTION_READERS),
    "objections.attachment": ("/bezwaren/{objection}/bijlagen/{attachment}", OBJECTION_READERS),
    "notifications.index": ("/meldingen/", EVERYONE),
    "notifications.settings": ("/meldingen/instellingen", EVERYONE),
    "notifications.calendar_feed": ("/meldingen/agenda/onjuist-token.ics", (404,) * 8),
    "notifications.conversation_invite": ("/meldingen/gesprekken/{conversation}.ics", GOAL_READERS),
    "imports.runs": ("/hr/importruns/", HR_ONLY),
    "scim_admin.index": ("/beheer/scim/", (302, 404, 404, 404, 404, 200, 404, 404)),
    "scim.list_users": ("/scim/v2/Users", BEARER_TOKEN_ONLY),
    "scim.get_user": ("/scim/v2/Users/1", BEARER_TOKEN_ONLY),
    "scim.service_provider_config": ("/scim/v2/ServiceProviderConfig", BEARER_TOKEN_ONLY),
    "scim.list_schemas": ("/scim/v2/Schemas", BEARER_TOKEN_ONLY),
    "scim.get_schema": (
        "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
        BEARER_TOKEN_ONLY,
    ),
    "scim.list_resource_types": ("/scim/v2/ResourceTypes", BEARER_TOKEN_ONLY),
    "scim.get_resource_type": ("/scim/v2/ResourceTypes/User", BEARER_TOKEN_ONLY),
    "scim.unknown_endpoint": ("/scim/v2/Groups", BEARER_TOKEN_ONLY),
}


def test_every_route_is_in_the_matrix(app):
    get_endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    }
    assert get_endpoints - set(ROUTES) == set(), "add the new routes to ROUTES"


@pytest.fixture
def stand_ins(app, org, make_user) -> dict[str, int]:
    stand_in, expired_stand_in = stand_ins_of(app, org, make_user)
    return {"stand_in": stand_in, "expired_stand_in": expired_stand_in}


def _walk(client, objects, visitor: str) -> list[tuple[str, str, int, int]]:
    """Every route as `visitor`, already logged in: the answers that differ from ROUTES'."""
    wrong = []
    for endpoint, (template, expected_by_visitor) in sorted(ROUTES.items()):
        response = client.get(template.format(**objects))
        expected = expected_by_visitor[VISITORS.index(visitor)]
        to_login = expected == 302 and visitor == "anonymous"
        if response.status_code != expected:
            wrong.append((visitor, endpoint, response.status_code, expected))
        elif to_login and not response.headers["Location"].startswith("/auth/login"):
            wrong.append((visitor, endpoint, response.headers["Location"], "/auth/login"))
        response.close()
    return wrong


# One walk per visitor, not one test per route: a GET never writes (test_get_never_writes), so
# the routes can share one database, and building it is most of a test's time.
@pytest.mark.parametrize("visitor", VISITORS[: -len(STAND_INS)])
def test_every_route_answers_each_visitor_as_expected(app, client, org, login, objects, visitor):
    if visitor != "anonymous":
        login(getattr(org, visitor))
    assert _walk(client, objects, visitor) == []


def test_every_route_answers_the_stand_ins_as_expected(app, client, org, login, objects, stand_ins):
    wrong = []
    for visitor in STAND_INS:
        login(stand_ins[visitor])
        wrong += _walk(client, objects, visitor)
        client.post("/auth/logout")
    assert wrong == []


def test_missing_objects_are_404_for_hr(app, client, org, login, objects):
    login(org.admin)
    missing = dict.fromkeys(objects, 987_654)
    for endpoint, (template, _) in ROUTES.items():
        if "{" in template:
            assert client.get(template.format(**missing)).status_code == 404, endpoint


def test_post_routes_send_anonymous_visitors_to_login(app, client, objects):
    open_posts = {
        "auth.login",
        "main.set_language",
        "account.forgot_password",  # the same answer for every address, logged in or not
        "account.set_password",  # the signed link is the credential
    }
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in open_posts:
            continue
        if rule.endpoint.startswith("scim."):
            continue  # bearer tokens, not sessions: test_scim_writes_without_a_token_are_401
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<int:{argument}>", "1")
        response = client.post(url)
        assert response.status_code == 302, rule.endpoint
        assert response.headers["Location"].startswith("/auth/login"), rule.endpoint


def test_scim_writes_without_a_token_are_401(app, client, org, login):
    scim_writes = [
        (method, rule.rule.replace("<resource_id>", "1").replace("<path:unknown>", "Groups"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("scim.")
        for method in sorted(rule.methods - {"GET", "HEAD", "OPTIONS"})
    ]
    assert len(scim_writes) >= 6
    for visitor in (None, org.admin):
        if visitor is not None:
            login(visitor)
        for method, url in scim_writes:
            response = client.open(url, method=method, json={})
            assert response.status_code == 401, (method, url)
