"""The preparation notes one kept when a team member moved to another manager: one's own only."""

from flask import render_template
from flask_login import current_user, login_required

from pop import access_handover
from pop.extensions import db
from pop.team.pages import bp


@bp.get("/bewaarde-voorbereiding")
@login_required
def kept_notes():
    notes = db.session.scalars(access_handover.own_kept_notes(current_user)).unique().all()
    return render_template("team/kept_notes.html", notes=notes)
