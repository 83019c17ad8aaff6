"""Conversation pages: list, planning, preparation, self-assessment, record, sign-off, report."""

from dataclasses import dataclass
from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from pop import access
from pop.concurrency import commit_with_retries, conflict_with_message
from pop.conversations import queries, services
from pop.conversations.forms import (
    AddendumForm,
    AgreementForm,
    PlanConversationForm,
    PreparationForm,
    RecordForm,
    RescheduleForm,
    ResponseForm,
    SelfAssessmentForm,
)
from pop.conversations.pdf import conversation_pdf
from pop.conversations.report_view import ReportView, report_view
from pop.conversations.services import ConversationError
from pop.extensions import db
from pop.forms import EmptyForm
from pop.labels import (
    TOPICS,
    kind_label,
    owner_label,
    rating_label,
    topic_label,
)
from pop.labels import (
    conversation_status_label as status_label,
)
from pop.models import (
    AgreementOwner,
    BehaviourIndicator,
    Competency,
    Conversation,
    ConversationKind,
    Role,
    User,
)
from pop.pdf import pdf_response
from pop.plan.pages import current_cycle_for_page
from pop.scheduling import prepare_invitation

bp = Blueprint("conversations", __name__, url_prefix="/gesprekken")


bp.add_app_template_filter(kind_label, "conversation_kind")
bp.add_app_template_filter(status_label, "conversation_status")
bp.add_app_template_filter(owner_label, "agreement_owner")
bp.add_app_template_filter(topic_label, "conversation_topic")


@bp.app_template_global()
def conversation_rating(conversation: Conversation, score: int | None) -> str:
    return rating_label(conversation.rating_scale, score)


@dataclass
class RatingRow:
    """A line of a ratings table: a competency or one of its indicators."""

    competency: Competency
    indicator: BehaviourIndicator | None
    score: int | None
    self_score: int | None


def rating_rows(
    competencies: list[Competency], scores: dict, self_scores: dict, *, all_indicators: bool
) -> list[RatingRow]:
    rows = []
    for competency in competencies:
        key = (competency.id, None)
        rows.append(RatingRow(competency, None, scores.get(key), self_scores.get(key)))
        # Rated indicators that were retired since still belong to what was rated.
        indicators = competency.indicators if all_indicators else competency.all_indicators
        for indicator in indicators:
            key = (competency.id, indicator.id)
            if all_indicators or key in scores or key in self_scores:
                rows.append(RatingRow(competency, indicator, scores.get(key), self_scores.get(key)))
    return rows


def _submitted_self_scores(conversation: Conversation, viewer: User) -> dict:
    """The self-assessment's scores as this viewer may see them: the manager only once submitted."""
    assessment = conversation.self_assessment
    if assessment is None:
        return {}
    if not assessment.is_submitted and not access.is_conversation_employee(viewer, conversation):
        return {}
    return queries.scores_by_key(assessment.ratings)


def _back(conversation: Conversation, anchor: str = ""):
    return redirect(url_for("conversations.conversation", conversation_id=conversation.id) + anchor)


def _act(conversation: Conversation, action, success: str, *args, anchor: str = "", conflict=None):
    """Run a service, commit on success; on a refusal roll back and say why.

    A save that collides with another one at the same moment is not redone: the person gets
    the 409 page with `conflict(conversation)` as its message (or the general one).
    """

    def work():
        action(conversation, *args)

    try:
        if conflict is None:
            commit_with_retries(work, attempts=1)
        else:
            conflict_with_message(work, lambda: conflict(conversation))
    except ConversationError as error:
        flash(str(error), "error")
    else:
        flash(success, "success")
    return _back(conversation, anchor)


def _require_empty_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


# --- the list and planning ----------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    own, team = queries.conversations_of(current_user)
    return render_template(
        "conversations/index.html",
        own=own,
        team=team,
        is_manager=current_user.is_manager,
    )


