"""HR overview pages on the `hr` blueprint: dashboard, drill-down lists, reports, exports, audit
log, cycle administration and anonymisation; and on `privacy`, an employee's own data."""

import json
import re
import unicodedata
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func
from sqlalchemy.orm import contains_eager, joinedload

from pop import exports
from pop.access import (
    get_managed_person_or_404,
    get_team_lead_or_404,
    hr_department_ids,
    hr_required,
    people_scope,
)
from pop.charts import Bar, bar_chart
from pop.extensions import db
from pop.hr import audit_log, cycles, privacy, reports
from pop.hr.dashboard import (
    ConversationStage,
    Dashboard,
    DashboardFilter,
    GoalQuestion,
    PeopleFigure,
    PeopleQuestion,
    dashboard,
    goals_query,
    make_filter,
    people_query,
)
from pop.hr.overview_forms import (
    AnonymiseForm,
    AuditFilterForm,
    CloseCycleForm,
    DeadlinesForm,
    OpenCycleForm,
    OverviewFilterForm,
)
from pop.hr.people import department_paths
from pop.hr.views import bp
from pop.labels import configured_rating_scale, kind_label, rating_label
from pop.labels import goal_status_label as status_label
from pop.models import Competency, ConversationKind, Cycle, Goal, GoalStatus, User
from pop.plan.services import PlanError, current_cycle

privacy_bp = Blueprint("privacy", __name__)
EXPORT = "<any(csv, xlsx):fmt>"
LIST_PER_PAGE = 25


def _language() -> str:
    return str(get_locale() or "nl")


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "pop"


def _list_args() -> dict[str, str]:
    """The request's query string without the page number: for exports and other pages."""
    return {key: value for key, value in request.args.items() if key != "page"}


# --- filters -----------------------------------------------------------------------------------


def _filters() -> tuple[OverviewFilterForm, DashboardFilter]:
    default_cycle = current_cycle()
    db.session.commit()  # the calendar year's cycle may just have been created
    form = OverviewFilterForm(request.args, actor=current_user, default_cycle_id=default_cycle.id)
    form.drop_invalid()
    if form.cycle.data is None:
        form.cycle.data = default_cycle.id
    dashboard_filter = make_filter(
        cycle_id=form.cycle.data,
        allowed_department_ids=hr_department_ids(current_user),
        department_id=form.department.data,
        family_id=form.family.data,
        function_id=form.function.data,
        scale=form.scale.data,
    )
    return form, dashboard_filter


def _filter_description(form: OverviewFilterForm) -> list[str]:
    """The filter in words, e.g. ["Cyclus 2026", "Afdeling: Gemeente › Sociaal Domein"]."""
    parts = [_("Cyclus %(name)s", name=_choice_label(form.cycle))]
    for field in (form.department, form.family, form.function, form.scale):
        if field.data is not None:
            parts.append(f"{field.label.text}: {_choice_label(field)}")
    return parts


def _choice_label(field) -> str:
    return next((str(label) for value, label, selected, _r in field.iter_choices() if selected), "")


# --- dashboard ---------------------------------------------------------------------------------


def _dashboard_charts(board: Dashboard) -> dict[str, object]:
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
                    text=_(
                        "%(check_ins)d (%(people)d mw.)", check_ins=row.check_ins, people=row.people
                    ),
                )
                for row in board.weeks
            ],
        ),
        "conversations": bar_chart(
            "chart-conversations",
            _("Gesprekken gevoerd per soort (percentage van de medewerkers)"),
            [
                Bar(
                    kind_label(row.kind),
                    (100 * row.done / row.employees) if row.employees else 0,
                    text=f"{row.done} / {row.employees}",
                )
                for row in board.conversations
            ],
            maximum=100,
        ),
        "judgements": bar_chart(
            "chart-judgements",
            _("Verdeling van de eindoordelen"),
            [Bar(rating_label(scale, row.score), row.people) for row in board.judgements],
        ),
        "competencies": bar_chart(
            "chart-competencies",
            _("Competenties waar het meest aan gewerkt wordt"),
            [Bar(row.name, row.goals) for row in board.most_worked_on],
        ),
    }


