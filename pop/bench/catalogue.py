"""Varied, deterministic function descriptions for the generated organisation's catalogue.

They are built as parser dataclasses and written out with `parser.render`, so that the
generator stores them through the real importer, as HR would.
"""

import random
from dataclasses import dataclass

from sqlalchemy import select

from pop.bench.shape import (
    Catalogue,
    Function,
    GenerationError,
)
from pop.catalogue.importer import import_document
from pop.catalogue.parser import (
    CompetencyData,
    FunctionDescription,
    LevelData,
    ResultAreaData,
    render,
)
from pop.extensions import db
from pop.models import (
    BehaviourIndicator,
    DevelopmentTip,
    FunctionCompetency,
    FunctionLevel,
    JobFunction,
)

FAMILIES: list[tuple[str, list[str]]] = [
    (
        "Beleid en Advies",
        ["economie", "wonen", "mobiliteit", "duurzaamheid", "zorg en welzijn", "onderwijs"],
    ),
    (
        "Dienstverlening",
        ["burgerzaken", "klantcontact", "vergunningen", "belastingen", "parkeren", "afval"],
    ),
    (
        "Bedrijfsvoering",
        ["facilitaire zaken", "inkoop", "huisvesting", "archief", "planning en control"],
    ),
    (
        "ICT en Informatievoorziening",
        ["applicatiebeheer", "informatiebeveiliging", "data en analyse", "netwerkbeheer"],
    ),
    ("Financiën", ["begroting", "financiële administratie", "subsidies", "treasury"]),
    ("Juridische Zaken", ["bezwaar en beroep", "aansprakelijkheid", "privacy", "omgevingsrecht"]),
    ("Openbare Ruimte", ["groenbeheer", "wegen en riolering", "verkeer", "water", "spelen"]),
    ("Sociaal Domein", ["jeugdhulp", "participatie", "schuldhulpverlening", "Wmo", "inburgering"]),
    ("Communicatie", ["online communicatie", "woordvoering", "interne communicatie"]),
    ("Toezicht en Handhaving", ["bouwtoezicht", "milieu", "openbare orde", "horeca"]),
    ("Personeel en Organisatie", ["werving en selectie", "salarisadministratie", "verzuim"]),
    ("Projecten en Programma's", ["gebiedsontwikkeling", "energietransitie", "woningbouw"]),
]

ROLES = [
    "Medewerker {d}",
    "Senior medewerker {d}",
    "Adviseur {d}",
    "Senior adviseur {d}",
    "Specialist {d}",
    "Coördinator {d}",
    "Teamleider {d}",
    "Projectleider {d}",
    "Consulent {d}",
    "Regisseur {d}",
    "Beleidsmedewerker {d}",
    "Functioneel beheerder {d}",
]

# (name, what the competency is about); the last ones are published without a name.
COMPETENCIES: list[tuple[str | None, str]] = [
    ("Klantgerichtheid", "de wensen en behoeften van inwoners en klanten"),
    ("Samenwerken", "de samenwerking met collega's en partners"),
    ("Resultaatgerichtheid", "het halen van afgesproken resultaten"),
    ("Omgevingsbewustzijn", "ontwikkelingen in de omgeving van de organisatie"),
    ("Schriftelijke uitdrukkingsvaardigheid", "heldere teksten en adviezen"),
    ("Mondelinge uitdrukkingsvaardigheid", "het overbrengen van een boodschap in gesprekken"),
    ("Analytisch vermogen", "het ontleden van complexe vraagstukken"),
    ("Oordeelsvorming", "het afwegen van informatie en belangen"),
    ("Plannen en organiseren", "de planning van het eigen werk en dat van anderen"),
    ("Flexibiliteit", "veranderende omstandigheden en prioriteiten"),
    ("Initiatief", "kansen om zelf in actie te komen"),
    ("Integriteit", "de normen en regels van de organisatie"),
    ("Overtuigingskracht", "het winnen van steun voor voorstellen"),
    ("Leidinggeven", "het sturen en motiveren van medewerkers"),
    ("Coachen", "de ontwikkeling van anderen"),
    ("Creativiteit", "nieuwe oplossingen voor bestaande problemen"),
    ("Besluitvaardigheid", "het tijdig nemen van beslissingen"),
    ("Stressbestendigheid", "werkdruk, tegenslag en tijdsdruk"),
    ("Nauwkeurigheid", "de juistheid en volledigheid van het werk"),
    ("Politieke sensitiviteit", "bestuurlijke verhoudingen en gevoeligheden"),
    ("Netwerken", "contacten binnen en buiten de organisatie"),
    ("Innovatief vermogen", "vernieuwing van werkwijzen en diensten"),
    ("Verantwoordelijkheid", "de gevolgen van het eigen handelen"),
    ("Organisatiesensitiviteit", "de belangen van andere afdelingen"),
    ("Voortgangscontrole", "de voortgang van afgesproken werk"),
    ("Delegeren", "het overdragen van taken en bevoegdheden"),
    ("Onderhandelen", "het bereiken van overeenstemming met anderen"),
    ("Luisteren", "wat anderen vertellen en bedoelen"),
    ("Inlevingsvermogen", "de gevoelens en standpunten van anderen"),
    ("Vakmanschap", "kennis en vaardigheden van het eigen vakgebied"),
    ("Lerend vermogen", "het leren van ervaringen en feedback"),
    ("Zelfstandigheid", "het uitvoeren van werk zonder directe begeleiding"),
    ("Kwaliteitsgerichtheid", "hoge eisen aan het eigen werk"),
    ("Discretie", "vertrouwelijke informatie"),
    ("Visie", "de richting van het vakgebied op langere termijn"),
    ("Conflicthantering", "meningsverschillen en spanningen in het werk"),
    ("Digitale vaardigheid", "digitale middelen en systemen"),
    (None, "het bewaken van budgetten en financiële kaders"),
    (None, "een veilige en gezonde werkomgeving"),
    (None, "het delen van kennis met collega's"),
]

