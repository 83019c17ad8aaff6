"""Flask extensions, made once here and bound to an app in the factory."""

import click
from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from pop.translation import RequestBabel


class Base(DeclarativeBase):
    # Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class _MigrationsOnFirstUse:
    """What `app.extensions["migrate"]` holds until something migrates: the directory and the
    database at once, Flask-Migrate's own configuration built when first asked for."""

    def __init__(self, app: Flask, database: SQLAlchemy, directory: str) -> None:
        self.app, self.db, self.directory = app, database, directory
        self._bound = None

    def __getattr__(self, name: str):
        # Only for what is not set above: Flask-Migrate's `migrate`, `configure_args`, ...
        if self._bound is None:
            from flask_migrate import Migrate

            Migrate(self.app, self.db, directory=self.directory)
            self._bound = self.app.extensions["migrate"]
        return getattr(self._bound, name)


class _FlaskMigrateCommands(click.Group):
    """The subcommands of Flask-Migrate's `db` group, imported when the command line asks."""

    @staticmethod
    def _flask_migrate_group() -> click.Group:
        from flask_migrate.cli import db as commands

        return commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._flask_migrate_group().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._flask_migrate_group().get_command(ctx, name)


@click.group("db", cls=_FlaskMigrateCommands)
@click.option("-d", "--directory", default=None, help="Migration script directory.")
@click.option(
    "-x", "--x-arg", multiple=True, help="Additional arguments consumed by custom env.py scripts"
)
def _db_commands(directory: str | None, x_arg: tuple[str, ...]) -> None:
    """Perform database migrations."""
    group = _FlaskMigrateCommands._flask_migrate_group()
    click.get_current_context().invoke(group.callback, directory=directory, x_arg=x_arg)


class DeferredMigrate:
    """Flask-Migrate, bound when something migrates: `flask_migrate.upgrade()`, the `db`
    commands and the migrations' env.py find it in app.extensions["migrate"] as usual, while a
    web worker, which never migrates, never imports Alembic and Mako (some 12 MB a worker)."""

    def init_app(self, app: Flask, database: SQLAlchemy, directory: str) -> None:
        app.extensions["migrate"] = _MigrationsOnFirstUse(app, database, directory)
        app.cli.add_command(_db_commands)


db = SQLAlchemy(model_class=Base)
migrate = DeferredMigrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = RequestBabel()
