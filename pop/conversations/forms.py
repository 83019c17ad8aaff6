"""Forms of the conversation cycle: planning, preparing, self-assessment, record, sign-off.

Rating forms are built per conversation: one radio group per competency of the employee's
function and one per behaviour indicator, on the conversation's own scale.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from pop.catalogue_text import catalogue_attributes, catalogue_text, with_catalogue
from pop.conversations.services import Appointment, Record, Scores
from pop.forms import InvalidRequest, posts_any
from pop.labels import TOPICS, kind_label, owner_label, rating_label
from pop.models import AgreementOwner, Competency, ConversationKind
from pop.models.limits import limit


def optional_int(value) -> int | None:
    """Coerce a choice's value: "" (no choice) is None."""
    if value is None or value == "":
        return None
    return int(value)


def rating_choices(scale: list[str]) -> list[SelectChoice]:
    """ "No judgement" first (a radio group cannot be cleared otherwise), then the points."""
    return [
        SelectChoice("", _("geen oordeel")),
        *(
            SelectChoice(str(point), f"{point} · {rating_label(scale, point)}")
            for point in range(1, len(scale) + 1)
        ),
    ]


def _rating_field(label: str, scale: list[str]) -> RadioField:
    return RadioField(label, choices=rating_choices(scale), coerce=optional_int, default="")


# A version number longer than this cannot come from our own pages.
MAX_VERSION_DIGITS = 12


class RatingsForm(FlaskForm):
    """Base of the forms with a radio group per competency and behaviour indicator."""

    rating_fields: dict[str, tuple[int, int | None]] = {}
    # False in a cycle without ratings: the form has no rating groups and refuses posted ones.
    with_scale = True
    # The names of the fields that carry a judgement, refused when the form has no scale.
    RATING_PREFIXES: tuple[str, ...] = ("rating_",)
    # The version of what the form was loaded with: a save made since is a conflict (409).
    version = HiddenField()

    def expected_version(self) -> int | None:
        """The version the form was loaded with; None if the form did not send one."""
        value = (self.version.data or "").strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or len(value) > MAX_VERSION_DIGITS:
            raise InvalidRequest(_l("Het formulier is beschadigd: laad de pagina opnieuw."))
        return int(value)

    @classmethod
    def for_competencies(cls, competencies: list[Competency], scale: list[str]) -> type:
        """A subclass with the rating groups of these competencies."""

        class Form(cls):
            pass

        fields: dict[str, tuple[int, int | None]] = {}
        # Without a scale (a cycle without ratings) the form has no rating groups at all, so a
        # posted rating is never read.
        for competency in competencies if scale else []:
            name = f"rating_{competency.id}"
            setattr(
                Form,
                name,
                _rating_field(
                    with_catalogue(
                        _("Oordeel over %(name)s als geheel"), name=competency.display_name
                    ),
                    scale,
                ),
            )
            fields[name] = (competency.id, None)
            for indicator in competency.indicators:
                name = f"rating_{competency.id}_{indicator.id}"
                setattr(Form, name, _rating_field(catalogue_text(indicator.text), scale))
                fields[name] = (competency.id, indicator.id)
        Form.rating_fields = fields
        Form.with_scale = bool(scale)
        return Form

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.with_scale and posts_any(self.RATING_PREFIXES):
            self.form_errors.append(_("In deze cyclus worden geen oordelen gegeven."))
            return False
        return valid

    @classmethod
    def initial(cls, scores: Scores) -> dict:
        """Form data for stored scores."""
        by_key = {key: name for name, key in cls.rating_fields.items()}
        return {by_key[key]: str(score) for key, score in scores.items() if key in by_key}

    def scores(self) -> Scores:
        return {key: self[name].data for name, key in self.rating_fields.items()}

    def rating_field(self, competency_id: int, indicator_id: int | None = None):
        suffix = f"_{indicator_id}" if indicator_id is not None else ""
        return self[f"rating_{competency_id}{suffix}"]


