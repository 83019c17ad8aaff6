"""What the parser says about a document: refusals and warnings as translatable templates."""

from dataclasses import dataclass, field


def N_(text: str) -> str:
    """Mark a message template for extraction by translation tools; returns it unchanged."""
    return text


# Refusals (the reason of a ParseError).
EMPTY_DOCUMENT = N_("het document is leeg; verwacht werd de kop 'Functiebeschrijving'")
NOT_UTF8 = N_("ongeldige byte %(byte)s; verwacht werd tekst in UTF-8-codering")
NO_SECTIONS = N_(
    "geen enkele bekende kop gevonden; verwacht werden koppen als 'Functiebeschrijving', "
    "'Doel', 'Resultaatgebieden' en 'Competenties', elk alleen op een regel"
)
BULLET_BEFORE_SECTIONS = N_(
    "opsommingsteken '%(text)s' vóór de eerste kop; verwacht werd eerst een kop als "
    "'Functiebeschrijving'"
)
BULLET_OUTSIDE_LIST = N_(
    "opsommingsteken '%(text)s' onder de kop '%(section)s', die geen lijst heeft; opsommingen "
    "horen onder 'Kader', 'Activiteit', 'Gedragsindicatoren', 'Toetsvragen' of 'Ontwikkeltips'"
)
AREA_PART_WITHOUT_AREA = N_(
    "kop '%(section)s' zonder resultaatgebied; verwacht werd eerst de kop 'Kernactiviteit'"
)
COMPETENCY_LIST_WITHOUT_COMPETENCY = N_(
    "kop '%(section)s' zonder competentie; verwacht werd eerst de kop 'Omschrijving' "
    "van een competentie"
)
LEVEL_ROW_WITHOUT_NUMBER = N_(
    "niveaurij '%(row)s' heeft geen schaalnummer; verwacht werd een niveau gevolgd door een "
    "schaal, zoals 'Medewerker  8', of alleen een schaal, zoals '8'"
)
LEVEL_ROW_INVALID_SCALE = N_(
    "niveaurij '%(row)s' begint niet met een schaal; verwacht werd een schaal van 1 tot en met 18"
)

# Warnings: the document is read, but something is missing or was repaired.
MISSING_TITLE = N_(
    "de functie heeft geen titel; verwacht werd de titel op de regel onder 'Functiebeschrijving'"
)
MISSING_FAMILY = N_(
    "de functie heeft geen functiefamilie; verwacht werd de naam op de regel onder 'Functiefamilie'"
)
NAVIGATION_LABEL_AS_FAMILY = N_(
    "onder 'Functiefamilie' staat het navigatielabel '%(label)s' in plaats van de naam van een "
    "functiefamilie; de functie heeft dus geen functiefamilie"
)
MISSING_PURPOSE = N_("de functie heeft geen doel; verwacht werd tekst onder de kop 'Doel'")
MISSING_RESULT_AREAS = N_(
    "de functie heeft geen resultaatgebieden; verwacht werd de kop 'Kernactiviteit'"
)
MISSING_COMPETENCIES = N_(
    "de functie heeft geen competenties; verwacht werd de kop 'Omschrijving' onder 'Competenties'"
)
MISSING_LEVELS = N_("de functie heeft geen niveaus; verwacht werd een schaal onder 'Niveaus'")
MISSING_COMPETENCY_NAME = N_(
    "competentie %(position)s heeft geen naam; verwacht werd de naam op de regel vóór "
    "'Omschrijving'"
)
SKIPPED_PREAMBLE = N_(
    "tekst vóór de eerste kop overgeslagen: '%(text)s'; de titel staat al onder "
    "'Functiebeschrijving'"
)
SKIPPED_TEXT = N_(
    "tekst overgeslagen: '%(text)s' staat onder de kop '%(section)s', waar geen tekst "
    "verwacht wordt"
)
LEVEL_ROW_READ_AS_SCALE = N_(
    "niveaurij '%(row)s' gelezen als schaal %(scale)s; '%(rest)s' genegeerd"
)
LEVEL_ROW_GLUED = N_(
    "niveaurij '%(row)s' gelezen als niveau '%(name)s' met schaal %(scale)s; niveau en schaal "
    "stonden aan elkaar"
)
LEVEL_ROW_GLUED_SCALE = N_(
    "niveaurij '%(row)s' gelezen als schaal %(scale)s; het woord en het getal stonden aan elkaar"
)
KADER_SPLIT = N_(
    "kaderregel '%(text)s' gesplitst in %(count)s items: %(parts)s; controleer of hier "
    "kaderitems aan elkaar vastzaten"
)
DUPLICATE_FRAMEWORKS = N_("resultaatgebied %(position)s: %(count)s dubbele kaderitems overgeslagen")
DUPLICATE_ACTIVITIES = N_(
    "resultaatgebied %(position)s: %(count)s dubbele activiteiten overgeslagen"
)
DUPLICATE_INDICATORS = N_(
    "competentie %(position)s: %(count)s dubbele gedragsindicatoren overgeslagen"
)
DUPLICATE_QUESTIONS = N_("competentie %(position)s: %(count)s dubbele toetsvragen overgeslagen")
DUPLICATE_TIPS = N_("competentie %(position)s: %(count)s dubbele ontwikkeltips overgeslagen")


@dataclass(frozen=True)
class Message:
    """A warning about a document, or the reason of a ParseError, as a translatable template."""

    template: str
    params: dict[str, object] = field(hash=False)
    line: int | None = None

    def __str__(self) -> str:
        text = self.template % self.params
        return text if self.line is None else f"regel {self.line}: {text}"


class ParseError(ValueError):
    """The document is not a function description; nothing of it may be stored."""

    def __init__(self, filename: str, line: int | None, template: str, **params: object) -> None:
        self.filename = filename
        self.line = line
        self.template = template
        self.params = params
        super().__init__(str(self))

    @property
    def message(self) -> Message:
        return Message(self.template, self.params, self.line)

    def __str__(self) -> str:
        where = self.filename if self.line is None else f"{self.filename}, regel {self.line}"
        return f"{where}: {self.template % self.params}"
