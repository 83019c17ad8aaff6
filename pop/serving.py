"""`pop serve`: the application under gunicorn, with workers and threads that suit the machine.

A stopped node finishes its requests within GRACEFUL_TIMEOUT seconds (under systemd's usual 30 s
grace). Requests are logged by the app itself as JSON (pop.observability.logs), so gunicorn's
access log is off. Each worker keeps its own database pool: DB_POOL_SIZE (+ DB_MAX_OVERFLOW)
connections, so a node needs workers × (pool + overflow) of PostgreSQL's max_connections.
"""

import os

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    # gunicorn's rule of thumb; each worker also runs `threads` threads for I/O waits.
    return 2 * (os.cpu_count() or 1) + 1


GRACEFUL_TIMEOUT = 25
# gunicorn 25+ opens a control socket (~/.gunicorn/gunicorn.ctl, one path for every instance of
# the user) that POP does not use, and waits up to 4 s for its thread at every stop.
DEFAULTS = {"graceful_timeout": GRACEFUL_TIMEOUT, "control_socket_disable": True}


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
        return self.app_factory()
