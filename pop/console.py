"""The `pop` command: the Flask command line with POP's application, plus `pop serve`.

It sits on top of the factory (the factory registers the other commands of `pop.cli`), so that
nothing below the factory imports it.
"""

import click
from flask import Flask
from flask.cli import FlaskGroup

from pop import create_app
from pop.database import refresh_statistics
from pop.extensions import db


@click.command("serve")
@click.option("--bind", default="127.0.0.1:8000", show_default=True)
@click.option("--workers", type=int, default=None, help="Default: 2 × cores + 1.")
@click.option("--threads", type=int, default=4, show_default=True)
def serve_command(bind: str, workers: int | None, threads: int) -> None:
    """Serve POP with gunicorn (production)."""
    from pop.serving import PopServer, default_workers

    app = create_app()
    with app.app_context():
        refresh_statistics(db.engine)

    options = {
        "bind": bind,
        "workers": workers or default_workers(),
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 60,
        "keepalive": 5,
    }
    # The master serves the app it has just made (and forks its workers from it).
    PopServer(lambda: app, options).run()


def _create_app() -> Flask:
    return create_app()


main = FlaskGroup(create_app=_create_app, help="POP: personal development plans.")
main.add_command(serve_command)
