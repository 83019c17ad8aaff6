"""Forms of the people administration: the list's filters, a person, the CSV upload."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pop.access import hr_department_ids, managed_people, visible_departments
from pop.access_accounts import grantable_roles
from pop.catalogue_text import catalogue_attributes
from pop.extensions import db
from pop.forms import LongSelectField
from pop.models import Department, JobFunction, Role, User
from pop.passwords import password_problems
from pop.people import rules
from pop.people import services as people
from pop.people.rules import ROLE_LABELS

STATUS_ACTIVE, STATUS_INACTIVE, STATUS_ALL = "actief", "inactief", "alle"


def optional_int(value) -> int | None:
    """Coerce a select's value: "" (no choice) is None."""
    if value is None or value == "":
        return None
    return int(value)


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; `_macros.field` renders it as a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PeopleFilterForm(FlaskForm):
    """The search and filters of the people list (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Zoeken"), description=_l("Naam, e-mailadres of personeelsnummer."))
    department = LongSelectField(
        _l("Afdeling"),
        coerce=optional_int,
        description=_l("Met alle onderliggende afdelingen."),
    )
    status = SelectField(
        _l("Status"),
        default=STATUS_ACTIVE,
        choices=[
            SelectChoice(STATUS_ACTIVE, _l("Actief")),
            SelectChoice(STATUS_INACTIVE, _l("Gedeactiveerd")),
            SelectChoice(STATUS_ALL, _l("Alle")),
        ],
    )

    def __init__(self, *args, actor: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department.choices = [
            SelectChoice("", _("Alle afdelingen")),
            *department_choices(actor),
        ]


def department_choices(actor: User, keep_id: int | None = None) -> list[SelectChoice]:
    """The departments `actor` may use, labelled with their full path (plus `keep_id`)."""
    paths, ordered = people.department_tree()
    allowed = hr_department_ids(actor)
    if allowed is None:  # the whole organisation: the cached order as it is
        return [SelectChoice(str(i), paths[i]) for i in ordered]
    ids = set(db.session.scalars(visible_departments(actor).with_only_columns(Department.id)))
    if keep_id is not None:
        ids.add(keep_id)
    return [SelectChoice(str(i), paths[i]) for i in ordered if i in ids]


def _person_label(person: User) -> str:
    return f"{person.name} ({person.employee_number or person.email})"


class PersonForm(FlaskForm):
    """A person's details; `password` only while the account has none."""

    name = StringField(
        _l("Naam"),
        validators=[DataRequired(_l("Vul de naam in."))],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul het e-mailadres in."))],
        description=_l("Hiermee logt de medewerker in. Elk e-mailadres komt maar één keer voor."),
    )
    employee_number = StringField(
        _l("Personeelsnummer"),
        description=_l("Uniek. Mag leeg blijven; de CSV-import herkent mensen hieraan."),
    )
    department_id = LongSelectField(
        _l("Afdeling"),
        coerce=optional_int,
        validators=[DataRequired(_l("Kies een afdeling."))],
        invalid_choice_message=_l("Kies een afdeling uit de lijst."),
    )
    manager_id = LongSelectField(
        _l("Leidinggevende"),
        coerce=optional_int,
        invalid_choice_message=_l("Kies een leidinggevende uit de lijst."),
    )
    function_id = LongSelectField(
        _l("Functie"),
        coerce=optional_int,
        invalid_choice_message=_l("Kies een functie uit de lijst."),
    )
    function_level_id = SelectField(
        _l("Niveau"),
        coerce=optional_int,
        description=_l("Kies een niveau van de gekozen functie; ze staan per functie gegroepeerd."),
        invalid_choice_message=_l("Kies een niveau uit de lijst."),
    )
    roles = MultiCheckboxField(
        _l("Rollen"),
        description=_l("Wat deze persoon in POP mag doen."),
        invalid_choice_message=_l("Kies alleen rollen uit de lijst."),
    )
    hr_scope = MultiCheckboxField(
        _l("HR-bereik"),
        coerce=int,
        description=_l(
            "Alleen voor HR-adviseurs: de afdelingen (met onderliggende afdelingen) die zij "
            "zien. Niets aangevinkt en niet organisatiebreed: alleen zichzelf."
        ),
        invalid_choice_message=_l("Kies alleen afdelingen uit de lijst."),
    )
    # No description: the checkbox macro shows none, so the label says it all.
    hr_organisation_wide = BooleanField(
        _l("HR voor de hele organisatie (tenzij het HR-bereik afdelingen noemt)")
    )
    password = PasswordField(
        _l("Eerste wachtwoord"),
        description=_l(
            "Mag leeg blijven: dan kan deze persoon pas inloggen als er een wachtwoord is. "
            "Minstens 10 tekens."
        ),
    )

    def __init__(self, *args, actor: User, person: User | None = None, **kwargs) -> None:
        if person is not None:
            kwargs.setdefault("obj", person)
        else:
            kwargs.setdefault("roles", [Role.EMPLOYEE.value])
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.person = person
        if person is not None and person.password_hash is not None:
            del self.password
        self.department_id.choices = [
            SelectChoice("", _("Kies een afdeling")),
            *department_choices(actor, person.department_id if person else None),
        ]
        self.manager_id.choices = [
            SelectChoice("", _("Geen leidinggevende")),
            *(SelectChoice(str(m.id), _person_label(m)) for m in self._manager_candidates()),
        ]
        functions = db.session.scalars(
            select(JobFunction).options(selectinload(JobFunction.levels))
        ).all()
        functions = sorted(functions, key=lambda f: f.display_title.lower())
        catalogue = catalogue_attributes()
        self.function_id.choices = [
            SelectChoice("", _("Geen functie")),
            *(SelectChoice(str(f.id), f.display_title, render_kw=catalogue) for f in functions),
        ]
        self.function_level_id.choices = [
            SelectChoice("", _("Geen niveau")),
            *(
                SelectChoice(
                    str(level.id),
                    level.label,
                    render_kw=catalogue,
                    optgroup=function.display_title,
                )
                for function in functions
                for level in function.levels
            ),
        ]
        if actor.is_admin:
            self.hr_scope.choices = department_choices(actor)
            if person is not None and not self.is_submitted():
                self.hr_scope.data = [link.department_id for link in person.hr_scope_links]
        else:
            del self.hr_scope
            del self.hr_organisation_wide
        grantable = grantable_roles(actor, person)
        self.roles.choices = [
            SelectChoice(role.value, ROLE_LABELS[role]) for role in Role if role in grantable
        ]
        # What the actor may not grant or remove stays as it is; the page names it.
        kept = set(person.roles) - grantable if person is not None else set()
        self.kept_roles = [role for role in Role if role in kept]
        self.kept_roles_text = ", ".join(str(ROLE_LABELS[role]) for role in self.kept_roles)
        if person is not None and not self.is_submitted():
            self.roles.data = [role.value for role in person.roles if role in grantable]

    def _manager_candidates(self) -> list[User]:
        """Active people in the actor's scope, not the person; plus the current manager."""
        query = managed_people(self.actor).where(User.active.is_(True)).order_by(User.name)
        if self.person is not None:
            query = query.where(User.id != self.person.id)
        candidates = list(db.session.scalars(query))
        current = self.person.manager if self.person is not None else None
        if current is not None and current not in candidates:
            candidates.append(current)
        return candidates

    @staticmethod
    def _refuse(problems: list[rules.Problem]) -> None:
        if problems:
            raise ValidationError(" ".join(problem.message for problem in problems))

    def validate_name(self, field) -> None:
        self._refuse(rules.name_problems(field.data))

    def validate_email(self, field) -> None:
        self._refuse(rules.email_problems(field.data, self.person))

    def validate_employee_number(self, field) -> None:
        self._refuse(rules.employee_number_problems(field.data, self.person))

    def validate_department_id(self, field) -> None:
        self._refuse(rules.department_problems(self.actor, self.person, field.data))

    def validate_manager_id(self, field) -> None:
        self._refuse(rules.manager_problems(self.person, self.name.data or "", field.data))

    def validate_function_level_id(self, field) -> None:
        self._refuse(rules.function_level_problems(self.function_id.data, field.data))

    def validate_roles(self, field) -> None:
        if field.errors:  # a value that is not one of the choices: the field said so already
            return
        wanted = {Role(role) for role in field.data or ()}
        self._refuse(rules.resolve_roles(self.actor, self.person, wanted)[1])

    def validate_password(self, field) -> None:
        if field.data:
            problems = password_problems(
                field.data, email=self.email.data or "", name=self.name.data or ""
            )
            if problems:
                raise ValidationError(" ".join(problems))

    def details(self) -> people.PersonDetails:
        return people.PersonDetails(
            name=self.name.data.strip(),
            email=people.normalise_email(self.email.data),
            employee_number=people.normalise_employee_number(self.employee_number.data),
            department_id=self.department_id.data,
            manager_id=self.manager_id.data,
            function_id=self.function_id.data,
            function_level_id=self.function_level_id.data,
            roles={Role(role) for role in self.roles.data or ()},
            hr_department_ids=set(self.hr_scope.data or ()) if "hr_scope" in self else None,
            hr_organisation_wide=(
                self.hr_organisation_wide.data if "hr_organisation_wide" in self else None
            ),
        )

    @property
    def new_password(self) -> str | None:
        return self.password.data if "password" in self else None


class ImportPeopleForm(FlaskForm):
    file = FileField(
        _l("CSV-bestand"),
        validators=[
            FileRequired(_l("Kies een CSV-bestand.")),
            FileAllowed(["csv", "txt"], _l("Kies een bestand dat eindigt op .csv.")),
        ],
        description=_l("UTF-8, met een kopregel; puntkomma of komma als scheidingsteken."),
    )
