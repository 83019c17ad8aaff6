"""The dashboard's charts and the rows of its export: the figures of one `Dashboard`."""

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from pop import exports
from pop.catalogue_text import catalogue_language
from pop.charts import Bar, bar_chart
from pop.hr.dashboard import Dashboard
from pop.labels import configured_rating_scale, kind_label, rating_label
from pop.labels import goal_status_label as status_label

# Room beside the bars of two charts for a longer written value: "1.204 (door 980 medewerkers)",
# "1.980 van 2.000".
WEEK_VALUE_WIDTH = 230
CONVERSATION_VALUE_WIDTH = 130


def dashboard_charts(board: Dashboard) -> dict[str, object]:
    coverage = board.coverage
    scale = configured_rating_scale()
    return {
        "coverage": bar_chart(
            "chart-coverage",
            _("Dekking: medewerkers naar stand van hun POP"),
            [
                Bar(_("met afgesproken POP"), coverage.with_pop),
                Bar(_("doelen, nog niet afgesproken"), coverage.goals_not_agreed),
                Bar(_("zonder doelen"), coverage.without_goals),
            ],
        ),
        "statuses": bar_chart(
            "chart-statuses",
            _("Doelen per status"),
            [Bar(status_label(row.status), row.goals) for row in board.statuses],
        ),
        "weeks": bar_chart(
            "chart-weeks",
            _("Voortgang vastgelegd per week"),
            [
                Bar(
                    _("week %(week)d", week=row.week_number),
                    row.check_ins,
                    text=ngettext(
                        "%(check_ins)s (door %(people)s medewerker)",
                        "%(check_ins)s (door %(people)s medewerkers)",
                        row.people,
                        check_ins=format_decimal(row.check_ins),
                        people=format_decimal(row.people),
                    ),
                )
                for row in board.weeks
            ],
            value_width=WEEK_VALUE_WIDTH,
        ),
        "conversations": bar_chart(
            "chart-conversations",
            _("Gesprekken gevoerd per soort (percentage van de medewerkers)"),
            [
                Bar(
                    kind_label(row.kind),
                    (100 * row.done / row.employees) if row.employees else 0,
                    text=_(
                        "%(done)s van %(total)s",
                        done=format_decimal(row.done),
                        total=format_decimal(row.employees),
                    ),
                )
                for row in board.conversations
            ],
            maximum=100,
            value_width=CONVERSATION_VALUE_WIDTH,
        ),
        "judgements": bar_chart(
            "chart-judgements",
            _("Verdeling van de eindoordelen"),
            [Bar(rating_label(scale, row.score), row.people) for row in board.judgements],
        ),
        "competencies": bar_chart(
            "chart-competencies",
            _("Competenties waar het meest aan gewerkt wordt"),
            [Bar(row.name, row.goals, lang=catalogue_language()) for row in board.most_worked_on],
        ),
    }


def figures_rows(board: Dashboard):
    coverage = board.coverage
    scale = configured_rating_scale()
    yield (_("Dekking"), _("medewerkers"), coverage.employees)
    yield (_("Dekking"), _("met afgesproken POP"), coverage.with_pop)
    yield (_("Dekking"), _("doelen, nog niet afgesproken"), coverage.goals_not_agreed)
    yield (_("Dekking"), _("zonder doelen"), coverage.without_goals)
    yield (_("Dekking"), _("dekking (%)"), coverage.share)
    for row in board.statuses:
        yield (_("Doelen per status"), status_label(row.status), row.goals)
    yield (_("Doelen"), _("totaal"), board.total_goals)
    yield (_("Doelen"), _("over de deadline"), board.overdue)
    yield (_("Doelen"), _("gemiddelde voortgang (%)"), board.average_progress)
    for row in board.weeks:
        yield (_("Voortgang per week"), row.starts_on.isoformat(), row.check_ins)
    for row in board.conversations:
        label = kind_label(row.kind)
        yield (label, _("termijn"), row.due_on)
        yield (label, _("nog niet gepland"), row.none)
        yield (label, _("gepland"), row.planned)
        yield (label, _("gevoerd, niet ondertekend"), row.held)
        yield (label, _("ondertekend"), row.signed)
        yield (label, _("nu aan de beurt"), row.due)
        yield (label, _("te laat"), row.late)
    if not board.with_ratings:
        yield (_("Eindoordelen"), _("deze cyclus werkt zonder oordelen"), None)
    for row in board.judgements:
        yield (_("Eindoordelen"), rating_label(scale, row.score), row.people)
    for row in board.competencies:
        yield (_("Competenties: afgesproken doelen"), row.name, row.goals)


FIGURE_COLUMNS = (
    exports.Column("Onderdeel", "Section"),
    exports.Column("Omschrijving", "Item"),
    exports.Column("Waarde", "Value"),
)
