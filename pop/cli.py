"""Command-line interface: `pop ...` (and `flask --app pop ...`)."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from pop.config import write_instance_config
from pop.database import refresh_statistics
from pop.extensions import db
from pop.models import Role, User


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Prepare an installation: secret key, schema, demo data on an empty database, and the
    calendar year's cycle when no open cycle holds today."""
    from flask_migrate import upgrade

    from pop.demo import load_demo_organisation, print_demo_logins
    from pop.plan.current_cycle import current_cycle, find_current_cycle

    if write_instance_config(Path(current_app.instance_path)):
        click.echo("Wrote a new secret key to instance/config.py.")
    upgrade()
    if db.session.scalar(select(func.count(User.id))) == 0:
        load_demo_organisation()
        click.echo("Loaded the demo organisation.")
    if find_current_cycle() is None:
        click.echo(f"Opened the cycle {current_cycle().name}.")
        db.session.commit()
    refresh_statistics(db.engine)
    print_demo_logins()


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the demo organisation (idempotent: existing people are left as they are)."""
    from pop.demo import load_demo_organisation, print_demo_logins
    from pop.hr.totals_refresh import refresh

    created = load_demo_organisation()
    refresh()  # the HR dashboard's totals, as `pop refresh-hr-totals` computes them
    db.session.commit()
    click.echo(f"Demo organisation loaded ({created} people created).")
    print_demo_logins()


@click.command("create-user")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]))
@click.password_option()
@with_appcontext
def create_user_command(name: str, email: str, roles: tuple[str, ...], password: str) -> None:
    """Create an account (for the first administrator, say)."""
    from pop.passwords import hash_password, password_problems

    email = email.strip().lower()
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise click.ClickException(f"A user with e-mail {email} already exists.")
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise click.ClickException(" ".join(problems))
    user = User(name=name, email=email)
    user.roles = {Role(role) for role in roles} or {Role.EMPLOYEE}
    # HR made by the operator sees the whole organisation; an administrator narrows it later.
    user.hr_organisation_wide = Role.HR in user.roles
    user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {email} with roles {', '.join(sorted(user.roles))}.")


@click.command("import-people")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--deactivate-missing",
    is_flag=True,
    help="The file is a full export: deactivate (never delete) people missing from it.",
)
@with_appcontext
def import_people_command(csv_file: Path, deactivate_missing: bool) -> None:
    """Import or update employees from a CSV file: all rows, or none."""
    from pop.imports.full_export import import_full_export

    result = import_full_export(
        csv_file.read_bytes(), filename=csv_file.name, deactivate_missing=deactivate_missing
    )
    report = result.report
    if report.problems:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        click.echo("Nothing was imported.", err=True)
        sys.exit(1)
    click.echo(f"Imported {report.created} new and {report.updated} updated people.")
    if deactivate_missing:
        click.echo(f"Deactivated {len(result.deactivated)} people missing from the file.")
        for person in result.deactivated:
            click.echo(f"  {person.employee_number}  {person.name}")


@click.command("anonymise-leavers")
@click.option("--yes", is_flag=True, help="Do not ask before anonymising.")
@with_appcontext
def anonymise_leavers_command(yes: bool) -> None:
    """Anonymise everyone whose retention period after leaving has ended (in batches)."""
    from pop.privacy.anonymise import anonymise_leavers

    if not yes:
        click.confirm("This anonymises everyone past the retention period. Continue?", abort=True)
    done, files = anonymise_leavers(None)
    click.echo(f"Anonymised {done} people; deleted {len(files)} evidence files.")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write a consistent copy of the database to TARGET (safe while POP runs)."""
    from pop.backup import BackupError, backup

    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces all data in the database. Continue?")
@with_appcontext
def restore_command(source: Path) -> None:
    """Replace the database's contents with the backup SOURCE."""
    from pop.backup import BackupError, restore

    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored from {source}.")


def register_commands(app: Flask) -> None:
    for command in (
        setup_command,
        seed_demo_command,
        create_user_command,
        import_people_command,
        anonymise_leavers_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
    from pop.catalogue.cli import catalogue_cli

    app.cli.add_command(catalogue_cli)
    from pop.notifications.cli import send_reminders_command

    app.cli.add_command(send_reminders_command)
    from pop.hr.cli import refresh_hr_totals_command

    app.cli.add_command(refresh_hr_totals_command)
    from pop.scim.cli import scim_token_cli

    app.cli.add_command(scim_token_cli)
    from pop.bench.cli import bench_cli

    app.cli.add_command(bench_cli)