class SelfAssessmentForm(RatingsForm):
    reflection = TextAreaField(
        _l("Reflectie"),
        description=_l(
            "Kijk kort terug: wat ging goed, wat wil je ontwikkelen, wat wil je bespreken?"
        ),
        validators=[Length(max=10_000)],
    )
    save = SubmitField(_l("Opslaan als concept"))
    hand_in = SubmitField(_l("Indienen bij mijn leidinggevende"))

    # The employee's toelichting field of each competency: field name -> competency id.
    note_fields: dict[str, int] = {}

    @classmethod
    def for_competencies(cls, competencies: list[Competency], scale: list[str]) -> type:
        """The rating groups, and the employee's own toelichting per competency."""
        form = super().for_competencies(competencies, scale)
        fields: dict[str, int] = {}
        for competency in competencies:
            name = f"self_note_{competency.id}"
            setattr(
                form,
                name,
                TextAreaField(
                    with_catalogue(_("Toelichting bij %(name)s"), name=competency.display_name),
                    description=_l("Waarom kies je dit oordeel? Geef een voorbeeld uit je werk.")
                    if scale
                    else _l("Hoe zie je jezelf hierin? Geef een voorbeeld uit je werk."),
                    validators=[Length(max=limit("self_assessment_competency_note", "body"))],
                ),
            )
            fields[name] = competency.id
        form.note_fields = fields
        return form

    @classmethod
    def initial_notes(cls, notes: dict[int, str]) -> dict:
        return {
            name: notes[competency_id]
            for name, competency_id in cls.note_fields.items()
            if competency_id in notes
        }

    def note_field(self, competency_id: int):
        return self[f"self_note_{competency_id}"]

    def competency_notes(self) -> dict[int, str]:
        return {
            competency_id: self[name].data or "" for name, competency_id in self.note_fields.items()
        }

    def validate_reflection(self, field) -> None:
        if self.hand_in.data and not (field.data or "").strip():
            raise ValidationError(
                _l("Schrijf een korte reflectie voordat je de zelfevaluatie indient.")
            )


class RecordForm(RatingsForm):
    """The record of a held conversation; note fields per topic are added below."""

    RATING_PREFIXES = ("rating_", "overall_rating", "overall_motivation")

    held_on = DateField(
        _l("Datum van het gesprek"),
        default=date.today,
        validators=[DataRequired(_l("Vul een geldige datum in."))],
    )
    overall_rating = RadioField(_l("Eindoordeel"), coerce=optional_int, default="")
    overall_motivation = TextAreaField(
        _l("Motivering van het eindoordeel"), validators=[Length(max=10_000)]
    )

    # The toelichting field of each competency: field name -> competency id.
    motivation_fields: dict[str, int] = {}

    def __init__(self, *args, scale: list[str], is_appraisal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.overall_rating.choices = rating_choices(scale)
        self.is_appraisal = is_appraisal
        self.with_ratings = bool(scale)
        if not scale:
            del self.overall_rating
            del self.overall_motivation

    @classmethod
    def for_competencies(cls, competencies: list[Competency], scale: list[str]) -> type:
        """The rating groups, and a toelichting per competency."""
        form = super().for_competencies(competencies, scale)
        fields: dict[str, int] = {}
        for competency in competencies:
            name = f"motivation_{competency.id}"
            setattr(
                form,
                name,
                TextAreaField(
                    with_catalogue(_("Toelichting bij %(name)s"), name=competency.display_name),
                    validators=[Length(max=limit("conversation_competency_note", "body"))],
                ),
            )
            fields[name] = competency.id
        form.motivation_fields = fields
        return form

    @classmethod
    def initial_motivations(cls, notes: dict[int, str]) -> dict:
        return {
            name: notes[competency_id]
            for name, competency_id in cls.motivation_fields.items()
            if competency_id in notes
        }

    @property
    def _overall(self) -> bool:
        """Whether the form asks for an eindoordeel: an appraisal that is rated."""
        return self.is_appraisal and self.with_ratings

    def motivation_field(self, competency_id: int):
        return self[f"motivation_{competency_id}"]

    def validate_held_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("Een gesprek kan niet in de toekomst zijn gevoerd."))

    def note_fields(self):
        return [self[f"note_{topic}"] for topic in TOPICS]

    def record(self) -> Record:
        return Record(
            held_on=self.held_on.data,
            notes={topic: self[f"note_{topic}"].data or "" for topic in TOPICS},
            scores=self.scores(),
            overall_rating=self.overall_rating.data if self._overall else None,
            overall_motivation=(self.overall_motivation.data or "") if self._overall else "",
            competency_notes={
                competency_id: self[name].data or ""
                for name, competency_id in self.motivation_fields.items()
            },
        )


