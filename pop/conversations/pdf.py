"""The report of a conversation as a PDF, drawn with ReportLab; private notes never appear in it."""

from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pop.labels import TOPICS, kind_label, owner_label, rating_label
from pop.labels import conversation_status_label as status_label
from pop.models import Conversation


def _cell(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(rows: list[tuple[str, str]], styles, widths=(5 * cm, 12 * cm)) -> Table:
    table = Table(
        [[_cell(label, styles["Normal"]), _cell(value, styles["Normal"])] for label, value in rows],
        colWidths=list(widths),
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return table


def _signed(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else _("nog niet getekend")


def conversation_pdf(conversation: Conversation, rating_rows: list) -> bytes:
    buffer = BytesIO()
    kind = kind_label(conversation.kind)
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("Verslag %(kind)s met %(name)s", kind=kind, name=conversation.employee.name),
        author=conversation.manager.name,
        lang=_("nl"),
    )
    styles = getSampleStyleSheet()
    heading = _("Verslag %(kind)s", kind=kind)
    story = [
        Paragraph(escape(heading[:1].upper() + heading[1:]), styles["Title"]),
        _table(
            [
                (_("Medewerker"), conversation.employee.name),
                (_("Leidinggevende"), conversation.manager.name),
                (_("Cyclus"), conversation.cycle.name),
                (_("Gevoerd op"), conversation.held_on.isoformat() if conversation.held_on else ""),
                (_("Status"), status_label(conversation.status)),
            ],
            styles,
        ),
    ]
    if not conversation.is_signed:
        story.append(
            Paragraph(escape(_("Concept: nog niet door beiden ondertekend.")), styles["Heading3"])
        )
    notes = [(str(label), conversation.note_for(topic)) for topic, label in TOPICS.items()]
    notes = [(label, body) for label, body in notes if body]
    if notes:
        story += [Paragraph(escape(_("Besproken")), styles["Heading2"]), _table(notes, styles)]
    if any(row.score is not None for row in rating_rows):
        story.append(Paragraph(escape(_("Beoordeling per competentie")), styles["Heading2"]))
        lines = []
        for row in rating_rows:
            if row.indicator is None:
                label = row.competency.display_name
            elif row.score is None:
                continue
            else:
                label = "– " + row.indicator.text
            lines.append((label, rating_label(conversation.rating_scale, row.score)))
        story.append(_table(lines, styles, widths=(12 * cm, 5 * cm)))
    if conversation.is_appraisal:
        story += [
            Paragraph(escape(_("Eindoordeel")), styles["Heading2"]),
            _table(
                [
                    (
                        _("Eindoordeel"),
                        rating_label(conversation.rating_scale, conversation.overall_rating),
                    ),
                    (_("Motivering"), conversation.overall_motivation),
                ],
                styles,
            ),
        ]
    if conversation.agreements:
        story.append(Paragraph(escape(_("Afspraken")), styles["Heading2"]))
        story.append(
            _table(
                [
                    (
                        f"{agreement.due_on.isoformat()} · {owner_label(agreement.owner)}",
                        agreement.what,
                    )
                    for agreement in conversation.agreements
                ],
                styles,
            )
        )
    story.append(Paragraph(escape(_("Zienswijze van de medewerker")), styles["Heading2"]))
    story.append(_cell(conversation.employee_response or _("Geen zienswijze."), styles["Normal"]))
    story += [
        Paragraph(escape(_("Ondertekening")), styles["Heading2"]),
        _table(
            [
                (
                    _("Leidinggevende: %(name)s", name=conversation.manager.name),
                    _signed(conversation.manager_signed_at),
                ),
                (
                    _("Medewerker, voor gezien: %(name)s", name=conversation.employee.name),
                    _signed(conversation.employee_signed_at),
                ),
            ],
            styles,
            widths=(10 * cm, 7 * cm),
        ),
    ]
    if conversation.addenda:
        story.append(Paragraph(escape(_("Aanvullingen na ondertekening")), styles["Heading2"]))
        story.append(
            _table(
                [
                    (
                        addendum.created_at.strftime("%Y-%m-%d %H:%M")
                        + f" · {addendum.author.name}",
                        addendum.body,
                    )
                    for addendum in conversation.addenda
                ],
                styles,
            )
        )
    story.append(Spacer(1, 0.5 * cm))
    document.build(story)
    return buffer.getvalue()
