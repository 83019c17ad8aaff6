"""How one competency of a document reaches the library: shared, revised, adopted or kept apart.

A competency other functions use is never rewritten unasked: unless HR chose to adopt the
document's text for every function, the document gets a variant of its own under the same
name. A revision keeps every list item that something points at, retired instead of deleted,
and keeps the text it replaces as a numbered version.
"""

import hashlib

from sqlalchemy import select

from pop.catalogue.changes import (
    ADOPT,
    ADOPTED,
    KEEP_APART,
    KEPT_APART,
    KEPT_APART_UNCHOSEN,
    NEW,
    REVISED,
    SAME,
    Choices,
    CompetencyChange,
    competency_diff,
    content_of,
)
from pop.catalogue.parser import CompetencyData, Message
from pop.catalogue.usage import competency_usage, functions_linking, referenced_ids
from pop.extensions import db
from pop.models import (
    BehaviourIndicator,
    Competency,
    CompetencyVersion,
    DevelopmentTip,
    InterviewQuestion,
    JobFunction,
)
from pop.models._time import utcnow

_LISTS = (
    ("indicators", "all_indicators", BehaviourIndicator),
    ("questions", "all_questions", InterviewQuestion),
    ("tips", "all_tips", DevelopmentTip),
)


def description_key(description: str) -> str:
    """Recognises the same competency description despite case and spacing."""
    folded = " ".join(description.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def stored_content(competency: Competency) -> tuple:
    return (
        competency.description,
        tuple(item.text for item in competency.indicators),
        tuple(item.text for item in competency.questions),
        tuple(item.text for item in competency.tips),
    )


class CompetencySync:
    """Resolves the competencies of one document for its function, one at a time."""

    def __init__(self, function: JobFunction, filename: str, choices: Choices) -> None:
        self.function = function
        self.filename = filename
        self.choices = choices
        self.linked_ids = {link.competency_id for link in function.competency_links}
        self.changed = False
        self.warnings: list[Message] = []

    def resolve(self, position: int, parsed: CompetencyData) -> tuple[Competency, CompetencyChange]:
        """The competency the function is to link for `parsed`, and what that did."""
        main = self._main(parsed)
        if main is None:
            competency = self._create(parsed, variant_of=None)
            return competency, CompetencyChange(position, competency.display_name, NEW, version=1)
        family = [main, *self._variants(main)]
        linked = next((member for member in family if member.id in self.linked_ids), None)
        wanted = content_of(parsed)
        name = parsed.name or main.display_name
        chosen = self.choices.choice_for(self.filename, position, parsed.name)
        if linked is not None and stored_content(linked) == wanted:
            if linked is main or stored_content(main) == wanted:
                return linked, CompetencyChange(position, name, SAME, version=linked.version)
            return self._same_variant(position, name, main, linked, parsed, chosen)
        equal = next((member for member in family if stored_content(member) == wanted), None)
        if equal is not None:
            self._fill_name(equal, parsed)
            return equal, CompetencyChange(position, name, SAME, version=equal.version)
        target = linked or main
        change = CompetencyChange(
            position,
            name,
            REVISED,
            diff=competency_diff(stored_content(target), parsed),
            usage=competency_usage(target, besides_function=self.function.id),
        )
        if not change.usage.functions:
            self._revise(target, parsed)
            change.version = target.version
            return target, change
        return self._conflict(change, main, parsed, chosen)

    # --- the cases ------------------------------------------------------------------------------

    def _same_variant(self, position, name, main, variant, parsed, chosen):
        """The function keeps its own variant; HR may still adopt it for every function."""
        change = CompetencyChange(
            position,
            name,
            SAME,
            choice_offered=True,
            chosen=chosen,
            diff=competency_diff(stored_content(main), parsed),
            usage=competency_usage(main, besides_function=self.function.id),
            version=variant.version,
        )
        if chosen != ADOPT:
            return variant, change
        self._revise(main, parsed)
        change.outcome, change.version = ADOPTED, main.version
        return main, change

    def _conflict(self, change: CompetencyChange, main, parsed, chosen):
        change.choice_offered, change.chosen = True, chosen
        if chosen == ADOPT:
            self._revise(main, parsed)
            change.outcome, change.version = ADOPTED, main.version
            return main, change
        if chosen != KEEP_APART:
            self.warnings.append(
                Message(
                    KEPT_APART_UNCHOSEN,
                    {"name": change.name, "functions": ", ".join(change.usage.functions)},
                )
            )
        variant = self._create(parsed, variant_of=main)
        change.outcome, change.version = KEPT_APART, variant.version
        return variant, change

    # --- finding --------------------------------------------------------------------------------

    def _main(self, parsed: CompetencyData) -> Competency | None:
        """The library's competency of this name, or (unnamed) of this description."""
        mains = select(Competency).where(Competency.variant_of_id.is_(None))
        if parsed.name:
            found = db.session.scalar(mains.where(Competency.name == parsed.name))
            if found is not None:
                return found
        return db.session.scalar(
            mains.where(Competency.description_key == description_key(parsed.description)).order_by(
                Competency.id
            )
        )

    @staticmethod
    def _variants(main: Competency) -> list[Competency]:
        return list(
            db.session.scalars(
                select(Competency)
                .where(Competency.variant_of_id == main.id, Competency.retired_at.is_(None))
                .order_by(Competency.id)
            )
        )

    # --- writing --------------------------------------------------------------------------------

    def _create(self, parsed: CompetencyData, variant_of: Competency | None) -> Competency:
        competency = Competency(
            name=parsed.name or (variant_of.name if variant_of else None),
            description=parsed.description,
            description_key=description_key(parsed.description),
            version=1,
            variant_of=variant_of,
        )
        for attribute, _all, model in _LISTS:
            texts = getattr(parsed, attribute)
            setattr(
                competency,
                attribute,
                [model(text=text, position=number) for number, text in enumerate(texts, 1)],
            )
        competency.versions = [self._version(1, parsed)]
        db.session.add(competency)
        db.session.flush()
        self.changed = True
        return competency

    def _version(self, number: int, parsed: CompetencyData) -> CompetencyVersion:
        return CompetencyVersion(
            number=number,
            description=parsed.description,
            indicators=list(parsed.indicators),
            questions=list(parsed.questions),
            tips=list(parsed.tips),
            source_filename=self.filename,
        )

    def _fill_name(self, competency: Competency, parsed: CompetencyData) -> None:
        if parsed.name and not competency.name:
            competency.name = parsed.name
            self.changed = True

    def _revise(self, competency: Competency, parsed: CompetencyData) -> None:
        """Give `competency` the document's text as its next version, for every function."""
        self._fill_name(competency, parsed)
        competency.description = parsed.description
        competency.description_key = description_key(parsed.description)
        for attribute, all_attribute, model in _LISTS:
            self._revise_items(
                competency, attribute, all_attribute, model, getattr(parsed, attribute)
            )
        competency.version += 1
        competency.versions.append(self._version(competency.version, parsed))
        db.session.flush()
        db.session.expire(competency, [name for lists in _LISTS for name in lists[:2]])
        self.changed = True

    @staticmethod
    def _revise_items(competency, attribute, all_attribute, model, texts: list[str]) -> None:
        """Reorder, add, bring back and drop items by text; a dropped item in use is retired."""
        current = list(getattr(competency, attribute))
        by_text = {row.text: row for row in current}
        retired = {row.text: row for row in getattr(competency, all_attribute) if row.is_retired}
        ordered = []
        for number, text in enumerate(texts, 1):
            row = by_text.pop(text, None) or retired.pop(text, None)
            if row is None:
                row = model(text=text, position=number)
            row.position, row.retired_at = number, None
            ordered.append(row)
        dropped = list(by_text.values())
        in_use = referenced_ids(model, [row.id for row in dropped])
        now = utcnow()
        kept = []
        for row in dropped:
            if row.id in in_use:
                row.retired_at = now
                kept.append(row)
        # Retired rows stay in the collection until the flush, or delete-orphan would delete them.
        setattr(competency, attribute, ordered + kept)

    def retire_unlinked_variants(self, previously_linked: set[int]) -> None:
        """A variant this function no longer links, and no other function does, is retired."""
        now_linked = {link.competency_id for link in self.function.competency_links}
        for competency_id in previously_linked - now_linked:
            competency = db.session.get(Competency, competency_id)
            if competency is None or not competency.is_variant or competency.retired_at:
                continue
            if not functions_linking(competency_id, besides=None):
                competency.retired_at = utcnow()
