"""One's own POP as a PDF, drawn with ReportLab (pure Python, no browser or system fonts needed)."""

from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pop.dates import local_date, local_period
from pop.labels import goal_status_label as status_label
from pop.models import Competency, Cycle, Goal, User


def plan_pdf(
    employee: User, cycle: Cycle, groups: list[tuple[Competency | None, list[Goal]]]
) -> bytes:

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("POP van %(name)s, cyclus %(cycle)s", name=employee.name, cycle=cycle.name),
        author=employee.name,
        lang=_("nl"),
    )
    styles = getSampleStyleSheet()
    story = [
        Paragraph(escape(_("Persoonlijk ontwikkelingsplan")), styles["Title"]),
        Paragraph(
            escape(
                _(
                    "%(name)s · cyclus %(cycle)s · afgedrukt op %(day)s",
                    name=employee.name,
                    cycle=cycle.name,
                    day=local_date(date.today()),
                )
            ),
            styles["Normal"],
        ),
        Spacer(1, 0.5 * cm),
    ]
    if not groups:
        story.append(
            Paragraph(escape(_("Er zijn nog geen doelen in deze cyclus.")), styles["Normal"])
        )
    for competency, goals in groups:
        heading = competency.display_name if competency else _("Vrije doelen")
        story.append(Paragraph(escape(heading), styles["Heading2"]))
        for goal in goals:
            story.append(Paragraph(escape(goal.title), styles["Heading3"]))
            rows = [
                (_("Status"), f"{status_label(goal.status)} · {goal.progress}%"),
                (_("Specifiek"), goal.specific),
                (_("Meetbaar"), goal.measurable),
                (_("Acceptabel"), goal.achievable),
                (_("Realistisch"), goal.realistic),
                (_("Tijdgebonden"), local_period(goal.starts_on, goal.deadline)),
            ]
            rows += [
                (local_date(check_in.on), f"{check_in.progress}% · {check_in.note}")
                for check_in in goal.check_ins
            ]
            table = Table(
                [
                    [
                        Paragraph(escape(label), styles["Normal"]),
                        Paragraph(escape(value), styles["Normal"]),
                    ]
                    for label, value in rows
                ],
                colWidths=[4 * cm, 13 * cm],
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                    ]
                )
            )
            story += [table, Spacer(1, 0.4 * cm)]
    document.build(story)
    return buffer.getvalue()


def _cell(text: str, styles) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), styles["Normal"])
