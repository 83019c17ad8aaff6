"""Forms of the cycle administration: open, close, the second assessor."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    ValidationError,
)

from pop.models import Cycle


class OpenCycleForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(_l("Geef de cyclus een naam.")), Length(max=100)],
        description=_l("Bijvoorbeeld het jaar: 2027."),
    )
    without_ratings = BooleanField(
        _l("Gesprekken zonder oordelen (het goede gesprek)"),
        description=_l(
            "Dan leggen leidinggevende en medewerker aantekeningen en afspraken vast en tekenen "
            "ze, maar geeft niemand een oordeel op de schaal. Je kunt dit later nog wijzigen, "
            "zolang er geen gesprek is ondertekend en geen oordeel is gegeven."
        ),
    )
    starts_on = DateField(
        _l("Begindatum"), validators=[InputRequired(_l("Vul een geldige datum in."))]
    )
    ends_on = DateField(
        _l("Einddatum"), validators=[InputRequired(_l("Vul een geldige datum in."))]
    )

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data <= self.starts_on.data:
            raise ValidationError(_("De einddatum van een cyclus moet na de begindatum liggen."))


LEAVE_GOALS = "laten"


class CloseCycleForm(FlaskForm):
    unfinished = RadioField(
        _l("Wat gebeurt er met de doelen die nog niet af zijn?"),
        validators=[InputRequired(_l("Kies wat er met de lopende doelen gebeurt."))],
    )

    def __init__(self, *args, open_cycles: list[Cycle], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unfinished.choices = [
            *(
                SelectChoice(str(cycle.id), _("Meenemen naar de cyclus %(name)s", name=cycle.name))
                for cycle in open_cycles
            ),
            SelectChoice(LEAVE_GOALS, _("Laten staan in deze cyclus (ze gaan niet mee)")),
        ]

    @property
    def carry_over_to_id(self) -> int | None:
        return None if self.unfinished.data == LEAVE_GOALS else int(self.unfinished.data)


class SecondAssessorForm(FlaskForm):
    required = BooleanField(
        _l("Een beoordelingsgesprek gaat eerst naar een tweede beoordelaar"),
        description=_l(
            "Na het afronden door de leidinggevende geeft de tweede beoordelaar akkoord of "
            "stuurt het verslag terug; pas daarna tekent de medewerker. Standaard is dat de "
            "leidinggevende van de leidinggevende; HR kan per gesprek een ander aanwijzen."
        ),
    )


class CycleRatingsForm(FlaskForm):
    without_ratings = BooleanField(
        _l("Gesprekken zonder oordelen (het goede gesprek)"),
        description=_l(
            "Zonder oordelen leggen leidinggevende en medewerker aantekeningen en afspraken vast "
            "en tekenen ze, maar geeft niemand een oordeel: niet in het verslag, de "
            "zelfevaluatie of de feedback van collega's."
        ),
    )
