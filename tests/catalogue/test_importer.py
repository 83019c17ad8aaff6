"""Importing function descriptions into the database: the seed, re-imports, shared competencies."""

import shutil

import pytest
from sqlalchemy import func, select

from pop import PROJECT_ROOT
from pop.catalogue import services
from pop.catalogue.importer import (
    CREATED,
    FAILED,
    UNCHANGED,
    UPDATED,
    import_document,
    import_file,
    import_path,
)
from pop.catalogue.parser import (
    MISSING_COMPETENCY_NAME,
    MISSING_TITLE,
    NAVIGATION_LABEL_AS_FAMILY,
    CompetencyData,
    FunctionDescription,
    LevelData,
    ResultAreaData,
    render,
)
from pop.extensions import db
from pop.models import (
    AuditEvent,
    Competency,
    DevelopmentTip,
    FunctionCompetency,
    JobFunction,
    User,
)

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"
SIDECAR_NAMES = [
    "Schriftelijke uitdrukkingsvaardigheid",
    "Omgevingsbewustzijn",
    "Klantgerichtheid",
    "Resultaatgerichtheid",
]


def row_counts() -> dict[str, int]:
    """Rows in every table, to prove an import added, changed or removed nothing."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def seed_tips_in_order() -> list[list[str]]:
    """Each competency's development tips as the seed lists them, first occurrences only."""
    lists: list[list[str]] = []
    collecting = False
    for line in SEED.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text == "Ontwikkeltips":
            lists.append([])
            collecting = True
        elif text in ("Omschrijving", "Niveaus", "Gedragsindicatoren", "Toetsvragen"):
            collecting = False
        elif collecting and text.startswith("•"):
            tip = " ".join(text.removeprefix("•").split())
            if tip not in lists[-1]:
                lists[-1].append(tip)
    return lists


def the_function(filename: str = SEED.name) -> JobFunction:
    return db.session.scalar(select(JobFunction).where(JobFunction.source_filename == filename))


def small_document(
    title: str | None = "Klantadviseur",
    family: str | None = "Dienstverlening",
    competency_name: str | None = "Klantgerichtheid",
    tips: tuple[str, ...] = ("Vraag door naar de wens achter de vraag.", "Bel klanten na."),
    activities: tuple[str, ...] = ("Beantwoorden van vragen",),
) -> bytes:
    description = FunctionDescription(
        title=title,
        family=family,
        purpose="Klanten helpen met hun vragen.",
        result_areas=[
            ResultAreaData(
                core_activity="Beantwoorden van klantvragen",
                frameworks=["Kwaliteitshandvest"],
                result="Tevreden klanten",
                activities=list(activities),
            )
        ],
        competencies=[
            CompetencyData(
                name=competency_name,
                description="Wensen en behoeften van klanten herkennen en ernaar handelen.",
                indicators=["Stelt zich dienstverlenend op."],
                questions=["Wanneer was een klant echt tevreden over jou?"],
                tips=list(tips),
            )
        ],
        levels=[LevelData(name="", scale="8")],
    )
    return render(description).encode("utf-8")


@pytest.fixture
def hr_actor(app, org):
    def get() -> User:
        return db.session.get(User, org.hr)

    return get


def test_seed_with_sidecar_imports_all_its_parts(app):
    with app.app_context():
        [summary] = import_path(SEED, actor=None)
        assert summary.status == CREATED
        function = the_function()
        assert function.title == "Accountmanager dienstverlening"
        assert function.family.name == "Dienstverlening"
        assert len(function.result_areas) == 11
        assert [link.competency.name for link in function.competency_links] == SIDECAR_NAMES
        assert [(level.name, level.scale) for level in function.levels] == [("", "11")]


def test_seed_keeps_each_tip_once_in_the_documents_order(app):
    with app.app_context():
        import_path(SEED, actor=None)
        stored = [
            [tip.text for tip in link.competency.tips] for link in the_function().competency_links
        ]
        assert stored == seed_tips_in_order()
        assert [len(tips) for tips in stored] == [8, 7, 9, 11]
        for link in the_function().competency_links:
            assert [tip.position for tip in link.competency.tips] == list(
                range(1, len(link.competency.tips) + 1)
            )


def test_seed_stores_no_lost_line_break_markers(app):
    with app.app_context():
        import_path(SEED, actor=None)
        function = the_function()
        texts = [function.purpose, function.title or ""]
        for area in function.result_areas:
            texts += [area.core_activity, area.result, *area.frameworks, *area.activities]
        for link in function.competency_links:
            competency = link.competency
            texts.append(competency.description)
            for item in (*competency.indicators, *competency.questions, *competency.tips):
                texts.append(item.text)
        assert texts
        assert not [text for text in texts if "~~" in text]
        assert any("eigen dienst (waaronder nieuwe diensten" in text for text in texts)


def test_seed_splits_the_glued_kader_line_into_two_items(app):
    with app.app_context():
        import_path(SEED, actor=None)
        area = the_function().result_areas[3]
        assert area.core_activity.startswith("Bewaken van de voortgang")
        assert area.frameworks == [
            "Planning(en) van de betrokken afdeling(en) binnen de dienst",
            "Wensen/eisen van de klant",
        ]


def test_importing_the_seed_twice_changes_no_row(app):
    with app.app_context():
        import_path(SEED, actor=None)
        before = row_counts()
        [summary] = import_path(SEED, actor=None)
        assert summary.status == UNCHANGED
        assert row_counts() == before


