"""The HR overview: the dashboard of a cycle and the lists (drill-downs) behind its figures."""

from datetime import date

from flask import (
    Blueprint,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import contains_eager, joinedload

from pop import exports
from pop.access import (
    get_team_lead_or_404,
    hr_required,
)
from pop.extensions import db
from pop.hr import lists
from pop.hr.dashboard import dashboard
from pop.hr.drill_down import (
    ConversationStage,
    GoalQuestion,
    PeopleFigure,
    PeopleQuestion,
    goals_query,
    people_query,
)
from pop.hr.figures import FIGURE_COLUMNS, dashboard_charts, figures_rows
from pop.hr.request_filters import (
    EXPORT,
    LIST_PER_PAGE,
    filter_description,
    language,
    list_args,
    request_filters,
    slug,
)
from pop.labels import configured_rating_scale, kind_label, rating_label
from pop.labels import goal_status_label as status_label
from pop.models import Competency, ConversationKind, Cycle, Goal, GoalStatus, User
from pop.people.services import department_paths

bp = Blueprint("hr", __name__, url_prefix="/hr")


@bp.get("/overzicht")
@hr_required
def overview():
    form, dashboard_filter = request_filters()
    board = dashboard(dashboard_filter)
    return render_template(
        "hr/overview/dashboard.html",
        form=form,
        board=board,
        charts=dashboard_charts(board),
        args=form.query_args(),
        filter_description=filter_description(form),
        rating_scale=configured_rating_scale(),
        rating_label=rating_label,
        stages=ConversationStage,
        figures=PeopleFigure,
        kinds=ConversationKind,
    )


@bp.get(f"/overzicht.{EXPORT}")
@hr_required
def overview_export(fmt: str):
    _form, dashboard_filter = request_filters()
    board = dashboard(dashboard_filter)
    table = exports.Table(
        f"pop-overzicht-{slug(board.cycle.name)}",
        FIGURE_COLUMNS,
        lambda: figures_rows(board),
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
    form, dashboard_filter = request_filters()
    question = _people_question()
    page = db.paginate(
        people_query(dashboard_filter, question)
        .options(*_person_options())
        .order_by(func.lower(User.name), User.id),
        page=request.args.get("page", 1, type=int),
        per_page=LIST_PER_PAGE,
        error_out=False,
    )
    counts = lists.goal_counts_for(dashboard_filter.cycle_id, [p.id for p in page.items])
    return render_template(
        "hr/overview/people.html",
        form=form,
        page=page,
        counts=counts,
        paths=department_paths(),
        title=_people_title(question),
        filter_description=filter_description(form),
        args=list_args(),
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
    _form, dashboard_filter = request_filters()
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    table = lists.people_table(
        dashboard_filter,
        _people_question(),
        f"pop-medewerkers-{slug(cycle.name)}",
        language(),
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
    form, dashboard_filter = request_filters()
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
        filter_description=filter_description(form),
        args=list_args(),
        today=dashboard_filter.today,
    )


@bp.get(f"/overzicht/doelen.{EXPORT}")
@hr_required
def overview_goals_export(fmt: str):
    _form, dashboard_filter = request_filters()
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    table = lists.goals_table(
        dashboard_filter, _goal_question(), f"pop-doelen-{slug(cycle.name)}", language()
    )
    return exports.response(table, fmt)