@bp.get("/overzicht")
@hr_required
def overview():
    form, dashboard_filter = _filters()
    board = dashboard(dashboard_filter)
    return render_template(
        "hr/overview/dashboard.html",
        form=form,
        board=board,
        charts=_dashboard_charts(board),
        args=form.query_args(),
        filter_description=_filter_description(form),
        rating_scale=configured_rating_scale(),
        rating_label=rating_label,
        stages=ConversationStage,
        figures=PeopleFigure,
        kinds=ConversationKind,
    )


def _figures_rows(board: Dashboard):
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
        yield (label, _("te laat"), row.late)
    for row in board.judgements:
        yield (_("Eindoordelen"), rating_label(scale, row.score), row.people)
    for row in board.competencies:
        yield (_("Competenties: afgesproken doelen"), row.name, row.goals)


FIGURE_COLUMNS = (
    exports.Column("Onderdeel", "Section"),
    exports.Column("Omschrijving", "Item"),
    exports.Column("Waarde", "Value"),
)


@bp.get(f"/overzicht.{EXPORT}")
@hr_required
def overview_export(fmt: str):
    _form, dashboard_filter = _filters()
    board = dashboard(dashboard_filter)
    table = exports.Table(
        f"pop-overzicht-{_slug(board.cycle.name)}",
        FIGURE_COLUMNS,
        lambda: _figures_rows(board),
    )
    return exports.response(table, fmt)


# --- drill-down: people ------------------------------------------------------------------------


def _enum_arg(enum_class, name: str):
    try:
        return enum_class(request.args.get(name, ""))
    except ValueError:
        return None


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _people_question() -> PeopleQuestion:
    """The drill-down's question; a team filter names a manager the viewer may know (404)."""
    kind = request.args.get("soort")
    manager_id = request.args.get("leidinggevende", type=int)
    if manager_id is not None:
        get_team_lead_or_404(current_user, manager_id)
    return PeopleQuestion(
        figure=_enum_arg(PeopleFigure, "figuur") or PeopleFigure.ALL,
        kind=kind if kind in {k.value for k in ConversationKind} else None,
        stage=_enum_arg(ConversationStage, "stadium"),
        score=request.args.get("oordeel", type=int),
        week=_date_arg("week"),
        manager_id=manager_id,
    )


STAGE_TITLES = {
    ConversationStage.NONE: _l("nog niet gepland"),
    ConversationStage.PLANNED: _l("gepland, nog niet gevoerd"),
    ConversationStage.HELD: _l("gevoerd, nog niet ondertekend"),
    ConversationStage.SIGNED: _l("ondertekend"),
    ConversationStage.OPEN: _l("nog niet gevoerd"),
    ConversationStage.DONE: _l("gevoerd"),
}


def _people_title(question: PeopleQuestion) -> str:
    figure = question.figure
    if figure == PeopleFigure.CONVERSATION and question.kind and question.stage:
        title = _(
            "Medewerkers: %(kind)s %(stage)s",
            kind=kind_label(question.kind),
            stage=STAGE_TITLES[question.stage],
        )
    elif figure == PeopleFigure.JUDGEMENT and question.score is not None:
        title = _(
            "Medewerkers met eindoordeel %(label)s",
            label=rating_label(configured_rating_scale(), question.score),
        )
    elif figure == PeopleFigure.CHECKED_IN and question.week is not None:
        title = _(
            "Medewerkers die voortgang vastlegden in de week van %(date)s",
            date=question.week.isoformat(),
        )
    else:
        title = {
            PeopleFigure.WITH_POP: _("Medewerkers met een afgesproken POP"),
            PeopleFigure.WITHOUT_POP: _("Medewerkers zonder afgesproken POP"),
            PeopleFigure.GOALS_NOT_AGREED: _(
                "Medewerkers met doelen die nog niet zijn afgesproken"
            ),
            PeopleFigure.WITHOUT_GOALS: _("Medewerkers zonder doelen"),
        }.get(figure, _("Alle medewerkers"))
    if question.manager_id is not None:
        manager = get_team_lead_or_404(current_user, question.manager_id)
        title = _("%(title)s, team van %(name)s", title=title, name=manager.name)
    return title


