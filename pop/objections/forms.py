"""Forms of the objections: lodging one, and HR's decision."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from pop.models import ObjectionOutcome
from pop.models.limits import limit

MAX_ATTACHMENTS = 5


class LodgeObjectionForm(FlaskForm):
    body = TextAreaField(
        _l("Mijn bezwaar"),
        description=_l(
            "Waartegen maak je bezwaar, en waarom? HR en de tweede beoordelaar lezen het."
        ),
        validators=[
            DataRequired(_l("Schrijf op waartegen je bezwaar maakt en waarom.")),
            Length(max=limit("objection", "body"), message=_l("Houd het bij %(max)d tekens.")),
        ],
    )
    attachments = MultipleFileField(
        _l("Bijlagen (optioneel)"),
        description=_l(
            "Tot vijf bestanden: PDF, afbeelding, Office- of tekstbestand, elk maximaal 5 MB."
        ),
    )

    def uploads(self) -> list:
        return [upload for upload in (self.attachments.data or []) if upload and upload.filename]

    def validate_attachments(self, field) -> None:
        if len(self.uploads()) > MAX_ATTACHMENTS:
            raise ValidationError(_l("Voeg hoogstens vijf bijlagen toe."))


class DecideObjectionForm(FlaskForm):
    outcome = RadioField(
        _l("Uitkomst"),
        choices=[
            SelectChoice(
                ObjectionOutcome.UPHELD.value, _l("Gehandhaafd: het oordeel blijft staan")
            ),
            SelectChoice(
                ObjectionOutcome.AMENDED.value,
                _l(
                    "Aangepast: het oordeel verandert (de motivering komt als aanvulling bij "
                    "het verslag)"
                ),
            ),
        ],
        validators=[InputRequired(_l("Kies de uitkomst van het bezwaar."))],
    )
    motivation = TextAreaField(
        _l("Motivering"),
        validators=[
            DataRequired(_l("Motiveer de beslissing over het bezwaar.")),
            Length(
                max=limit("objection", "motivation"), message=_l("Houd het bij %(max)d tekens.")
            ),
        ],
    )
