"""HR's management reports, each with its CSV and XLSX export."""

from flask import (
    Blueprint,
    render_template,
)
from flask_babel import gettext as _

from pop import exports
from pop.access import (
    hr_required,
)
from pop.extensions import db
from pop.hr.dashboard import computed_at
from pop.hr.request_filters import (
    EXPORT,
    filter_description,
    language,
    request_filters,
    slug,
)
from pop.models import ConversationKind, Cycle
from pop.reports import queries as reports
from pop.reports import tables

bp = Blueprint("reports", __name__, url_prefix="/hr")


# --- reports -----------------------------------------------------------------------------------


@bp.get("/rapportages")
@hr_required
def index():
    form, _dashboard_filter = request_filters()
    return render_template("reports/reports.html", form=form, args=form.query_args())


@bp.get("/rapportages/functies")
@hr_required
def functions():
    form, dashboard_filter = request_filters()
    rows = reports.functions_report(dashboard_filter)
    return render_template(
        "reports/report_functions.html",
        form=form,
        rows=rows,
        total=sum(row.employees for row in rows),
        as_of=computed_at(dashboard_filter.cycle_id),
        args=form.query_args(),
        filter_description=filter_description(form),
    )


@bp.get(f"/rapportages/functies.{EXPORT}")
@hr_required
def functions_export(fmt: str):
    _form, dashboard_filter = request_filters()
    rows = reports.functions_report(dashboard_filter)
    no_family = "(without family)" if language() == "en" else "(zonder functiefamilie)"
    return exports.response(tables.functions_table(rows, "pop-functies", no_family), fmt)


@bp.get("/rapportages/voortgang")
@hr_required
def progress():
    form, dashboard_filter = request_filters()
    rows = reports.progress_report(dashboard_filter)
    return render_template(
        "reports/report_progress.html",
        form=form,
        rows=rows,
        total=reports.progress_total(rows, _("Totaal")),
        args=form.query_args(),
        filter_description=filter_description(form),
    )


@bp.get(f"/rapportages/voortgang.{EXPORT}")
@hr_required
def progress_export(fmt: str):
    _form, dashboard_filter = request_filters()
    rows = reports.progress_report(dashboard_filter)
    english = language() == "en"
    rows.append(reports.progress_total(rows, "Total" if english else "Totaal"))
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    table = tables.progress_table(
        rows,
        f"pop-voortgang-per-afdeling-{slug(cycle.name)}",
        "(no department)" if english else "(geen afdeling)",
    )
    return exports.response(table, fmt)


@bp.get("/rapportages/gesprekken")
@hr_required
def conversations():
    form, dashboard_filter = request_filters()
    rows = reports.conversations_report(dashboard_filter)
    return render_template(
        "reports/report_conversations.html",
        form=form,
        rows=rows,
        deadlines=reports.deadlines_of(dashboard_filter.cycle_id),
        kinds=[kind.value for kind in ConversationKind],
        args=form.query_args(),
        filter_description=filter_description(form),
        today=dashboard_filter.today,
    )


@bp.get(f"/rapportages/gesprekken.{EXPORT}")
@hr_required
def conversations_export(fmt: str):
    _form, dashboard_filter = request_filters()
    rows = reports.conversations_report(dashboard_filter)
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    no_manager = "(no manager)" if language() == "en" else "(geen leidinggevende)"
    table = tables.conversations_table(
        rows, f"pop-gesprekken-per-leidinggevende-{slug(cycle.name)}", no_manager
    )
    return exports.response(table, fmt)


@bp.get("/rapportages/competenties")
@hr_required
def development():
    form, dashboard_filter = request_filters()
    return render_template(
        "reports/report_development.html",
        form=form,
        report=reports.development_report(dashboard_filter),
        args=form.query_args(),
        filter_description=filter_description(form)[1:],
    )


@bp.get(f"/rapportages/competenties.{EXPORT}")
@hr_required
def development_export(fmt: str):
    _form, dashboard_filter = request_filters()
    report = reports.development_report(dashboard_filter)
    return exports.response(tables.development_table(report, "pop-competentieontwikkeling"), fmt)
