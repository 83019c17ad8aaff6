"""The administrator's page of SCIM tokens: make one (shown once), see them, revoke one."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from pop.access_accounts import admin_required, get_scim_token_or_404
from pop.extensions import db
from pop.forms import EmptyForm
from pop.scim import tokens

bp = Blueprint("scim_admin", __name__, url_prefix="/beheer/scim")


class NewTokenForm(FlaskForm):
    name = StringField(
        _l("Naam van de koppeling"),
        description=_l("Bijvoorbeeld ‘Entra ID’: zo herken je het token in de auditlog."),
        validators=[
            DataRequired(_l("Geef het token een naam, bijvoorbeeld ‘Entra ID’.")),
            Length(max=tokens.NAME_MAX),
        ],
    )


def _page(form: NewTokenForm, secret: str | None = None, status: int = 200):
    return render_template(
        "scim/tokens.html",
        form=form,
        tokens=tokens.all_tokens(),
        secret=secret,
        revoke_form=EmptyForm(),
        scim_url=url_for("scim.list_users", _external=True).removesuffix("/Users"),
    ), status


@bp.route("/", methods=["GET", "POST"])
@admin_required
def index():
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.errors else 200)
    try:
        made = tokens.create_token(current_user, form.name.data)
    except tokens.TokenError as error:
        db.session.rollback()
        form.name.errors.append(str(error))
        return _page(form, status=400)
    db.session.commit()
    # Shown in this answer only: POP keeps the hash, never the token.
    return _page(NewTokenForm(formdata=None), secret=made.secret)


@bp.post("/<int:token_id>/intrekken")
@admin_required
def revoke(token_id: int):
    token = get_scim_token_or_404(current_user, token_id)
    if EmptyForm().validate_on_submit() and tokens.revoke_token(current_user, token):
        db.session.commit()
        flash(_("Het token ‘%(name)s’ is ingetrokken.", name=token.name), "success")
    return redirect(url_for("scim_admin.index"))