def _team(manager: User) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.manager_id == manager.id, User.active).order_by(User.name)
        )
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@access.roles_required(Role.MANAGER)
def new():
    cycle = current_cycle_for_page()
    team = _team(current_user)
    form = PlanConversationForm(team=team)
    if not form.is_submitted():
        form.employee_id.data = request.args.get("medewerker", type=int)
        wanted_kind = request.args.get("soort")
        if wanted_kind in {kind.value for kind in ConversationKind}:
            form.kind.data = wanted_kind
    if form.validate_on_submit():
        employee = next(person for person in team if person.id == form.employee_id.data)
        try:
            conversation = services.plan_conversation(
                employee,
                cycle,
                ConversationKind(form.kind.data),
                form.planned_on.data,
                current_user,
                form.appointment(form.planned_on.data),
            )
        except ConversationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Het gesprek is gepland."), "success")
            _send_invitation(conversation)
            return redirect(url_for("conversations.conversation", conversation_id=conversation.id))
    return render_template("conversations/new.html", form=form, cycle=cycle, team=team)


# --- the conversation page ----------------------------------------------------------------------


@bp.get("/<int:conversation_id>")
@login_required
def conversation(conversation_id: int):
    access.get_conversation_or_404(current_user, conversation_id)
    conversation = queries.conversation_page(conversation_id)
    may_read = access.may_read_report(current_user, conversation)
    is_manager = access.is_conversation_manager(current_user, conversation)
    is_employee = access.is_conversation_employee(current_user, conversation)
    competencies = services.rateable_competencies(conversation.employee) if may_read else []
    context = {}
    if may_read:
        context = {
            "rows": rating_rows(
                competencies,
                queries.scores_by_key(conversation.ratings),
                _submitted_self_scores(conversation, current_user),
                all_indicators=False,
            ),
            "history": queries.history(conversation.id),
        }
    return render_template(
        "conversations/conversation.html",
        conversation=conversation,
        may_read=may_read,
        is_manager=is_manager,
        is_employee=is_employee,
        may_see_private_notes=access.may_see_private_notes(current_user, conversation),
        topics=TOPICS,
        agreement_form=AgreementForm(competencies=competencies),
        response_form=ResponseForm(employee_response=conversation.employee_response),
        addendum_form=AddendumForm(),
        reschedule_form=RescheduleForm(obj=conversation),
        empty_form=EmptyForm(),
        **context,
    )


@bp.post("/<int:conversation_id>/verzetten")
@login_required
def reschedule(conversation_id: int):
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    form = RescheduleForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(conversation)
    try:
        changed = services.reschedule(
            conversation,
            form.planned_on.data,
            current_user,
            form.appointment(form.planned_on.data),
        )
    except ConversationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(conversation)
    db.session.commit()
    flash(_("Het gesprek is verzet."), "success")
    if changed:
        _send_invitation(conversation)
    return _back(conversation)


@bp.post("/<int:conversation_id>/afzeggen")
@login_required
def cancel(conversation_id: int):
    """Call off a planned conversation; the employee's calendar gets a cancellation."""
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    _require_empty_form()
    try:
        services.cancel_conversation(conversation, current_user)
    except ConversationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(conversation)
    # Built before the commit: afterwards the conversation is gone.
    send_cancellation = prepare_invitation(conversation, cancelled=True)
    db.session.commit()
    flash(_("Het gesprek is afgezegd."), "success")
    if not send_cancellation():
        flash(_("De afzegging kon niet per e-mail worden verstuurd."), "warning")
    return redirect(url_for("conversations.index"))


def _send_invitation(conversation: Conversation) -> None:
    """Mail the calendar invitation after the commit; a failure is said, the change stands."""
    if not prepare_invitation(conversation)():
        flash(
            _(
                "De agenda-uitnodiging kon niet per e-mail worden verstuurd; "
                "download hem met “In mijn agenda”."
            ),
            "warning",
        )


