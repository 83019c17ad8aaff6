"""Storing parsed function descriptions: idempotent, in place, one transaction per file.

The caller owns the transaction: `import_document` only adds and flushes, so a view can show the
summary before it commits, and a command can commit or roll back each file on its own.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from pop import audit
from pop.catalogue.parser import (
    N_,
    FunctionDescription,
    Message,
    ParseError,
    ParseResult,
    parse,
)
from pop.catalogue.parser import content_hash as hash_source
from pop.catalogue.sidecar import Sidecar, apply_sidecar, load_sidecar, sidecar_path
from pop.extensions import db
from pop.models import (
    BehaviourIndicator,
    Competency,
    DevelopmentTip,
    FunctionCompetency,
    FunctionFamily,
    FunctionLevel,
    InterviewQuestion,
    JobFunction,
    ResultArea,
    User,
)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
STORE_FAILED = N_("het opslaan is mislukt en teruggedraaid: %(reason)s")


@dataclass
class ImportSummary:
    """What one file holds, what importing it did, and what was odd about it."""

    filename: str
    status: str = UNCHANGED
    result_areas: int = 0
    competencies: int = 0
    indicators: int = 0
    questions: int = 0
    tips: int = 0
    warnings: list[Message] = field(default_factory=list)
    error: ParseError | None = None
    function_id: int | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


def read_document(filename: str, data: bytes, sidecar: Sidecar | None = None) -> ParseResult:
    """Parse a document and complete it from its sidecar; raises ParseError."""
    return apply_sidecar(parse(data, filename), sidecar)


def summarise(filename: str, result: ParseResult) -> ImportSummary:
    description = result.description
    return ImportSummary(
        filename=filename,
        result_areas=len(description.result_areas),
        competencies=len(description.competencies),
        indicators=sum(len(c.indicators) for c in description.competencies),
        questions=sum(len(c.questions) for c in description.competencies),
        tips=sum(len(c.tips) for c in description.competencies),
        warnings=list(result.warnings),
    )


def import_document(
    filename: str,
    data: bytes,
    *,
    actor: User | None,
    sidecar: Sidecar | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Parse and store one document (flush only); a parse error stores nothing."""
    try:
        result = read_document(filename, data, sidecar)
    except ParseError as error:
        return ImportSummary(filename=filename, status=FAILED, error=error)
    summary = summarise(filename, result)
    existing = _function_by_filename(filename)
    if dry_run:
        summary.status = CREATED if existing is None else _would_change(existing, data)
        summary.function_id = existing.id if existing else None
        return summary
    sync = _Sync()
    function = existing or JobFunction(source_filename=filename, content_hash="")
    if existing is None:
        db.session.add(function)
        sync.changed = True
    sync.function(function, result.description, hash_source(data))
    db.session.flush()
    summary.function_id = function.id
    summary.status = CREATED if existing is None else UPDATED if sync.changed else UNCHANGED
    if summary.status != UNCHANGED:
        audit.record(
            actor,
            f"function_{summary.status}",
            function,
            summary=f"{filename}: {summary.result_areas} resultaatgebieden, "
            f"{summary.competencies} competenties",
        )
    return summary