def test_seed_without_sidecar_warns_about_title_family_and_competency_names(app, tmp_path):
    lone = tmp_path / SEED.name
    shutil.copy(SEED, lone)
    with app.app_context():
        [summary] = import_path(lone, actor=None)
        assert summary.status == CREATED
        templates = [warning.template for warning in summary.warnings]
        assert MISSING_TITLE in templates
        assert NAVIGATION_LABEL_AS_FAMILY in templates
        unnamed = [
            w.params["position"] for w in summary.warnings if w.template == MISSING_COMPETENCY_NAME
        ]
        assert unnamed == [1, 2, 3, 4]
        function = the_function()
        assert function.title is None
        assert function.family is None
        assert all(link.competency.name is None for link in function.competency_links)


def test_documents_sharing_a_competency_share_one_competency_row(app):
    with app.app_context():
        first = import_document("klantadviseur.txt", small_document(), actor=None)
        second = import_document(
            "baliemedewerker.txt",
            small_document(title="Baliemedewerker", activities=("Woordvoering",)),
            actor=None,
        )
        db.session.commit()
        assert (first.status, second.status) == (CREATED, CREATED)
        competencies = db.session.scalars(
            select(Competency).where(Competency.name == "Klantgerichtheid")
        ).all()
        assert len(competencies) == 1
        linked = db.session.scalars(
            select(FunctionCompetency.function_id).where(
                FunctionCompetency.competency_id == competencies[0].id
            )
        ).all()
        assert sorted(linked) == sorted([first.function_id, second.function_id])


def test_changed_document_updates_its_function_in_place(app):
    tips = ("Vraag door naar de wens achter de vraag.", "Bel klanten na.")
    with app.app_context():
        import_document("klantadviseur.txt", small_document(tips=tips), actor=None)
        db.session.commit()
        function_id = the_function("klantadviseur.txt").id
        surviving = db.session.scalar(select(DevelopmentTip).where(DevelopmentTip.text == tips[1]))
        surviving_id = surviving.id
        before = row_counts()

        changed = small_document(
            tips=(tips[1], "Lees de klachten van de afgelopen maand."),
            activities=("Beantwoorden van vragen", "Terugbellen van klanten"),
        )
        summary = import_document("klantadviseur.txt", changed, actor=None)
        db.session.commit()

        assert summary.status == UPDATED
        assert summary.function_id == function_id
        assert db.session.scalar(select(func.count(JobFunction.id))) == 1
        assert db.session.scalar(select(func.count(Competency.id))) == 1
        tip_rows = db.session.scalars(select(DevelopmentTip).order_by(DevelopmentTip.position))
        assert [(tip.text, tip.position) for tip in tip_rows] == [
            (tips[1], 1),
            ("Lees de klachten van de afgelopen maand.", 2),
        ]
        assert db.session.get(DevelopmentTip, surviving_id).text == tips[1]
        assert the_function("klantadviseur.txt").result_areas[0].activities == [
            "Beantwoorden van vragen",
            "Terugbellen van klanten",
        ]
        after = row_counts()
        assert after["job_function"] == before["job_function"]
        assert after["development_tip"] == before["development_tip"]
        assert after["audit_event"] == before["audit_event"] + 1


def test_failing_file_stores_nothing(app, tmp_path):
    (tmp_path / "leeg.txt").write_bytes(b"")
    with app.app_context():
        before = row_counts()
        summary = import_file(tmp_path / "leeg.txt", actor=None)
        db.session.rollback()
        assert summary.status == FAILED
        assert summary.error.filename == "leeg.txt"
        assert summary.error.line == 1
        assert row_counts() == before


def test_a_failing_file_does_not_stop_the_others_in_its_folder(app, tmp_path):
    (tmp_path / "a_kapot.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "b_klantadviseur.txt").write_bytes(small_document())
    (tmp_path / "c_leeg.txt").write_bytes(b"   \n")
    with app.app_context():
        summaries = import_path(tmp_path, actor=None)
        assert [(s.filename, s.status) for s in summaries] == [
            ("a_kapot.txt", FAILED),
            ("b_klantadviseur.txt", CREATED),
            ("c_leeg.txt", FAILED),
        ]
        stored = db.session.scalars(select(JobFunction.source_filename)).all()
        assert stored == ["b_klantadviseur.txt"]


def test_title_and_names_hr_completed_survive_reimport_of_a_document_without_them(app, hr_actor):
    untitled = small_document(title=None, family=None, competency_name=None)
    with app.app_context():
        import_document("naamloos.txt", untitled, actor=None)
        db.session.commit()
        function = the_function("naamloos.txt")
        services.rename_function(hr_actor(), function, "Klantadviseur")
        services.set_family(hr_actor(), function, "Dienstverlening")
        services.name_competency(
            hr_actor(), function.competency_links[0].competency, "Klantgerichtheid"
        )
        db.session.commit()

        changed = small_document(
            title=None, family=None, competency_name=None, activities=("Terugbellen van klanten",)
        )
        summary = import_document("naamloos.txt", changed, actor=None)
        db.session.commit()

        assert summary.status == UPDATED
        db.session.expire_all()
        function = the_function("naamloos.txt")
        assert function.title == "Klantadviseur"
        assert function.family.name == "Dienstverlening"
        assert function.competency_links[0].competency.name == "Klantgerichtheid"
        assert function.result_areas[0].activities == ["Terugbellen van klanten"]


def test_import_records_an_audit_event_only_when_something_changed(app):
    with app.app_context():
        import_document("klantadviseur.txt", small_document(), actor=None)
        db.session.commit()
        import_document("klantadviseur.txt", small_document(), actor=None)
        db.session.commit()
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions == ["function_created"]


def test_dry_run_reports_but_stores_nothing(app):
    with app.app_context():
        before = row_counts()
        summary = import_document("klantadviseur.txt", small_document(), actor=None, dry_run=True)
        db.session.rollback()
        assert summary.status == CREATED
        assert (summary.result_areas, summary.competencies, summary.tips) == (1, 1, 2)
        assert row_counts() == before
