"""The manager's team: a row per direct report (or a matrix of competencies) and each file."""

from datetime import date

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice

from pop import access, access_standins
from pop.charts import ratings_chart
from pop.conversations import queries as conversation_queries
from pop.labels import configured_rating_scale, rating_label
from pop.plan.pages import current_cycle_for_page
from pop.team import kept_notes_views, person_file, queries, standin_views, table
from pop.team.function_file import function_text
from pop.team.pages import bp
from pop.team.queries import (
    ATTENTION_ALL,
    ATTENTION_AWAITING,
    ATTENTION_CONVERSATION,
    ATTENTION_OVERDUE,
)

assert standin_views.bp is bp  # the stand-in page is a route of this blueprint
assert kept_notes_views.bp is bp  # so is the page of one's kept preparation notes

LIST, MATRIX = "lijst", "matrix"
ASCENDING, DESCENDING = "op", "af"


class TeamFilterForm(FlaskForm):
    """Search and filter of the team view (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Zoek op naam"))
    aandacht = SelectField(
        _l("Toon"),
        default=ATTENTION_ALL,
        choices=[
            SelectChoice(ATTENTION_ALL, _l("Iedereen")),
            SelectChoice(ATTENTION_OVERDUE, _l("Met verlopen doelen")),
            SelectChoice(ATTENTION_AWAITING, _l("Met doelen die wachten op akkoord")),
            SelectChoice(ATTENTION_CONVERSATION, _l("Met een ontbrekend gesprek")),
        ],
    )


@bp.get("/")
@access.team_lead_required
def index():
    today = date.today()
    cycle = current_cycle_for_page()
    view = MATRIX if request.args.get("weergave") == MATRIX else LIST
    sort = request.args.get("sorteer", queries.DEFAULT_SORT)
    if sort not in queries.SORT_COLUMNS:
        sort = queries.DEFAULT_SORT
    direction = DESCENDING if request.args.get("richting") == DESCENDING else ASCENDING
    form = TeamFilterForm(request.args)
    form.validate()

    all_rows = queries.team_rows(current_user, cycle, today, matrix=view == MATRIX)
    rows = queries.select_rows(
        all_rows,
        search=form.q.data or "",
        attention=form.aandacht.data if not form.aandacht.errors else ATTENTION_ALL,
        sort=sort,
        descending=direction == DESCENDING,
        today=today,
    )
    return render_template(
        "team/index.html",
        cycle=cycle,
        rows=rows,
        table_body=table.table_body(rows) if view == LIST else "",
        team_size=len(all_rows),
        form=form,
        view=view,
        sort=sort,
        direction=direction,
        competencies=queries.matrix_competencies(rows) if view == MATRIX else [],
        rating_label=rating_label,
        filtered=bool(form.q.data) or bool(form.aandacht.data),
        standing_in_for=access_standins.standing_in_for(current_user, today),
        may_arrange_stand_ins=access_standins.may_open_stand_ins(current_user),
        today=today,
    )


@bp.get("/medewerker/<int:person_id>")
@login_required
def person(person_id: int):
    person = access.get_team_member_or_404(current_user, person_id, options=person_file.PERSON_FILE)
    cycle = current_cycle_for_page()
    conversations = person_file.conversations_of_person(person_id)
    is_manager = access.is_direct_report(current_user, person)
    return render_template(
        "team/person.html",
        person=person,
        function_text=function_text(person.function_id) if person.function_id else None,
        cycle=cycle,
        goals=person_file.goals_with_history(person_id, cycle.id, date.today()),
        conversations=conversations,
        is_manager=is_manager,
        overview=person_file.ratings_overview(conversations) if is_manager else None,
    )


@bp.get("/medewerker/<int:person_id>/competenties/<int:competency_id>")
@login_required
def ratings_history(person_id: int, competency_id: int):
    """A competency's ratings over the conversations: for the employee's manager only."""
    person = access.get_file_of_direct_report_or_404(current_user, person_id)
    competency = conversation_queries.competency(competency_id)
    if competency is None:
        abort(404)
    points = conversation_queries.ratings_history(person_id, competency_id)
    scale = points[-1].scale if points else configured_rating_scale()
    return render_template(
        "team/ratings_history.html",
        person=person,
        competency=competency,
        points=points,
        chart=ratings_chart(points, scale, competency.display_name),
        rating_label=rating_label,
    )
