"""A process's activity record, hash-chained (issue 64): each entry commits to its content with a salted digest, and
its link holds the link of the entry before, so that changing, removing or reordering any entry changes every link
after it; a checkpoint (the count of entries and the last link) signed at each publication and each day with activity
anchors the chain where a reader can check it.

Erasing a person's data (issue 36) keeps the chain verifiable: an entry's content is committed to with a random salt
kept beside it, and the erasure removes the salt with what it scrubs. The digest then stays as it was (the chain still
holds), and can no longer be opened: nobody learns from it what was erased, not even by guessing (the salt is gone).
Such an entry is said erased, not changed. Pure: the caller says when."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
"""The link before a process's first entry."""


def moment(when: datetime) -> str:
    """A time as the chain writes it: UTC, to the microsecond (as both stores keep it)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_salt() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Entry:
    """One entry of the record as the chain reads it: its content, its salt (None once its content was erased), its
    digest and its link."""

    seq: int
    actor_id: int | None
    verb: str
    subject: str
    data: Mapping[str, Any]
    created_at: str  # moment()
    salt: str | None
    digest: str
    chain: str

    def content(self) -> bytes:
        return content_of(self.seq, self.actor_id, self.verb, self.subject, self.data, self.created_at)


def content_of(
    seq: int, actor_id: int | None, verb: str, subject: str, data: Mapping[str, Any], created_at: str
) -> bytes:
    """An entry's content, canonical (sorted keys, no spaces, UTF-8): the same bytes from either store."""
    doc = {"seq": seq, "actor": actor_id, "verb": verb, "subject": subject, "data": data, "at": created_at}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of(salt: str, content: bytes) -> str:
    return hashlib.sha256(salt.encode() + b"\n" + content).hexdigest()


def link(before: str, digest: str) -> str:
    """The link of an entry: the link before it and its digest, hashed together."""
    return hashlib.sha256(f"{before}\n{digest}".encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first entry the chain does not hold as stored: its number and what is wrong with it."""

    seq: int
    reason: str  # "content" (its content is not what its digest committed to), "link" (removed, moved or changed)


@dataclass(frozen=True)
class Walked:
    """A record walked from its start: its entries, the ones whose content was erased, its head, the first break."""

    count: int
    erased: int
    head: str
    heads: dict[int, str]  # seq → the link recomputed there (what a checkpoint at that count must say)
    broken: Break | None


def walk(entries: Iterable[Entry]) -> Walked:
    """Recompute every digest that can be (the erased ones stand as stored) and every link, in the entries' order."""
    before, count, erased = GENESIS, 0, 0
    heads: dict[int, str] = {}
    for entry in entries:
        count += 1
        if entry.salt is None:
            erased += 1
        elif digest_of(entry.salt, entry.content()) != entry.digest:
            return Walked(count - 1, erased, before, heads, Break(entry.seq, "content"))
        before = link(before, entry.digest)
        if before != entry.chain:
            return Walked(count - 1, erased, before, heads, Break(entry.seq, "link"))
        heads[entry.seq] = before
    return Walked(count, erased, before, heads, None)


def checkpoint_data(process: str, count: int, head: str, at: datetime) -> bytes:
    """What a checkpoint signs: the process, its count of entries, the last link, when."""
    doc = {"accord_checkpoint": 1, "process": process, "count": count, "head": head, "at": moment(at)}
    return (json.dumps(doc, sort_keys=True) + "\n").encode()
