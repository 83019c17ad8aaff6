"""POP served on 127.0.0.1 and driven by a real SCIM client (scim2-client over httpx2)."""

import threading

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from werkzeug.serving import make_server

from pop.extensions import db
from pop.scim import tokens


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def scim_secret(app) -> str:
    with app.app_context():
        made = tokens.create_token(None, "Entra ID")
        db.session.commit()
        return made.secret


@pytest.fixture
def http(live_server, scim_secret):
    """A plain HTTP client with the token, for what a SCIM library will not send (bad bodies)."""
    with httpx2.Client(
        base_url=f"{live_server}/scim/v2",
        headers={"Authorization": f"Bearer {scim_secret}"},
        timeout=10,
    ) as client:
        yield client


@pytest.fixture
def scim(http):
    """The SCIM client as a directory uses it: it discovers POP's schemas first."""
    client = SyncSCIMClient(http)
    client.discover()
    return client
