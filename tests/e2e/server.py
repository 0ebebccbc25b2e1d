"""The real Accord server in a subprocess, on a temporary SQLite store with the demo process."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
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


def demo_store(folder: Path) -> str:
    """A migrated SQLite file holding the demo process, and a password for its committee member (hashed
    as the hasher in use hashes: the tests' quick one, or the real one)."""
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
    return f"sqlite:///{target}"


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
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
    and every first sign-in rehashes the quick hash the test stored (tests/integration/services/test_accounts.py
    checks the real cost)."""
    from tests.integration.support import QUICK_HASHER
    from workspace.web.app import app_from_env

    accounts.passwords.Hashing.use(QUICK_HASHER)
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
    real cost); always stopped on the way out."""
    database_url = database_url or demo_store(folder)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ACCORD_DATABASE_URL": database_url,
        "ACCORD_SECRET_KEY": "e2e-secret-key-0123456789abcdef",
        **env_extra,
    }
    log = folder / f"{name}.log"
    factory = "tests.e2e.server:quick_app" if hashing_quickly() else "workspace.web.app:app_from_env"
    command = (
        [sys.executable, "-m", "workspace.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
        if cli
        else [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-proxy-headers",
        ]
    )
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
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


def chromium_or_skip() -> None:
    """Skip the calling test module when there is no Chromium, unless CI requires one (then fail)."""
    from tests import needs

    if not Path(CHROMIUM).exists():
        needs.absent("chromium", f"no Chromium at {CHROMIUM} (Debian's chromium package)", module=True)


def signed_in(browser, url: str, email: str, locale: str = "es-ES"):
    """A new page of `browser` signed in as `email` (the e2e password), on the process list."""
    page = browser.new_page(locale=locale, accept_downloads=True)
    page.goto(f"{url}/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/processes")
    return page
