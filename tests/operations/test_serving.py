"""pop serve: stops within the grace period, logs requests once, sizes the pool per worker, and
forks its workers from an app loaded once."""

import gc
import time

from sqlalchemy import text

from pop.database import engine_options
from pop.extensions import db
from pop.serving import GRACEFUL_TIMEOUT, PopServer, _ready_to_fork
from tests.conftest import make_app
from tests.served import pop_serve


def test_gunicorn_finishes_within_the_grace_and_leaves_request_logging_to_the_app():
    server = PopServer(lambda: None, {"bind": "127.0.0.1:5399", "accesslog": "-"})
    assert server.cfg.graceful_timeout == GRACEFUL_TIMEOUT < 30
    assert server.cfg.accesslog is None


def test_a_node_opens_no_control_socket_and_stops_within_the_grace(tmp_path):
    log = tmp_path / "serve.log"
    with pop_serve(f"sqlite:///{tmp_path / 'pop.sqlite'}", log, workers=1, threads=1):
        stopping = time.monotonic()  # leaving the block stops it (SIGTERM, by its pid)
    stopped_in = time.monotonic() - stopping
    assert "Control socket" not in log.read_text()
    assert stopped_in < GRACEFUL_TIMEOUT, f"an idle pop serve took {stopped_in:.1f} s to stop"


def test_the_postgresql_pool_follows_the_configured_size(tmp_path):
    assert engine_options("postgresql+psycopg://pop@db/pop", pool_size=4, max_overflow=2) == {
        "pool_pre_ping": True,
        "pool_size": 4,
        "max_overflow": 2,
        "pool_recycle": 1800,
        "pool_timeout": 10,
    }
    app = make_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://pop@127.0.0.1:9/pop",
        DB_POOL_SIZE=3,
        DB_MAX_OVERFLOW=1,
    )
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert (options["pool_size"], options["max_overflow"]) == (3, 1)


def test_the_app_is_loaded_before_the_fork_with_no_connection_for_a_worker_to_inherit(tmp_path):
    """`pop serve` loads the app in the master (the workers share its memory); the master's
    pooled connections are closed first, and what it built is frozen out of the collector."""
    assert PopServer(lambda: None, {"bind": "127.0.0.1:5399"}).cfg.preload_app
    app = make_app(tmp_path)
    with app.app_context():
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert db.engine.pool.checkedin() == 1
    try:
        _ready_to_fork(app)
        with app.app_context():
            assert db.engine.pool.checkedin() == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
