"""The forms of shared goals: making one for a team or a department, and declining an offer."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from pop.models import Department, User
from pop.models.limits import limit
from pop.shared_goals.services import SharedGoalData

TEAM = "team"
TEAM_PREFIX = "team-"
DEPARTMENT_PREFIX = "afdeling-"
MAX_REASON = limit("shared_goal_offer", "decline_reason")


class SharedGoalForm(FlaskForm):
    audience = SelectField(_l("Voor wie"), validate_choice=True)
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Geef het doel een titel.")), Length(max=300)],
    )
    description = TextAreaField(
        _l("Wat willen we bereiken?"),
        validators=[
            DataRequired(_l("Beschrijf wat jullie samen willen bereiken.")),
            Length(max=limit("shared_goal", "description")),
        ],
        description=_l("Bijvoorbeeld de doelstelling van de afdeling waar dit doel uit volgt."),
    )
    measurable = TextAreaField(
        _l("Hoe zien we dat het gelukt is?"),
        validators=[Length(max=limit("shared_goal", "measurable"))],
    )
    starts_on = DateField(
        _l("Startdatum"), validators=[DataRequired(_l("Vul een geldige startdatum in."))]
    )
    deadline = DateField(
        _l("Deadline"), validators=[DataRequired(_l("Vul een geldige deadline in."))]
    )

    def offer_audiences(
        self, *, viewer: User, teams: list[User], departments: list[Department]
    ) -> None:
        """The viewer's own team (a manager), the teams they stand in for, then the departments
        in their HR scope."""
        choices = [
            SelectChoice(TEAM, _l("Mijn team (mijn directe medewerkers)"))
            if manager.id == viewer.id
            else SelectChoice(
                f"{TEAM_PREFIX}{manager.id}",
                _l("Team van %(name)s (je bent vervanger)", name=manager.name),
            )
            for manager in teams
        ]
        choices += [
            SelectChoice(
                f"{DEPARTMENT_PREFIX}{department.id}", _l("Afdeling %(name)s", name=department.name)
            )
            for department in departments
        ]
        self.audience.choices = choices

    def validate_deadline(self, field) -> None:
        if field.data and self.starts_on.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("De deadline moet na de startdatum liggen."))

    def team_manager_id(self) -> int | None:
        """The manager of the chosen team a stand-in leads, or None for the viewer's own."""
        value = self.audience.data or ""
        if value.startswith(TEAM_PREFIX):
            return int(value.removeprefix(TEAM_PREFIX))
        return None

    def department_id(self) -> int | None:
        """The chosen department, or None for the viewer's own team."""
        value = self.audience.data or ""
        if value.startswith(DEPARTMENT_PREFIX):
            return int(value.removeprefix(DEPARTMENT_PREFIX))
        return None

    def data_of_goal(self) -> SharedGoalData:
        return SharedGoalData(
            title=self.title.data.strip(),
            description=self.description.data.strip(),
            measurable=(self.measurable.data or "").strip(),
            starts_on=self.starts_on.data,
            deadline=self.deadline.data,
        )


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom neem je dit doel niet over?"),
        validators=[
            DataRequired(_l("Zeg kort waarom je dit doel niet overneemt.")),
            Length(max=MAX_REASON),
        ],
    )
