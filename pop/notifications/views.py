"""Notifications pages: the list under the bell, marking read, settings, calendar files."""

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pop import access
from pop.converters import database_int
from pop.extensions import db
from pop.forms import EmptyForm
from pop.models import CalendarToken, DigestFrequency
from pop.notifications import calendar, invitations, services
from pop.notifications.forms import SettingsForm
from pop.notifications.texts import describe, kind_label, kinds_for
from pop.scheduling import invitation_due

bp = Blueprint("notifications", __name__, url_prefix="/meldingen")
# Conversations ask for their calendar invitations through pop.scheduling; this area mails them.
bp.record_once(lambda _state: invitation_due.connect(invitations.prepare))

PER_PAGE = 25


@bp.app_context_processor
def _bell():
    def unread_notifications() -> int:
        """The bell's count: one COUNT query per page, only for someone logged in."""
        if not current_user.is_authenticated:
            return 0
        if "unread_notifications" not in g:
            g.unread_notifications = services.unread_count(current_user.id)
        return g.unread_notifications

    return {"unread_notifications": unread_notifications}


def _back_to_list():
    page = request.args.get("page", type=database_int)
    return redirect(url_for("notifications.index", page=page if page and page > 1 else None))


@bp.get("/")
@login_required
def index():
    page = db.paginate(
        services.notifications_of(current_user.id), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "notifications/index.html",
        page=page,
        describe=describe,
        kind_label=kind_label,
    )


@bp.post("/<int:notification_id>/gelezen")
@login_required
def mark_read(notification_id: int):
    notification = access.get_own_notification_or_404(current_user, notification_id)
    if EmptyForm().validate_on_submit():
        services.mark_read(notification)
        db.session.commit()
        flash(_("De melding is gemarkeerd als gelezen."), "success")
    return _back_to_list()


@bp.post("/gelezen")
@login_required
def mark_all_read():
    if EmptyForm().validate_on_submit():
        count = services.mark_all_read(current_user)
        db.session.commit()
        flash(
            _("Alle meldingen zijn gemarkeerd als gelezen.")
            if count
            else _("Er waren geen ongelezen meldingen."),
            "success",
        )
    return _back_to_list()


@bp.route("/instellingen", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(kinds=kinds_for(current_user))
    if not form.is_submitted():
        form.mailed.data = [kind.value for kind in services.mailed_kinds(current_user.id)]
        form.digest.data = services.digest_frequency(current_user.id).value
    if form.validate_on_submit():
        services.save_settings(
            current_user,
            mailed=form.mailed_kinds(),
            digest=DigestFrequency(form.digest.data),
            shown=set(form.kinds),
        )
        db.session.commit()
        flash(_("Je instellingen voor meldingen zijn opgeslagen."), "success")
        return redirect(url_for("notifications.settings"))
    token = db.session.get(CalendarToken, current_user.id)
    feed_url = (
        url_for("notifications.calendar_feed", token=token.token, _external=True) if token else None
    )
    return render_template("notifications/settings.html", form=form, feed_url=feed_url)


@bp.post("/agenda/vernieuwen")
@login_required
def renew_calendar_token():
    if EmptyForm().validate_on_submit():
        existed = db.session.get(CalendarToken, current_user.id) is not None
        services.renew_calendar_token(current_user)
        db.session.commit()
        flash(
            _("Er is een nieuwe agendalink gemaakt; de oude werkt niet meer.")
            if existed
            else _("Je agendalink is gemaakt."),
            "success",
        )
    return redirect(url_for("notifications.settings", _anchor="agenda"))


def _calendar_response(body: bytes, filename: str, *, attachment: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.mimetype_params["charset"] = "utf-8"
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/agenda/<token>.ics")
def calendar_feed(token: str):
    """The private feed: no log-in (calendar programs cannot), the secret token is the key."""
    user = services.user_for_calendar_token(token)
    if user is None:
        abort(404)
    return _calendar_response(calendar.feed(user), "pop.ics", attachment=False)


@bp.get("/gesprekken/<int:conversation_id>.ics")
@login_required
def conversation_invite(conversation_id: int):
    conversation = access.get_conversation_or_404(current_user, conversation_id)
    return _calendar_response(
        calendar.invite(conversation, current_user),
        f"gesprek-{conversation.id}.ics",
        attachment=True,
    )
