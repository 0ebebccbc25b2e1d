"""What a page of a version marks in its text: the words open threads are anchored on, and the words open
amendments would change, each mark naming its thread or amendment (hovered or focused, it shows them)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.diffing import Op
from ...domain.permissions import Action
from ...renderers.publication_inline import plain_text
from ..access import process_for
from ..actor import Actor
from ..amendments.records import is_committee, open_changes
from ..comments.marks import open_thread_marks
from ..declaration.sides import side

TITLE = 160  # characters of a comment or a wording a mark's tooltip shows


class MarkView(Struct, frozen=True, kw_only=True):
    kind: str  # thread, amendment
    label: str  # the thread's ("7", "D3") or the amendment's ("A7", "D3") as people name it
    words: str  # the words marked in the paragraph ("" : the whole paragraph, marked in its margin)
    title: str  # the thread's first comment, or the amendment's change, shortened


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE else text[: TITLE - 1] + "…"


def marks(tx: Session, actor: Actor | None, slug: str, ref: str, eids: list[str]) -> dict[str, list[MarkView]]:
    """By eId, the marks of the paragraphs `eids` of version `ref` that `actor` may see."""
    process, role = process_for(tx, slug, actor, Action.READ)
    on = side(tx, process, ref, role, actor)  # the version's paragraphs, kept: asking for `eids` is a query
    found: dict[str, list[MarkView]] = {}
    for thread in open_thread_marks(tx, process, role, actor, on, eids):
        found.setdefault(thread.eid, []).append(
            # The comment as it reads, its Markdown taken out (a preview showed `**living systems**`).
            MarkView(kind="thread", label=thread.label, words=thread.words, title=_short(plain_text(thread.first)))
        )
    for label, eid, kind, pieces in open_changes(tx, process, is_committee(role, actor), eids):
        deleted = next((p.text.strip() for p in pieces if p.op == Op.DELETE and p.text.strip()), "")
        changed = " ".join(
            ("+" if p.op == Op.INSERT else "−") + p.text.strip() for p in pieces if p.op != Op.EQUAL and p.text.strip()
        )
        found.setdefault(eid, []).append(
            MarkView(
                kind="amendment", label=label, words=deleted if kind == "modify" else "", title=_short(changed or kind)
            )
        )
    return found
