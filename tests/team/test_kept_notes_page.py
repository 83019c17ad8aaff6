"""The page of one's kept preparation notes: one's own only, in a fixed number of queries."""

from pop.extensions import db
from pop.models import KeptPreparationNotes
from tests.conversations.factories import make_conversation, make_cycle


def keep(app, conversation_id: int, manager_id: int, new_manager_id: int, notes: str) -> None:
    with app.app_context():
        db.session.add(
            KeptPreparationNotes(
                conversation_id=conversation_id,
                manager_id=manager_id,
                new_manager_id=new_manager_id,
                notes=notes,
            )
        )
        db.session.commit()


def test_the_page_shows_ones_own_kept_notes_and_nobody_elses(app, client, login, org):
    cycle = make_cycle(app)
    mine = make_conversation(app, org.employee, org.other_manager, cycle)
    theirs = make_conversation(app, org.other_employee, org.manager, cycle)
    keep(app, mine, org.manager, org.other_manager, "Mijn eigen aantekening")
    keep(app, theirs, org.other_manager, org.manager, "Die van Karim")
    login(org.manager)
    page = client.get("/team/bewaarde-voorbereiding").text
    assert "Mijn eigen aantekening" in page
    assert "Sanne Medewerker" in page
    assert "Karim Manager" in page
    assert "Die van Karim" not in page


def test_someone_without_kept_notes_is_told_so(client, login, org):
    login(org.employee)
    assert "Je hebt geen bewaarde voorbereiding." in client.get("/team/bewaarde-voorbereiding").text


def test_the_query_count_is_the_same_for_2_and_50_kept_notes(
    app, client, login, org, make_user, count_queries
):
    cycle = make_cycle(app)

    def fill(rows: int) -> None:
        for number in range(rows):
            employee = make_user(f"Medewerker {number:03d}-{rows}", manager_id=org.other_manager)
            conversation = make_conversation(app, employee, org.other_manager, cycle)
            keep(app, conversation, org.manager, org.other_manager, f"Notitie {number}-{rows}")

    def count() -> int:
        with count_queries() as statements:
            assert client.get("/team/bewaarde-voorbereiding").status_code == 200
        return len(statements)

    login(org.manager)
    fill(2)
    few = count()
    fill(48)
    assert client.get("/team/bewaarde-voorbereiding").text.count('class="prewrap"') == 50
    assert few == count()
