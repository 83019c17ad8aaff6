"""pop serve: stops within the grace period, logs requests once, sizes the pool per worker."""

from pop.database import engine_options
from pop.serving import GRACEFUL_TIMEOUT, PopServer
from tests.conftest import make_app


def test_gunicorn_finishes_within_the_grace_and_leaves_request_logging_to_the_app():
    server = PopServer(lambda: None, {"bind": "127.0.0.1:5399", "accesslog": "-"})
    assert server.cfg.graceful_timeout == GRACEFUL_TIMEOUT < 30
    assert server.cfg.accesslog is None


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
