"""The form that arranges a stand-in: for which manager, who, and the period."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired


def _chosen(value) -> int | None:
    """A select's value as a person's id; "" or anything not a number is no choice."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class StandInForm(FlaskForm):
    manager_id = SelectField(
        _l("Leidinggevende die afwezig is"),
        coerce=_chosen,
        validators=[InputRequired(_l("Kies de leidinggevende die vervangen wordt."))],
    )
    stand_in_id = SelectField(
        _l("Vervanger"),
        coerce=_chosen,
        validators=[InputRequired(_l("Kies wie de leidinggevende vervangt."))],
        description=_l("Leidt het team in eigen naam: afspraken, gesprekken en ondertekenen."),
    )
    starts_on = DateField(
        _l("Eerste dag"), validators=[DataRequired(_l("Vul een geldige datum in."))]
    )
    ends_on = DateField(
        _l("Terug op"),
        validators=[DataRequired(_l("Vul een geldige datum in."))],
        description=_l("De eerste dag dat de leidinggevende terug is; de vervanging stopt dan."),
    )

    def fill_choices(self, managers, candidates) -> None:
        """The managers the viewer may arrange for and everyone who can stand in."""
        self.manager_id.choices = [SelectChoice(manager.id, manager.name) for manager in managers]
        if len(managers) != 1:
            self.manager_id.choices.insert(0, SelectChoice("", _l("Kies een leidinggevende")))
        self.stand_in_id.choices = [SelectChoice("", _l("Kies een vervanger"))] + [
            SelectChoice(person.id, person.name) for person in candidates
        ]
