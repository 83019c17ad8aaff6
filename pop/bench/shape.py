"""What a generated organisation looks like: its sizes, names, words and accounts."""

from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock

from pop.models import (
    ConversationStatus,
    GoalStatus,
)

# Every generated person logs in with this password (hashed once, shared by all).
BENCH_PASSWORD = "bench-wachtwoord-42"  # noqa: S105  (a published test password)
DOMAIN = "benchstad.example"
TOP_EMAIL = f"directeur@{DOMAIN}"
MANAGER_EMAIL = f"teamleider@{DOMAIN}"  # leads the team of BIG_TEAM people
EMPLOYEE_EMAIL = f"medewerker@{DOMAIN}"  # a member of that team
HR_EMAIL = f"hr@{DOMAIN}"  # HR for the whole organisation
SCOPED_HR_EMAIL = f"hr.directie@{DOMAIN}"  # HR for one directorate
ADMIN_EMAIL = f"beheer@{DOMAIN}"

GENERATOR_VERSION = 2  # part of the fingerprint: saved organisations of older ones are redone
MIN_EMPLOYEES = 10
TEAM_SIZE = 25  # reports per team manager
BIG_TEAM = 40  # the first team: the manager whose team view is benchmarked
TEAMS_PER_HEAD = 6
HEADS_PER_DIRECTOR = 8
GOALS_PER_PERSON = 5
CHECK_INS_PER_PERSON = 6 * GOALS_PER_PERSON  # spread over the goals that were agreed
BATCH_PEOPLE = 1000  # people whose plans and conversations are written per transaction
CHUNK_ROWS = 5000  # rows per INSERT executemany

THEMES = [
    "Dienstverlening",
    "Ruimte",
    "Sociaal Domein",
    "Bedrijfsvoering",
    "Veiligheid",
    "Economie en Cultuur",
    "Publiekszaken",
    "Informatievoorziening",
]
TOPICS = [
    "Vergunningen",
    "Burgerzaken",
    "Klantcontact",
    "Jeugd",
    "Werk en Inkomen",
    "Wonen",
    "Verkeer",
    "Groen",
    "Financiën",
    "Juridische Zaken",
    "ICT",
    "Personeel en Organisatie",
    "Communicatie",
    "Handhaving",
    "Belastingen",
    "Onderwijs",
]
FIRST_NAMES = [
    "Anna", "Bram", "Carlijn", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jeroen",
    "Karim", "Lotte", "Mohamed", "Noor", "Olaf", "Priya", "Quinten", "Roos", "Sanne", "Thijs",
    "Uriel", "Vera", "Willem", "Xander", "Yara", "Zeynep", "Annelies", "Bas", "Chantal", "Dirk",
    "Esther", "Frank", "Greetje", "Hamza", "Inge", "Joost", "Kees", "Linda", "Marieke", "Niels",
    "Olga", "Pieter", "Rik", "Sophie", "Tim", "Ursula", "Vincent", "Wendy", "Yusuf", "Zoë",
]  # fmt: skip
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "Yılmaz",
    "El Amrani", "Öztürk", "Prins", "Blom", "Huisman", "Peeters", "de Leeuw", "Kuipers",
]  # fmt: skip
FREE_GOALS = [
    "Een cursus projectmatig werken afronden",
    "Mijn kennis van de Omgevingswet bijhouden",
    "Een collega inwerken op het team",
    "Leren werken met het nieuwe zaaksysteem",
    "Mijn Engels op peil brengen voor internationale contacten",
    "Een presentatie geven in het afdelingsoverleg",
]
MEASURABLE = [
    "Ik bespreek het resultaat met mijn leidinggevende en laat met een voorbeeld zien wat ik "
    "anders doe dan voorheen.",
    "Na drie maanden vraag ik twee collega's om feedback en leg ik die vast.",
    "Ik lever het certificaat in en pas het geleerde toe in twee dossiers.",
]
ACHIEVABLE = [
    "Het helpt mij in mijn werk en het team in de dienstverlening.",
    "Het sluit aan bij de plannen van de afdeling voor dit jaar.",
]
REALISTIC = [
    "Twee uur per maand, met steun van mijn leidinggevende.",
    "Een dagdeel per week gedurende een kwartaal.",
    "Het opleidingsbudget van de afdeling dekt de kosten.",
]
CHECK_IN_NOTES = [
    "Eerste bijeenkomst gevolgd en de opdracht voorbereid.",
    "Feedback gevraagd aan twee collega's en verwerkt.",
    "Het geleerde toegepast in een lopend dossier.",
    "Besproken met mijn leidinggevende; volgende stap afgesproken.",
    "Minder tijd gehad door drukte, maar de opdracht ingeleverd.",
    "Een voorbeeld uitgewerkt en gedeeld in het werkoverleg.",
]
NOTES = {
    "goals": "De doelen liggen op schema; één doel vraagt meer aandacht.",
    "work": "Het werk loopt goed; de samenwerking met de buitendienst kan beter.",
    "development": "Interesse in een opleiding op het gebied van projectmatig werken.",
}

HELD = (ConversationStatus.HELD.value, ConversationStatus.SIGNED.value)
STARTED = (GoalStatus.IN_PROGRESS.value, GoalStatus.DONE.value, GoalStatus.STOPPED.value)


class GenerationError(Exception):
    """The organisation cannot be generated here; the message says why."""


@dataclass
class GenerationReport:
    employees: int
    seed: int
    today: date
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Function:
    """What the generator needs of an imported function: ids of its parts, in order."""

    id: int
    competency_ids: list[int] = field(default_factory=list)
    level_ids: list[int] = field(default_factory=list)


@dataclass
class Catalogue:
    functions: list[Function]
    indicators: dict[int, list[int]]  # competency id -> indicator ids
    tips: dict[int, list[tuple[int, str]]]  # competency id -> (tip id, text)


@dataclass
class Person:
    id: int
    manager_id: int | None
    department_id: int
    roles: tuple[str, ...]
    email: str | None = None
    function: Function | None = None


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock(hour, minute))
