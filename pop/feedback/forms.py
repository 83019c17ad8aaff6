"""Forms of feedback from colleagues: asking chosen colleagues, and answering per indicator.

The answer form is built per request: per behaviour indicator of the function a radio group on
the conversation's scale (none when the cycle has no ratings) and a comment field.
"""

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SearchField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pop.catalogue_text import catalogue_text, with_catalogue
from pop.conversations.forms import optional_int, rating_choices
from pop.feedback.services import MAX_COMMENT, MAX_INDICATOR_COMMENT, MAX_MESSAGE, Answer
from pop.forms import posts_any
from pop.models import Competency

# Without a date of its own a request runs two weeks, or until the day before the conversation.
DEFAULT_DAYS = 14


def default_expiry(planned_on: date, today: date) -> date:
    return max(today, min(today + timedelta(days=DEFAULT_DAYS), planned_on - timedelta(days=1)))


class ColleagueSearchForm(FlaskForm):
    """Finding colleagues by name (a GET form: no CSRF, and no list of everyone)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Collega zoeken"),
        description=_l(
            "Typ ten minste twee letters van een naam, e-mailadres of personeelsnummer."
        ),
    )


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; `_macros.field` renders it as a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RequestForm(FlaskForm):
    givers = MultiCheckboxField(
        _l("Wie vraag je om feedback?"), coerce=int, validate_choice=True, choices=[]
    )
    expires_on = DateField(
        _l("Uiterste datum"),
        description=_l("Na deze dag kan er geen feedback meer worden gegeven."),
        validators=[DataRequired(_l("Vul een geldige datum in."))],
    )
    anonymous = BooleanField(
        _l("Anoniem: toon de antwoorden alleen samengevat, pas als drie collega's antwoordden"),
        default=True,
    )
    message = TextAreaField(
        _l("Toelichting voor je collega's (optioneel)"), validators=[Length(max=MAX_MESSAGE)]
    )
    submit = SubmitField(_l("Feedback vragen"))

    def validate_givers(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Kies ten minste één collega."))

    def validate_expires_on(self, field) -> None:
        if field.data and field.data < date.today():
            raise ValidationError(
                _l("De uiterste datum ligt in het verleden: kies vandaag of later.")
            )


class AnswerForm(FlaskForm):
    """Base of the answer forms; `for_competencies` adds the fields per indicator."""

    indicator_fields: dict[int, tuple[str, str | None]] = {}
    comment = TextAreaField(
        _l("Wat wil je nog meegeven? (optioneel)"), validators=[Length(max=MAX_COMMENT)]
    )
    submit = SubmitField(_l("Feedback versturen"))

    @classmethod
    def for_competencies(cls, competencies: list[Competency], scale: list[str]) -> type:
        class Form(cls):
            pass

        fields: dict[int, tuple[str, str | None]] = {}
        for competency in competencies:
            for indicator in competency.indicators:
                score_name = None
                if scale:
                    score_name = f"score_{indicator.id}"
                    setattr(
                        Form,
                        score_name,
                        RadioField(
                            catalogue_text(indicator.text),
                            choices=rating_choices(scale),
                            coerce=optional_int,
                            default="",
                        ),
                    )
                comment_name = f"comment_{indicator.id}"
                setattr(
                    Form,
                    comment_name,
                    TextAreaField(
                        with_catalogue(
                            _("Toelichting bij: %(indicator)s"), indicator=indicator.text
                        )
                        if scale
                        else catalogue_text(indicator.text),
                        validators=[Length(max=MAX_INDICATOR_COMMENT)],
                    ),
                )
                fields[indicator.id] = (comment_name, score_name)
        Form.indicator_fields = fields
        Form.with_scale = bool(scale)
        return Form

    with_scale = True

    def validate(self, extra_validators=None) -> bool:
        """Without a scale (a cycle without ratings) a posted score refuses the whole answer."""
        valid = super().validate(extra_validators)
        if not self.with_scale and posts_any(("score_",)):
            self.form_errors.append(_("In deze cyclus worden geen oordelen gegeven."))
            return False
        return valid

    def score_field(self, indicator_id: int):
        _comment, score = self.indicator_fields[indicator_id]
        return self[score] if score else None

    def comment_field(self, indicator_id: int):
        return self[self.indicator_fields[indicator_id][0]]

    def answers(self) -> dict[int, Answer]:
        return {
            indicator_id: Answer(
                score=self[score].data if score else None,
                comment=self[comment].data or "",
            )
            for indicator_id, (comment, score) in self.indicator_fields.items()
        }
