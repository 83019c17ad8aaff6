"""`pop serve`: the application under gunicorn, with workers and threads that suit the machine."""

import os

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    # gunicorn's rule of thumb; each worker also runs `threads` threads for I/O waits.
    return 2 * (os.cpu_count() or 1) + 1


class PopServer(BaseApplication):
    def __init__(self, app_factory, options: dict):
        self.app_factory = app_factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None and key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self):
        return self.app_factory()
