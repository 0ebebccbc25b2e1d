"""The queue only says "now": a commit that left work wakes it and a running consumer sends the mail
with nobody asking; a rollback wakes nothing; a lost wake-up is swept by the minute's tick. On SQLite
with its queue file, on PostgreSQL with Redis."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.backends import BACKENDS_DIFFER
from tests.integration.mail_jobs import mail_states, queue_url, settings_of, wait_until_sent
from workspace.services import accounts
from workspace.services.accounts.password_resets import request_reset
from workspace.services.actor import SYSTEM
from workspace.settings import Settings
from workspace.store.models import Outbox
from workspace.store.types import utcnow
from workspace.worker import Jobs, make_huey

pytestmark = BACKENDS_DIFFER  # the queue's claims: SKIP LOCKED on PostgreSQL

ANA = "ana@example.org"


@pytest.fixture
def jobs(store, db_url, mail_server, tmp_path) -> Iterator[Jobs]:
    made = Jobs(settings_of(db_url, mail_server.url, queue_url(db_url, tmp_path)), store)
    accounts.add_user(store, SYSTEM, ANA, "Ana", "correct horse battery")
    yield made
    made.huey.storage.flush_all()  # this test's queue only (named after its database)


@contextmanager
def consuming(jobs: Jobs) -> Iterator[None]:
    consumer = jobs.consumer(2, schedule=False, in_process=True)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)


def outbox_rows(store) -> list[tuple[str, bool]]:
    with store() as tx:
        return [(kind, done is not None) for kind, done in tx.execute(select(Outbox.kind, Outbox.done_at))]


def test_a_commit_that_leaves_a_mail_wakes_the_queue_and_a_running_worker_sends_it(jobs, store, mail_server):
    store.on_work.append(jobs.wake)
    with consuming(jobs):
        request_reset(store, ANA, "en")  # nothing more: no relay, no deliver called here
        [got] = mail_server.wait_for(1, timeout=15)
        wait_until_sent(store, 1, timeout=10)
    assert got.envelope_to == (ANA,)
    assert "http://127.0.0.1:8000/password-reset/" in got.message.get_body(("plain",)).get_content()
    assert outbox_rows(store) == [("mail", True)]


def test_a_rolled_back_write_enqueues_nothing(jobs, store, mail_server):
    store.on_work.append(jobs.wake)
    with pytest.raises(RuntimeError), store.writer.begin() as tx:
        request_reset(tx, ANA, "en")  # the mail is written in this transaction …
        tx.flush()
        raise RuntimeError("… which then fails")
    assert jobs.huey.pending_count() == 0 and outbox_rows(store) == []
    with consuming(jobs):
        jobs.tick()  # even a sweep finds nothing to send
        request_reset(store, ANA, "en")  # while a committed one is sent
        mail_server.wait_for(1, timeout=15)
        wait_until_sent(store, 1, timeout=10)
    assert len(mail_server.messages) == 1 and mail_states(store) == {"sent": 1}


def test_the_tick_sweeps_work_whose_wake_up_was_lost(jobs, store, mail_server):
    request_reset(store, ANA, "en")  # committed, but nobody woke the queue (a crash, a queue down)
    assert jobs.huey.pending_count() == 0
    jobs.tick()
    assert outbox_rows(store) == [("mail", False)], "a fresh entry is left to the worker woken for it"
    with store.writer.begin() as tx:
        tx.execute(update(Outbox).values(created_at=utcnow() - timedelta(minutes=2)))
    jobs.tick()
    assert outbox_rows(store) == [("mail", True)] and jobs.huey.pending_count() == 1  # one mail to deliver
    with consuming(jobs):
        [got] = mail_server.wait_for(1, timeout=15)
        wait_until_sent(store, 1, timeout=10)
    assert got.envelope_to == (ANA,)
    with store() as tx:
        assert tx.scalar(select(func.count()).select_from(Outbox).where(Outbox.done_at.is_(None))) == 0


@pytest.mark.parametrize("url", ["http://cache:6379/1", "postgresql://db/queue", "queue.db", "sqlite:queue.db"])
def test_make_huey_refuses_a_queue_url_it_cannot_use(url, tmp_path):
    settings = Settings.from_env({}, database_url=f"sqlite:///{tmp_path / 'a.db'}", queue_url=url, secret_key="k" * 32)
    with pytest.raises(ValueError, match=r"ACCORD_QUEUE_URL must be redis://… or sqlite:///PATH, not"):
        make_huey(settings)


def test_make_huey_takes_redis_or_an_sqlite_file(tmp_path):
    base = {"database_url": f"sqlite:///{tmp_path / 'a.db'}", "secret_key": "k" * 32}
    assert type(make_huey(Settings.from_env({}, **base, queue_url="redis://127.0.0.1:6379/3"))).__name__ == "RedisHuey"
    beside = make_huey(Settings.from_env({}, **base))
    assert type(beside).__name__ == "SqliteHuey" and (tmp_path / "queue.db").exists()


def test_the_tick_writes_what_a_killed_web_worker_kept_in_a_shared_room_and_never_wrote(jobs, store, people):
    """A room's typing is kept before it is relayed; its worker, killed, never committed it, and nobody opened the room
    again: a minute later, the tick writes it (the room's revision naming its writer)."""
    from pycrdt import Doc, Text

    from workspace.domain.declaration.declaration_commands import AddParagraph
    from workspace.domain.rooms import TEXT
    from workspace.services import rooms
    from workspace.services.declaration import draft
    from workspace.store.models import EditingRoom

    eid = draft.add_paragraph(store, people.committee, "kutahya", AddParagraph(kind="operative", text="Decidimos.")).eid
    opened = rooms.open_room(store, people.committee, "kutahya", eid, None)
    doc: Doc = Doc()
    doc.apply_update(opened.state)
    before = doc.get_state()
    doc.get(TEXT, type=Text).insert(0, "Hoy ")
    rooms.keep(store, opened.room_id, opened.epoch, [(doc.get_update(before), people.committee.id)])
    jobs.tick()
    assert draft.get_draft_paragraph(store, people.committee, "kutahya", eid).text == "Decidimos."  # still typing?
    with store.writer.begin() as tx:
        tx.execute(update(EditingRoom).values(typed_at=utcnow() - timedelta(minutes=2)))
    jobs.tick()
    assert draft.get_draft_paragraph(store, people.committee, "kutahya", eid).text == "Hoy Decidimos."
