"""Storing parsed function descriptions: idempotent, in place, one transaction per file.

The caller owns the transaction: `import_document` only adds and flushes, so a view can show the
summary before it commits, and a command can commit or roll back each file on its own. A dry run
is the same import inside a savepoint that is rolled back: it reports exactly what the import
would do.
"""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from pop import audit
from pop.catalogue.changes import Choices, CompetencyChange
from pop.catalogue.competency_sync import CompetencySync
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
    Competency,
    FunctionCompetency,
    FunctionFamily,
    FunctionLevel,
    JobFunction,
    ResultArea,
    User,
)
from pop.models.limits import string_length

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
STORE_FAILED = N_("het opslaan is mislukt en teruggedraaid: %(reason)s")
# What is too long for its column, each as one sentence (a name of its own translates whole).
TITLE_TOO_LONG = N_("De titel is %(length)d tekens lang; POP bewaart er hoogstens %(max)d.")
FAMILY_TOO_LONG = N_(
    "De functiefamilie is %(length)d tekens lang; POP bewaart er hoogstens %(max)d."
)
COMPETENCY_TOO_LONG = N_(
    "De competentienaam ‘%(start)s…’ is %(length)d tekens lang; POP bewaart er hoogstens %(max)d."
)
LEVEL_TOO_LONG = N_(
    "Het niveau ‘%(start)s…’ is %(length)d tekens lang; POP bewaart er hoogstens %(max)d."
)


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
    competency_changes: list[CompetencyChange] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def choices_offered(self) -> list[CompetencyChange]:
        return [change for change in self.competency_changes if change.choice_offered]


def read_document(filename: str, data: bytes, sidecar: Sidecar | None = None) -> ParseResult:
    """Parse a document and complete it from its sidecar; raises ParseError."""
    result = apply_sidecar(parse(data, filename), sidecar)
    _check_lengths(filename, result.description)
    return result


def _check_lengths(filename: str, description: FunctionDescription) -> None:
    """Refuse a name longer than its column holds, before anything is stored.

    PostgreSQL would refuse it with an error in English; SQLite would store it whole.
    """
    names = [
        (TITLE_TOO_LONG, description.title, JobFunction.title),
        (FAMILY_TOO_LONG, description.family, FunctionFamily.name),
        *((COMPETENCY_TOO_LONG, c.name, Competency.name) for c in description.competencies),
        *((LEVEL_TOO_LONG, level.name, FunctionLevel.name) for level in description.levels),
        *((LEVEL_TOO_LONG, level.scale, FunctionLevel.scale) for level in description.levels),
    ]
    for template, value, column in names:
        maximum = string_length(column)
        if value is not None and len(value) > maximum:
            start = value[:40]
            raise ParseError(filename, None, template, start=start, length=len(value), max=maximum)


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
    choices: Choices | None = None,
) -> ImportSummary:
    """Parse and store one document (flush only); a parse error stores nothing.

    A dry run does the same inside a savepoint and rolls it back.
    """
    try:
        result = read_document(filename, data, sidecar)
    except ParseError as error:
        return ImportSummary(filename=filename, status=FAILED, error=error)
    if not dry_run:
        return _store(filename, data, result, actor, choices or Choices())
    savepoint = db.session.begin_nested()
    try:
        summary = _store(filename, data, result, actor, choices or Choices())
    finally:
        savepoint.rollback()
    if summary.status == CREATED:
        summary.function_id = None  # the row was rolled back with the savepoint
    return summary


def _store(
    filename: str, data: bytes, result: ParseResult, actor: User | None, choices: Choices
) -> ImportSummary:
    summary = summarise(filename, result)
    existing = _function_by_filename(filename)
    function = existing or JobFunction(source_filename=filename, content_hash="")
    sync = _Sync(CompetencySync(function, filename, choices))
    if existing is None:
        db.session.add(function)
        sync.changed = True
    sync.function(function, result.description, hash_source(data))
    db.session.flush()
    summary.function_id = function.id
    summary.competency_changes = sync.competency_changes
    summary.warnings += sync.competency_sync.warnings
    changed = sync.changed or sync.competency_sync.changed
    summary.status = CREATED if existing is None else UPDATED if changed else UNCHANGED
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


def import_file(
    path: Path, *, actor: User | None, dry_run: bool = False, choices: Choices | None = None
) -> ImportSummary:
    try:
        sidecar = load_sidecar(sidecar_path(path))
    except ParseError as error:
        return ImportSummary(filename=path.name, status=FAILED, error=error)
    return import_document(
        path.name,
        path.read_bytes(),
        actor=actor,
        sidecar=sidecar,
        dry_run=dry_run,
        choices=choices,
    )


def import_path(
    path: Path, *, actor: User | None, dry_run: bool = False, choices: Choices | None = None
) -> list[ImportSummary]:
    """Import every document at `path`, committing each file on its own (rolled back on failure).

    A dry run rehearses the same files in one transaction that is rolled back.
    """
    documents = document_files(path)
    if dry_run:
        return rehearse(documents, actor=actor, choices=choices)
    summaries = []
    for document in documents:
        try:
            summary = import_file(document, actor=actor, choices=choices)
            if summary.failed:
                db.session.rollback()
            else:
                db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            summary = _store_failed(document.name, error)
        summaries.append(summary)
    return summaries


def rehearse(
    documents: list[Path], *, actor: User | None, choices: Choices | None = None
) -> list[ImportSummary]:
    """Import `documents` one after the other as `import_path` does, then roll it all back.

    Each file sees what the files before it stored, as in the real import, so the rehearsal
    reports exactly what the import will do.
    """
    summaries = []
    outer = db.session.begin_nested()
    try:
        for document in documents:
            inner = db.session.begin_nested()
            try:
                summary = import_file(document, actor=actor, choices=choices)
            except SQLAlchemyError as error:
                inner.rollback()
                summary = _store_failed(document.name, error)
            else:
                if summary.failed:
                    inner.rollback()
                else:
                    inner.commit()
            summaries.append(summary)
    finally:
        outer.rollback()
    for summary in summaries:
        if summary.status == CREATED:
            summary.function_id = None  # the row was rolled back
    return summaries


def _store_failed(filename: str, error: SQLAlchemyError) -> ImportSummary:
    return ImportSummary(
        filename=filename,
        status=FAILED,
        error=ParseError(filename, None, STORE_FAILED, reason=str(error.orig or error)),
    )


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


class _Sync:
    """Makes stored rows equal to a parsed description, touching only what differs."""

    def __init__(self, competency_sync: CompetencySync) -> None:
        self.changed = False
        self.competency_sync = competency_sync
        self.competency_changes: list[CompetencyChange] = []

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
        previously_linked = {link.competency_id for link in function.competency_links}
        wanted = []
        for position, parsed_competency in enumerate(parsed.competencies, start=1):
            competency, change = self.competency_sync.resolve(position, parsed_competency)
            self.competency_changes.append(change)
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
        db.session.flush()
        self.competency_sync.retire_unlinked_variants(previously_linked)
