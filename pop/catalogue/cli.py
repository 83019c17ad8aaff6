"""`pop catalogue import PATH...`: function descriptions from files and folders."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from pop.catalogue.importer import FAILED, import_path

catalogue_cli = AppGroup("catalogue", help="The function catalogue.")


@catalogue_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Read and report, store nothing.")
def import_command(paths: tuple[Path, ...], dry_run: bool) -> None:
    """Import function descriptions (files, or folders of .txt files)."""
    failures = 0
    for path in paths:
        for summary in import_path(path, actor=None, dry_run=dry_run):
            if summary.status == FAILED:
                failures += 1
                click.echo(f"{summary.filename}: FAILED: {summary.error}", err=True)
                continue
            click.echo(
                f"{summary.filename}: {summary.status}{' (dry run)' if dry_run else ''}: "
                f"{summary.result_areas} result areas, {summary.competencies} competencies, "
                f"{summary.indicators} indicators, {summary.questions} questions, "
                f"{summary.tips} tips, {len(summary.warnings)} warnings"
            )
            for warning in summary.warnings:
                click.echo(f"  warning: {warning}")
    if failures:
        sys.exit(1)
