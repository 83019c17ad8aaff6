"""Conversation pages before and during the conversation: preparing, self-assessment, record,
and the agreements made in it."""

from datetime import date

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop import access
from pop.concurrency import conflict_with_message
from pop.conversations import queries, services
from pop.conversations.forms import (
    AgreementForm,
    PreparationForm,
    RecordForm,
    SelfAssessmentForm,
)
from pop.conversations.pages import (
    act,
    back,
    bp,
    rating_rows,
    require_empty_form,
    submitted_self_scores,
)
from pop.conversations.self_assessment_notes import notes_by_competency, submitted_self_notes
from pop.conversations.services import ConversationError
from pop.extensions import db
from pop.models import (
    AgreementOwner,
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
            flash(_("Je voorbereiding is opgeslagen."), "success")
            return back(conversation)
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
            submitted_self_scores(conversation, current_user),
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
        initial.update(form_class.initial_notes(notes_by_competency(assessment)))
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
                    competency_notes=form.competency_notes(),
                ),
                lambda: services.self_assessment_conflict_message(conversation),
            )
        except ConversationError as error:
            flash(str(error), "error")
        else:
            if submit:
                flash(_("Je zelfevaluatie is ingediend bij je leidinggevende."), "success")
                return back(conversation)
            flash(_("Je zelfevaluatie is opgeslagen als concept."), "success")
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
        self_notes=notes_by_competency(assessment),
        rows=rating_rows(
            competencies,
            {},
            submitted_self_scores(conversation, current_user),
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
    initial.update(
        form_class.initial_motivations(
            {note.competency_id: note.body for note in conversation.competency_notes}
        )
    )
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
            return back(conversation)
    self_scores = submitted_self_scores(conversation, current_user)
    return render_template(
        "conversations/record.html",
        conversation=conversation,
        form=form,
        competencies=competencies,
        self_scores=self_scores,
        self_notes=submitted_self_notes(conversation, current_user),
        self_reflection=(
            conversation.self_assessment.reflection
            if self_scores and conversation.self_assessment is not None
            else ""
        ),
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
        return back(conversation, "#afspraken")
    return act(
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
    require_empty_form()
    return act(
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
    require_empty_form()
    return act(
        conversation,
        lambda c: services.agreement_to_goal(agreement, current_user),
        _("De afspraak staat nu als voorgesteld doel in het POP van de medewerker."),
        anchor="#afspraken",
    )
