"""Exports: streamed CSV that adds up to the dashboard, XLSX, headers in the user's language."""

import csv
import io
from collections import Counter
from datetime import date

import pytest
from openpyxl import load_workbook

from pop.exports import Column, Table, iter_csv, text_value, write_xlsx
from pop.extensions import db
from pop.hr.dashboard import dashboard
from pop.hr.filter import make_filter
from pop.models import User
from tests.hr_overview.conftest import generate


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_20000_row_goal_export_streams_and_adds_up_to_the_dashboard(
    app, client, login, catalogue, hr_user
):
    generate(app, catalogue, 2000, goals_per_employee=10)
    with app.app_context():
        board = dashboard(make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None))
    login(hr_user)
    response = client.get("/hr/overzicht/doelen.csv")
    assert response.status_code == 200
    assert response.is_streamed
    rows = read_csv(response.data)
    assert len(rows) == board.total_goals
    assert board.total_goals >= 18_000  # 20,000 goals, less those of inactive people and HR
    by_status = Counter(row["Status"] for row in rows)
    assert by_status == Counter({row.status: row.goals for row in board.statuses if row.goals})
    assert sum(1 for row in rows if row["Te laat"] == "ja") == board.overdue
    agreed = [row for row in rows if row["Status"] in ("afgesproken", "bezig", "afgerond")]
    average = round(sum(int(row["Voortgang (%)"]) for row in agreed) / len(agreed), 1)
    assert average == board.average_progress
    people = read_csv(client.get("/hr/overzicht/medewerkers.csv").data)
    assert len(people) == board.employees
    assert sum(int(row["Doelen in de cyclus"]) for row in people) == board.total_goals


def test_the_csv_is_made_while_it_is_sent_not_all_at_once(app, catalogue):
    produced = []

    def rows():
        for number in range(100_000):
            produced.append(number)
            yield (number, "x" * 20)

    chunks = iter_csv(Table("t", [Column("n", "n"), Column("x", "x")], rows), "nl")
    next(chunks)
    assert 0 < len(produced) < 100_000  # the first chunk left before all rows were made


def test_headers_follow_the_users_language(app, client, login, catalogue, hr_user):
    generate(app, catalogue, 20)
    login(hr_user)
    dutch = client.get("/hr/overzicht/medewerkers.csv").data.decode("utf-8-sig")
    assert dutch.splitlines()[0].startswith("Personeelsnummer,Naam,E-mailadres,Afdeling")
    with app.app_context():
        db.session.get(User, hr_user).language = "en"
        db.session.commit()
    english = client.get("/hr/overzicht/medewerkers.csv").data.decode("utf-8-sig")
    assert english.splitlines()[0].startswith("Employee number,Name,E-mail address,Department")
    with client.get("/hr/overzicht/doelen.xlsx") as response:
        sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
        header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("Goal ID", "Employee number", "Employee")


def test_xlsx_holds_every_row_with_real_dates(app, client, login, catalogue, hr_user):
    generate(app, catalogue, 50, goals_per_employee=2)
    login(hr_user)
    csv_rows = read_csv(client.get("/hr/overzicht/doelen.csv").data)
    with client.get("/hr/overzicht/doelen.xlsx") as response:
        assert response.mimetype.endswith("spreadsheetml.sheet")
        assert "pop-doelen-" in response.headers["Content-Disposition"]
        workbook = load_workbook(io.BytesIO(response.data), read_only=True)
        rows = list(workbook.active.iter_rows(min_row=2, values_only=True))
        workbook.close()
    assert len(rows) == len(csv_rows) > 0
    assert isinstance(rows[0][10], date)  # the deadline, a date cell
    assert rows[0][10].isoformat()[:10] == csv_rows[0]["Deadline"]


def test_dates_are_iso_and_formulas_are_disarmed():
    assert text_value(date(2026, 3, 1)) == "2026-03-01"
    assert text_value("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert text_value("@SUM(A1)") == "'@SUM(A1)"
    assert text_value(None) == ""


def test_xlsx_never_turns_text_into_a_formula(tmp_path):
    table = Table("t", [Column("a", "a")], lambda: [("=1+1",), (date(2026, 1, 2),)])
    path = tmp_path / "t.xlsx"
    with path.open("wb") as handle:
        write_xlsx(table, handle, "nl")
    workbook = load_workbook(path)
    cell = workbook.active["A2"]
    assert cell.value == "=1+1"
    assert cell.data_type == "s"
    workbook.close()


@pytest.mark.parametrize(
    ("url", "first_header"),
    [
        ("/hr/rapportages/functies.csv", "Functiefamilie"),
        ("/hr/rapportages/voortgang.csv", "Afdeling"),
        ("/hr/rapportages/gesprekken.csv", "Leidinggevende"),
        ("/hr/rapportages/competenties.csv", "Competentie"),
        ("/hr/auditlog.csv", "Tijdstip (UTC)"),
        ("/hr/overzicht.csv", "Onderdeel"),
    ],
)
def test_every_report_exports_as_csv(app, client, login, catalogue, hr_user, url, first_header):
    generate(app, catalogue, 30)
    login(hr_user)
    response = client.get(url)
    assert response.is_streamed
    text = response.data.decode("utf-8-sig")
    assert text.splitlines()[0].split(",")[0] == first_header
