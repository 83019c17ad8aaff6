"""Feedback pages: a conversation's requests and results, the giver's list, and the answer form."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from pop import access, access_feedback
from pop.conversations.rules import rateable_competencies
from pop.extensions import db
from pop.feedback import queries, results, services
from pop.feedback.forms import AnswerForm, ColleagueSearchForm, RequestForm, default_expiry
from pop.forms import EmptyForm
from pop.labels import kind_label
from pop.models import Conversation, FeedbackRequest, FeedbackStatus, User
from pop.transactions import commit_or_show
from pop.translation import N_
from pop.translation import gettext as translate

bp = Blueprint("feedback", __name__)


@bp.app_template_global()
def conversation_feedback(conversation: Conversation) -> dict:
    """What the conversation pages show of its feedback to the current visitor."""
    view = access_feedback.feedback_view(current_user, conversation)
    if view == access_feedback.FeedbackView.NOTHING:
        return {"view": view.value}
    requests = queries.requests_of_conversation(conversation.id)
    shown = {
        "view": view.value,
        "asked": sum(1 for r in requests if r.feedback_status != FeedbackStatus.WITHDRAWN),
        "answered": sum(1 for r in requests if r.is_answered),
    }
    if view == access_feedback.FeedbackView.ANSWERS:
        shown["results"] = results.summarise(conversation, requests)
        shown["competencies"] = rateable_competencies(conversation.employee)
    return shown


@bp.app_template_global()
def feedback_to_give() -> int:
    """How many open requests wait for the current visitor's answer (the start page)."""
    return queries.open_count_for_giver(current_user.id, date.today())


def _status(request_: FeedbackRequest, today: date) -> str:
    if request_.is_expired(today):
        return "verlopen"
    return request_.status


_FEEDBACK_STATUSES = {
    "open": N_("open"),
    "beantwoord": N_("beantwoord"),
    "ingetrokken": N_("ingetrokken"),
    "verlopen": N_("verlopen"),
}


@bp.app_template_filter("feedback_status")
def feedback_status_label(value: str) -> str:
    return translate(_FEEDBACK_STATUSES[value])


@bp.route("/gesprekken/<int:conversation_id>/feedback", methods=["GET", "POST"])
@login_required
def conversation(conversation_id: int):
    """Who was asked, the results as far as the visitor may see them, and asking more."""
    found = access.get_conversation_or_404(current_user, conversation_id)
    if access_feedback.feedback_view(current_user, found) == access_feedback.FeedbackView.NOTHING:
        abort(403)
    may_ask = access_feedback.may_ask_feedback(current_user, found) and not found.is_held
    if request.method == "POST" and not may_ask:
        abort(403)
    requests = queries.requests_of_conversation(found.id)
    search = ColleagueSearchForm(request.args)
    asked = {r.giver_id for r in requests} | {found.employee_id}
    form = RequestForm()
    chosen = request.form.getlist("givers", type=int) if request.method == "POST" else []
    candidates = queries.search_colleagues(search.q.data or "", asked)
    offered = {person.id: person for person in candidates}
    offered.update({p.id: p for p in queries.people_by_id(chosen) if p.id not in offered})
    form.givers.choices = [(person.id, _person_label(person)) for person in offered.values()]
    if request.method == "GET":
        form.expires_on.data = default_expiry(found.planned_on, date.today())
    if form.validate_on_submit():
        done = commit_or_show(lambda: _ask(found.id, form), attempts=3)
        if done:
            flash(
                ngettext(
                    "Je hebt %(num)d collega om feedback gevraagd.",
                    "Je hebt %(num)d collega's om feedback gevraagd.",
                    done.result,
                ),
                "success",
            )
            return redirect(url_for("feedback.conversation", conversation_id=found.id))
    return render_template(
        "feedback/conversation.html",
        conversation=found,
        requests=requests,
        search=search,
        form=form,
        candidates=candidates,
        may_ask=may_ask,
        may_withdraw=access_feedback.may_ask_feedback(current_user, found),
        withdraw_form=EmptyForm(),
        today=date.today(),
        status_of=_status,
    )


def _person_label(person: User) -> str:
    if person.department is None:
        return person.name
    return f"{person.name} ({person.department.name})"


def _ask(conversation_id: int, form: RequestForm) -> int:
    conversation = db.session.get(Conversation, conversation_id)
    givers = queries.people_by_id(form.givers.data)
    made = services.request_feedback(
        conversation,
        current_user,
        givers,
        expires_on=form.expires_on.data,
        anonymous=form.anonymous.data,
        message=form.message.data or "",
    )
    return len(made)


@bp.post("/gesprekken/<int:conversation_id>/feedback/<int:request_id>/intrekken")
@login_required
def withdraw(conversation_id: int, request_id: int):
    found = access.get_conversation_or_404(current_user, conversation_id)
    if not access_feedback.may_ask_feedback(current_user, found):
        abort(403)
    request_ = access_feedback.get_conversation_feedback_or_404(found, request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def work():
        fresh = db.session.get(FeedbackRequest, request_.id, populate_existing=True)
        services.withdraw(fresh, current_user)

    if commit_or_show(work, attempts=3):
        flash(_("Het verzoek is ingetrokken."), "success")
    return redirect(url_for("feedback.conversation", conversation_id=found.id))


@bp.route("/feedback")
@login_required
def index():
    """The feedback colleagues asked of the visitor: open requests first."""
    return render_template(
        "feedback/index.html",
        requests=queries.requests_for_giver(current_user.id),
        today=date.today(),
        status_of=_status,
    )


@bp.route("/feedback/<int:request_id>", methods=["GET", "POST"])
@login_required
def answer(request_id: int):
    access_feedback.get_addressed_feedback_or_404(current_user, request_id)
    request_ = queries.request_page(request_id)
    conversation = request_.conversation
    today = date.today()
    competencies = rateable_competencies(conversation.employee)
    form = AnswerForm.for_competencies(competencies, conversation.rating_scale or [])()
    answerable = request_.is_open(today) and not conversation.is_held
    if request.method == "POST" and form.validate_on_submit():
        done = commit_or_show(lambda: _give(request_.id, form, today), attempts=3)
        if done:
            flash(_("Bedankt: je feedback is verstuurd."), "success")
            return redirect(url_for("feedback.index"))
        request_ = queries.request_page(request_id)
        answerable = request_.is_open(today) and not request_.conversation.is_held
    return render_template(
        "feedback/answer.html",
        feedback=request_,
        conversation=request_.conversation,
        kind=kind_label(request_.conversation.kind),
        competencies=competencies,
        form=form,
        answerable=answerable,
        status=_status(request_, today),
        today=today,
    )


def _give(request_id: int, form: AnswerForm, today: date) -> None:
    fresh = db.session.get(FeedbackRequest, request_id, populate_existing=True)
    services.give_feedback(
        fresh, current_user, form.answers(), comment=form.comment.data or "", today=today
    )