def document_files(path: Path) -> list[Path]:
    """The documents at `path`: the file itself, or the .txt files in a folder, sorted."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    return [path]


def import_file(path: Path, *, actor: User | None, dry_run: bool = False) -> ImportSummary:
    try:
        sidecar = load_sidecar(sidecar_path(path))
    except ParseError as error:
        return ImportSummary(filename=path.name, status=FAILED, error=error)
    return import_document(
        path.name, path.read_bytes(), actor=actor, sidecar=sidecar, dry_run=dry_run
    )


def import_path(path: Path, *, actor: User | None, dry_run: bool = False) -> list[ImportSummary]:
    """Import every document at `path`, committing each file on its own (rolled back on failure)."""
    summaries = []
    for document in document_files(path):
        try:
            summary = import_file(document, actor=actor, dry_run=dry_run)
            if summary.failed or dry_run:
                db.session.rollback()
            else:
                db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            summary = ImportSummary(
                filename=document.name,
                status=FAILED,
                error=ParseError(
                    document.name, None, STORE_FAILED, reason=str(error.orig or error)
                ),
            )
        summaries.append(summary)
    return summaries


def description_key(description: str) -> str:
    """Recognises the same competency description despite case and spacing."""
    folded = " ".join(description.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _function_by_filename(filename: str) -> JobFunction | None:
    return db.session.scalar(
        select(JobFunction)
        .where(JobFunction.source_filename == filename)
        .options(
            selectinload(JobFunction.result_areas),
            selectinload(JobFunction.levels),
            selectinload(JobFunction.competency_links),
        )
    )


def _would_change(function: JobFunction, data: bytes) -> str:
    return UNCHANGED if function.content_hash == hash_source(data) else UPDATED


class _Sync:
    """Makes stored rows equal to a parsed description, touching only what differs."""

    def __init__(self) -> None:
        self.changed = False

    def set(self, obj: object, attribute: str, value: object) -> None:
        if getattr(obj, attribute) != value:
            setattr(obj, attribute, value)
            self.changed = True

    def function(self, function: JobFunction, parsed: FunctionDescription, digest: str) -> None:
        self.set(function, "content_hash", digest)
        # A document that lacks a title or family keeps what HR completed in the web UI.
        if parsed.title:
            self.set(function, "title", parsed.title)
        if parsed.family:
            self.set(function, "family", self._family(parsed.family))
        self.set(function, "purpose", parsed.purpose)
        self.result_areas(function, parsed)
        self.competencies(function, parsed)
        self.levels(function, parsed)

    def _family(self, name: str) -> FunctionFamily:
        family = db.session.scalar(select(FunctionFamily).where(FunctionFamily.name == name))
        if family is None:
            family = FunctionFamily(name=name)
            db.session.add(family)
        return family

    def result_areas(self, function: JobFunction, parsed: FunctionDescription) -> None:
        rows = function.result_areas
        for position, area in enumerate(parsed.result_areas, start=1):
            if position > len(rows):
                rows.append(ResultArea(position=position, core_activity=""))
                self.changed = True
            row = rows[position - 1]
            self.set(row, "position", position)
            self.set(row, "core_activity", area.core_activity)
            self.set(row, "frameworks", list(area.frameworks))
            self.set(row, "result", area.result)
            self.set(row, "activities", list(area.activities))
        if len(rows) > len(parsed.result_areas):
            del rows[len(parsed.result_areas) :]
            self.changed = True

    def levels(self, function: JobFunction, parsed: FunctionDescription) -> None:
        rows = function.levels
        for position, level in enumerate(parsed.levels, start=1):
            if position > len(rows):
                rows.append(FunctionLevel(position=position, scale=""))
                self.changed = True
            row = rows[position - 1]
            if level.name:  # an empty level name keeps what HR completed
                self.set(row, "name", level.name)
            self.set(row, "scale", level.scale)
        if len(rows) > len(parsed.levels):
            removed = [row.id for row in rows[len(parsed.levels) :] if row.id is not None]
            if removed:  # people keep their function, only the level they held is gone
                db.session.execute(
                    update(User)
                    .where(User.function_level_id.in_(removed))
                    .values(function_level_id=None)
                )
            del rows[len(parsed.levels) :]
            self.changed = True

    def competencies(self, function: JobFunction, parsed: FunctionDescription) -> None:
        wanted = []
        for parsed_competency in parsed.competencies:
            competency = self._competency(parsed_competency.name, parsed_competency.description)
            self.items(competency.indicators, parsed_competency.indicators, BehaviourIndicator)
            self.items(competency.questions, parsed_competency.questions, InterviewQuestion)
            self.items(competency.tips, parsed_competency.tips, DevelopmentTip)
            if competency not in wanted:
                wanted.append(competency)
        links = {
            link.competency_id: link for link in function.competency_links if link.competency_id
        }
        kept = []
        for position, competency in enumerate(wanted, start=1):
            link = links.get(competency.id) if competency.id else None
            if link is None:
                link = FunctionCompetency(competency=competency, position=position)
                self.changed = True
            self.set(link, "position", position)
            kept.append(link)
        if [id(link) for link in function.competency_links] != [id(link) for link in kept]:
            function.competency_links = kept
            self.changed = True

    def _competency(self, name: str | None, description: str) -> Competency:
        key = description_key(description)
        competency = None
        if name:
            competency = db.session.scalar(select(Competency).where(Competency.name == name))
        if competency is None:
            competency = db.session.scalar(
                select(Competency).where(Competency.description_key == key)
            )
        if competency is None:
            competency = Competency(name=name, description=description, description_key=key)
            db.session.add(competency)
            db.session.flush()
            self.changed = True
            return competency
        if name and not competency.name:
            self.set(competency, "name", name)
        if competency.description_key != key and self._key_taken(key, competency.id):
            # Another stored competency already has this description: the name decides, and
            # this one keeps its own description rather than clash with the other.
            return competency
        self.set(competency, "description", description)
        self.set(competency, "description_key", key)
        return competency

    @staticmethod
    def _key_taken(key: str, competency_id: int) -> bool:
        return (
            db.session.scalar(
                select(Competency.id).where(
                    Competency.description_key == key, Competency.id != competency_id
                )
            )
            is not None
        )

    def items(self, rows: list, texts: list[str], model: type) -> None:
        """Reorder, add and drop list items by text, so rows whose text survives keep their id."""
        by_text = {row.text: row for row in rows}
        ordered = []
        for position, text in enumerate(texts, start=1):
            row = by_text.pop(text, None)
            if row is None:
                row = model(text=text, position=position)
                self.changed = True
            self.set(row, "position", position)
            ordered.append(row)
        if [id(row) for row in rows] != [id(row) for row in ordered]:
            rows[:] = ordered
            self.changed = True
