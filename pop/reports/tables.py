"""The column tables of the reports' CSV and XLSX exports (Dutch and English headers)."""

from pop.exports import Column, Table
from pop.labels import kind_label
from pop.models import (
    ConversationKind,
)
from pop.reports.queries import (
    DepartmentProgress,
    DevelopmentReport,
    FunctionRow,
    ManagerProgress,
)

FUNCTION_COLUMNS = (
    Column("Functiefamilie", "Function family"),
    Column("Functie", "Function"),
    Column("Schalen", "Scales"),
    Column("Medewerkers", "Employees"),
)


def functions_table(rows: list[FunctionRow], name: str, no_family: str) -> Table:
    return Table(
        name,
        FUNCTION_COLUMNS,
        lambda: (
            (row.family or no_family, row.title, ", ".join(row.scales), row.employees)
            for row in rows
        ),
    )


PROGRESS_COLUMNS = (
    Column("Afdeling", "Department"),
    Column("Medewerkers", "Employees"),
    Column("Met afgesproken POP", "With an agreed POP"),
    Column("Dekking (%)", "Coverage (%)"),
    Column("Doelen", "Goals"),
    Column("Afgesproken doelen", "Agreed goals"),
    Column("Afgerond", "Completed"),
    Column("Te laat", "Overdue"),
    Column("Gemiddelde voortgang (%)", "Average progress (%)"),
)


def progress_table(rows: list[DepartmentProgress], name: str, no_department: str) -> Table:
    return Table(
        name,
        PROGRESS_COLUMNS,
        lambda: (
            (
                row.name or no_department,
                row.employees,
                row.with_pop,
                row.coverage,
                row.goals,
                row.agreed_goals,
                row.done,
                row.overdue,
                row.average_progress,
            )
            for row in rows
        ),
    )


def conversations_columns() -> list[Column]:
    columns = [Column("Leidinggevende", "Manager"), Column("Team", "Team")]
    english = {
        ConversationKind.PLANNING: "planning meeting",
        ConversationKind.REVIEW: "performance review",
        ConversationKind.APPRAISAL: "appraisal",
    }
    for kind in ConversationKind:
        columns += [
            Column(f"{kind.value}: gevoerd", f"{english[kind]}: held"),
            Column(f"{kind.value}: nog niet", f"{english[kind]}: not yet held"),
        ]
    columns.append(Column("Te laat", "Overdue"))
    return columns


def conversations_table(rows: list[ManagerProgress], name: str, no_manager: str) -> Table:
    def cells(row: ManagerProgress) -> tuple:
        counts = []
        for kind in ConversationKind:
            counts += [row.done.get(kind.value, 0), row.open(kind.value)]
        return (row.name or no_manager, row.team, *counts, row.total_late)

    return Table(name, conversations_columns(), lambda: (cells(row) for row in rows))


DEVELOPMENT_COLUMNS = (
    Column("Competentie", "Competency"),
    Column("Cyclus", "Cycle"),
    Column("Aantal oordelen", "Ratings"),
    Column("Medewerkers", "Employees"),
    Column("Gemiddelde score", "Average score"),
)


def development_table(report: DevelopmentReport, name: str) -> Table:
    def rows():
        for competency in report.competencies:
            for cycle in report.cycles:
                figures = competency.by_cycle.get(cycle.id)
                if figures is not None:
                    yield (
                        competency.name,
                        cycle.name,
                        figures.ratings,
                        figures.people,
                        figures.average,
                    )

    return Table(name, DEVELOPMENT_COLUMNS, rows)


def kind_labels() -> dict[str, str]:
    return {kind.value: kind_label(kind.value) for kind in ConversationKind}
