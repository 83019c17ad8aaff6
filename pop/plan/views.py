"""The employee's POP: goals, the tip-as-goal form, check-ins, comments, decisions, exports."""

from datetime import date

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop import access, files
from pop.charts import progress_chart
from pop.concurrency import RETRY_ATTEMPTS, WriteConflict, commit_with_retries
from pop.converters import database_int
from pop.extensions import db
from pop.forms import EmptyForm, first_error
from pop.labels import goal_status_label as status_label
from pop.models import DevelopmentTip
from pop.pdf import pdf_response
from pop.plan import check_ins, cycle_views, evidence, queries, services, tip_picker, turnover
from pop.plan.forms import (
    CheckInForm,
    CommentForm,
    CompleteForm,
    GoalForm,
    ReasonForm,
    SendBackForm,
    goal_forms_shown,
)
from pop.plan.pages import NoCurrentCycle, bp, current_cycle_for_page
from pop.plan.pdf import plan_pdf, print_page
from pop.plan.services import GoalConflict, PlanError
from pop.transactions import commit_or_show

bp.add_app_template_filter(status_label, "goal_status")
assert cycle_views.bp is bp  # Mijn POP per cycle and continuing goals are routes of this blueprint


@bp.app_errorhandler(NoCurrentCycle)
def no_current_cycle(error):
    """Any page of the current cycle, before the year's cycle is opened."""
    return render_template(
        "plan/no_cycle.html",
        may_open_cycle=current_user.is_authenticated and access.may_administer_cycles(current_user),
    )


@bp.get("/tips")
@login_required
def tips():
    """Pick a development tip of one's own function to turn into a goal."""
    search = request.args.get("zoek", "").strip()[:200]
    groups = tip_picker.tips_of_function(current_user.function_id, search)
    return render_template(
        "plan/tips.html",
        groups=groups,
        search=search,
        tip_count=sum(len(group.tips) for group in groups),
        function=current_user.function,
    )


@bp.route("/doelen/nieuw", methods=["GET", "POST"])
@login_required
def new_goal():
    tip = _tip_from_request()
    cycle = current_cycle_for_page()
    form = GoalForm(cycle=cycle, employee_id=current_user.id)
    form.offer_competencies(current_user, tip.competency if tip is not None else None)
    if tip is not None and not form.is_submitted():
        form.process(data=vars(services.suggestion_for_tip(tip, cycle)))
    if form.validate_on_submit():
        propose_now = request.form.get("voorstellen") == "1"

        def create():
            goal = services.create_goal(
                current_user, cycle, form.goal_data(), current_user, source_tip=tip
            )
            if propose_now:
                services.propose(goal, current_user)
            return goal

        created = commit_or_show(create)
        if created:
            if propose_now:
                flash(_("Het doel is opgeslagen en voorgesteld aan je leidinggevende."), "success")
            else:
                flash(_("Het doel is opgeslagen als concept."), "success")
            return redirect(url_for("plan.goal", goal_id=created.result.id))
    return render_template("plan/goal_form.html", form=form, tip=tip, cycle=cycle, goal=None)


def _tip_from_request() -> DevelopmentTip | None:
    tip_id = request.args.get("tip", type=database_int)
    if tip_id is None:
        return None
    return access.get_tip_or_404(current_user, tip_id)


@bp.get("/doelen/<int:goal_id>")
@login_required
def goal(goal_id: int):
    goal = access.get_goal_or_404(current_user, goal_id, options=queries.GOAL_PAGE)
    is_owner = access.is_goal_owner(current_user, goal)
    is_manager = access.is_goal_manager(current_user, goal)
    may_comment = access.may_comment_on_goal(current_user, goal)
    check_ins = queries.check_ins_of(goal.id)
    points = [(check_in.on, check_in.progress) for check_in in check_ins]
    return render_template(
        "plan/goal.html",
        goal=goal,
        check_ins=check_ins,
        comments=queries.comments_of(goal.id),
        chart=progress_chart(points, goal.starts_on, goal.deadline),
        history=queries.history(goal_id),
        may_edit=access.may_edit_goal(current_user, goal) and goal.cycle.is_open,
        cycle_closed=not goal.cycle.is_open,
        continuation=None if goal.cycle.is_open else turnover.continuation_of(goal),
        may_continue=is_owner and turnover.may_continue(goal),
        is_owner=is_owner,
        is_manager=is_manager,
        may_comment=may_comment,
        empty_form=EmptyForm(),
        today=date.today(),
        **goal_forms_shown(goal, is_owner, is_manager, may_comment),
    )