@bp.get("/overzicht/medewerkers")
@hr_required
def overview_people():
    form, dashboard_filter = _filters()
    question = _people_question()
    page = db.paginate(
        people_query(dashboard_filter, question)
        .options(*_person_options())
        .order_by(func.lower(User.name), User.id),
        page=request.args.get("page", 1, type=int),
        per_page=LIST_PER_PAGE,
        error_out=False,
    )
    counts = reports.goal_counts_for(dashboard_filter.cycle_id, [p.id for p in page.items])
    return render_template(
        "hr/overview/people.html",
        form=form,
        page=page,
        counts=counts,
        paths=department_paths(),
        title=_people_title(question),
        filter_description=_filter_description(form),
        args=_list_args(),
    )


def _person_options():
    return (
        joinedload(User.manager),
        joinedload(User.function),
        joinedload(User.function_level),
    )


@bp.get(f"/overzicht/medewerkers.{EXPORT}")
@hr_required
def overview_people_export(fmt: str):
    _form, dashboard_filter = _filters()
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    table = reports.people_table(
        dashboard_filter,
        _people_question(),
        f"pop-medewerkers-{_slug(cycle.name)}",
        _language(),
    )
    return exports.response(table, fmt)


# --- drill-down: goals -------------------------------------------------------------------------


def _goal_question() -> GoalQuestion:
    status = request.args.get("status")
    return GoalQuestion(
        status=status if status in {s.value for s in GoalStatus} else None,
        agreed=request.args.get("afgesproken") == "1",
        overdue=request.args.get("te-laat") == "1",
        competency_id=request.args.get("competentie", type=int),
    )


def _goals_title(question: GoalQuestion) -> str:
    if question.competency_id is not None:
        competency = db.session.get(Competency, question.competency_id)
        name = competency.display_name if competency else "?"
        return _("Afgesproken doelen voor de competentie %(name)s", name=name)
    if question.overdue:
        return _("Doelen over de deadline")
    if question.status is not None:
        return _("Doelen met de status %(status)s", status=status_label(question.status))
    if question.agreed:
        return _("Afgesproken doelen (afgesproken, bezig of afgerond)")
    return _("Alle doelen")


@bp.get("/overzicht/doelen")
@hr_required
def overview_goals():
    form, dashboard_filter = _filters()
    question = _goal_question()
    page = db.paginate(
        goals_query(dashboard_filter, question)
        .options(contains_eager(Goal.employee), joinedload(Goal.competency))
        .order_by(func.lower(User.name), User.id, Goal.deadline, Goal.id),
        page=request.args.get("page", 1, type=int),
        per_page=LIST_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "hr/overview/goals.html",
        form=form,
        page=page,
        paths=department_paths(),
        title=_goals_title(question),
        filter_description=_filter_description(form),
        args=_list_args(),
        today=dashboard_filter.today,
    )


@bp.get(f"/overzicht/doelen.{EXPORT}")
@hr_required
def overview_goals_export(fmt: str):
    _form, dashboard_filter = _filters()
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    table = reports.goals_table(
        dashboard_filter, _goal_question(), f"pop-doelen-{_slug(cycle.name)}", _language()
    )
    return exports.response(table, fmt)


# --- reports -----------------------------------------------------------------------------------


@bp.get("/rapportages")
@hr_required
def reports_index():
    form, _dashboard_filter = _filters()
    return render_template("hr/overview/reports.html", form=form, args=form.query_args())


@bp.get("/rapportages/functies")
@hr_required
def report_functions():
    form, dashboard_filter = _filters()
    rows = reports.functions_report(dashboard_filter)
    return render_template(
        "hr/overview/report_functions.html",
        form=form,
        rows=rows,
        total=sum(row.employees for row in rows),
        args=form.query_args(),
        filter_description=_filter_description(form),
    )


@bp.get(f"/rapportages/functies.{EXPORT}")
@hr_required
def report_functions_export(fmt: str):
    _form, dashboard_filter = _filters()
    rows = reports.functions_report(dashboard_filter)
    no_family = "(without family)" if _language() == "en" else "(zonder functiefamilie)"
    return exports.response(reports.functions_table(rows, "pop-functies", no_family), fmt)


@bp.get("/rapportages/voortgang")
@hr_required
def report_progress():
    form, dashboard_filter = _filters()
    rows = reports.progress_report(dashboard_filter)
    return render_template(
        "hr/overview/report_progress.html",
        form=form,
        rows=rows,
        total=reports.progress_total(rows, _("Totaal")),
        args=form.query_args(),
        filter_description=_filter_description(form),
    )


