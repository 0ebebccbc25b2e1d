"""The texts a reader works on: a circulated version, or the working draft for the committee."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...domain.declaration.document import Block
from ...domain.errors import N_, NotFound
from ...domain.permissions import ALLOWED, Action, allows
from ...domain.vocabulary import Role
from ...store.models import Process, Version
from ..actor import Actor
from .paragraphs import DRAFT, draft_blocks, find_version, latest_version, version_blocks


def reads_draft(role: Role | None, actor: Actor | None) -> bool:
    return allows(role, Action.READ_DRAFT, is_admin=bool(actor and actor.is_admin))


# Translators keep the draft in step: they read its paragraphs where they translate (not its amendments,
# threads or activity, which stay the committee's).
DRAFT_SOURCE_READERS = frozenset({*ALLOWED[Action.READ_DRAFT], Role.TRANSLATOR})


def reads_draft_sources(role: Role | None, actor: Actor | None) -> bool:
    return bool(actor and actor.is_admin) or role in DRAFT_SOURCE_READERS


@dataclass(frozen=True)
class Side:
    """A version, or the working draft (version None), and its source paragraphs."""

    label: str
    version: Version | None
    blocks: list[Block]
    language: str

    @property
    def texts(self) -> dict[str, str]:
        return {b.eid: b.text for b in self.blocks}

    @property
    def ref(self) -> str:
        """How to name it in a link: its number, or "draft"."""
        return str(self.version.number) if self.version is not None else self.label


def side(
    tx: Session,
    process: Process,
    ref: str | None,
    role: Role | None,
    actor: Actor | None,
    *,
    draft: bool | None = None,
    eids: Collection[str] | None = None,
) -> Side:
    """`ref` (a number, a label, "draft"), or by default the latest version (the draft for the
    committee when nothing was circulated yet). The draft only for those who may read it (`draft`
    says so when a use case lets others read it: translators keep it in step). With `eids`, only those
    paragraphs: one paragraph's action costs the same whatever the size of the text."""
    ref = (ref or "").strip()
    if ref.lower() == DRAFT or (not ref and latest_version(tx, process) is None):
        if not (reads_draft(role, actor) if draft is None else draft):
            if ref:
                raise NotFound(N_("No version “{ref}” in this process."), ref=ref)
            return Side("", None, [], process.source_language)
        return Side(DRAFT, None, draft_blocks(tx, process, eids), process.source_language)
    version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    assert version is not None
    return Side(version.label, version, version_blocks(tx, version, eids=eids), version.language)
