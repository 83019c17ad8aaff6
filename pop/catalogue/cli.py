"""`pop catalogue import PATH...`: function descriptions from files and folders."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from pop.catalogue.changes import (
    ADOPTED,
    KEPT_APART,
    NEW,
    REVISED,
    SAME,
    Choices,
    CompetencyChange,
)
from pop.catalogue.importer import FAILED, ImportSummary, import_path

catalogue_cli = AppGroup("catalogue", help="The function catalogue.")

OUTCOMES = {
    NEW: "new",
    SAME: "unchanged",
    REVISED: "new version (no other function uses it)",
    ADOPTED: "new version adopted for every function",
    KEPT_APART: "kept apart for this function (a variant under the same name)",
}


@catalogue_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Import in a transaction that is rolled back.")
@click.option(
    "--adopt",
    "adopt",
    multiple=True,
    metavar="NAME",
    help="Adopt the document's text of competency NAME for every function that uses it.",
)
@click.option(
    "--keep-apart",
    "keep_apart",
    multiple=True,
    metavar="NAME",
    help="Keep the document's text of competency NAME apart for its function (the default).",
)
def import_command(
    paths: tuple[Path, ...], dry_run: bool, adopt: tuple[str, ...], keep_apart: tuple[str, ...]
) -> None:
    """Import function descriptions (files, or folders of .txt files).

    A competency whose stored text other functions use is never rewritten unless --adopt
    names it: without a choice its new text is kept apart for this function, with a warning.
    """
    both = {name.casefold() for name in adopt} & {name.casefold() for name in keep_apart}
    if both:
        raise click.UsageError(f"both --adopt and --keep-apart for: {', '.join(sorted(both))}")
    choices = Choices.named(adopt=adopt, keep_apart=keep_apart)
    failures = 0
    for path in paths:
        for summary in import_path(path, actor=None, dry_run=dry_run, choices=choices):
            if summary.status == FAILED:
                failures += 1
                click.echo(f"{summary.filename}: FAILED: {summary.error}", err=True)
                continue
            _echo_summary(summary, dry_run)
    if failures:
        sys.exit(1)


def _echo_summary(summary: ImportSummary, dry_run: bool) -> None:
    click.echo(
        f"{summary.filename}: {summary.status}{' (dry run)' if dry_run else ''}: "
        f"{summary.result_areas} result areas, {summary.competencies} competencies, "
        f"{summary.indicators} indicators, {summary.questions} questions, "
        f"{summary.tips} tips, {len(summary.warnings)} warnings"
    )
    for change in summary.competency_changes:
        if change.outcome != SAME or change.choice_offered:
            _echo_change(change)
    for warning in summary.warnings:
        click.echo(f"  warning: {warning}")


def _echo_change(change: CompetencyChange) -> None:
    click.echo(f"  competency {change.position} '{change.name}': {OUTCOMES[change.outcome]}")
    if change.choice_offered and change.chosen is None:
        click.echo(f"    to use this text for every function: --adopt '{change.name}'")
    if change.usage is not None:
        usage = change.usage
        if usage.functions:
            click.echo(f"    stored text used by: {'; '.join(usage.functions)}")
        click.echo(
            f"    stored text used in {usage.goal_count} goals and "
            f"{usage.conversation_count} conversations"
        )
    diff = change.diff
    if diff is None:
        return
    if diff.description_changed:
        click.echo(f"    - description: {diff.description_before}")
        click.echo(f"    + description: {diff.description_after}")
    for label, lists in (
        ("indicator", diff.indicators),
        ("question", diff.questions),
        ("tip", diff.tips),
    ):
        for text in lists.removed:
            click.echo(f"    - {label}: {text}")
        for text in lists.added:
            click.echo(f"    + {label}: {text}")
        if lists.reordered:
            click.echo(f"    ~ {label}s in another order")