@bp.route("/<int:conversation_id>/voorbereiden", methods=["GET", "POST"])
@login_required
def prepare(conversation_id: int):
    access.get_led_conversation_or_404(current_user, conversation_id)
    conversation = queries.conversation_page(conversation_id)
    form = PreparationForm(obj=conversation if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.save_preparation(conversation, form.preparation_notes.data, current_user)
        except ConversationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Uw voorbereiding is opgeslagen."), "success")
            return _back(conversation)
    competencies = services.rateable_competencies(conversation.employee)
    return render_template(
        "conversations/prepare.html",
        conversation=conversation,
        form=form,
        competencies=competencies,
        goals=queries.goals_for_conversation(conversation.employee_id, conversation.cycle_id),
        rows=rating_rows(
            competencies,
            {},
            _submitted_self_scores(conversation, current_user),
            all_indicators=False,
        ),
        today=date.today(),
    )


@bp.route("/<int:conversation_id>/zelfevaluatie", methods=["GET", "POST"])
@login_required
def self_assessment(conversation_id: int):
    access.get_own_conversation_or_404(current_user, conversation_id)
    conversation = queries.conversation_page(conversation_id)
    competencies = services.rateable_competencies(conversation.employee)
    form_class = SelfAssessmentForm.for_competencies(competencies, conversation.rating_scale)
    assessment = conversation.self_assessment
    initial = {}
    if assessment is not None:
        initial = form_class.initial(queries.scores_by_key(assessment.ratings))
        initial["reflection"] = assessment.reflection
    initial["version"] = str(assessment.version if assessment is not None else 0)
    form = form_class(data=initial)
    read_only = conversation.is_held or (assessment is not None and assessment.is_submitted)
    if not read_only and form.validate_on_submit():
        submit = bool(form.hand_in.data)
        expected_version = form.expected_version()
        try:
            conflict_with_message(
                lambda: services.save_self_assessment(
                    conversation,
                    current_user,
                    scores=form.scores(),
                    reflection=form.reflection.data or "",
                    submit=submit,
                    expected_version=expected_version,
                ),
                lambda: services.self_assessment_conflict_message(conversation),
            )
        except ConversationError as error:
            flash(str(error), "error")
        else:
            if submit:
                flash(_("Uw zelfevaluatie is ingediend bij uw leidinggevende."), "success")
                return _back(conversation)
            flash(_("Uw zelfevaluatie is opgeslagen als concept."), "success")
            return redirect(
                url_for("conversations.self_assessment", conversation_id=conversation.id)
            )
    elif read_only and request.method == "POST":
        abort(403)
    return render_template(
        "conversations/self_assessment.html",
        conversation=conversation,
        form=form,
        competencies=competencies,
        read_only=read_only,
        rows=rating_rows(
            competencies,
            {},
            _submitted_self_scores(conversation, current_user),
            all_indicators=False,
        ),
    )


@bp.route("/<int:conversation_id>/vastleggen", methods=["GET", "POST"])
@login_required
def record(conversation_id: int):
    access.get_led_conversation_or_404(current_user, conversation_id)
    conversation = queries.conversation_page(conversation_id)
    if conversation.manager_signed_at is not None:
        abort(403)
    competencies = services.rateable_competencies(conversation.employee)
    form_class = RecordForm.for_competencies(competencies, conversation.rating_scale)
    initial = form_class.initial(queries.scores_by_key(conversation.ratings))
    initial.update({f"note_{note.topic}": note.body for note in conversation.notes})
    if conversation.held_on:
        initial["held_on"] = conversation.held_on
    if conversation.overall_rating is not None:
        initial["overall_rating"] = str(conversation.overall_rating)
    initial["overall_motivation"] = conversation.overall_motivation
    initial["version"] = str(conversation.version)
    form = form_class(
        data=initial, scale=conversation.rating_scale, is_appraisal=conversation.is_appraisal
    )
    if form.validate_on_submit():
        expected_version = form.expected_version()
        try:
            conflict_with_message(
                lambda: services.record(
                    conversation, form.record(), current_user, expected_version=expected_version
                ),
                lambda: services.record_conflict_message(conversation),
            )
        except ConversationError as error:
            flash(str(error), "error")
        else:
            flash(_("Het gesprek is vastgelegd."), "success")
            return _back(conversation)
    return render_template(
        "conversations/record.html",
        conversation=conversation,
        form=form,
        competencies=competencies,
        self_scores=_submitted_self_scores(conversation, current_user),
    )


# --- agreements ---------------------------------------------------------------------------------


@bp.post("/<int:conversation_id>/afspraken")
@login_required
def add_agreement(conversation_id: int):
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    form = AgreementForm(competencies=services.rateable_competencies(conversation.employee))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(conversation, "#afspraken")
    return _act(
        conversation,
        lambda c: services.add_agreement(
            c,
            current_user,
            what=form.what.data,
            owner=AgreementOwner(form.owner.data),
            due_on=form.due_on.data,
            competency_id=form.competency_id.data,
        ),
        _("De afspraak is toegevoegd."),
        anchor="#afspraken",
    )


@bp.post("/<int:conversation_id>/afspraken/<int:agreement_id>/verwijderen")
@login_required
def remove_agreement(conversation_id: int, agreement_id: int):
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    agreement = access.get_agreement_or_404(conversation, agreement_id)
    _require_empty_form()
    return _act(
        conversation,
        lambda c: services.remove_agreement(agreement, current_user),
        _("De afspraak is verwijderd."),
        anchor="#afspraken",
    )


@bp.post("/<int:conversation_id>/afspraken/<int:agreement_id>/doel")
@login_required
def agreement_to_goal(conversation_id: int, agreement_id: int):
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    agreement = access.get_agreement_or_404(conversation, agreement_id)
    _require_empty_form()
    return _act(
        conversation,
        lambda c: services.agreement_to_goal(agreement, current_user),
        _("De afspraak staat nu als voorgesteld doel in het POP van de medewerker."),
        anchor="#afspraken",
    )


# --- signing and addenda ------------------------------------------------------------------------


@bp.post("/<int:conversation_id>/ondertekenen")
@login_required
def sign_as_manager(conversation_id: int):
    conversation = access.get_led_conversation_or_404(current_user, conversation_id)
    _require_empty_form()
    return _act(
        conversation,
        lambda c: services.sign_as_manager(c, current_user),
        _("U heeft het verslag ondertekend. De medewerker kan nu reageren en tekenen."),
        conflict=services.signing_conflict_message,
    )


@bp.post("/<int:conversation_id>/zienswijze")
@login_required
def respond(conversation_id: int):
    conversation = access.get_own_conversation_or_404(current_user, conversation_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        flash(" ".join(form.employee_response.errors) or _("Controleer uw zienswijze."), "error")
        return _back(conversation, "#ondertekenen")
    return _act(
        conversation,
        lambda c: services.respond(c, form.employee_response.data or "", current_user),
        _("Uw zienswijze is opgeslagen."),
        anchor="#ondertekenen",
    )


@bp.post("/<int:conversation_id>/voor-gezien")
@login_required
def sign_as_employee(conversation_id: int):
    """The one sign-off form: the zienswijze typed there is saved with the signature."""
    conversation = access.get_own_conversation_or_404(current_user, conversation_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        flash(" ".join(form.employee_response.errors) or _("Controleer uw zienswijze."), "error")
        return _back(conversation, "#ondertekenen")
    try:
        conflict_with_message(
            lambda: services.sign_as_employee(
                conversation, current_user, form.employee_response.data
            ),
            lambda: services.signing_conflict_message(conversation),
        )
    except ConversationError as error:
        flash(str(error), "error")
        return _back(conversation, "#ondertekenen")
    flash(
        _(
            "U heeft het verslag voor gezien getekend. Het verslag is nu vastgelegd, met uw "
            "zienswijze; wat u later nog wilt toevoegen komt er als gedateerde aanvulling onder."
        ),
        "success",
    )
    return _back(conversation, "#ondertekenen")


@bp.post("/<int:conversation_id>/aanvulling")
@login_required
def add_addendum(conversation_id: int):
    conversation = access.get_participant_conversation_or_404(current_user, conversation_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        flash(_("Een aanvulling kan niet leeg zijn."), "error")
        return _back(conversation, "#aanvullingen")
    return _act(
        conversation,
        lambda c: services.add_addendum(c, form.body.data, current_user),
        _("Uw aanvulling is toegevoegd."),
        anchor="#aanvullingen",
    )


# --- the report ---------------------------------------------------------------------------------


def _report(conversation_id: int) -> ReportView:
    access.get_readable_conversation_or_404(current_user, conversation_id)
    conversation = queries.conversation_page(conversation_id)
    if not conversation.is_held:
        abort(404)
    return report_view(conversation)


def _report_page(conversation_id: int) -> tuple[ReportView, str]:
    view = _report(conversation_id)
    return view, render_template("conversations/report.html", conversation=view, topics=TOPICS)


@bp.get("/<int:conversation_id>/verslag")
@login_required
def report(conversation_id: int):
    return _report_page(conversation_id)[1]


@bp.get("/<int:conversation_id>/verslag.pdf")
@login_required
def report_pdf(conversation_id: int):
    """The report page itself, rendered from the same snapshot, as a tagged PDF."""
    view, page = _report_page(conversation_id)
    return pdf_response(conversation_pdf(page), f"gesprek-{view.id}-{view.kind}.pdf")
