"""One's own POP as a tagged PDF: the print view, rendered by WeasyPrint from the same template."""

from datetime import date

from flask import render_template

from pop.models import Competency, Cycle, Goal
from pop.pdf import html_to_pdf


def print_page(cycle: Cycle, groups: list[tuple[Competency | None, list[Goal]]]) -> str:
    """The print view of the signed-in person's POP; the PDF is this page."""
    return render_template("plan/print.html", cycle=cycle, groups=groups, today=date.today())


def plan_pdf(cycle: Cycle, groups: list[tuple[Competency | None, list[Goal]]]) -> bytes:
    return html_to_pdf(print_page(cycle, groups))
