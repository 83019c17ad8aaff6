"""The calendar invitation of a conversation, mailed to the employee when it is planned, moved
or called off: an iTIP message (text/calendar; method=REQUEST or CANCEL) that Outlook and Google
Calendar show with Accept / Decline, beside a short text and the same .ics as an attachment.

It is built inside the transaction (through `pop.scheduling`, which the conversations area
calls) and sent right after the change is committed; if the mail cannot be handed over, the change
stands, the reason is logged and the page says so (the .ics can still be downloaded).
"""

import logging
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from pop.dates import local_date
from pop.labels import kind_label
from pop.models import Conversation
from pop.notifications.calendar import invitation
from pop.notifications.mail import Mailer, MailError, absolute_url, sender_domain
from pop.notify import app_path

log = logging.getLogger(__name__)


def _moment(conversation: Conversation) -> str:
    if conversation.planned_time is None:
        return local_date(conversation.planned_on)
    return _(
        "%(day)s om %(time)s",
        day=local_date(conversation.planned_on),
        time=conversation.planned_time.strftime("%H:%M"),
    )


def invitation_message(conversation: Conversation, *, cancelled: bool = False) -> EmailMessage:
    """The invitation (or its cancellation) for the employee, in the employee's language."""
    employee, manager = conversation.employee, conversation.manager
    with force_locale(employee.language or "nl"):
        calendar = invitation(conversation, employee, cancelled=cancelled)
        kind = kind_label(conversation.kind)
        values = {
            "kind": kind[:1].upper() + kind[1:],
            "name": manager.name,
            "when": _moment(conversation),
        }
        if cancelled:
            subject = _("Afgezegd: %(kind)s met %(name)s op %(when)s", **values)
            lines = [_("%(name)s heeft het gesprek afgezegd.", name=manager.name)]
        else:
            subject = _("Uitnodiging: %(kind)s met %(name)s op %(when)s", **values)
            lines = [_("%(name)s nodigt je uit voor dit gesprek.", name=manager.name)]
            if conversation.location:
                lines.append(_("Plaats: %(place)s", place=conversation.location))
            url = app_path("conversations.conversation", conversation_id=conversation.id)
            lines.append(_("Het gesprek in POP: %(url)s", url=absolute_url(url)))
        text = "\n\n".join([_("Beste %(name)s,", name=employee.name), subject, *lines]) + "\n"
    method = "CANCEL" if cancelled else "REQUEST"
    ics = calendar.to_ical().decode()
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = str(current_app.config.get("MAIL_FROM") or "POP <pop@localhost>")
    message["To"] = Address(display_name=employee.name, addr_spec=employee.email)
    message["Reply-To"] = Address(display_name=manager.name, addr_spec=manager.email)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid("pop-invitation", domain=sender_domain())
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(ics, subtype="calendar", params={"method": method})
    message.add_attachment(
        ics.encode(), maintype="application", subtype="ics", filename="uitnodiging.ics"
    )
    return message


def send_message(message: EmailMessage) -> bool:
    """Hand an invitation to SMTP (or the outbox); False, and a log line, when that failed."""
    try:
        with Mailer.from_app() as mailer:
            mailer.send(message)
    except MailError as error:
        log.warning("invitation %r not sent: %s", message["Subject"], error)
        return False
    return True


def prepare(sender: Conversation, *, conversation: Conversation, cancelled: bool):
    """The receiver of `pop.scheduling.prepare_invitation`: built now, sent when called."""
    if not conversation.employee.email:
        return None
    message = invitation_message(conversation, cancelled=cancelled)
    return lambda: send_message(message)
