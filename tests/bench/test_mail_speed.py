"""Mail at consultation scale: a version circulated in a process of 150 members with 3,000 followed
threads returns as quickly as with 3 members (the mails are made and sent after the commit), and
every mail is handed to the real SMTP server by `accord worker` processes: the time from the commit
to the last delivery and messages per second per worker, with 1 and 2 workers. SQLite with its queue
file, PostgreSQL with Redis. Prints figures; never asserts a time. Run with `make bench`."""

from __future__ import annotations

import time

from sqlalchemy import delete, insert, select, update

from tests.integration.mail_jobs import (
    Workers,
    circulate,
    crowded_process,
    queue_url,
    settings_of,
    wait_until_sent,
)
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph
from workspace.services.declaration import draft
from workspace.store.models import (
    Follower,
    MailItem,
    MailMessage,
    Membership,
    Outbox,
    Process,
    Thread,
    Version,
    VersionParagraph,
)
from workspace.store.types import utcnow
from workspace.worker import Jobs

THREADS = 3000
ROUNDS = 3


def followed_threads(store, slug: str, count: int) -> None:
    """`count` threads on the first version's paragraphs, each followed by two members."""
    with store.writer.begin() as tx:
        version = tx.scalar(
            select(Version)
            .join(Process, Process.id == Version.process_id)
            .where(Version.number == 1, Process.slug == slug)
        )
        paragraphs = tx.execute(
            select(VersionParagraph.eid, VersionParagraph.revision_sha).where(VersionParagraph.version_id == version.id)
        ).all()
        members = list(
            tx.scalars(
                select(Membership.user_id).where(
                    Membership.process_id == version.process_id, Membership.role == "member"
                )
            )
        )
        ids = list(
            tx.scalars(
                insert(Thread).returning(Thread.id, sort_by_parameter_order=True),
                [
                    {
                        "process_id": version.process_id,
                        "number": n + 1,
                        "eid": paragraphs[n % len(paragraphs)][0],
                        "version_id": version.id,
                        "language": version.language,
                        "revision_sha": paragraphs[n % len(paragraphs)][1],
                        "created_by_id": members[n % len(members)],
                    }
                    for n in range(count)
                ],
            )
        )
        tx.execute(
            insert(Follower),
            [{"thread_id": t, "user_id": members[(n + k) % len(members)]} for n, t in enumerate(ids) for k in (0, 1)],
        )


def forget_mail(store, jobs: Jobs) -> None:
    """The mails of the rounds before: gone, so that each measure starts from an empty queue."""
    with store.writer.begin() as tx:
        tx.execute(delete(MailItem))
        tx.execute(delete(MailMessage))
        tx.execute(update(Outbox).values(done_at=utcnow()))
    jobs.huey.storage.flush_all()


def circulate_next(store, chair, slug: str, label: str) -> float:
    """A word changed in the draft, then the next version circulated: the seconds of the circulation."""
    current = draft.get_draft_paragraph(store, chair, slug, "pre_1")
    draft.edit_paragraph(
        store, chair, slug, "pre_1", EditParagraph(base_revision=current.revision, text=f"{current.text} {label}.")
    )
    start = time.perf_counter()
    draft.circulate(store, chair, slug, Circulate(label=label))
    return time.perf_counter() - start


def test_mail_speed(store, db_url, mail_server, tmp_path):
    settings = settings_of(db_url, mail_server.url, queue_url(db_url, tmp_path))
    jobs = Jobs(settings, store)
    store.on_work.append(jobs.wake)  # as the app does: the circulation's commit wakes the queue
    backend = db_url.split(":")[0]
    rows = []
    try:
        circulating = {}
        for members in (3, 150):
            slug = f"p{members}"
            chair = crowded_process(store, slug, members)
            circulate(store, chair, slug)
            if members == 150:
                followed_threads(store, slug, THREADS)
            forget_mail(store, jobs)
            circulating[members] = min(circulate_next(store, chair, slug, f"Rev.{r}") for r in range(1, ROUNDS + 1))
            forget_mail(store, jobs)
        for count in (1, 2):
            workers = Workers(settings, tmp_path / f"w{count}")
            (tmp_path / f"w{count}").mkdir()
            try:
                for _ in range(count):
                    workers.start(2)
                before = len(mail_server.messages)
                start = time.monotonic()
                circulate_next(store, chair, "p150", f"Rev.w{count}")
                wait_until_sent(store, 150, timeout=120)
                took = time.monotonic() - start
                assert len(mail_server.messages) - before >= 150
            finally:
                workers.stop()
            rows.append((count, took, 150 / took / count))
            forget_mail(store, jobs)
    finally:
        jobs.huey.storage.flush_all()
    print(
        f"\n{backend}: circulating a version (best of {ROUNDS}): 3 members {circulating[3] * 1000:.0f} ms, "
        f"150 members with {THREADS} followed threads {circulating[150] * 1000:.0f} ms"
    )
    print(f"{backend}: workers (2 threads each) | commit → last of 150 mails delivered | messages/s per worker")
    for count, took, rate in rows:
        print(f"{backend}: {count:>7} | {took:>8.2f} s | {rate:>8.1f}")
