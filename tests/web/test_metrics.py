"""GET /metrics, the request id and the access log, against the real app: the scrape parsed by prometheus-client's own
text parser after real requests; no metrics without ACCORD_METRICS_TOKEN; a request's id from X-Request-ID to its
answer, its JSON log line and the job it leaves."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import subprocess
import sys
import time
from dataclasses import replace

import httpx
import pytest
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from tests import loopback
from tests.e2e.server import ROOT, free_port
from tests.process_watch import children
from tests.web.conftest import token_headers
from workspace.services import outbox
from workspace.services.notifications.outward import Outward
from workspace.store.models import Outbox
from workspace.web.app import create_app

TOKEN = "metrics-token-0123456789"


@pytest.fixture
def scraped(db_url, settings_for):
    """A client of an app that serves /metrics to the holder of TOKEN."""
    app = create_app(replace(settings_for(db_url), metrics_token=TOKEN).with_secret())
    with TestClient(app) as client:
        client.headers["Accept-Language"] = "en"
        yield client


def families(client: TestClient) -> dict[str, object]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/plain; version=1.0.0; charset=utf-8"  # the charset once
    assert response.headers["cache-control"] == "no-store"
    return {family.name: family for family in text_string_to_metric_families(response.text)}


def test_metrics_are_not_served_without_a_token_set(client):
    response = client.get("/metrics")
    unknown = client.get("/no-such-address")
    assert response.status_code == unknown.status_code == 404
    assert response.headers["content-type"] == unknown.headers["content-type"]  # nothing says /metrics is there
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


def test_metrics_refuse_a_missing_or_wrong_token(scraped):
    missing = scraped.get("/metrics")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.headers["content-type"] == "text/plain; charset=utf-8"
    assert "accord_" not in missing.text
    wrong = scraped.get("/metrics", headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"})
    assert wrong.status_code == 403
    assert "accord_" not in wrong.text
    assert scraped.get("/metrics", headers={"Authorization": TOKEN}).status_code == 401  # not a bearer token


def test_a_scrape_after_real_requests_counts_them_by_route_template_and_status(scraped):
    assert scraped.get("/healthz").status_code == 200
    assert scraped.get("/api/processes/no-such-slug").status_code == 401  # anonymous: the API's sign-in first
    assert scraped.get("/no-such-address").status_code == 404
    found = families(scraped)
    requests = found["accord_request_duration_seconds"]
    assert requests.type == "histogram"
    counts = {
        (s.labels["route"], s.labels["method"], s.labels["status"]): s.value
        for s in requests.samples
        if s.name.endswith("_count")
    }
    assert counts[("/healthz", "GET", "200")] >= 1
    assert counts[("/api/processes/{slug}", "GET", "401")] >= 1  # the template, never the slug asked
    assert counts[("unmatched", "GET", "404")] >= 1
    assert not any("no-such" in route for route, _, _ in counts)
    buckets = [s for s in requests.samples if s.name.endswith("_bucket") and s.labels["route"] == "/healthz"]
    assert buckets and buckets[-1].labels["le"] == "+Inf"
    for name, kind in [
        ("accord_event_streams_open", "gauge"),
        ("accord_event_streams_asked", "counter"),
        ("accord_db_pool_checked_out", "gauge"),
        ("accord_mails_sent", "counter"),
        ("accord_mails_failed", "counter"),
        ("accord_renders", "counter"),
        ("accord_job_oldest_age_seconds", "gauge"),
    ]:
        assert found[name].type == kind, name
    assert found["accord_job_oldest_age_seconds"].samples[0].value == 0.0  # nothing waits


def test_a_request_keeps_a_safe_id_and_gets_one_otherwise(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2_x"}).headers["x-request-id"] == "lb-7f3a.2_x"
    for unsafe in ["has space", "a" * 65, 'quote"and<tag>', ""]:
        given = client.get("/healthz", headers={"X-Request-ID": unsafe}).headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", given), unsafe
    first, second = (client.get("/healthz").headers["x-request-id"] for _ in range(2))
    assert first != second


def access_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "accord.access"]


def test_one_json_line_per_request_names_the_route_and_the_account_never_the_address(client, web_people, caplog):
    headers = token_headers(client, web_people.member.email)
    caplog.set_level(logging.INFO, logger="accord.access")
    caplog.clear()
    response = client.get("/api/processes/kutahya", headers={**headers, "X-Request-ID": "req-42"})
    assert response.status_code == 200, response.text
    lines = access_lines(caplog)
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET"
    assert line["route"] == "/api/processes/{slug}"
    assert line["status"] == 200
    assert line["request_id"] == "req-42"
    assert line["user_id"] == web_people.member.id
    assert isinstance(line["duration_ms"], float)
    text = caplog.records[-1].getMessage()
    assert web_people.member.email not in text
    assert headers["Authorization"][7:] not in text
    caplog.clear()
    client.get("/healthz")
    assert "user_id" not in access_lines(caplog)[0]  # nobody signed in


def test_the_request_id_reaches_the_job_the_request_leaves_and_its_log(client, app, web_people, caplog):
    response = client.post(
        "/api/auth/password-reset", json={"email": web_people.member.email}, headers={"X-Request-ID": "reset-1"}
    )
    assert response.status_code == 202, response.text
    assert response.headers["x-request-id"] == "reset-1"
    store = app.state.db
    with store() as tx:
        entries = [
            e for e in tx.scalars(select(Outbox).where(Outbox.kind == "mail")) if e.data["template"] == "password_reset"
        ]
    assert [entry.data["request_id"] for entry in entries] == ["reset-1"]
    caplog.set_level(logging.INFO, logger="accord.outbox")
    settings = app.state.settings
    outbox.relay(store, Outward(settings.public_url, settings.secret_key))
    taken = [r.getMessage() for r in caplog.records if r.name == "accord.outbox"]
    assert any(f"outbox entry {entries[0].id} (mail) of request reset-1 taken" in line for line in taken), taken


def test_several_workers_answer_a_scrape_with_the_sum_of_all_of_them(sqlite_url, tmp_path):
    """`accord serve --workers 2`: connections land on either worker, and so does Prometheus's scrape; every scrape
    counts every worker's requests (prometheus-client's multiprocess mode, in the folder named here)."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROMETHEUS_")} | {
        "ACCORD_DATABASE_URL": sqlite_url,
        "ACCORD_SECRET_KEY": "workers-share-this-key-0123456789",
        "ACCORD_METRICS_TOKEN": TOKEN,
        "ACCORD_JOBS_IN_PROCESS": "false",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "workspace.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base, scrape = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {TOKEN}"}
    answered = 0  # the /healthz requests answered 200, by whichever worker

    def writers() -> set[str]:
        return {path.stem.rsplit("_", 1)[1] for path in folder.glob("histogram_*.db")}

    try:
        # Until both workers have answered (each writes its own file): each request on a connection of its own, which
        # the kernel hands to either worker; a worker slow to start (a busy machine) is restarted by uvicorn meanwhile.
        deadline = time.monotonic() + 90
        while len(writers()) < 2 or answered < 20:
            assert time.monotonic() < deadline, f"workers that answered: {writers()}"
            with contextlib.suppress(httpx.TransportError), loopback.client(base_url=base, timeout=10) as client:
                answered += client.get("/healthz").status_code == 200
                continue
            time.sleep(0.05)
        for _ in range(6):  # each scrape on a connection of its own: answered by either worker
            with loopback.client(base_url=base, timeout=10) as client:
                text = client.get("/metrics", headers=scrape).text
            counts = {
                sample.labels["route"]: sample.value
                for family in text_string_to_metric_families(text)
                if family.name == "accord_request_duration_seconds"
                for sample in family.samples
                if sample.name.endswith("_count") and sample.labels["status"] == "200"
            }
            assert counts["/healthz"] == answered  # every worker's requests, whichever worker answered the scrape
        assert len(children(server.pid)) == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