DESCRIPTIONS = [
    "Het vermogen om in het werk rekening te houden met {f}.",
    "Herkent het belang van {f} en stemt het eigen handelen daarop af.",
    "Laat in woord en daad zien dat {f} in het werk voorop staan.",
]
INDICATORS = [
    "Houdt in het eigen werk zichtbaar rekening met {f}.",
    "Bespreekt {f} actief met collega's en leidinggevende.",
    "Signaleert tijdig knelpunten rond {f}.",
    "Vraagt door wanneer iets rond {f} onduidelijk is.",
    "Maakt afspraken over {f} en komt die na.",
    "Geeft anderen opbouwende feedback over {f}.",
    "Legt uit wat {f} voor het werk betekenen.",
    "Stelt het eigen handelen bij met het oog op {f}.",
]
QUESTIONS = [
    "Kun je een situatie beschrijven waarin {f} een rol speelden? Wat deed je?",
    "Hoe weet je of je voldoende rekening houdt met {f}?",
    "Welk voorbeeld uit het afgelopen jaar laat zien hoe je omgaat met {f}?",
    "Wat zou je een volgende keer anders doen als het gaat om {f}?",
    "Wie vraag je om hulp als het gaat om {f}?",
]
TIPS = [
    "Vraag een collega om feedback op hoe je omgaat met {f}.",
    "Volg een training waarin {f} centraal staan.",
    "Loop een dag mee met een collega die sterk is in {f}.",
    "Houd een maand lang bij in welke situaties {f} een rol spelen.",
    "Bespreek in het werkoverleg een voorbeeld over {f}.",
    "Lees een artikel over {f} en bespreek het met je leidinggevende.",
    "Zoek een mentor die je verder helpt met {f}.",
]

CORE_ACTIVITIES = [
    "Adviseren over {d}",
    "Voorbereiden en uitvoeren van beleid op het gebied van {d}",
    "Behandelen van aanvragen en vragen over {d}",
    "Bewaken van de kwaliteit van de dienstverlening rond {d}",
    "Coördineren van werkzaamheden op het gebied van {d}",
    "Onderhouden van contacten met partners op het gebied van {d}",
    "Signaleren van ontwikkelingen in {d}",
    "Beheren van gegevens en systemen voor {d}",
]
FRAMEWORKS = [
    "Wet- en regelgeving",
    "Beleid van de gemeente",
    "Procedures en richtlijnen",
    "Bevoegdheden en mandaten",
    "Begroting van de afdeling",
    "Planning van de afdeling",
    "Wensen/eisen van de klant",
    "Landelijke normen en protocollen",
]
RESULTS = [
    "Tijdige en juiste afhandeling van zaken rond {d}",
    "Goed onderbouwde adviezen over {d}",
    "Tevreden inwoners en partners op het gebied van {d}",
    "Een actueel en betrouwbaar beeld van {d}",
]
ACTIVITIES = [
    "Verzamelen en analyseren van informatie over {d}",
    "Opstellen van notities en adviezen",
    "Overleggen met interne en externe partijen",
    "Bewaken van termijnen en budgetten",
    "Beantwoorden van vragen van inwoners en bedrijven",
    "Signaleren van knelpunten en voorstellen doen voor verbetering",
    "Bijhouden van registraties en dossiers over {d}",
    "Voorbereiden van besluitvorming door het college",
    "Begeleiden en instrueren van collega's",
    "Rapporteren over de voortgang",
]
PURPOSES = [
    "Bijdragen aan een goede uitvoering van de taken op het gebied van {d}, binnen de kaders "
    "van wet- en regelgeving en het beleid van de gemeente, teneinde inwoners en bedrijven "
    "goed van dienst te zijn.",
    "Zorgdragen voor de voorbereiding, uitvoering en evaluatie van werkzaamheden rond {d}, "
    "zodat de organisatie haar doelen tijdig en binnen budget bereikt.",
    "Adviseren en ondersteunen van bestuur, management en collega's op het gebied van {d}, "
    "teneinde bij te dragen aan een doelmatige en betrouwbare dienstverlening.",
]
LEVEL_NAMES = ["Medewerker", "Senior medewerker", "Specialist", "Expert"]

