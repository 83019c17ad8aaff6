"""Write a parsed description back in the canonical form of the format."""

from .document import CompetencyData, FunctionDescription, LevelData, ResultAreaData


def render(description: FunctionDescription) -> str:
    """Write a description in the canonical form of the format, so that parse() reads it back."""
    lines = [
        "Functiebeschrijving",
        *_present(description.title),
        "",
        "Functiefamilie",
        *_present(description.family),
        "",
        "Doel",
        *_present(description.purpose),
        "",
        "Resultaatgebieden",
    ]
    for area in description.result_areas:
        lines += _render_result_area(area)
    lines += ["", "Competenties"]
    for competency in description.competencies:
        lines += _render_competency(competency)
    lines += ["", "Niveaus", "NiveauSchaal", *map(_render_level, description.levels)]
    return "\n".join(lines) + "\n"


def _present(text: str | None) -> list[str]:
    return [text] if text else []


def _bullets(items: list[str]) -> list[str]:
    return [f"• {item}" for item in items]


def _render_result_area(area: ResultAreaData) -> list[str]:
    return [
        "Kernactiviteit",
        *_present(area.core_activity),
        "Kader",
        *_bullets(area.frameworks),
        "Resultaat",
        *_present(area.result),
        "Activiteit",
        *_bullets(area.activities),
    ]


def _render_competency(competency: CompetencyData) -> list[str]:
    # Every list header is written even when its list is empty, so that the last line before
    # the next `Omschrijving` is a header or a bullet and never mistaken for a name.
    return [
        "",
        *_present(competency.name),
        "Omschrijving",
        *_present(competency.description),
        "Gedragsindicatoren",
        *_bullets(competency.indicators),
        "Toetsvragen",
        *_bullets(competency.questions),
        "Ontwikkeltips",
        *_bullets(competency.tips),
    ]


def _render_level(level: LevelData) -> str:
    return f"{level.name}\t{level.scale}" if level.name else level.scale
