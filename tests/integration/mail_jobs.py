"""Helpers for the tests and benchmarks of mail on the job queue: a process with many members made
quickly, the queue each backend uses (an SQLite file beside an SQLite database, Redis beside
PostgreSQL), and `accord worker` processes started, killed and stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from tests import needs
from tests.integration.support import QUICK_HASHER
from workspace.domain.consultations.consultations import ProcessDraft
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import accounts, processes
from workspace.services.actor import SYSTEM, Actor
from workspace.services.declaration import importing
from workspace.settings import ROOT, Settings
from workspace.store.db import Store
from workspace.store.models import MailMessage, Membership, Process, User

REDIS = "redis://127.0.0.1:6379/0"
SECRET = "mail-jobs-secret-0123456789abcdef"
TEXT = """---
label: "Borrador cero"
date: "2021-09-06"
---
# Preámbulo

Reconociendo que las ciudades intermedias son polos de intermediación.

1. Nos comprometemos a fortalecer la gobernanza multinivel.
"""


def redis_or_skip() -> None:
    needs.redis_server(REDIS)


def queue_url(db_url: str, folder: Path) -> str:
    """SQLite database: a queue file of its own; PostgreSQL: Redis (the queue is named after the
    database, which each test makes afresh, so parallel runs never share one)."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{folder / 'queue.db'}"
    redis_or_skip()
    return REDIS


def settings_of(db_url: str, smtp_url: str, queue: str, **extra: object) -> Settings:
    return Settings.from_env(
        {}, database_url=db_url, secret_key=SECRET, smtp_url=smtp_url, queue_url=queue, jobs_in_process=False, **extra
    )


def crowded_process(store: Store, slug: str, members: int) -> Actor:
    """Process `slug` with a committee member (returned) and `members` members (member-0@… …), the
    members inserted in one statement each: accounts made through the services would take minutes."""
    accounts.add_user(store, SYSTEM, f"chair-{slug}@example.org", "Chair", "correct horse battery")
    chair = accounts.authenticate(store, f"chair-{slug}@example.org", "correct horse battery")
    processes.create_process(
        store,
        chair,
        ProcessDraft(
            slug=slug,
            titles={"es": "Declaración", "en": "Declaration", "fr": "Déclaration"},
            source_language="es",
            languages=("es", "en", "fr"),
            timezone="Europe/Madrid",
            places={"es": "Madrid, España", "en": "Madrid, Spain", "fr": "Madrid, Espagne"},
        ),
    )
    password = QUICK_HASHER.hash("correct horse battery")
    with store.writer.begin() as tx:
        process_id = tx.scalar(select(Process.id).where(Process.slug == slug))
        ids = list(
            tx.scalars(
                insert(User).returning(User.id, sort_by_parameter_order=True),
                [
                    {"email": f"member-{n}@{slug}.example.org", "name": f"Member {n}", "password_hash": password}
                    for n in range(members)
                ],
            )
        )
        tx.execute(
            insert(Membership),
            [
                {"process_id": process_id, "user_id": uid, "role": "member", "languages": [], "reviews": []}
                for uid in ids
            ],
        )
    return chair


def circulate(store: Store, chair: Actor, slug: str) -> None:
    """The first version of `slug`, circulated: one mail to each member, through the outbox."""
    importing.import_version(store, chair, slug, ImportVersion(filename="zero.md", text=TEXT))


def mail_states(store: Store) -> Counter[str]:
    with store() as tx:
        rows = tx.execute(select(MailMessage.state, func.count()).group_by(MailMessage.state)).all()
        return Counter(dict(rows))


def wait_until_sent(store: Store, n: int, timeout: float) -> float:
    """Seconds until `n` mails are marked sent; fails the test after `timeout`."""
    start = time.monotonic()
    while (sent := mail_states(store)["sent"]) < n:
        if time.monotonic() - start > timeout:
            pytest.fail(f"{sent} of {n} mails sent in {timeout} s: {dict(mail_states(store))}")
        time.sleep(0.05)
    return time.monotonic() - start


@dataclass
class Worker:
    """One `accord worker` process; its output in `log`."""

    settings: Settings
    log: Path
    concurrency: int = 4
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def env(self) -> dict[str, str]:
        s = self.settings
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "ACCORD_DATABASE_URL": s.database_url,
            "ACCORD_SECRET_KEY": s.secret_key,
            "ACCORD_SMTP_URL": s.smtp_url,
            "ACCORD_QUEUE_URL": s.queue_url,
            "ACCORD_JOB_LEASE_SECONDS": str(s.job_lease_seconds),
            "ACCORD_MAIL_RETRY_SECONDS": str(s.mail_retry_seconds),
        }

    def start(self) -> Worker:
        """Start, and return once the worker took the queue (it prints its banner first)."""
        start = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "workspace.cli", "worker", "--concurrency", str(self.concurrency)],
                cwd=ROOT,
                env=self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while "accord worker:" not in self.log.read_bytes()[start:].decode(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start:\n{self.log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@dataclass
class Workers:
    settings: Settings
    folder: Path
    started: list[Worker] = field(default_factory=list)

    def start(self, concurrency: int = 4) -> Worker:
        worker = Worker(self.settings, self.folder / f"worker-{len(self.started)}.log", concurrency).start()
        self.started.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.started:
            worker.stop()
