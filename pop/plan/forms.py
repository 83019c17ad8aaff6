"""Forms of the development plan: a goal's SMART fields, check-ins, comments and decisions."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from pop.catalogue_text import catalogue_attributes
from pop.dates import local_date
from pop.forms import InvalidRequest
from pop.models import Competency, Cycle, GoalStatus, User
from pop.models.limits import limit
from pop.plan.queries import function_competencies
from pop.plan.services import GoalData, title_in_use

MIN_WORDS = 3
MAX_VERSION_DIGITS = 9


def enough_words(form, field) -> None:
    """A SMART field is specific: a few words at least, not a single one."""
    if field.data and len(field.data.split()) < MIN_WORDS:
        raise ValidationError(
            _l("Wees specifieker: schrijf minstens %(count)d woorden.", count=MIN_WORDS)
        )


class GoalForm(FlaskForm):
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Geef het doel een titel.")), Length(max=300)],
    )
    competency_id = SelectField(
        _l("Competentie"), coerce=lambda value: int(value) if value else None, validate_choice=True
    )
    specific = TextAreaField(
        _l("Specifiek: wat wil je precies bereiken?"),
        validators=[
            DataRequired(_l("Beschrijf wat je precies wilt bereiken.")),
            enough_words,
            Length(max=limit("goal", "specific")),
        ],
    )
    measurable = TextAreaField(
        _l("Meetbaar: hoe zie je dat het gelukt is?"),
        validators=[
            DataRequired(_l("Beschrijf hoe je meet dat het gelukt is.")),
            enough_words,
            Length(max=limit("goal", "measurable")),
        ],
        description=_l(
            "Maak het concreet: wie ziet wat, hoe vaak of hoeveel, en wanneer? Bijvoorbeeld: "
            "‘Na elk teamoverleg vraag ik twee collega's om feedback; in juni noemen ze mijn "
            "inbreng helderder dan in januari.’ Of: ‘Vier van mijn adviezen gaan zonder "
            "inhoudelijke correcties door mijn leidinggevende.’"
        ),
    )
    achievable = TextAreaField(
        _l("Acceptabel: waarom is dit belangrijk voor jou en de organisatie?"),
        validators=[
            DataRequired(_l("Beschrijf waarom dit doel ertoe doet.")),
            enough_words,
            Length(max=limit("goal", "achievable")),
        ],
    )
    realistic = TextAreaField(
        _l("Realistisch: welke tijd, budget of steun heb je nodig?"),
        validators=[
            DataRequired(_l("Beschrijf wat je nodig hebt.")),
            enough_words,
            Length(max=limit("goal", "realistic")),
        ],
    )
    starts_on = DateField(
        _l("Startdatum"), validators=[DataRequired(_l("Vul een geldige startdatum in."))]
    )
    deadline = DateField(
        _l("Deadline (tijdgebonden)"),
        validators=[DataRequired(_l("Vul een geldige deadline in."))],
    )
    version = HiddenField()

    def __init__(self, *args, cycle: Cycle, employee_id: int, goal_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.employee_id = employee_id
        self.goal_id = goal_id

    def offer_competencies(self, employee: User, own: Competency | None = None) -> None:
        """The competencies of `employee`'s function after "none"; `own` (the goal's or the
        tip's competency) is offered too when the function does not have it (any more)."""
        choices = [SelectChoice("", _("Geen: een vrij doel"))]
        choices += [
            SelectChoice(
                str(competency.id), competency.display_name, render_kw=catalogue_attributes()
            )
            for competency in function_competencies(employee.function_id)
        ]
        if own is not None and str(own.id) not in {choice.value for choice in choices}:
            choices.append(
                SelectChoice(str(own.id), own.display_name, render_kw=catalogue_attributes())
            )
        self.competency_id.choices = choices

    def validate_title(self, field) -> None:
        if field.data and title_in_use(self.employee_id, field.data, except_goal_id=self.goal_id):
            raise ValidationError(_l("Je hebt al een lopend doel met deze titel."))

    def validate_deadline(self, field) -> None:
        if field.data and self.starts_on.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("De deadline moet na de startdatum liggen."))
        if field.data and not self.cycle.contains(field.data):
            raise ValidationError(
                _l(
                    "De deadline moet binnen de cyclus vallen (%(start)s – %(end)s).",
                    start=local_date(self.cycle.starts_on),
                    end=local_date(self.cycle.ends_on),
                )
            )

    def validate_starts_on(self, field) -> None:
        if field.data and not self.cycle.contains(field.data):
            raise ValidationError(
                _l(
                    "De startdatum moet binnen de cyclus vallen (%(start)s – %(end)s).",
                    start=local_date(self.cycle.starts_on),
                    end=local_date(self.cycle.ends_on),
                )
            )

    def expected_version(self) -> int:
        """The goal's version the form was loaded with; a tampered value is refused (400)."""
        value = (self.version.data or "").strip()
        if not value.isascii() or not value.isdigit() or len(value) > MAX_VERSION_DIGITS:
            raise InvalidRequest(_l("Het formulier is beschadigd: laad de pagina opnieuw."))
        return int(value)

    def goal_data(self) -> GoalData:
        return GoalData(
            title=self.title.data.strip(),
            specific=self.specific.data.strip(),
            measurable=self.measurable.data.strip(),
            achievable=self.achievable.data.strip(),
            realistic=self.realistic.data.strip(),
            starts_on=self.starts_on.data,
            deadline=self.deadline.data,
            competency_id=self.competency_id.data,
        )


