"""Reading a people CSV file: its encoding, its records and its header, with every problem
named by line and column. What the rows mean is `csv_import`'s job."""

import codecs
import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _

from pop.models import Role


@dataclass
class RowProblem:
    """One thing wrong with the file; `line` counts from 1 (the header row)."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            return _(
                "regel %(line)d, kolom %(column)s: %(message)s",
                line=self.line,
                column=self.column,
                message=self.message,
            )
        return _("regel %(line)d: %(message)s", line=self.line, message=self.message)


@dataclass
class ImportReport:
    """What an import did, or (when `problems` is not empty) why it stored nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# Canonical column → accepted headers (compared lower-cased, "_" as a space).
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_number": ("personeelsnummer", "employee number", "personnel number"),
    "name": ("naam", "name"),
    "email": ("e-mail", "email", "e-mailadres", "emailadres", "e-mail address", "email address"),
    "department": ("afdeling", "department"),
    "manager": ("leidinggevende", "manager"),
    "function": ("functie", "function", "job function"),
    "roles": ("rollen", "roles", "rol", "role"),
}
REQUIRED_COLUMNS = ("employee_number", "name", "email", "department")

ROLE_NAMES: dict[str, Role] = {
    "medewerker": Role.EMPLOYEE,
    "employee": Role.EMPLOYEE,
    "leidinggevende": Role.MANAGER,
    "manager": Role.MANAGER,
    "hr": Role.HR,
    "hr-adviseur": Role.HR,
    "hr adviseur": Role.HR,
    "beheerder": Role.ADMIN,
    "admin": Role.ADMIN,
}

EXAMPLE_ROWS: list[list[str]] = [
    line.split(";")
    for line in (
        "personeelsnummer;naam;e-mail;afdeling;leidinggevende;functie;rollen",
        "2001;Marieke de Vries;marieke.devries@gemeente.nl;Dienstverlening;;;"
        "leidinggevende|medewerker",
        "2002;Sanne Jansen;sanne.jansen@gemeente.nl;Dienstverlening;2001;"
        "Accountmanager dienstverlening;medewerker",
        "2003;Hanna Bakker;hanna.bakker@gemeente.nl;Bedrijfsvoering;;;hr/medewerker",
    )
]


def example_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(EXAMPLE_ROWS)
    return buffer.getvalue()


def _fold(text: str) -> str:
    """Case- and whitespace-insensitive key for names, titles and headers."""
    return " ".join(text.replace("\u00a0", " ").split()).lower()


_HEADER_KEYS = {
    _fold(alias.replace("_", " ")): key for key, aliases in COLUMNS.items() for alias in aliases
}


def _decode(data: bytes, report: ImportReport) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report.problems.append(
            RowProblem(1, None, _("Het bestand is UTF-16. Sla het op als ‘CSV UTF-8’."))
        )
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        report.problems.append(_encoding_problem(data, error.start))
        return None
    if not text.strip():
        report.problems.append(RowProblem(1, None, _("Het bestand is leeg.")))
        return None
    return text


def _encoding_problem(data: bytes, position: int) -> RowProblem:
    """Where the first byte that is not UTF-8 sits: its line, column and cell."""
    line = data[:position].count(b"\n") + 1
    line_start = data.rfind(b"\n", 0, position) + 1
    line_end = data.find(b"\n", position)
    raw_line = data[line_start : len(data) if line_end == -1 else line_end]
    text = raw_line.decode("utf-8", errors="replace").rstrip("\r")
    # Everything before the first bad byte is valid UTF-8.
    prefix = data[line_start:position].decode("utf-8")
    header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
    delimiter = _sniff_delimiter(header)
    index = len(next(csv.reader([prefix], delimiter=delimiter), [""])) - 1
    cells = next(csv.reader([text], delimiter=delimiter), [])
    names = next(csv.reader([header], delimiter=delimiter), [])
    column = names[index].strip() if line > 1 and index < len(names) else None
    cell = cells[index] if index < len(cells) else text
    return RowProblem(
        line,
        column,
        _(
            "Dit is geen UTF-8-tekst: “%(text)s”. Sla het bestand op als ‘CSV UTF-8’ "
            "en probeer het opnieuw.",
            text=cell.strip()[:80],
        ),
    )


def _sniff_delimiter(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def _read_records(text: str, report: ImportReport) -> list[tuple[int, list[str]]]:
    """The non-empty records with the line each starts on."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
    except csv.Error as error:
        report.problems.append(
            RowProblem(
                reader.line_num,
                None,
                _("Deze regel is geen geldige CSV (%(error)s).", error=str(error)),
            )
        )
    return records


def _map_header(
    line: int, header: list[str], report: ImportReport
) -> dict[str, tuple[int, str]] | None:
    """Canonical column → (index, header as written); None (with a problem) when unusable."""
    columns: dict[str, tuple[int, str]] = {}
    problems_before = len(report.problems)
    for index, cell in enumerate(header):
        key = _HEADER_KEYS.get(_fold(cell.replace("_", " ")))
        if key is None:
            continue
        if key in columns:
            report.problems.append(
                RowProblem(line, cell.strip(), _("Deze kolom staat meer dan eens in de kopregel."))
            )
            continue
        columns[key] = (index, cell.strip())
    missing = [COLUMNS[key][0] for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        report.problems.append(
            RowProblem(
                line,
                None,
                _(
                    "Deze kolommen ontbreken in de kopregel: %(columns)s. Gevonden: %(found)s.",
                    columns=", ".join(missing),
                    found=", ".join(cell.strip() for cell in header if cell.strip()) or "—",
                ),
            )
        )
    return None if len(report.problems) > problems_before else columns
