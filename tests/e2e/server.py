"""The real Accord server in a subprocess, on a temporary SQLite store with the demo process."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM
from workspace.store import migrate
from workspace.store.db import make_store

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "drafts" / "kutahya-2021"
COMMITTEE = "comite@demo.accord"
PASSWORD = "e2e password 123"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    pid: int = 0  # the server's process (its memory: /proc/<pid>/status)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_DEMOS: dict[tuple, Path] = {}
"""This process's demo databases, one per password hasher: migrating and importing the demo takes a second
of CPU (several on a busy machine), a copy of the file milliseconds."""


def demo_store(folder: Path, *people: str) -> str:
    """A migrated SQLite file holding the demo process, and the e2e password for its committee member and for each of
    `people` (e-mails of the demo's people), hashed as the hasher in use hashes: the tests' quick one, or the real
    one."""
    hasher = accounts.passwords.Hashing.hasher
    key = (type(hasher), *(getattr(hasher, name, None) for name in ("time_cost", "memory_cost", "parallelism")))
    if key not in _DEMOS:
        folder_made = tempfile.mkdtemp(prefix="accord-demo-")
        atexit.register(shutil.rmtree, folder_made, True)
        made = Path(folder_made) / "demo.db"
        url = f"sqlite:///{made}"
        migrate.upgrade(url)
        store = make_store(url)
        try:
            transfer.import_folder(store, None, DEMO)
            accounts.set_password(store, SYSTEM, COMMITTEE, PASSWORD)
        finally:
            store.dispose()
        _DEMOS[key] = made
    target = folder / "accord.db"
    with closing(sqlite3.connect(_DEMOS[key])) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # whole and consistent, whatever a journal held
    if people:
        store = make_store(f"sqlite:///{target}")
        try:
            for email in people:
                accounts.set_password(store, SYSTEM, email, PASSWORD)
        finally:
            store.dispose()
    return f"sqlite:///{target}"


class Forked:
    """A server forked by this test process's zygote (tests/e2e/zygote.py), as `subprocess.Popen` is used here. It
    is the zygote's child, reaped by the kernel when it exits: it runs while /proc has its pid."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            state = "gone"
        if state in ("gone", "Z", "X"):
            self.returncode = -1 if self.returncode is None else self.returncode
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"server {self.pid}", timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def _signal(self, number: int) -> None:
        with suppress(ProcessLookupError):
            os.kill(self.pid, number)


_ZYGOTE: list[subprocess.Popen[str]] = []


def forked_server(env: dict[str, str], log: Path, factory: str, port: int, argv: list[str] | None = None) -> Forked:
    """uvicorn serving `factory` on `port`, or the command `accord` with `argv`, forked from the zygote (started at the
    first call of this process)."""
    if not _ZYGOTE or _ZYGOTE[0].poll() is not None:
        _ZYGOTE[:] = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.e2e.zygote"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        ]
        atexit.register(_ZYGOTE[0].kill)
    zygote = _ZYGOTE[0]
    assert zygote.stdin is not None and zygote.stdout is not None
    request = {"env": env, "cwd": str(ROOT), "log": str(log), "factory": factory, "port": port, "argv": argv}
    zygote.stdin.write(json.dumps(request))
    zygote.stdin.write("\n")
    zygote.stdin.flush()
    return Forked(int(zygote.stdout.readline()))


def _wait(url: str, process: subprocess.Popen[bytes] | Forked, log: Path, timeout: float = 30.0) -> None:
    """Until the server answers its sign-in page. A refused connection is tried again after 20 ms (it
    costs nothing), so a test starts as soon as the server listens, not up to a fifth of a second later."""
    deadline = time.monotonic() + timeout
    host, port = url.removeprefix("http://").rsplit(":", 1)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection((host, int(port)), timeout=2).close()
            with urllib.request.urlopen(f"{url}/signin", timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def hashing_quickly() -> bool:
    """Whether this process hashes passwords with the tests' quick parameters (tests/conftest.py)."""
    from tests.integration.support import QUICK_HASHER

    hasher = accounts.passwords.Hashing.hasher
    return all(
        getattr(hasher, name, None) == getattr(QUICK_HASHER, name)
        for name in ("time_cost", "memory_cost", "parallelism", "hash_len", "salt_len")
    )


def quick_app():  # type: ignore[no-untyped-def]
    """uvicorn's factory for a server started by a test that hashes quickly: the app, hashing as that test
    does. At the real cost, a burst of sign-ins or password resets spends most of a test's time hashing,
    and every first sign-in rehashes the quick hash the test stored
    (tests/integration/services/accounts/test_accounts.py checks the real cost)."""
    from tests.integration.support import QUICK_HASHER
    from workspace.web.app import app_from_env

    accounts.passwords.Hashing.use(QUICK_HASHER)
    if seconds := os.environ.get("ACCORD_TEST_STREAM_CHECK_SECONDS"):  # a test waiting for a stream's periodic look
        from workspace.web import live

        live.CHECK_SECONDS = float(seconds)
    return app_from_env()


@contextmanager
def running_server(
    folder: Path,
    database_url: str | None = None,
    *,
    cli: bool = False,
    name: str = "server",
    port: int | None = None,
    args: tuple[str, ...] = (),
    **env_extra: str,
) -> Iterator[Server]:
    """uvicorn serving the app factory on `port` or a free one (the demo on SQLite unless a database is
    given), hashing passwords as the calling test does, or with `cli`, `accord serve` itself (hashing at the
    real cost, forked from the zygote as the other servers are); always stopped on the way out."""
    database_url = database_url or demo_store(folder)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ACCORD_DATABASE_URL": database_url,
        "ACCORD_SECRET_KEY": "e2e-secret-key-0123456789abcdef",
        # Stopped when its test is done: nothing is under way by then, and a second is grace enough (the streams its
        # pages hold end at once: web/stopping.py; uvicorn alone would wait for ever for what else is open).
        "ACCORD_SHUTDOWN_SECONDS": "1",
        **env_extra,
    }
    log = folder / f"{name}.log"
    factory = "tests.e2e.server:quick_app" if hashing_quickly() else "workspace.web.app:app_from_env"
    argv = ["serve", "--host", "127.0.0.1", "--port", str(port), *args] if cli else None
    process = forked_server(env, log, factory, port, argv)
    try:
        _wait(url, process, log)
        yield Server(url, log, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # What the server started and left behind (the pool of processes that read files: a server killed by a
        # test cannot stop it), idle but holding memory after the suite: its process group goes too.
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


def chromium_or_skip() -> None:
    """Skip the calling test module when there is no Chromium, unless CI requires one (then fail)."""
    from tests import needs

    if not Path(CHROMIUM).exists():
        needs.absent("chromium", f"no Chromium at {CHROMIUM} (Debian's chromium package)", module=True)


def session_headers(url: str, email: str, password: str = PASSWORD) -> dict[str, str]:
    """The Cookie header of a browser signed in as `email` over HTTP (the sign-in form, its token and all)."""
    import re

    import httpx

    with httpx.Client(base_url=url, timeout=30) as browser:
        form = browser.get("/signin").text
        token = re.search(r'name="_csrf_token" value="([^"]+)"', form)
        assert token is not None
        answer = browser.post("/signin", data={"email": email, "password": password, "_csrf_token": token.group(1)})
        assert answer.status_code in (200, 303), answer.text
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items())}


def signed_in(browser, url: str, email: str, locale: str = "es-ES"):
    """A new page of `browser` signed in as `email` (the e2e password), on the process list."""
    page = browser.new_page(locale=locale, accept_downloads=True)
    page.goto(f"{url}/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/processes")
    return page