class CheckInForm(FlaskForm):
    on = DateField(
        _l("Datum"), default=date.today, validators=[DataRequired(_l("Vul een geldige datum in."))]
    )
    progress = IntegerField(
        _l("Voortgang in procenten"),
        validators=[
            InputRequired(_l("Vul een percentage in.")),
            NumberRange(0, 100, _l("De voortgang is een percentage van 0 tot en met 100.")),
        ],
    )
    note = TextAreaField(
        _l("Wat heb je gedaan en wat heb je geleerd?"),
        validators=[
            DataRequired(_l("Schrijf kort wat je hebt gedaan.")),
            Length(max=limit("check_in", "note")),
        ],
    )
    evidence_url = StringField(
        _l("Bewijs: een link (optioneel)"),
        validators=[
            Optional(),
            URL(require_tld=False, message=_l("Vul een volledige link in, met https://.")),
        ],
    )
    evidence_file = FileField(
        _l("Bewijs: een bestand (optioneel)"),
        description=_l("PDF, afbeelding, Office- of tekstbestand, maximaal 5 MB."),
    )

    def validate_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("De datum kan niet in de toekomst liggen."))

    def validate_evidence_url(self, field) -> None:
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Een link begint met https:// of http://."))


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden"),
        validators=[DataRequired(_l("Geef een reden.")), Length(max=limit("goal", "stop_reason"))],
    )


class SendBackForm(FlaskForm):
    comment = TextAreaField(
        _l("Waarom stuur je het doel terug?"),
        validators=[
            DataRequired(_l("Schrijf erbij waarom je het doel terugstuurt.")),
            Length(max=limit("goal_comment", "body")),
        ],
    )


class CompleteForm(FlaskForm):
    reflection = TextAreaField(
        _l("Terugblik: wat heb je geleerd?"),
        validators=[
            DataRequired(_l("Schrijf kort terug wat je hebt geleerd.")),
            enough_words,
            Length(max=limit("goal", "reflection")),
        ],
    )


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Reactie"),
        validators=[
            DataRequired(_l("Een reactie kan niet leeg zijn.")),
            Length(max=limit("goal_comment", "body")),
        ],
    )


def goal_forms_shown(goal, is_owner: bool, is_manager: bool, may_comment: bool) -> dict:
    """The forms the goal page shows this visitor, under the template's conditions (or wider
    ones): a visitor who cannot act on a part gets no form for it built."""
    forms = {}
    open_cycle = goal.cycle.is_open
    if may_comment:
        forms["comment_form"] = CommentForm()
        if open_cycle and not goal.goal_status.is_final:
            forms["stop_form"] = ReasonForm()
    if is_manager and open_cycle and goal.goal_status == GoalStatus.PROPOSED:
        forms["send_back_form"] = SendBackForm()
    if is_owner and open_cycle and goal.goal_status in (GoalStatus.AGREED, GoalStatus.IN_PROGRESS):
        forms["complete_form"] = CompleteForm()
    return forms
