"""`pop scim-token create NAME` and `pop scim-token revoke NAME`: tokens for automation."""

import click
from flask.cli import AppGroup

from pop.extensions import db
from pop.scim import tokens

scim_token_cli = AppGroup("scim-token", help="Make or revoke the bearer tokens of SCIM.")


@scim_token_cli.command("create")
@click.argument("name")
def create_command(name: str) -> None:
    """Make a token named NAME; the token itself is printed once, on the last line."""
    try:
        made = tokens.create_token(None, name)
    except tokens.TokenError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created SCIM token '{made.token.name}'. Store it now; POP keeps only its hash:")
    click.echo(made.secret)


@scim_token_cli.command("revoke")
@click.argument("name")
def revoke_command(name: str) -> None:
    """Revoke the valid token named NAME: the directory using it is refused from now on."""
    token = tokens.active_token_named(name)
    if token is None:
        raise click.ClickException(f"There is no valid SCIM token named '{name}'.")
    tokens.revoke_token(None, token)
    db.session.commit()
    click.echo(f"Revoked SCIM token '{token.name}'.")
