"""The administrators' audit trail as its page shows it: each entry with the paragraph it names by its printed
reference ("OP 20", "OP 9 (Rev.1)"), never by its eId (the CSV and the API keep the subject as recorded)."""

from __future__ import annotations

from collections import defaultdict

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...store.models import Process
from .. import accounts
from ..accounts.audit import AuditEntry
from ..actor import Actor
from ..declaration.naming import paragraph_names
from ..unit import reads


class AuditScreen(Struct, frozen=True, kw_only=True):
    entries: list[AuditEntry]
    paragraphs: dict[str, dict[str, str]]  # process slug -> eid -> the paragraph as the working draft names it


@reads
def audit_screen(
    tx: Session,
    actor: Actor | None,
    process: str | None = None,
    person: str | None = None,
    since: str | None = None,
    limit: int = 100,
) -> AuditScreen:
    """`accounts.audit`, and the printed reference of each paragraph its entries name, as the committee reads the
    working draft (one the draft no longer has: as it was last printed)."""
    entries = accounts.audit(tx, actor, process, person, since, limit)
    named: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        kind, _, eid = entry.subject.partition(":")
        if kind == "paragraph" and entry.process:
            named[entry.process].add(eid)
    found: dict[str, dict[str, str]] = {}
    for row in tx.scalars(select(Process).where(Process.slug.in_(list(named)))) if named else ():
        found[row.slug] = paragraph_names(tx, row, None, named[row.slug])
    return AuditScreen(entries=entries, paragraphs=found)