for _topic, _label in TOPICS.items():
    setattr(RecordForm, f"note_{_topic}", TextAreaField(_label, validators=[Length(max=20_000)]))


DURATIONS = (15, 30, 45, 60, 90, 120, 180)


class AppointmentFields:
    """Time, length and place of a conversation: what its calendar invitation carries."""

    planned_time = TimeField(
        _l("Tijd"),
        description=_l(
            "Bijvoorbeeld 14:30. Zonder tijd staat het gesprek als hele dag in de agenda."
        ),
        validators=[Optional()],
    )
    duration_minutes = SelectField(
        _l("Duur"),
        coerce=int,
        default=60,
        choices=[
            SelectChoice(minutes, _l("%(num)d minuten", num=minutes)) for minutes in DURATIONS
        ],
    )
    location = StringField(
        _l("Plaats"),
        description=_l("Een kamer, een adres of een link naar een videogesprek."),
        validators=[Length(max=200)],
    )

    def appointment(self, day) -> Appointment:
        return Appointment(
            day, self.planned_time.data, self.duration_minutes.data, self.location.data or ""
        )


class PlanConversationForm(AppointmentFields, FlaskForm):
    employee_id = SelectField(
        _l("Medewerker"),
        coerce=optional_int,
        validators=[InputRequired(_l("Kies een medewerker."))],
    )
    kind = RadioField(
        _l("Soort gesprek"), validators=[InputRequired(_l("Kies een soort gesprek."))]
    )
    planned_on = DateField(_l("Datum"), validators=[DataRequired(_l("Vul een geldige datum in."))])

    def __init__(self, *args, team: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee_id.choices = [
            SelectChoice("", _("Kies een medewerker")),
            *(SelectChoice(str(person.id), person.name) for person in team),
        ]
        self.kind.choices = [
            SelectChoice(kind.value, kind_label(kind)) for kind in ConversationKind
        ]

    def validate_employee_id(self, field) -> None:
        if field.data is None:
            raise ValidationError(_l("Kies een medewerker."))


class RescheduleForm(AppointmentFields, FlaskForm):
    planned_on = DateField(
        _l("Nieuwe datum"), validators=[DataRequired(_l("Vul een geldige datum in."))]
    )


class PreparationForm(FlaskForm):
    preparation_notes = TextAreaField(
        _l("Mijn voorbereiding (alleen voor mij zichtbaar)"),
        description=_l("Wat wil je bespreken? De medewerker en HR zien deze aantekeningen niet."),
        validators=[Length(max=20_000)],
    )


class AgreementForm(FlaskForm):
    what = TextAreaField(
        _l("Wat is er afgesproken?"),
        validators=[DataRequired(_l("Beschrijf wat er is afgesproken.")), Length(max=5_000)],
    )
    owner = RadioField(_l("Wie doet het?"), default=AgreementOwner.EMPLOYEE.value)
    due_on = DateField(
        _l("Uiterlijk klaar op"), validators=[DataRequired(_l("Vul een geldige datum in."))]
    )
    competency_id = SelectField(_l("Competentie (optioneel)"), coerce=optional_int)

    def __init__(self, *args, competencies: list[Competency], **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = [
            SelectChoice(owner.value, owner_label(owner)) for owner in AgreementOwner
        ]
        self.competency_id.choices = [
            SelectChoice("", _("Geen")),
            *(
                SelectChoice(str(c.id), c.display_name, render_kw=catalogue_attributes())
                for c in competencies
            ),
        ]


class ResponseForm(FlaskForm):
    employee_response = TextAreaField(
        _l("Mijn zienswijze"),
        description=_l(
            "Je reactie op het verslag. Die komt bij het verslag; je tekent daarna voor gezien."
        ),
        validators=[Length(max=10_000)],
    )


class AddendumForm(FlaskForm):
    body = TextAreaField(
        _l("Aanvulling"),
        description=_l(
            "Het ondertekende verslag verandert niet; je aanvulling komt er gedateerd onder."
        ),
        validators=[DataRequired(_l("Een aanvulling kan niet leeg zijn.")), Length(max=10_000)],
    )
