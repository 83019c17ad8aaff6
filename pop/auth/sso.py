"""Who someone is in POP after the organisation's OpenID Connect provider vouched for them.

The first log-in links the provider's immutable `sub` to a person found by e-mail address or
employee number; from then on only the `sub` counts, so a changed address changes nothing.
Log-in never creates an administrator or changes anyone's roles; an unknown person is refused
(or, when OIDC_CREATE_PEOPLE is on, arrives as an employee and nothing more), and so is a
deactivated one. Nothing is stored for a refused log-in. Functions flush; the view commits.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from pop import audit
from pop.extensions import db
from pop.models import OidcLink, Role, User
from pop.people import services as people


class LoginRefused(Exception):
    """The provider's account may not enter POP; `message` says why, for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ClaimNames:
    email: str = "email"
    name: str = "name"
    employee_number: str = "employee_number"


def person_for_login(
    issuer: str,
    claims: dict[str, Any],
    *,
    names: ClaimNames,
    link_by: str,
    create_people: bool,
    organisation: str,
) -> User:
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        raise LoginRefused(_("De inlogdienst gaf geen vaste identiteit (sub) mee."))
    link = db.session.scalar(
        select(OidcLink).where(OidcLink.issuer == issuer, OidcLink.subject == subject)
    )
    person = link.user if link is not None else _find(claims, names, link_by)
    if person is None and create_people:
        person = _create(claims, names)
    if person is None:
        raise LoginRefused(
            _(
                "Je bent bij %(organisation)s bekend, maar niet in POP. Vraag HR om je toe te "
                "voegen; daarna kun je inloggen.",
                organisation=organisation,
            )
        )
    if not person.active or person.anonymised:
        raise LoginRefused(
            _("Je account in POP is gedeactiveerd. Neem contact op met HR als dit niet klopt.")
        )
    if link is None:
        _link(person, issuer, subject)
    return person


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    return str(value).strip() if isinstance(value, str | int) else ""


def _find(claims: dict[str, Any], names: ClaimNames, link_by: str) -> User | None:
    if link_by == "employee_number":
        number = _claim(claims, names.employee_number)
        if not number:
            return None
        return db.session.scalar(select(User).where(User.employee_number == number))
    email = _claim(claims, names.email).lower()
    if not email or claims.get("email_verified") is False:
        return None  # an address the provider did not verify proves nothing
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def _create(claims: dict[str, Any], names: ClaimNames) -> User | None:
    email = _claim(claims, names.email).lower()
    if not people.is_valid_email(email) or claims.get("email_verified") is False:
        return None
    number = _claim(claims, names.employee_number) or None
    details = people.PersonDetails(
        name=_claim(claims, names.name) or email,
        email=email,
        employee_number=number,
        roles={Role.EMPLOYEE},
    )
    try:
        return people.create_person(None, details)
    except people.PersonRuleError as error:
        raise LoginRefused(error.message) from error


def _link(person: User, issuer: str, subject: str) -> None:
    other = db.session.scalar(
        select(OidcLink).where(OidcLink.user_id == person.id, OidcLink.issuer == issuer)
    )
    if other is not None:
        # The person is linked to another account of the same provider: a reused address.
        raise LoginRefused(
            _(
                "Je account in POP hoort bij een ander account van de inlogdienst. Neem contact "
                "op met HR."
            )
        )
    link = OidcLink(user_id=person.id, issuer=issuer, subject=subject)
    db.session.add(link)
    db.session.flush()
    audit.record(
        person,
        "oidc_linked",
        person,
        summary=f"{person.name} gekoppeld aan de inlogdienst",
        changes={"oidc_subject": [None, subject]},
    )
