"""Mijn POP per cycle: the current one to work in, a closed one to read, and continuing a goal
of a closed cycle in the open one."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop import access
from pop.concurrency import RETRY_ATTEMPTS
from pop.converters import database_int
from pop.forms import EmptyForm
from pop.plan import queries, turnover
from pop.plan.pages import bp, current_cycle_for_page, next_action
from pop.transactions import commit_or_show


@bp.get("/")
@login_required
def my_pop():
    """The cycle people work in, or with ?cyclus= a past one (read-only once closed)."""
    cycle_id = request.args.get("cyclus", type=database_int)
    if cycle_id is None:
        cycle = current_cycle_for_page()
    else:
        cycle = access.get_cycle_or_404(current_user, cycle_id)
    goals = queries.goals_of(current_user.id, cycle.id)
    led = access.acting_manager_ids(current_user)
    proposed = queries.proposed_goals_for(led, cycle) if access.leads_a_team(current_user) else []
    return render_template(
        "plan/my_pop.html",
        cycle=cycle,
        next_cycle=None if cycle.is_open else turnover.open_cycle_after(cycle),
        continued=queries.continued_goal_ids([goal.id for goal in goals]),
        groups=queries.grouped_by_competency(goals),
        goal_count=len(goals),
        proposed=proposed,
        earlier_cycles=queries.earlier_cycles_of(current_user.id, cycle),
        continue_form=EmptyForm(),
        today=date.today(),
        next_action=next_action,
    )


@bp.post("/doelen/<int:goal_id>/voortzetten")
@login_required
def continue_goal(goal_id: int):
    """Continue an open goal of a closed cycle in the next open cycle (the owner only)."""
    goal = access.get_goal_or_404(current_user, goal_id)
    if not access.is_goal_owner(current_user, goal):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def work():
        fresh = access.get_goal_or_404(current_user, goal_id)
        return turnover.continue_goal(fresh, current_user)

    done = commit_or_show(work, attempts=RETRY_ATTEMPTS)
    if not done:
        return redirect(url_for("plan.goal", goal_id=goal_id))
    flash(
        _("Het doel loopt verder in cyclus %(name)s.", name=done.result.cycle.name),
        "success",
    )
    return redirect(url_for("plan.goal", goal_id=done.result.id))
