"""The e-mail with a link to set a password: an invitation, or a reset that someone asked for.

Links are built from POP_PUBLIC_URL, never from the Host header of the request, so a forged
Host cannot send people to another site.
"""

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from pop.auth.links import INVITATION, make_token
from pop.models import User
from pop.notifications.mail import Mailer, absolute_url
from pop.notify import app_path


def password_link(user: User, purpose: str) -> str:
    return absolute_url(app_path("account.set_password", token=make_token(user, purpose)))


def build_message(user: User, purpose: str) -> EmailMessage:
    language = user.language or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        if purpose == INVITATION:
            subject = _("Je account voor POP")
            intro = _(
                "Je bent uitgenodigd voor POP, het persoonlijk ontwikkelingsplan van je "
                "organisatie. Kies via deze link een wachtwoord:"
            )
            days = int(current_app.config["INVITATION_VALID_DAYS"])
            validity = _("De link werkt %(days)d dagen en één keer.", days=days)
        else:
            subject = _("Nieuw wachtwoord voor POP")
            intro = _("Er is gevraagd om een nieuw wachtwoord voor POP. Kies het via deze link:")
            minutes = int(current_app.config["PASSWORD_RESET_VALID_MINUTES"])
            validity = _("De link werkt %(minutes)d minuten en één keer.", minutes=minutes)
        text = render_template(
            "mail/password_link.txt",
            greeting=_("Beste %(name)s,", name=user.name),
            intro=intro,
            link=password_link(user, purpose),
            validity=validity,
            ignore=_("Heb je hier niet om gevraagd? Dan kun je deze e-mail negeren."),
        )
    sender = str(current_app.config.get("MAIL_FROM") or "POP <pop@localhost>")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = Address(display_name=user.name, addr_spec=user.email)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid("pop", domain=sender.rsplit("@", 1)[-1].strip(" >"))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message["Content-Language"] = language
    return message


def send_messages(messages: list[EmailMessage]) -> None:
    """Hand the messages to SMTP (or the outbox); raises MailError when that fails."""
    with Mailer.from_app() as mailer:
        for message in messages:
            mailer.send(message)
