"""Prometheus metrics at `/metrics`: requests and latency per route, the database pool, job runs.

Only addresses in METRICS_ALLOWED_ADDRESSES (networks too) or a request with
`Authorization: Bearer <METRICS_TOKEN>` may read them. Under gunicorn set
PROMETHEUS_MULTIPROC_DIR (the systemd unit does) so that every worker's figures are added up.
"""

import hmac
import ipaddress
import os
import time

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import Pool

from pop.extensions import db

REQUESTS = Counter(
    "pop_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "pop_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
POOL_CHECKED_OUT = Gauge(
    "pop_db_pool_checked_out",
    "Database connections in use",
    multiprocess_mode="livesum",
)
POOL_OPEN = Gauge(
    "pop_db_pool_connections", "Database connections open", multiprocess_mode="livesum"
)
DATABASE_FAILURES = Counter(
    "pop_db_unavailable_total", "Requests answered 503 because the database was away"
)


class JobRunCollector:
    """Job runs of every node, read from the job_run table when scraped."""

    def collect(self):
        from pop.models import JobRun

        runs = CounterMetricFamily(
            "pop_job_runs", "Runs of scheduled jobs, by outcome", labels=["job", "outcome"]
        )
        last = GaugeMetricFamily(
            "pop_job_last_finished_timestamp_seconds",
            "When a job last finished, by outcome",
            labels=["job", "outcome"],
        )
        try:
            rows = db.session.execute(
                select(JobRun.name, JobRun.outcome, func.count(), func.max(JobRun.finished_at))
                .where(JobRun.finished_at.is_not(None))
                .group_by(JobRun.name, JobRun.outcome)
            ).all()
        except SQLAlchemyError:
            db.session.rollback()
            rows = []
        for name, outcome, count, finished_at in rows:
            runs.add_metric([name, outcome], count)
            last.add_metric([name, outcome], finished_at.timestamp() if finished_at else 0)
        yield runs
        yield last


def allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in current_app.config["METRICS_ALLOWED_ADDRESSES"]
    )


def metrics_view():
    if not allowed():
        abort(403)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    jobs = CollectorRegistry()
    jobs.register(JobRunCollector())
    return Response(generate_latest(registry) + generate_latest(jobs), mimetype=CONTENT_TYPE_LATEST)


@event.listens_for(Pool, "connect")
def _opened(*_args) -> None:
    POOL_OPEN.inc()


@event.listens_for(Pool, "close")
def _closed(*_args) -> None:
    POOL_OPEN.dec()


@event.listens_for(Pool, "checkout")
def _checked_out(*_args) -> None:
    POOL_CHECKED_OUT.inc()


@event.listens_for(Pool, "checkin")
def _checked_in(*_args) -> None:
    POOL_CHECKED_OUT.dec()


def init_app(app: Flask) -> None:
    app.add_url_rule("/metrics", "metrics", metrics_view)

    @app.before_request
    def _start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _count(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule else "unmatched"
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        started = g.get("metrics_started")
        if started is not None:
            LATENCY.labels(route).observe(time.perf_counter() - started)
        if g.get("failure"):
            DATABASE_FAILURES.inc()
        return response