@bp.get(f"/rapportages/voortgang.{EXPORT}")
@hr_required
def report_progress_export(fmt: str):
    _form, dashboard_filter = _filters()
    rows = reports.progress_report(dashboard_filter)
    english = _language() == "en"
    rows.append(reports.progress_total(rows, "Total" if english else "Totaal"))
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    table = reports.progress_table(
        rows,
        f"pop-voortgang-per-afdeling-{_slug(cycle.name)}",
        "(no department)" if english else "(geen afdeling)",
    )
    return exports.response(table, fmt)


@bp.get("/rapportages/gesprekken")
@hr_required
def report_conversations():
    form, dashboard_filter = _filters()
    rows = reports.conversations_report(dashboard_filter)
    return render_template(
        "hr/overview/report_conversations.html",
        form=form,
        rows=rows,
        deadlines=reports.deadlines_of(dashboard_filter.cycle_id),
        kinds=[kind.value for kind in ConversationKind],
        args=form.query_args(),
        filter_description=_filter_description(form),
        today=dashboard_filter.today,
    )


@bp.get(f"/rapportages/gesprekken.{EXPORT}")
@hr_required
def report_conversations_export(fmt: str):
    _form, dashboard_filter = _filters()
    rows = reports.conversations_report(dashboard_filter)
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    no_manager = "(no manager)" if _language() == "en" else "(geen leidinggevende)"
    table = reports.conversations_table(
        rows, f"pop-gesprekken-per-leidinggevende-{_slug(cycle.name)}", no_manager
    )
    return exports.response(table, fmt)


@bp.get("/rapportages/competenties")
@hr_required
def report_development():
    form, dashboard_filter = _filters()
    return render_template(
        "hr/overview/report_development.html",
        form=form,
        report=reports.development_report(dashboard_filter),
        args=form.query_args(),
        filter_description=_filter_description(form)[1:],
    )


@bp.get(f"/rapportages/competenties.{EXPORT}")
@hr_required
def report_development_export(fmt: str):
    _form, dashboard_filter = _filters()
    report = reports.development_report(dashboard_filter)
    return exports.response(reports.development_table(report, "pop-competentieontwikkeling"), fmt)


# --- audit log ---------------------------------------------------------------------------------


def _audit_filter() -> tuple[AuditFilterForm, audit_log.AuditFilter]:
    form = AuditFilterForm(request.args)
    if not form.validate():
        for field in form:
            if field.errors and field.name != "date_to":
                field.data, field.errors = None, []
        if form.date_to.errors:
            form.date_to.data = None
    return form, audit_log.AuditFilter(
        person=(form.person.data or "").strip() or None,
        object_type=form.object_type.data,
        object_id=form.object_id.data,
        action=form.action.data,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.get("/auditlog")
@hr_required
def audit_log_view():
    form, audit_filter = _audit_filter()
    page = db.paginate(
        audit_log.events_query(audit_filter, hr_department_ids(current_user)),
        page=request.args.get("page", 1, type=int),
        per_page=audit_log.PER_PAGE,
        error_out=False,
    )
    return render_template(
        "hr/overview/audit_log.html",
        form=form,
        page=page,
        args=_list_args(),
        summary_of=audit_log.summary_of,
        changes_of=audit_log.changes_of,
        filtered=any(value is not None for value in vars(audit_filter).values()),
    )


@bp.get(f"/auditlog.{EXPORT}")
@hr_required
def audit_log_export(fmt: str):
    _form, audit_filter = _audit_filter()
    system = "system" if _language() == "en" else "systeem"
    table = audit_log.audit_table(
        audit_filter, hr_department_ids(current_user), "pop-auditlog", system
    )
    return exports.response(table, fmt)


# --- cycle administration ----------------------------------------------------------------------


def _require_cycle_admin() -> None:
    if not cycles.may_administer_cycles(current_user):
        abort(403)


@bp.get("/cycli")
@hr_required
def cycles_view():
    current_cycle()
    db.session.commit()
    return render_template(
        "hr/overview/cycles.html",
        summaries=cycles.cycle_overview(),
        kinds=[kind.value for kind in ConversationKind],
        may_administer=cycles.may_administer_cycles(current_user),
    )


@bp.route("/cycli/nieuw", methods=["GET", "POST"])
@hr_required
def new_cycle():
    _require_cycle_admin()
    form = OpenCycleForm()
    if form.validate_on_submit():
        try:
            cycle = cycles.open_cycle(
                form.name.data, form.starts_on.data, form.ends_on.data, current_user
            )
        except PlanError as problem:
            form.name.errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("De cyclus %(name)s is geopend.", name=cycle.name), "success")
            return redirect(url_for("hr.cycles_view"))
    return render_template("hr/overview/cycle_new.html", form=form)


