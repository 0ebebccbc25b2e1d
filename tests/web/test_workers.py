"""Several workers serve one Accord: a session made by one is honoured by the others."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx
from click.testing import CliRunner

from tests.e2e.server import COMMITTEE, PASSWORD, ROOT, demo_store, free_port
from workspace.cli import main
from workspace.settings import Settings
from workspace.web.app import create_app
from workspace.worker import Jobs


def test_two_workers_without_a_configured_key_share_the_one_kept_beside_the_database(tmp_path):
    url = demo_store(tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_SECRET_KEY"} | {"ACCORD_DATABASE_URL": url}
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "workspace.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(1000):  # for 20 s at least, as before
                try:
                    if client.get("/signin").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.02)  # a refused connection costs nothing: on as soon as it listens
            form = client.get("/signin").text
            token = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
            signed = client.post("/signin", data={"email": COMMITTEE, "password": PASSWORD, "_csrf_token": token})
            assert signed.status_code in (200, 303), signed.text
            # New connections land on either worker; every one must know the session.
            for _ in range(30):
                with httpx.Client(base_url=base, cookies=client.cookies, timeout=10) as other:
                    assert other.get("/processes", follow_redirects=False).status_code == 200
        key = tmp_path / "secret.key"
        assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_several_workers_on_postgresql_need_a_configured_key(monkeypatch):
    monkeypatch.delenv("ACCORD_SECRET_KEY", raising=False)
    monkeypatch.setenv("ACCORD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    result = CliRunner().invoke(main, ["serve", "--workers", "3"])
    assert result.exit_code == 1
    assert "ACCORD_SECRET_KEY" in result.output


def test_the_web_app_and_the_worker_share_the_secret_kept_beside_the_database(tmp_path):
    settings = Settings.from_env({}, database_url=f"sqlite:///{tmp_path / 'accord.db'}", jobs_in_process=False)
    app = create_app(settings)
    jobs = Jobs(settings, app.state["db"])
    key = (tmp_path / "secret.key").read_text().strip()
    assert app.state["settings"].secret_key == jobs.settings.secret_key == jobs.out.secret == key
