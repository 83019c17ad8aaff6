"""The POP and the conversation report as tagged PDFs: structure tree, language, title, fonts.

The PDFs are read back with pikepdf (the PDF's objects) and pypdf (its text), never by
looking at how they were made.
"""

import io

import pikepdf
import pytest
from pypdf import PdfReader

from pop.extensions import db
from pop.models import ConversationNote, ConversationStatus, GoalStatus, User
from tests.conversations import factories

PRIVATE = "Privé: vragen naar de samenwerking met Pieter"
NOTE = "We bespraken de verslagen van het overleg."


def text_of(document: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def fonts_of(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every font the pages use, with a Type0 font's descendant in its place."""
    fonts = []
    for page in pdf.pages:
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            fonts.extend(font.DescendantFonts if font.Subtype == "/Type0" else [font])
    return fonts


def assert_tagged(document: bytes, language: str, title: str) -> None:
    assert document.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(document)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert len(root.StructTreeRoot.K) > 0, "the structure tree is empty"
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == language
        assert title in str(pdf.docinfo["/Title"])
        assert root.ViewerPreferences.DisplayDocTitle is True
        fonts = fonts_of(pdf)
        assert fonts, "the PDF has no fonts at all"
        for font in fonts:
            descriptor = font.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"{font.BaseFont} is not embedded"
            )


def use_english(app, user_id: int) -> None:
    with app.app_context():
        db.session.get(User, user_id).language = "en"
        db.session.commit()


@pytest.fixture
def cycle_id(app) -> int:
    return factories.make_cycle(app)


class TestPlanPdf:
    def test_the_pop_is_a_tagged_pdf_in_dutch(self, app, client, org, login, cycle_id):
        factories.make_goal(
            app, org.employee, cycle_id, status=GoalStatus.AGREED, title="Presenteren oefenen"
        )
        login(org.employee)
        response = client.get("/pop/pop.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert "attachment" in response.headers["Content-Disposition"]
        assert_tagged(response.data, "nl", "Sanne Medewerker")
        text = text_of(response.data)
        assert "Persoonlijk ontwikkelingsplan" in text
        assert "Presenteren oefenen" in text
        assert "Uitloggen" not in text  # the print view, without the page's header

    def test_the_pop_of_someone_who_reads_english_is_in_english(
        self, app, client, org, login, cycle_id
    ):
        factories.make_goal(app, org.employee, cycle_id, title="Presenteren oefenen")
        use_english(app, org.employee)
        login(org.employee)
        document = client.get("/pop/pop.pdf").data
        assert_tagged(document, "en", "Sanne Medewerker")
        assert "Personal development plan" in text_of(document)


class TestReportPdf:
    @pytest.fixture
    def held(self, app, org, cycle_id) -> int:
        function = factories.make_function(app, [org.employee])
        conversation_id = factories.make_conversation(
            app,
            org.employee,
            org.manager,
            cycle_id,
            status=ConversationStatus.HELD,
            preparation_notes=PRIVATE,
            overall_rating=4,
            overall_motivation="Sterk jaar met duidelijke groei.",
        )
        factories.add_rating(app, conversation_id, function.competencies[0], 5)
        with app.app_context():
            db.session.add(
                ConversationNote(conversation_id=conversation_id, topic="goals", body=NOTE)
            )
            db.session.commit()
        return conversation_id

    def test_the_report_is_the_report_page_as_a_tagged_pdf(self, client, org, login, held):
        login(org.employee)
        response = client.get(f"/gesprekken/{held}/verslag.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert_tagged(response.data, "nl", "Verslag")
        text = text_of(response.data)
        assert NOTE in text
        assert "Sterk jaar met duidelijke groei." in text
        assert PRIVATE not in text
        assert "Download als PDF" not in text

    def test_the_managers_report_is_private_note_free_too(self, client, org, login, held):
        login(org.manager)
        document = client.get(f"/gesprekken/{held}/verslag.pdf").data
        assert_tagged(document, "nl", "Verslag")
        assert PRIVATE not in text_of(document)

    def test_an_english_reader_gets_an_english_report(self, app, client, org, login, held):
        use_english(app, org.employee)
        login(org.employee)
        document = client.get(f"/gesprekken/{held}/verslag.pdf").data
        assert_tagged(document, "en", "Report")
        assert "Signatures" in text_of(document)