@bp.route("/cycli/<int:cycle_id>/sluiten", methods=["GET", "POST"])
@hr_required
def close_cycle(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    _require_cycle_admin()
    targets = cycles.open_cycles(except_cycle=cycle)
    form = CloseCycleForm(open_cycles=targets)
    if cycle.is_open and form.validate_on_submit():
        target_id = form.carry_over_to_id
        target = db.session.get(Cycle, target_id) if target_id is not None else None
        try:
            carried = cycles.close_cycle(cycle, current_user, target)
        except PlanError as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            db.session.commit()
            if target is not None:
                flash(
                    _(
                        "De cyclus %(name)s is gesloten; %(count)d lopende doelen gaan verder "
                        "in %(target)s.",
                        name=cycle.name,
                        count=carried,
                        target=target.name,
                    ),
                    "success",
                )
            else:
                flash(_("De cyclus %(name)s is gesloten.", name=cycle.name), "success")
            return redirect(url_for("hr.cycles_view"))
    return render_template(
        "hr/overview/cycle_close.html",
        form=form,
        cycle=cycle,
        unfinished=cycles.unfinished_goals(cycle),
    )


@bp.route("/cycli/<int:cycle_id>/termijnen", methods=["GET", "POST"])
@hr_required
def cycle_deadlines(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    _require_cycle_admin()
    current = cycles.deadlines_of(cycle)
    initial = {name: current.get(kind.value) for name, kind in DeadlinesForm.FIELDS.items()}
    form = DeadlinesForm(data=initial) if request.method == "GET" else DeadlinesForm()
    if form.validate_on_submit():
        try:
            changes = cycles.set_deadlines(cycle, form.wanted(), current_user)
        except PlanError as problem:
            form.form_errors.append(str(problem))
        else:
            db.session.commit()
            if changes:
                flash(_("De termijnen van %(name)s zijn opgeslagen.", name=cycle.name), "success")
            else:
                flash(_("Er was niets gewijzigd."), "info")
            return redirect(url_for("hr.cycles_view"))
    return render_template("hr/overview/cycle_deadlines.html", form=form, cycle=cycle)


# --- privacy: anonymising people who left ------------------------------------------------------


@bp.get("/privacy")
@hr_required
def leavers():
    page = db.paginate(
        privacy.leavers_query(people_scope(current_user)),
        page=request.args.get("page", 1, type=int),
        per_page=LIST_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "hr/overview/leavers.html",
        page=page,
        paths=department_paths(),
        retention_days=privacy.retention_days(),
        anonymisable_from=privacy.anonymisable_from,
        may_anonymise=privacy.may_anonymise,
    )


@bp.route("/privacy/<int:person_id>/anonimiseren", methods=["GET", "POST"])
@hr_required
def anonymise_person(person_id: int):
    person = get_managed_person_or_404(current_user, person_id)
    form = AnonymiseForm()
    if form.validate_on_submit():
        try:
            result = privacy.anonymise(person, current_user)
        except privacy.PrivacyError as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            db.session.commit()
            privacy.discard_evidence(result.evidence_files)
            flash(
                _(
                    "De gegevens zijn geanonimiseerd; deze persoon heet nu %(name)s.",
                    name=result.placeholder,
                ),
                "success",
            )
            return redirect(url_for("hr.leavers"))
    return render_template(
        "hr/overview/anonymise.html",
        form=form,
        person=person,
        may_anonymise=privacy.may_anonymise(person),
        anonymisable_from=privacy.anonymisable_from(person),
        retention_days=privacy.retention_days(),
    )


# --- privacy: my own data ----------------------------------------------------------------------


@privacy_bp.get("/mijn-gegevens")
@login_required
def my_data():
    return render_template("hr/overview/my_data.html", data=privacy.personal_data(current_user))


@privacy_bp.get("/mijn-gegevens.json")
@login_required
def my_data_json():
    data = privacy.personal_data(current_user)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-gegevens-pop.json"'},
    )
