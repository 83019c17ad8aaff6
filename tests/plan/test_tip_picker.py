"""The tip picker: one's own function's tips per competency, searchable, one click to a goal."""

from sqlalchemy import select

from pop.extensions import db
from pop.models import (
    Competency,
    DevelopmentTip,
    FunctionCompetency,
    Goal,
    GoalStatus,
    JobFunction,
    User,
)
from tests.plan.test_plan_pages import smart_form


def make_function(app, title: str, competencies: dict[str, list[str]]) -> int:
    with app.app_context():
        function = JobFunction(title=title, source_filename=f"{title}.txt", content_hash="x")
        for position, (name, tips) in enumerate(competencies.items(), start=1):
            competency = Competency(
                name=name, description=f"{name}.", description_key=f"{title}-{name}"
            )
            competency.tips = [
                DevelopmentTip(position=number, text=text)
                for number, text in enumerate(tips, start=1)
            ]
            function.competency_links.append(
                FunctionCompetency(competency=competency, position=position)
            )
        db.session.add(function)
        db.session.commit()
        return function.id


def give_function(app, user_id: int, function_id: int) -> None:
    with app.app_context():
        db.session.get(User, user_id).function_id = function_id
        db.session.commit()


def tip_id(app, text: str) -> int:
    with app.app_context():
        return db.session.scalar(select(DevelopmentTip.id).where(DevelopmentTip.text == text))


OWN = {
    "Samenwerken": ["Vraag een collega om feedback op je overleg.", "Zoek een maatje."],
    "Klantgerichtheid": ["Bel drie klanten na afloop terug."],
}
OTHER = {"Leidinggeven": ["Voer elke maand een kort gesprek met elk teamlid."]}


def test_the_picker_shows_the_tips_of_ones_own_function_per_competency(app, client, org, login):
    give_function(app, org.employee, make_function(app, "Adviseur", OWN))
    make_function(app, "Teamleider", OTHER)
    login(org.employee)
    page = client.get("/pop/tips").get_data(as_text=True)
    assert page.index("Samenwerken") < page.index("Klantgerichtheid")
    for tip in (*OWN["Samenwerken"], *OWN["Klantgerichtheid"]):
        assert tip in page
    assert "elk teamlid" not in page
    assert page.count("Maak hiervan een doel") == 3
    assert f"/pop/doelen/nieuw?tip={tip_id(app, 'Zoek een maatje.')}" in page


def test_search_matches_tip_text_or_competency_name(app, client, org, login):
    give_function(app, org.employee, make_function(app, "Adviseur", OWN))
    login(org.employee)
    page = client.get("/pop/tips?zoek=FEEDBACK").get_data(as_text=True)
    assert "Vraag een collega om feedback" in page
    assert "Zoek een maatje." not in page
    assert "1 tip gevonden" in page
    page = client.get("/pop/tips?zoek=klantgericht").get_data(as_text=True)
    assert "Bel drie klanten" in page
    assert "Vraag een collega" not in page


def test_search_wildcards_are_plain_characters(app, client, org, login):
    give_function(app, org.employee, make_function(app, "Adviseur", OWN))
    login(org.employee)
    page = client.get("/pop/tips?zoek=%25").get_data(as_text=True)
    assert "Geen tips gevonden" in page


def test_without_a_function_the_picker_points_to_a_goal_of_ones_own(app, client, org, login):
    login(org.employee)
    response = client.get("/pop/tips")
    assert response.status_code == 200
    assert "geen ontwikkeltips om uit te kiezen" in response.get_data(as_text=True)


def test_catalogue_text_is_marked_dutch_in_the_english_interface(app, client, org, login):
    give_function(app, org.employee, make_function(app, "Adviseur", OWN))
    with app.app_context():
        db.session.get(User, org.employee).language = "en"
        db.session.commit()
    login(org.employee)
    page = client.get("/pop/tips").get_data(as_text=True)
    assert "Choose a development tip" in page
    tip = f'id="tip-{tip_id(app, "Zoek een maatje.")}"><span lang="nl">Zoek een maatje.</span>'
    assert tip in page


def test_the_picker_query_count_does_not_grow_with_tips(app, client, org, login, count_queries):
    login(org.employee)

    def count() -> int:
        with count_queries() as statements:
            assert client.get("/pop/tips").status_code == 200
        return len(statements)

    give_function(app, org.employee, make_function(app, "Klein", {"A": ["Tip 1", "Tip 2"]}))
    few = count()
    many_tips = {f"Competentie {c}": [f"Tip {c}-{t}" for t in range(10)] for c in range(5)}
    give_function(app, org.employee, make_function(app, "Groot", many_tips))
    assert count() == few


def test_a_goal_from_a_tip_can_be_saved_and_proposed_at_once(app, client, org, login, cycle_id):
    give_function(app, org.employee, make_function(app, "Adviseur", OWN))
    tip = tip_id(app, "Zoek een maatje.")
    login(org.employee)
    form = client.get(f"/pop/doelen/nieuw?tip={tip}").get_data(as_text=True)
    assert "Opslaan en voorstellen aan je leidinggevende" in form
    response = client.post(
        f"/pop/doelen/nieuw?tip={tip}", data=smart_form(title="Een maatje", voorstellen="1")
    )
    assert response.status_code == 302
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.title == "Een maatje"))
        assert goal.goal_status == GoalStatus.PROPOSED
        assert goal.source_tip_id == tip


def test_a_goal_without_a_manager_is_not_stored_half_when_proposing_fails(
    app, client, org, login, make_user, cycle_id
):
    loner = make_user("Zonder Leidinggevende")
    login(loner)
    response = client.post("/pop/doelen/nieuw", data=smart_form(voorstellen="1"))
    assert response.status_code == 200
    assert "geen leidinggevende" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Goal).where(Goal.employee_id == loner)) is None
