"""Forms of the catalogue: HR's corrections to a function and a competency, and the upload."""

import re
from collections.abc import Mapping
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired, MultipleFileField
from sqlalchemy import func, select
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from pop.catalogue import queries
from pop.catalogue.changes import CHOICES, Choices
from pop.catalogue.services import UPLOAD_SUFFIXES, upload_name
from pop.catalogue.sidecar import sidecar_path
from pop.extensions import db
from pop.models import Competency, FunctionFamily, FunctionLevel, JobFunction
from pop.models.limits import string_length

# The columns' own lengths (pop.models.limits.string_length): the form says what the schema holds.
TITLE_MAX = string_length(JobFunction.title)
FAMILY_MAX = string_length(FunctionFamily.name)
COMPETENCY_NAME_MAX = string_length(Competency.name)
LEVEL_NAME_MAX = string_length(FunctionLevel.name)
TOO_LONG = _l("Dit is te lang: hoogstens %(max)d tekens.")
# Dutch salary scales run from 1 to 18, as the parser reads them.
_SCALE = re.compile(r"1[0-8]|[1-9]")


def optional_int(value) -> int | None:
    """Coerce a select's value: "" (no choice) is None."""
    if value is None or value == "":
        return None
    return int(value)


class LevelForm(Form):
    """One level of a function; a sub-form, so the CSRF token is the outer form's."""

    name = StringField(
        _l("Naam van het niveau"),
        validators=[Optional(), Length(max=LEVEL_NAME_MAX, message=TOO_LONG)],
        description=_l("Mag leeg blijven als de functie maar één niveau heeft."),
    )
    scale = StringField(
        _l("Schaal"), validators=[DataRequired(_l("Vul de schaal in, een getal van 1 tot 18."))]
    )

    def validate_scale(self, field) -> None:
        if not _SCALE.fullmatch(" ".join(field.data.split())):
            raise ValidationError(_l("Vul een schaal van 1 tot en met 18 in, bijvoorbeeld 11."))


class FunctionForm(FlaskForm):
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Vul de titel van de functie in.")),
            Length(max=TITLE_MAX, message=TOO_LONG),
        ],
    )
    family_id = SelectField(
        _l("Functiefamilie"),
        coerce=optional_int,
        invalid_choice_message=_l("Kies een functiefamilie uit de lijst."),
    )
    new_family = StringField(
        _l("Of een nieuwe functiefamilie"),
        validators=[Length(max=FAMILY_MAX, message=TOO_LONG)],
        description=_l(
            "Staat de familie nog niet in de lijst? Typ dan hier haar naam; "
            "die gaat voor de keuze in de lijst."
        ),
    )
    levels = FieldList(FormField(LevelForm))

    def __init__(self, *args, function: JobFunction, **kwargs) -> None:
        kwargs.setdefault(
            "data",
            {
                "title": function.title or "",
                "family_id": function.family_id,
                "levels": [{"name": level.name, "scale": level.scale} for level in function.levels],
            },
        )
        super().__init__(*args, **kwargs)
        self.function = function
        self.family_id.choices = [
            SelectChoice("", _l("Geen functiefamilie")),
            *(SelectChoice(str(family.id), family.name) for family in queries.families()),
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if len(self.levels.entries) != len(self.function.levels):
            self.form_errors.append(
                _l("Het formulier is onvolledig. Laad de pagina opnieuw en probeer het nog eens.")
            )
            return False
        return valid

    def problems(self) -> list[tuple[str | None, str | None, str]]:
        """Every error as (field id, label, message), the levels' fields included."""
        found: list[tuple[str | None, str | None, str]] = [
            (None, None, str(error)) for error in self.form_errors
        ]
        for field in self:
            if field is self.levels:
                for number, entry in enumerate(field.entries, 1):
                    level = _("Niveau %(number)d", number=number)
                    found += [
                        (sub.id, f"{level}: {sub.label.text}", str(error))
                        for sub in entry.form
                        for error in sub.errors
                    ]
            elif field.type != "CSRFTokenField":
                found += [(field.id, str(field.label.text), str(error)) for error in field.errors]
            else:
                found += [(None, None, str(error)) for error in field.errors]
        return found

    def chosen_family(self) -> FunctionFamily | str | None:
        """A typed new name wins over the list; None puts the function in no family."""
        typed = " ".join((self.new_family.data or "").split())
        if typed:
            return typed
        if self.family_id.data is None:
            return None
        return db.session.get(FunctionFamily, self.family_id.data)


class CompetencyForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(_l("Vul de naam van de competentie in.")),
            Length(max=COMPETENCY_NAME_MAX, message=TOO_LONG),
        ],
        description=_l("Elke naam komt één keer voor in de competentiebibliotheek."),
    )

    def __init__(self, *args, competency: Competency, **kwargs) -> None:
        kwargs.setdefault("data", {"name": competency.name or ""})
        super().__init__(*args, **kwargs)
        self.competency = competency

    def validate_name(self, field) -> None:
        name = " ".join(field.data.split())
        taken = db.session.scalar(
            select(Competency.id).where(
                func.lower(Competency.name) == name.lower(), Competency.id != self.competency.id
            )
        )
        if taken is not None:
            raise ValidationError(_l("Er is al een competentie met de naam ‘%(name)s’.", name=name))


