"""The web import shows what a document does to a shared competency and lets HR choose."""

import io
import re

import pytest
from sqlalchemy import select

from pop import PROJECT_ROOT
from pop.catalogue.importer import import_path
from pop.extensions import db
from pop.models import Competency
from tests.catalogue.test_competency_versions import OTHER_TEXT, other_document

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"
CHOICE = "keuze:baliemedewerker.txt:1"


@pytest.fixture
def seeded(app):
    with app.app_context():
        import_path(SEED, actor=None)


def preview(client) -> str:
    data = {"files": [(io.BytesIO(other_document()), "baliemedewerker.txt")]}
    response = client.post("/functies/importeren", data=data)
    assert response.status_code == 200
    return response.text


def token_of(html: str) -> str:
    found = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
    assert found is not None, "no confirmation form"
    return found.group(1)


def klantgerichtheid(app) -> list[tuple[str, bool]]:
    with app.app_context():
        rows = db.session.scalars(
            select(Competency).where(Competency.name == "Klantgerichtheid").order_by(Competency.id)
        )
        return [(row.description, row.retired_at is None) for row in rows]


def test_preview_shows_the_difference_its_users_and_a_choice_kept_apart_by_default(
    app, client, org, login, seeded
):
    login(org.hr)
    html = preview(client)
    assert "Competentie 1: Klantgerichtheid" in html
    assert "apart gehouden voor deze functie, als variant met dezelfde naam" in html
    assert "1 andere functie: Accountmanager dienstverlening" in html
    assert f'<ins><span class="visually-hidden">wordt: </span>{OTHER_TEXT}</ins>' in html
    assert f'name="{CHOICE}" value="keep_apart" checked' in html
    assert f'name="{CHOICE}" value="adopt">' in html
    assert len(klantgerichtheid(app)) == 1


def test_looking_again_with_adopt_shows_what_adopting_does(app, client, org, login, seeded):
    login(org.hr)
    token = token_of(preview(client))
    response = client.post(
        "/functies/importeren/bevestigen",
        data={"token": token, CHOICE: "adopt", "actie": "bekijken"},
    )
    assert response.status_code == 200
    assert "nieuwe versie voor elke functie die haar gebruikt" in response.text
    assert f'name="{CHOICE}" value="adopt" checked' in response.text
    assert len(klantgerichtheid(app)) == 1


def test_confirming_keep_apart_stores_a_variant_and_leaves_the_stored_text(
    app, client, org, login, seeded
):
    login(org.hr)
    token = token_of(preview(client))
    stored = klantgerichtheid(app)[0]
    response = client.post(
        "/functies/importeren/bevestigen",
        data={"token": token, CHOICE: "keep_apart", "actie": "importeren"},
    )
    assert response.status_code == 302
    assert klantgerichtheid(app) == [stored, (OTHER_TEXT, True)]


def test_confirming_adopt_gives_every_function_the_new_text(app, client, org, login, seeded):
    login(org.hr)
    token = token_of(preview(client))
    response = client.post(
        "/functies/importeren/bevestigen",
        data={"token": token, CHOICE: "adopt", "actie": "importeren"},
    )
    assert response.status_code == 302
    assert klantgerichtheid(app) == [(OTHER_TEXT, True)]


@pytest.mark.parametrize(
    ("field", "value"),
    [(CHOICE, "rewrite"), ("keuze:baliemedewerker.txt:x", "adopt"), ("keuze:1", "adopt")],
)
def test_a_tampered_choice_is_400_and_imports_nothing(
    app, client, org, login, seeded, field, value
):
    login(org.hr)
    token = token_of(preview(client))
    response = client.post(
        "/functies/importeren/bevestigen",
        data={"token": token, field: value, "actie": "importeren"},
    )
    assert response.status_code == 400
    assert len(klantgerichtheid(app)) == 1