@bp.route("/doelen/<int:goal_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_goal(goal_id: int):
    goal = access.get_editable_goal_or_404(current_user, goal_id)
    if refused := _closed(goal, services.require_open_cycle):
        return refused
    form = GoalForm(
        obj=goal if request.method == "GET" else None,
        cycle=goal.cycle,
        employee_id=goal.employee_id,
        goal_id=goal.id,
    )
    form.offer_competencies(goal.employee, goal.competency)
    if request.method == "GET":
        form.version.data = str(goal.version)
    if form.validate_on_submit():
        expected_version = form.expected_version()
        try:
            saved = commit_with_retries(
                lambda: services.update_goal(
                    goal, form.goal_data(), current_user, expected_version=expected_version
                ),
                attempts=1,
            )
        except (GoalConflict, WriteConflict) as error:
            db.session.rollback()
            goal = access.get_editable_goal_or_404(current_user, goal_id)
            message = (
                str(error) if isinstance(error, GoalConflict) else services.conflict_message(goal)
            )
            flash(message, "error")
            return render_template(
                "plan/goal_form.html",
                form=form,
                goal=goal,
                cycle=goal.cycle,
                tip=None,
                conflict=True,
            ), 409
        except PlanError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            if saved.back_to_manager:
                flash(
                    _("Het doel is gewijzigd en gaat opnieuw ter akkoord naar je leidinggevende."),
                    "success",
                )
            else:
                flash(_("Het doel is opgeslagen."), "success")
            return redirect(url_for("plan.goal", goal_id=goal.id))
    return render_template("plan/goal_form.html", form=form, goal=goal, cycle=goal.cycle, tip=None)


def _decide(goal_id: int, load, action, success_message: str, *args):
    """Apply a decision on fresh data; a decision that collides with another is redone."""

    def work():
        action(load(current_user, goal_id), current_user, *args)

    try:
        if commit_or_show(work, attempts=RETRY_ATTEMPTS):
            flash(success_message, "success")
    except WriteConflict:
        goal = access.get_goal_or_404(current_user, goal_id)
        flash(services.conflict_message(goal), "error")
    return redirect(url_for("plan.goal", goal_id=goal_id))


@bp.post("/doelen/<int:goal_id>/voorstellen")
@login_required
def propose(goal_id: int):
    goal = access.get_editable_goal_or_404(current_user, goal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _decide(
        goal.id,
        access.get_editable_goal_or_404,
        services.propose,
        _("Het doel is voorgesteld aan je leidinggevende."),
    )


@bp.post("/doelen/<int:goal_id>/akkoord")
@login_required
def agree(goal_id: int):
    goal = access.get_managed_goal_or_404(current_user, goal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _decide(
        goal.id, access.get_managed_goal_or_404, services.agree, _("Je hebt het doel afgesproken.")
    )


@bp.post("/doelen/<int:goal_id>/terugsturen")
@login_required
def send_back(goal_id: int):
    goal = access.get_managed_goal_or_404(current_user, goal_id)
    form = SendBackForm()
    if not form.validate_on_submit():
        flash(first_error(form) or _("Schrijf erbij waarom je het doel terugstuurt."), "error")
        return redirect(url_for("plan.goal", goal_id=goal.id))
    return _decide(
        goal.id,
        access.get_managed_goal_or_404,
        services.send_back,
        _("Het doel is teruggestuurd naar de medewerker."),
        form.comment.data,
    )


@bp.post("/doelen/<int:goal_id>/stoppen")
@login_required
def stop(goal_id: int):
    goal = access.get_commentable_goal_or_404(current_user, goal_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(first_error(form) or _("Geef een reden waarom het doel stopt."), "error")
        return redirect(url_for("plan.goal", goal_id=goal.id))
    return _decide(
        goal.id,
        access.get_commentable_goal_or_404,
        services.stop,
        _("Het doel is gestopt."),
        form.reason.data,
    )


@bp.post("/doelen/<int:goal_id>/afronden")
@login_required
def complete(goal_id: int):
    goal = access.get_editable_goal_or_404(current_user, goal_id)
    form = CompleteForm()
    if not form.validate_on_submit():
        flash(
            " ".join(map(str, form.reflection.errors))
            or _("Schrijf kort terug wat je hebt geleerd."),
            "error",
        )
        return redirect(url_for("plan.goal", goal_id=goal.id) + "#afronden")
    return _decide(
        goal.id,
        access.get_editable_goal_or_404,
        services.complete,
        _("Gefeliciteerd: het doel is afgerond."),
        form.reflection.data,
    )


@bp.post("/doelen/<int:goal_id>/reacties")
@login_required
def comment(goal_id: int):
    goal = access.get_commentable_goal_or_404(current_user, goal_id)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(first_error(form) or _("Een reactie kan niet leeg zijn."), "error")
        return redirect(url_for("plan.goal", goal_id=goal.id))
    if commit_or_show(lambda: services.add_comment(goal, current_user, form.body.data)):
        flash(_("Je reactie is geplaatst."), "success")
    return redirect(url_for("plan.goal", goal_id=goal.id) + "#reacties")


@bp.route("/doelen/<int:goal_id>/voortgang", methods=["GET", "POST"])
@login_required
def check_in(goal_id: int):
    goal = access.get_editable_goal_or_404(current_user, goal_id)
    if refused := _closed(goal, check_ins.require_open_cycle):
        return refused
    form = CheckInForm()
    if form.validate_on_submit():
        stored = None

        def work():
            check_ins.add_check_in(
                access.get_editable_goal_or_404(current_user, goal_id),
                current_user,
                on=form.on.data,
                progress=form.progress.data,
                note=form.note.data,
                evidence_url=form.evidence_url.data or None,
                evidence_file=stored.stored_name if stored else None,
                evidence_name=stored.original_name if stored else None,
                evidence_type=stored.content_type if stored else None,
            )

        try:
            upload = form.evidence_file.data
            if upload and upload.filename:
                stored = evidence.store_upload(upload)
            commit_with_retries(work)
        except PlanError as error:
            evidence.discard(stored)
            flash(str(error), "error")
        except WriteConflict:
            evidence.discard(stored)
            goal = access.get_editable_goal_or_404(current_user, goal_id)
            flash(services.conflict_message(goal), "error")
            return render_template("plan/check_in_form.html", form=form, goal=goal), 409
        except Exception:
            evidence.discard(stored)
            raise
        else:
            flash(_("De voortgang is vastgelegd."), "success")
            if form.progress.data == 100:
                flash(_("100%: rond het doel af met een korte terugblik."), "info")
                return redirect(url_for("plan.goal", goal_id=goal_id) + "#afronden")
            return redirect(url_for("plan.goal", goal_id=goal_id))
    return render_template("plan/check_in_form.html", form=form, goal=goal)


@bp.get("/bewijs/<int:check_in_id>")
@login_required
def evidence_download(check_in_id: int):
    check_in = access.get_check_in_or_404(current_user, check_in_id)
    if not check_in.evidence_file:
        abort(404)
    stored = evidence.find(check_in.evidence_file)
    if stored is None:
        abort(404)
    response = Response(
        stream_with_context(files.content(stored)),
        mimetype=check_in.evidence_type or stored.content_type,
        headers={"Content-Length": str(stored.size)},
    )
    response.headers.set(
        "Content-Disposition", "attachment", filename=check_in.evidence_name or stored.name
    )
    return response


@bp.get("/afdrukken")
@login_required
def printable():
    cycle = current_cycle_for_page()
    goals = queries.goals_with_check_ins(current_user.id, cycle.id)
    return print_page(cycle, queries.grouped_by_competency(goals))


@bp.get("/pop.pdf")
@login_required
def pdf():
    cycle = current_cycle_for_page()
    goals = queries.goals_with_check_ins(current_user.id, cycle.id)
    document = plan_pdf(cycle, queries.grouped_by_competency(goals))
    return pdf_response(document, f"pop-{cycle.name}.pdf")


def _closed(goal, require_open) -> Response | None:
    """A form on a goal of a closed cycle is not shown: its goal page, with the reason why."""
    try:
        require_open(goal)
    except PlanError as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("plan.goal", goal_id=goal.id))
    return None
