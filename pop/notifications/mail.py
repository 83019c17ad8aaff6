"""Mail: the digest message in the recipient's language, and handing it to SMTP or the outbox.

Without SMTP_HOST the messages are written to MAIL_OUTBOX_FOLDER (instance/outbox) as .eml
files, so a fresh installation sends nothing into the world but shows what it would send.
"""

import secrets
import smtplib
import ssl
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path
from types import TracebackType

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from pop.models._time import utcnow
from pop.notifications.digests import Digest
from pop.notifications.texts import describe
from pop.notify import app_path


class UnmailableRecipient(Exception):
    """This one message cannot go out (its address or name); the others of the run can."""


class MailError(Exception):
    """The mail could not be handed over; `str(error)` names the server and what went wrong."""


def absolute_url(path: str) -> str:
    base = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return f"{base}{path}" if path else base or "/"


def _sender() -> str:
    return str(current_app.config.get("MAIL_FROM") or "POP <pop@localhost>")


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"


def sender_domain() -> str:
    """The domain of Message-IDs: the sender's."""
    return _domain(_sender())


def _header(value: str) -> str | Header:
    return value if value.isascii() else Header(value, "utf-8")


def _address(name: str, address: str) -> str:
    return formataddr((name, address), charset="utf-8")


def build_digest(digest: Digest) -> Message:
    """The digest as a plain-text and a simple HTML part, in the recipient's language.

    Built with the `email.mime` classes: a run mails up to one digest per person, and the
    header registry of `EmailMessage` took three quarters of each digest's time.
    """
    recipient = digest.recipient
    language = recipient.language or "nl"
    with force_locale(language):
        items = [
            {"text": describe(notification), "url": absolute_url(notification.link)}
            for notification in digest.notifications
        ]
        count = len(items)
        texts = {
            "subject": ngettext(
                "POP: %(num)d nieuwe melding", "POP: %(num)d nieuwe meldingen", count
            ),
            "greeting": _("Beste %(name)s,", name=recipient.name),
            "intro": ngettext(
                "Er is %(num)d nieuwe melding voor je in POP:",
                "Er zijn %(num)d nieuwe meldingen voor je in POP:",
                count,
            ),
            "open": _("Bekijk al je meldingen in POP:"),
            "footer": _(
                "Je krijgt deze e-mail omdat je meldingen per e-mail ontvangt. Kies in je "
                "instellingen welke meldingen en hoe vaak:"
            ),
        }
        context = {
            "texts": texts,
            "items": items,
            "language": language,
            "list_url": absolute_url(app_path("notifications.index")),
            "settings_url": absolute_url(app_path("notifications.settings")),
        }
        text = render_template("mail/digest.txt", **context)
        html = render_template("mail/digest.html", **context)
    sender = _sender()
    message = MIMEMultipart("alternative")
    message["Subject"] = _header(texts["subject"])
    message["From"] = _address(*parseaddr(sender))
    message["To"] = _address(recipient.name, recipient.email)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = digest.message_id or make_msgid("pop", domain=_domain(sender))
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = language
    message.attach(MIMEText(text, "plain", "utf-8"))
    message.attach(MIMEText(html, "html", "utf-8"))
    return message


# --- sending ----------------------------------------------------------------------------------


class Mailer:
    """Sends messages over one SMTP connection, opened on the first message; or to the outbox.

    Use as a context manager: the connection is closed at the end.
    """

    def __init__(self, config: dict) -> None:
        self.host = config.get("SMTP_HOST") or None
        self.use_ssl = bool(config.get("SMTP_SSL"))
        self.starttls = bool(config.get("SMTP_STARTTLS"))
        default_port = 465 if self.use_ssl else 587 if self.starttls else 25
        self.port = int(config.get("SMTP_PORT") or default_port)
        self.username = config.get("SMTP_USERNAME") or None
        self.password = config.get("SMTP_PASSWORD") or ""
        self.timeout = float(config.get("SMTP_TIMEOUT") or 30)
        outbox = config.get("MAIL_OUTBOX_FOLDER")
        self.outbox = Path(outbox) if outbox else Path(current_app.instance_path) / "outbox"
        self._smtp: smtplib.SMTP | None = None

    @classmethod
    def from_app(cls) -> "Mailer":
        return cls(current_app.config)

    @property
    def destination(self) -> str:
        """Where the mail goes, for messages to the operator."""
        if self.host is None:
            return str(self.outbox)
        return f"{self.host}:{self.port}"

    def __enter__(self) -> "Mailer":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: Message) -> None:
        if self.host is None:
            self._write_to_outbox(message)
            return
        try:
            self._connection().send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            # The server took the connection but not this address: the next person's may do.
            raise UnmailableRecipient(
                _smtp_problem(f"SMTP server {self.destination}", error)
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise MailError(_smtp_problem(f"SMTP server {self.destination}", error)) from error

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            context = ssl.create_default_context()
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                if self.starttls and not self.use_ssl:
                    smtp.starttls(context=context)
                if self.username:
                    smtp.login(self.username, self.password)
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _write_to_outbox(self, message: Message) -> None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = self.outbox / f"{stamp}-{secrets.token_hex(4)}.eml"
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(message))
        except OSError as error:
            raise MailError(_smtp_problem(f"outbox {self.outbox}", error)) from error

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _smtp_problem(where: str, error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        text = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        return f"{where} answered {error.smtp_code} {text}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(
            f"{address}: {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in error.recipients.items()
        )
        return f"{where} refused the recipient ({refused})"
    return f"{where}: {error.__class__.__name__}: {error}"
