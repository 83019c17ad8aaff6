"""Structured logs: one JSON object a line, each request's line with its id, user, route,
status and duration; the request id is taken from X-Request-ID and returned in it.
"""

import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request, session
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestContext(logging.Filter):
    """Adds the request id, user id and route to every record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = g.get("request_id")
            # From the session, not current_user: logging must never touch the database.
            record.user_id = _user_id()
            record.route = request.url_rule.rule if request.url_rule else None
        return True


def _user_id() -> int | None:
    value = session.get("_user_id")
    return int(value) if isinstance(value, str) and value.isdigit() else None


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment (gunicorn and pytest replace it)."""

    is_pop_handler = True

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def json_formatter() -> JsonFormatter:
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


def init_app(app: Flask) -> None:
    logger = app.logger
    for handler in [h for h in logger.handlers if getattr(h, "is_pop_handler", False)]:
        logger.removeHandler(handler)
    if app.config["LOG_FORMAT"] == "json":
        handler = _StderrHandler()
        handler.setFormatter(json_formatter())
        handler.addFilter(RequestContext())
        from flask.logging import default_handler

        logger.removeHandler(default_handler)
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(app.config["LOG_LEVEL"])

    @app.before_request
    def _start_request() -> None:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if _ACCEPTABLE_ID.fullmatch(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response: Response) -> Response:
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
        failure = g.get("failure")
        app.logger.log(
            logging.ERROR if failure else logging.INFO,
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                **({"error": failure} if failure else {}),
            },
        )
        return response
