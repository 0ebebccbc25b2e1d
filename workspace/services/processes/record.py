"""A process's activity record as a chain no one can rewrite (issue 64; domain.processes.record_chain): its signed
checkpoints (at each publication, and for each day with activity, once the day is over), the record exported with
its hashes for an auditor, and the record recomputed from its start, naming the first entry that differs and checking
every checkpoint against it.

The record and its checkpoints are the committee's (and administrators'): they count every entry, those only the
committee reads included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time

from msgspec import Struct
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...domain.permissions import Action
from ...domain.processes.record_chain import GENESIS, Break, Entry, checkpoint_data, moment, walk
from ...domain.publication.signing import verified
from ...store.models import Activity, Process, RecordCheckpoint, SigningKey
from ...store.types import utcnow
from ..access import process_for
from ..actor import Actor
from ..signing.keys import sign, signing_key
from ..unit import reads, use_case


class CheckpointView(Struct, frozen=True, kw_only=True):
    """A signed checkpoint: the record's count of entries and last link then, why it was made, when, by which key,
    and what was signed (`signed`, the canonical JSON) with its minisign signature (`signature`)."""

    count: int
    head: str
    reason: str
    signed_at: datetime
    key_id: str
    signed: str
    signature: str


def _head(tx: Session, process_id: int, until: datetime | None = None) -> tuple[int, str]:
    """The count of the process's entries (those before `until`) and the last one's link."""
    query = select(Activity.seq, Activity.chain).where(Activity.process_id == process_id, Activity.seq.is_not(None))
    if until is not None:
        query = query.where(Activity.created_at < until)
    found = tx.execute(query.order_by(Activity.seq.desc()).limit(1)).first()
    return (found[0] or 0, found[1] or GENESIS) if found is not None else (0, GENESIS)


def checkpoint(tx: Session, process: Process, reason: str, until: datetime | None = None) -> RecordCheckpoint | None:
    """The record's checkpoint now (or at `until`), signed, in this transaction; the one already made for that count
    and reason if there is one; None for a record with no entry."""
    count, head = _head(tx, process.id, until)
    if count == 0:
        return None
    made = tx.scalar(
        select(RecordCheckpoint).where(
            RecordCheckpoint.process_id == process.id,
            RecordCheckpoint.count == count,
            RecordCheckpoint.reason == reason,
        )
    )
    if made is not None:
        return made
    key, now = signing_key(tx), utcnow()
    data = checkpoint_data(process.slug, count, head, now)
    row = RecordCheckpoint(
        process_id=process.id,
        count=count,
        head=head,
        reason=reason,
        signed_at=now,
        key_id=key.key_id,
        data=data,
        signature=sign(tx, key, data, f"accord {process.slug} record {count} {head}"),
    )
    tx.add(row)
    tx.flush()
    return row


@use_case
def checkpoint_days(tx: Session) -> int:
    """Each process's record as it stood when yesterday (UTC) ended, signed once, where the day had activity (the job
    queue's minute tick: the day's checkpoint comes a minute after midnight). How many were made."""
    midnight = datetime.combine(utcnow().date(), time(), tzinfo=UTC)
    last_day = (
        select(RecordCheckpoint.process_id, func.max(RecordCheckpoint.count).label("count"))
        .where(RecordCheckpoint.reason == "day")
        .group_by(RecordCheckpoint.process_id)
        .subquery()
    )
    behind = tx.scalars(
        select(Activity.process_id)
        .join(last_day, last_day.c.process_id == Activity.process_id, isouter=True)
        .where(Activity.process_id.is_not(None), Activity.created_at < midnight)
        .where(Activity.seq > func.coalesce(last_day.c.count, 0))
        .distinct()
    ).all()
    processes = [p for p in (tx.get(Process, pid) for pid in behind) if p is not None]
    return sum(checkpoint(tx, process, "day", until=midnight) is not None for process in processes)


def _views(rows: list[RecordCheckpoint]) -> list[CheckpointView]:
    return [
        CheckpointView(
            count=r.count,
            head=r.head,
            reason=r.reason,
            signed_at=r.signed_at,
            key_id=r.key_id,
            signed=r.data.decode(),
            signature=r.signature.decode(),
        )
        for r in rows
    ]


@reads
def checkpoints(tx: Session, actor: Actor | None, slug: str) -> list[CheckpointView]:
    """The process's signed checkpoints, oldest first (the committee's and administrators')."""
    process, _ = process_for(tx, slug, actor, Action.READ_DRAFT)
    rows = tx.scalars(
        select(RecordCheckpoint).where(RecordCheckpoint.process_id == process.id).order_by(RecordCheckpoint.id)
    )
    return _views(list(rows))


