"""A process's activity record no one can rewrite (issue 64), on both backends: every entry a use case records is
chained as it is written; one changed byte in a sample of entries (their content, their time, their digest, their
link) is named by the recomputation, each at its own entry; an erasure keeps the chain verifiable (its entries said
erased, not changed); the record exported is recomputed elsewhere to the same links; checkpoints are signed and checked
against the record; the entries already there when the chain came (migration 0052) are chained in their order."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from tests.conftest import join
from workspace.domain.declaration.declaration_commands import AddParagraph, EditParagraph
from workspace.domain.errors import Forbidden, NotFound
from workspace.domain.processes.record_chain import Entry, walk
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft
from workspace.services.processes import record
from workspace.store import migrate
from workspace.store.models import Activity, Process, RecordCheckpoint

P = "kutahya"


@pytest.fixture
def busy(store, people):
    """A record with a few dozen entries of several kinds: members, paragraphs added and edited."""
    second = join(store, people.committee, P, "segunda@example.org", "committee")
    for n in range(6):
        view = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text=f"Párrafo {n}."))
        draft.edit_paragraph(
            store, second, P, view.eid, EditParagraph(base_revision=view.revision, text=f"Párrafo {n}, editado.")
        )
    return second


def _process_id(store) -> int:
    with store() as tx:
        return tx.scalar(select(Process.id).where(Process.slug == P))


def test_every_entry_recorded_is_chained_and_the_record_verifies(store, people, busy):
    report = record.verify_record(store, P)
    with store() as tx:
        count = tx.scalar(
            select(text("count(*)")).select_from(Activity).where(Activity.process_id == _process_id(store))
        )
    assert report.good and report.broken is None and report.count == count > 12 and report.erased == 0


@pytest.mark.parametrize("column", ["data", "verb", "created_at", "digest", "chain", "actor_id"])
def test_one_changed_value_in_a_sample_of_entries_is_named_at_its_entry(store, people, busy, column):
    process_id = _process_id(store)
    with store() as tx:
        rows = list(tx.execute(select(Activity.id, Activity.seq).where(Activity.process_id == process_id)).all())
    for activity_id, seq in random.Random(column).sample(rows, 4):
        with store.writer() as tx, tx.begin():
            row = tx.get(Activity, activity_id)
            before = getattr(row, column)
            changed = {
                "data": {**row.data, "x": 1},
                "verb": row.verb + "s",
                "created_at": row.created_at + timedelta(microseconds=1),
                "digest": row.digest[:-1] + ("0" if row.digest[-1] != "0" else "1"),
                "chain": row.chain[:-1] + ("0" if row.chain[-1] != "0" else "1"),
                "actor_id": people.member.id if row.actor_id != people.member.id else people.committee.id,
            }[column]
            tx.execute(update(Activity).where(Activity.id == activity_id).values({column: changed}))
        report = record.verify_record(store, P)
        assert not report.good and report.broken is not None and report.broken.seq == seq, (column, seq)
        assert report.broken.reason == ("link" if column == "chain" else "content")
        with store.writer() as tx, tx.begin():
            tx.execute(update(Activity).where(Activity.id == activity_id).values({column: before}))
        assert record.verify_record(store, P).good


def test_an_erased_persons_entries_stand_in_the_chain_unopened(store, people, busy):
    accounts.erase_account(store, SYSTEM, busy.email)
    report = record.verify_record(store, P)
    assert report.good and report.erased >= 1
    with store() as tx:
        scrubbed = tx.scalars(select(Activity).where(Activity.salt.is_(None), Activity.process_id.is_not(None))).all()
        assert scrubbed and all("segunda@example.org" not in json.dumps(r.data) for r in scrubbed)


def test_the_exported_record_is_recomputed_elsewhere_to_the_same_links(store, people, busy):
    lines = record.exported(store, people.committee, P)
    entries = [json.loads(line) for line in lines]
    walked = walk(
        Entry(e["seq"], e["actor"], e["verb"], e["subject"], e["data"], e["at"], e["salt"], e["digest"], e["chain"])
        for e in entries
    )
    assert walked.broken is None and walked.count == len(entries) and walked.head == entries[-1]["chain"]
    with pytest.raises(Forbidden):
        record.exported(store, people.member, P)
    with pytest.raises(NotFound):
        record.exported(store, people.outsider, P)
    with pytest.raises(Forbidden):
        record.checkpoints(store, people.translator, P)


def test_checkpoints_are_signed_once_a_day_is_over_and_checked_against_the_record(store, people, busy, monkeypatch):
    # The clock at the record's last entry: the fixtures' first entries may be of the day before (kept from a snapshot
    # a test process made before midnight), and that day, over, is signed first.
    with store() as tx:
        last = tx.scalar(select(func.max(Activity.created_at)).join(Process).where(Process.slug == P))
    monkeypatch.setattr(record, "utcnow", lambda: last)
    before = record.checkpoint_days(store)
    assert record.checkpoint_days(store) == 0  # today is not over
    monkeypatch.setattr(record, "utcnow", lambda: last + timedelta(days=1))
    assert record.checkpoint_days(store) == 1 and record.checkpoint_days(store) == 0  # once
    *earlier, made = record.checkpoints(store, people.committee, P)
    assert len(earlier) == before
    report = record.verify_record(store, P)
    assert made.reason == "day" and made.count == report.count and made.head == report.head
    assert report.good and [c.good for c in report.checkpoints] == [True] * (before + 1)
    signed = json.loads(made.signed)
    assert (signed["process"], signed["count"], signed["head"]) == (P, made.count, made.head)

    with store.writer() as tx, tx.begin():  # a checkpoint whose head was rewritten
        tx.execute(update(RecordCheckpoint).values(head="0" * 64))
    report = record.verify_record(store, P)
    assert not report.good and "not what it says" in report.checkpoints[-1].why
    with store.writer() as tx, tx.begin():  # rewritten whole, without the key: its signature fails
        tx.execute(update(RecordCheckpoint).values(head=made.head, data=made.signed.replace(P, "x").encode()))
    assert "signature" in record.verify_record(store, P).checkpoints[-1].why


def test_the_entries_there_before_the_chain_are_chained_by_the_migration(store, people, busy, db_url):
    before = record.verify_record(store, P).count
    store.dispose()
    migrate.downgrade(db_url, "0051")
    migrate.upgrade(db_url)
    report = record.verify_record(store, P)
    assert report.good and report.count == before and report.erased == 0
