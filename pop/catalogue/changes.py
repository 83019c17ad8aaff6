"""What an import does to each competency of a document, as plain data a preview can show.

Nothing here touches the database: the importer fills these in while it works, so the preview
(the same import, rolled back) and the import itself report the same thing.
"""

from dataclasses import dataclass, field
from datetime import date

from pop.catalogue.parser import N_, CompetencyData

# What became of a competency of the document.
NEW = "new"  # no stored competency has its name (or, unnamed, its description)
SAME = "same"  # the stored text is the document's: the function links it
REVISED = "revised"  # a new version of a competency no other function uses
ADOPTED = "adopted"  # a new version for every function that uses it, as HR chose
KEPT_APART = "kept_apart"  # a variant under the same name, for this function only

# HR's choice for a competency whose stored text other functions use.
ADOPT, KEEP_APART = "adopt", "keep_apart"
CHOICES = (ADOPT, KEEP_APART)

KEPT_APART_UNCHOSEN = N_(
    "competentie '%(name)s' wijkt af van de opgeslagen tekst die ook %(functions)s gebruikt; "
    "de nieuwe tekst is apart gehouden voor deze functie. Kies 'overnemen' om hem voor elke "
    "functie te gebruiken"
)

# How many goals and conversations a preview names; the rest it counts.
USAGE_SAMPLE = 10


@dataclass(frozen=True)
class Choices:
    """HR's choices: by competency name (the command line) or per file by position (the web)."""

    by_name: dict[str, str] = field(default_factory=dict)
    by_file: dict[str, dict[int, str]] = field(default_factory=dict)

    def choice_for(self, filename: str, position: int, name: str | None) -> str | None:
        in_file = self.by_file.get(filename, {})
        if position in in_file:
            return in_file[position]
        if name is not None:
            return self.by_name.get(name.casefold())
        return None

    @classmethod
    def named(cls, adopt: tuple[str, ...] = (), keep_apart: tuple[str, ...] = ()) -> "Choices":
        names = {name.casefold(): KEEP_APART for name in keep_apart}
        names |= {name.casefold(): ADOPT for name in adopt}
        return cls(by_name=names)


@dataclass(frozen=True)
class ListDiff:
    """How one list of a competency changed: items added and removed, or only their order."""

    added: list[str]
    removed: list[str]
    reordered: bool

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.reordered)


@dataclass(frozen=True)
class CompetencyDiff:
    """The stored text against the document's."""

    description_before: str
    description_after: str
    indicators: ListDiff
    questions: ListDiff
    tips: ListDiff

    @property
    def description_changed(self) -> bool:
        return self.description_before != self.description_after


@dataclass(frozen=True)
class GoalUse:
    title: str
    employee: str


@dataclass(frozen=True)
class ConversationUse:
    kind: str
    employee: str
    planned_on: date
    signed: bool


@dataclass
class CompetencyUsage:
    """What uses the stored text: other functions, goals and conversations."""

    functions: list[str] = field(default_factory=list)
    goal_count: int = 0
    goals: list[GoalUse] = field(default_factory=list)
    conversation_count: int = 0
    conversations: list[ConversationUse] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.functions or self.goal_count or self.conversation_count)


@dataclass
class CompetencyChange:
    """What importing one competency of a document does."""

    position: int
    name: str
    outcome: str
    # Other functions use the stored text: HR may choose between adopting and keeping apart.
    choice_offered: bool = False
    chosen: str | None = None
    diff: CompetencyDiff | None = None
    usage: CompetencyUsage | None = None
    version: int | None = None  # the version number the function links afterwards


def content_of(parsed: CompetencyData) -> tuple:
    return (
        parsed.description,
        tuple(parsed.indicators),
        tuple(parsed.questions),
        tuple(parsed.tips),
    )


def list_diff(before: list[str], after: list[str]) -> ListDiff:
    added = [text for text in after if text not in before]
    removed = [text for text in before if text not in after]
    kept_before = [text for text in before if text in after]
    kept_after = [text for text in after if text in before]
    return ListDiff(added, removed, reordered=kept_before != kept_after)


def competency_diff(before: tuple, parsed: CompetencyData) -> CompetencyDiff:
    """`before` is a stored competency's content as `content_of` gives it."""
    description, indicators, questions, tips = before
    return CompetencyDiff(
        description_before=description,
        description_after=parsed.description,
        indicators=list_diff(list(indicators), parsed.indicators),
        questions=list_diff(list(questions), parsed.questions),
        tips=list_diff(list(tips), parsed.tips),
    )