class ImportUploadForm(FlaskForm):
    files = MultipleFileField(
        _l("Functiebeschrijvingen"),
        validators=[FileRequired(_l("Kies minstens één functiebeschrijving (.txt)."))],
        description=_l(
            "Een of meer .txt-bestanden. Een .toml-bijbestand met dezelfde naam vult titel, "
            "functiefamilie en competentienamen aan die het document mist."
        ),
    )

    def validate_files(self, field) -> None:
        problems = []
        names = []
        for upload in field.data:
            name = upload_name(upload)
            if not name:
                problems.append(
                    _l("‘%(name)s’ heeft geen bruikbare bestandsnaam.", name=upload.filename)
                )
            elif Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
                problems.append(
                    _l(
                        "‘%(name)s’ is geen functiebeschrijving (.txt) of bijbestand (.toml).",
                        name=upload.filename,
                    )
                )
            elif name in names:
                problems.append(_l("‘%(name)s’ is twee keer gekozen.", name=name))
            names.append(name)
        documents = [Path(name) for name in names if Path(name).suffix.lower() == ".txt"]
        if not problems and not documents:
            problems.append(_l("Kies minstens één functiebeschrijving (.txt)."))
        expected_sidecars = {sidecar_path(document).name for document in documents}
        for name in names:
            if Path(name).suffix.lower() == ".toml" and name not in expected_sidecars:
                problems.append(
                    _l(
                        "Bijbestand ‘%(name)s’ hoort bij geen van de gekozen "
                        "functiebeschrijvingen; verwacht werd ‘%(document)s’.",
                        name=name,
                        document=Path(name).with_suffix(".txt").name,
                    )
                )
        if problems:
            raise ValidationError(" ".join(str(problem) for problem in problems))


class ConfirmImportForm(FlaskForm):
    """The uploads to import, and HR's choice per competency whose stored text others use.

    A choice arrives as `keuze:<file>:<position>` = `adopt` or `keep_apart`, one radio group per
    competency the preview offered a choice for.
    """

    token = HiddenField(validators=[DataRequired()])

    @staticmethod
    def choices(formdata: Mapping[str, str]) -> Choices:
        """HR's choices; raises ValueError on a field no preview can have sent."""
        by_file: dict[str, dict[int, str]] = {}
        for key, value in formdata.items():
            if not key.startswith(CHOICE_PREFIX):
                continue
            filename, _, position = key.removeprefix(CHOICE_PREFIX).rpartition(":")
            if not filename or not position.isdigit() or len(position) > 4:
                raise ValueError(key)
            if value not in CHOICES:
                raise ValueError(value)
            by_file.setdefault(filename, {})[int(position)] = value
        return Choices(by_file=by_file)


CHOICE_PREFIX = "keuze:"


def choice_field_name(filename: str, position: int) -> str:
    return f"{CHOICE_PREFIX}{filename}:{position}"
