"""`pop serve`: the application under gunicorn, with workers and threads that suit the machine.

A stopped node finishes its requests within GRACEFUL_TIMEOUT seconds (under systemd's usual 30 s
grace). Requests are logged by the app itself as JSON (pop.observability.logs), so gunicorn's
access log is off. Each worker keeps its own database pool: DB_POOL_SIZE (+ DB_MAX_OVERFLOW)
connections, so a node needs workers × (pool + overflow) of PostgreSQL's max_connections.

The app is loaded once, in the master, before the workers are forked (`preload_app`): the
workers share its memory (the libraries, the models, the compiled templates) until one of them
writes to a page, instead of each importing and building it all again. Before the fork the
master closes its database connections, so that no worker inherits one, and freezes what it has
built out of the garbage collector's reach, so that collections in a worker do not touch (and so
copy) those pages. New code therefore needs a restart of `pop serve`, not a reload (HUP).
"""

import gc
import os

from gunicorn.app.base import BaseApplication

from pop.extensions import db


def default_workers() -> int:
    # gunicorn's rule of thumb; each worker also runs `threads` threads for I/O waits.
    return 2 * (os.cpu_count() or 1) + 1


GRACEFUL_TIMEOUT = 25
# gunicorn 25+ opens a control socket (~/.gunicorn/gunicorn.ctl, one path for every instance of
# the user) that POP does not use, and waits up to 4 s for its thread at every stop.
DEFAULTS = {
    "graceful_timeout": GRACEFUL_TIMEOUT,
    "control_socket_disable": True,
    "preload_app": True,
}


def _forget_worker_metrics(server, worker) -> None:
    """With PROMETHEUS_MULTIPROC_DIR, drop a dead worker's live gauges (pool connections)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


class PopServer(BaseApplication):
    def __init__(self, app_factory, options: dict):
        self.app_factory = app_factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in {**DEFAULTS, **self.options}.items():
            if value is not None and key in self.cfg.settings:
                self.cfg.set(key, value)
        self.cfg.set("accesslog", None)  # the app logs each request as one JSON line
        self.cfg.set("child_exit", _forget_worker_metrics)

    def load(self):
        app = self.app_factory()
        if self.cfg.preload_app:
            _ready_to_fork(app)
        return app


def _ready_to_fork(app) -> None:
    """Close the master's database connections and freeze its objects before the workers fork."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()
    gc.collect()
    gc.freeze()
