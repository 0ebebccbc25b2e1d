"""Several workers serve one Accord: a session made by one is honoured by the others; a worker slow to start (a busy
machine) is waited for, not killed and replaced."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from tests import loopback
from tests.e2e.server import COMMITTEE, PASSWORD, ROOT, demo_store, free_port
from tests.process_watch import children
from workspace.cli import main
from workspace.serving import reuse_port_socket
from workspace.settings import Settings
from workspace.web.app import create_app
from workspace.worker import Jobs


def connections_held(pid: int, port: int, state: str = "01") -> int:
    """The connections to `port` that process `pid` has accepted (its sockets in /proc/net/tcp, established); with
    `state="0A"`, its sockets listening on `port`."""
    fds = Path(f"/proc/{pid}/fd")
    inodes = set()
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    held = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state and fields[9] in inodes:
                held += 1
    return held


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
        with loopback.client(base_url=base, timeout=10) as client:
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
                with loopback.client(base_url=base, cookies=client.cookies, timeout=10) as other:
                    assert other.get("/processes", follow_redirects=False).status_code == 200
        key = tmp_path / "secret.key"
        assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
        # Sixteen connections opened at once (a proxy's, a room's) are spread across the workers, each listening on
        # its own socket (workspace/serving.py): on uvicorn's one shared socket, one worker took them all in some runs.
        workers = children(server.pid)
        assert len(workers) == 2
        # Each on its own socket, once it has started: on a busy machine the second may take seconds, and is waited for
        # (workspace/serving.py; uvicorn's supervisor killed one that took over five and started another, so that the
        # worker listed here was gone a moment later).
        deadline = time.monotonic() + 30
        while not all(connections_held(pid, port, "0A") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [connections_held(pid, port, "0A") for pid in workers] == [1, 1]
        opened = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
        try:
            deadline = time.monotonic() + 10
            while sum(held := [connections_held(pid, port) for pid in workers]) < 16 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert sum(held) == 16 and min(held) >= 1, held
        finally:
            for connection in opened:
                connection.close()
        assert children(server.pid) == workers
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert b"died" not in (tmp_path / "server.log").read_bytes()


def test_a_worker_slow_to_start_is_waited_for_not_killed(tmp_path):
    """Its spawned interpreter imports the parent's main module before it can answer the supervisor's health check
    (tests/web/slow_worker.py takes longer than its check's one second): it starts, and the first worker answers."""
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.web.slow_worker", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 20
        answer = None
        with loopback.client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            while answer is None and time.monotonic() < deadline:
                try:
                    answer = client.get("/").text
                except httpx.TransportError:
                    time.sleep(0.05)
        # The worker the supervisor started first is the one that answers, and no other was started in its place
        # (the supervisor's children listed early may hold a helper of the spawn for a moment: its log says which).
        said = (tmp_path / "server.log").read_text()
        started = re.findall(r"Started server process \[(\d+)\]", said)
        assert started == [answer], said
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert "died" not in (tmp_path / "server.log").read_text()


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


def test_several_workers_refuse_an_address_something_listens_on_already(monkeypatch, tmp_path):
    """Their sockets share a port with any other of this user's that asks to (SO_REUSEPORT): a second Accord started
    on the port of a first must fail as one worker does, not share its connections."""
    monkeypatch.setenv("ACCORD_SECRET_KEY", "test-secret-key-0123456789abcdef")
    monkeypatch.setenv("ACCORD_DATABASE_URL", f"sqlite:///{tmp_path / 'accord.db'}")
    for shared in (False, True):  # anything listening there; another Accord's workers
        taken = reuse_port_socket("127.0.0.1", 0, shared=shared)
        taken.listen()
        try:
            port = taken.getsockname()[1]
            result = CliRunner().invoke(main, ["serve", "--port", str(port), "--workers", "2"])
            assert result.exit_code == 1, result.output
            assert f"cannot listen on 127.0.0.1:{port}" in result.output
        finally:
            taken.close()