def _entries(tx: Session, process_id: int) -> Iterator[Entry]:
    rows = tx.execute(
        select(
            Activity.seq, Activity.actor_id, Activity.verb, Activity.subject, Activity.data, Activity.created_at,
            Activity.salt, Activity.digest, Activity.chain,
        )
        .where(Activity.process_id == process_id, Activity.seq.is_not(None))
        .order_by(Activity.seq)
    )  # fmt: skip
    for seq, actor_id, verb, subject, data, created_at, salt, digest, chain in rows:
        yield Entry(seq, actor_id, verb, subject or "", data or {}, moment(created_at), salt, digest or "", chain or "")


@reads
def exported(tx: Session, actor: Actor | None, slug: str) -> list[bytes]:
    """The record as JSON lines, oldest first, with what an auditor recomputes the chain from: each entry's content,
    its salt (null once its content was erased), its digest and its link (the committee's and administrators')."""
    process, _ = process_for(tx, slug, actor, Action.READ_DRAFT)
    lines = []
    for e in _entries(tx, process.id):
        doc = {"seq": e.seq, "actor": e.actor_id, "verb": e.verb, "subject": e.subject, "data": e.data,
               "at": e.created_at, "salt": e.salt, "digest": e.digest, "chain": e.chain}  # fmt: skip
        lines.append(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode() + b"\n")
    return lines


@dataclass(frozen=True)
class CheckpointCheck:
    count: int
    reason: str
    signed_at: datetime
    good: bool
    why: str = ""  # what is wrong: a bad signature, a head the record no longer has, a count past its end


@dataclass(frozen=True)
class RecordReport:
    """The record recomputed: its entries, those whose content was erased, its head, the first entry that differs,
    and each checkpoint checked against it."""

    slug: str
    count: int
    erased: int
    head: str
    broken: Break | None
    checkpoints: list[CheckpointCheck]

    @property
    def good(self) -> bool:
        return self.broken is None and all(c.good for c in self.checkpoints)


def _checked(row: RecordCheckpoint, keys: dict[str, str], heads: dict[int, str], count: int) -> CheckpointCheck:
    said = (row.count, row.reason, row.signed_at)
    if row.key_id not in keys or verified(keys[row.key_id], row.data, row.signature) is None:
        return CheckpointCheck(*said, good=False, why="its signature does not verify")
    signed = json.loads(row.data)
    if (signed["count"], signed["head"]) != (row.count, row.head):
        return CheckpointCheck(*said, good=False, why="what it signed is not what it says")
    if row.count > count:
        return CheckpointCheck(*said, good=False, why=f"it counts {row.count} entries, the record has {count}")
    if heads.get(row.count) != row.head:
        return CheckpointCheck(
            *said, good=False, why=f"the record's link at entry {row.count} is no longer the one signed"
        )
    return CheckpointCheck(*said, good=True)


@reads
def verify_record(tx: Session, slug: str) -> RecordReport:
    """The record of process `slug` recomputed from its start, and every checkpoint checked against it (the command
    line: the server's own check, a deleted process's record included)."""
    process = tx.scalar(select(Process).where(Process.slug == slug))
    if process is None:
        raise NotFound(N_("No process “{slug}”."), slug=slug)
    walked = walk(_entries(tx, process.id))
    keys = dict(tx.execute(select(SigningKey.key_id, SigningKey.public_key)).all())
    rows = tx.scalars(
        select(RecordCheckpoint).where(RecordCheckpoint.process_id == process.id).order_by(RecordCheckpoint.id)
    )
    checks = [_checked(row, keys, walked.heads, walked.count) for row in rows]
    return RecordReport(slug, walked.count, walked.erased, walked.head, walked.broken, checks)
