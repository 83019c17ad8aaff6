"""JSON request logs with the request id, and Prometheus metrics for allowed readers only."""

import json

import pytest


def _request_lines(captured: str) -> list[dict]:
    records = [json.loads(line) for line in captured.strip().splitlines()]
    return [record for record in records if record["message"] == "request"]


def test_each_request_is_one_json_line_with_its_id_route_status_and_duration(client, capsys):
    capsys.readouterr()
    response = client.get("/auth/login", headers={"X-Request-ID": "lb-1234.abc"})
    assert response.headers["X-Request-ID"] == "lb-1234.abc"
    [line] = _request_lines(capsys.readouterr().err)
    assert line["request_id"] == "lb-1234.abc"
    assert line["route"] == "/auth/login"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["user_id"] is None
    assert line["level"] == "INFO"
    assert line["logger"] == "pop"
    assert isinstance(line["duration_ms"], float)
    assert line["time"]


def test_an_unusable_request_id_is_replaced(client, capsys):
    capsys.readouterr()
    response = client.get("/auth/login", headers={"X-Request-ID": "bad id\twith spaces"})
    generated = response.headers["X-Request-ID"]
    assert len(generated) == 32
    assert generated.isalnum()
    [line] = _request_lines(capsys.readouterr().err)
    assert line["request_id"] == generated


def test_the_log_line_names_the_signed_in_user(client, org, login, capsys):
    login(org.employee)
    capsys.readouterr()
    client.get("/", headers={"X-Request-ID": "r-2"})
    [line] = _request_lines(capsys.readouterr().err)
    assert line["user_id"] == org.employee
    assert line["route"] == "/"


def test_metrics_count_requests_per_route(client):
    client.get("/auth/login")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert 'pop_http_requests_total{method="GET",route="/auth/login",status="200"}' in text
    assert 'pop_http_request_duration_seconds_bucket{le="0.01",route="/auth/login"}' in text
    assert "pop_db_pool_checked_out" in text


def test_metrics_count_job_runs_of_every_node(app, client, runner, tmp_path):
    app.config["MAIL_OUTBOX_FOLDER"] = str(tmp_path / "outbox")
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    text = client.get("/metrics").get_data(as_text=True)
    assert 'pop_job_runs_total{job="send-reminders",outcome="ok"} 1.0' in text


@pytest.mark.parametrize(
    ("address", "headers", "status"),
    [
        ("203.0.113.9", {}, 403),
        ("203.0.113.9", {"Authorization": "Bearer wrong"}, 403),
        ("203.0.113.9", {"Authorization": "Bearer s3cret-metrics-token"}, 200),
        ("10.20.30.40", {}, 200),  # inside an allowed network
    ],
)
def test_metrics_only_for_allowed_addresses_or_the_token(app, address, headers, status):
    app.config["METRICS_TOKEN"] = "s3cret-metrics-token"
    app.config["METRICS_ALLOWED_ADDRESSES"] = ("127.0.0.1", "10.20.0.0/16")
    response = app.test_client().get(
        "/metrics", headers=headers, environ_base={"REMOTE_ADDR": address}
    )
    assert response.status_code == status
