"""What operators see: JSON request logs, Prometheus metrics, readiness, the 503 page."""

from flask import Flask


def init_app(app: Flask) -> None:
    from pop.observability import health, logs, metrics, unavailable

    logs.init_app(app)
    metrics.init_app(app)
    health.init_app(app)
    unavailable.init_app(app)