FUNCTIONS = 120
LIBRARY_SIZE = len(COMPETENCIES)


@dataclass(frozen=True)
class GeneratedDocument:
    filename: str
    description: FunctionDescription


def competency_library(rng: random.Random, size: int = LIBRARY_SIZE) -> list[CompetencyData]:
    """`size` competencies, each written the same way in every function that has it."""
    library = []
    for name, focus in COMPETENCIES[:size]:
        library.append(
            CompetencyData(
                name=name,
                description=rng.choice(DESCRIPTIONS).format(f=focus),
                indicators=[t.format(f=focus) for t in rng.sample(INDICATORS, rng.randint(3, 6))],
                questions=[t.format(f=focus) for t in rng.sample(QUESTIONS, rng.randint(2, 4))],
                tips=[t.format(f=focus) for t in rng.sample(TIPS, rng.randint(3, 5))],
            )
        )
    return library


def _result_area(rng: random.Random, domain: str, core: str) -> ResultAreaData:
    return ResultAreaData(
        core_activity=core.format(d=domain),
        frameworks=rng.sample(FRAMEWORKS, rng.randint(1, 3)),
        result=rng.choice(RESULTS).format(d=domain),
        activities=[t.format(d=domain) for t in rng.sample(ACTIVITIES, rng.randint(2, 6))],
    )


def _levels(rng: random.Random) -> list[LevelData]:
    scale = rng.randint(4, 12)
    rows = rng.choice([1, 1, 2, 3])
    if rows == 1:
        return [LevelData("", str(scale))]
    return [LevelData(LEVEL_NAMES[i], str(scale + i)) for i in range(rows)]


def function_documents(
    rng: random.Random, functions: int = FUNCTIONS, competencies: int = LIBRARY_SIZE
) -> list[GeneratedDocument]:
    """`functions` descriptions over the first `competencies` of the library, all different."""
    library = competency_library(rng, competencies)
    titles: set[str] = set()
    documents = []
    for number in range(functions):
        family, domains = FAMILIES[number % len(FAMILIES)]
        while True:
            domain = rng.choice(domains)
            title = rng.choice(ROLES).format(d=domain)
            if title not in titles or len(titles) >= len(FAMILIES) * 60:
                break
        if title in titles:
            title = f"{title} {number}"
        titles.add(title)
        cores = rng.sample(CORE_ACTIVITIES, rng.randint(2, 5))
        description = FunctionDescription(
            title=title,
            # A few documents leave the family out, as real ones do.
            family=None if number % 40 == 39 else family,
            purpose=rng.choice(PURPOSES).format(d=domain),
            result_areas=[_result_area(rng, domain, core) for core in cores],
            competencies=rng.sample(library, min(len(library), rng.randint(4, 7))),
            levels=_levels(rng),
        )
        documents.append(GeneratedDocument(f"bench-{number + 1:03d}.txt", description))
    return documents


def import_catalogue(rng: random.Random, functions: int, competencies: int) -> Catalogue:
    for document in function_documents(rng, functions, competencies):
        summary = import_document(
            document.filename, render(document.description).encode("utf-8"), actor=None
        )
        if summary.failed:
            raise GenerationError(f"generated document refused: {summary.error}")
    db.session.commit()
    by_id = {
        function_id: Function(function_id)
        for function_id in db.session.scalars(
            select(JobFunction.id).where(JobFunction.source_filename.like("bench-%"))
        )
    }
    for function_id, competency_id in db.session.execute(
        select(FunctionCompetency.function_id, FunctionCompetency.competency_id).order_by(
            FunctionCompetency.function_id, FunctionCompetency.position
        )
    ):
        if function_id in by_id:
            by_id[function_id].competency_ids.append(competency_id)
    for function_id, level_id in db.session.execute(
        select(FunctionLevel.function_id, FunctionLevel.id).order_by(
            FunctionLevel.function_id, FunctionLevel.position
        )
    ):
        if function_id in by_id:
            by_id[function_id].level_ids.append(level_id)
    indicators: dict[int, list[int]] = {}
    for competency_id, indicator_id in db.session.execute(
        select(BehaviourIndicator.competency_id, BehaviourIndicator.id).order_by(
            BehaviourIndicator.competency_id, BehaviourIndicator.position
        )
    ):
        indicators.setdefault(competency_id, []).append(indicator_id)
    tips: dict[int, list[tuple[int, str]]] = {}
    for competency_id, tip_id, tip_text in db.session.execute(
        select(DevelopmentTip.competency_id, DevelopmentTip.id, DevelopmentTip.text).order_by(
            DevelopmentTip.competency_id, DevelopmentTip.position
        )
    ):
        tips.setdefault(competency_id, []).append((tip_id, tip_text))
    return Catalogue([by_id[key] for key in sorted(by_id)], indicators, tips)
