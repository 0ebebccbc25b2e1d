"""GET /healthz and GET /readyz against the real app: a probe that reads nothing, and one that names what is not
ready (a Redis where nothing listens, a database one migration behind), each check within its timeout."""

from __future__ import annotations

import shutil
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import TestClient

from workspace.store import migrate
from workspace.web.app import create_app
from workspace.web.health import CHECK_SECONDS


def closed_port() -> int:
    """A port of this machine where nothing listens (bound once by us, then let go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_healthz_answers_without_anything_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"]  # the security headers of every answer


def test_readyz_is_ready_on_a_migrated_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ready"] is True
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["storage"].startswith("ok")
    assert "redis" not in body["checks"]  # none configured: nothing to check
    assert response.headers["cache-control"] == "no-store"


def test_readyz_names_redis_when_nothing_listens_there(db_url, settings_for):
    settings = replace(settings_for(db_url), redis_url=f"redis://127.0.0.1:{closed_port()}/0").with_secret()
    app = create_app(settings)
    with TestClient(app) as client:
        started = time.monotonic()
        response = client.get("/readyz")
        took = time.monotonic() - started
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["ready"] is False
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("unreachable: ")
    assert took < CHECK_SECONDS + 2  # a service down never holds the probe longer than its timeout


def test_readyz_names_the_database_one_migration_behind(sqlite_url, settings_for, tmp_path: Path):
    behind = tmp_path / "behind.db"
    shutil.copy(sqlite_url.removeprefix("sqlite:///"), behind)
    url = f"sqlite:///{behind}"
    migrate.downgrade(url, "-1")
    app = create_app(settings_for(url))
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503, response.text
    checks = response.json()["checks"]
    assert checks["database"].startswith("migrations not at head: at ")
    assert "accord db upgrade" in checks["database"]
    assert next(iter(migrate.heads())) in checks["database"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_not_in_the_api_document(client, path):
    assert path not in client.get("/schema/openapi.json").json()["paths"]
