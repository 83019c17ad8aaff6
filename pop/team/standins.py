"""Arranging a stand-in (vervanger) for a manager: who may, for which period, and its end.

During the period (from the start date up to, not including, the end date) the stand-in leads
the manager's team in their own name; `pop.access` decides that from the arrangement.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from pop import access, audit
from pop.dates import local_date
from pop.extensions import db
from pop.models import StandIn, User
from pop.models._time import utcnow
from pop.refusal import Refused


class StandInError(Refused):
    """An arrangement the rules refuse; `str(error)` is the message for the user."""


def arrange(
    manager: User,
    stand_in: User,
    starts_on: date,
    ends_on: date,
    actor: User,
    today: date | None = None,
) -> StandIn:
    """`stand_in` leads `manager`'s team from `starts_on` until (not including) `ends_on`."""
    today = today or date.today()
    if not access.may_arrange_stand_in(actor, manager):
        raise StandInError(_("Alleen HR of de leidinggevende zelf kan een vervanger regelen."))
    if stand_in.id == manager.id:
        raise StandInError(_("Een leidinggevende kan niet zijn eigen vervanger zijn."))
    if not stand_in.active:
        raise StandInError(_("Deze persoon heeft geen actief account en kan niet vervangen."))
    if stand_in.manager_id == manager.id:
        raise StandInError(
            _("Een lid van het team kan het team niet vervangen: die zou zichzelf beoordelen.")
        )
    if ends_on <= starts_on:
        raise StandInError(_("De einddatum moet na de begindatum liggen."))
    if ends_on <= today:
        raise StandInError(_("De einddatum ligt in het verleden: kies een latere datum."))
    overlapping = db.session.scalar(
        select(StandIn.id).where(
            StandIn.manager_id == manager.id,
            StandIn.ended_at.is_(None),
            StandIn.starts_on < ends_on,
            StandIn.ends_on > starts_on,
        )
    )
    if overlapping is not None:
        raise StandInError(_("Voor deze periode is al een vervanger geregeld."))
    arrangement = StandIn(
        manager_id=manager.id,
        stand_in_id=stand_in.id,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=actor.id,
    )
    db.session.add(arrangement)
    db.session.flush()
    audit.record(
        actor,
        "stand_in.arranged",
        arrangement,
        summary=_(
            "%(stand_in)s vervangt %(manager)s van %(start)s tot %(end)s",
            stand_in=stand_in.name,
            manager=manager.name,
            start=local_date(starts_on),
            end=local_date(ends_on),
        ),
        changes={"manager_id": [None, manager.id], "stand_in_id": [None, stand_in.id]},
    )
    return arrangement


def end(arrangement: StandIn, actor: User) -> None:
    """Withdraw an arrangement early; it stays on record, its rights end at once."""
    if not access.may_arrange_stand_in(actor, arrangement.manager):
        raise StandInError(_("Alleen HR of de leidinggevende zelf kan een vervanger regelen."))
    if arrangement.ended_at is not None:
        raise StandInError(_("Deze vervanging is al beëindigd."))
    arrangement.ended_at = utcnow()
    audit.record(
        actor,
        "stand_in.ended",
        arrangement,
        summary=_(
            "Vervanging van %(manager)s door %(stand_in)s beëindigd",
            manager=arrangement.manager.name,
            stand_in=arrangement.stand_in.name,
        ),
    )
    db.session.flush()
