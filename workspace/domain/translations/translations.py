"""Where a translation stands against the source it is read with, and what may happen to it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..declaration.declaration_format import check_text
from ..declaration.document import Kind, parse_eid
from ..errors import N_, NN_, Conflict, InvalidInput
from ..markdown import file_blocks
from ..values import MAX_TEXT, text_field
from ..vocabulary import parse_enum


class Stored(StrEnum):
    """The states a translation is saved in."""

    DRAFT = "draft"
    TRANSLATED = "translated"
    APPROVED = "approved"


class State(StrEnum):
    """What a reader sees for a paragraph in a language."""

    MISSING = "missing"  # nothing made from any source revision of it
    DRAFT = "draft"
    TRANSLATED = "translated"
    APPROVED = "approved"
    OUTDATED = "outdated"  # made from another source revision than the one read


def state_of(stored: Stored | None, made_from: str | None, source: str) -> State:
    """A paragraph's state in a language: its translation's state if made from exactly `source`."""
    if stored is None or made_from is None:
        return State.MISSING
    if made_from != source:
        return State.OUTDATED
    return State(stored.value)


def check_approvable(state: State, text: str) -> None:
    """Only a current, non-empty translation is approved (409 otherwise)."""
    if state == State.OUTDATED:
        raise Conflict(N_("This translation was made from an earlier source text: update it before approving it."))
    if state in (State.MISSING,) or not text.strip():
        raise Conflict(N_("There is no translation to approve yet."))
    if state == State.APPROVED:
        raise Conflict(N_("This translation is approved already."))


_RANK = {Stored.DRAFT: 0, Stored.TRANSLATED: 1, Stored.APPROVED: 2}


def imported_state(stored: Stored | None, same_text: bool, claimed: Stored | None, reviewer: bool) -> Stored | None:
    """The state an imported translation is saved in; None: it stays as it is stored, and nothing is written.

    A translation a file gives back unchanged (the same text, made from the same source text) keeps its
    state, an approval and its reviewer included: an export and an import undo no work. The file may only
    take it further, as far as the person importing may go: a draft marked translated, and `final` from a
    reviewer approves it. A changed text is saved in the state the file claims, approved only by a
    reviewer (anyone else's `final` is translated); a file that claims no state (`None`: a Markdown
    edition) saves it translated and leaves an unchanged one as it is.
    """
    wanted = claimed or Stored.TRANSLATED
    if wanted == Stored.APPROVED and not reviewer:
        wanted = Stored.TRANSLATED  # only a reviewer approves, whatever the file says
    if stored is None or not same_text:
        return wanted
    if claimed is None or _RANK[wanted] <= _RANK[stored]:
        return None
    return wanted


def check_blocks(kind: Kind, source: str, target: str, depth: int = 0, marker: str = "") -> None:
    """A translation the declaration file can carry as a paragraph of `kind` at its source's place, made
    of the same Markdown blocks as its source: a heading's translation that reads as a list item
    (`1. Foo`, `- Foo`), or a paragraph split in two, would change the declaration's structure in that
    language only."""
    check_text(kind, target, depth, marker)
    if _blocks(source) != _blocks(target):
        raise InvalidInput(
            N_(
                "The translation's Markdown blocks are not the source's (a line reads as a heading, a list item or "
                "code where the source has none, or the other way round): keep the source's structure."
            ),
            detail={"field": "text"},
        )


def _blocks(text: str) -> list[tuple[str, int]]:
    """Each block of a text as its kind of block and its depth (a numbered item is not a bullet)."""
    found, _ = file_blocks(text)
    return [
        (
            "heading"
            if b.type == "setext_heading"
            else ("ordered_item" if b.marker[:1].isdigit() else "bullet_item")
            if b.type == "item"
            else b.type,
            b.depth,
        )
        for b in found
    ]


@dataclass(frozen=True)
class SaveTranslation:
    text: str
    source_revision: str
    state: Stored  # draft or translated
    base: str | None = None  # the translation's text revision it was read with ("": none yet); None: not checked
    # An outdated translation saved unchanged: its translator confirms it reads right for the new source.
    still_correct: bool = False

    @classmethod
    def build(
        cls, text: Any, source_revision: Any, state: Any = "draft", base: Any = None, still_correct: bool = False
    ) -> SaveTranslation:
        parsed = Stored(parse_enum(Stored, state if isinstance(state, str) else "", "state").value)
        if parsed == Stored.APPROVED:
            raise InvalidInput(
                N_("A translation is approved by a reviewer, not saved as approved."), detail={"field": "state"}
            )
        body = text_field({"text": text}, "text", required=parsed == Stored.TRANSLATED, limit=MAX_TEXT)
        revision = text_field({"source_revision": source_revision}, "source_revision", required=True, limit=64)
        seen = None if base is None else text_field({"base_text_revision": base}, "base_text_revision", limit=64)
        return cls(body, revision, parsed, seen, still_correct=still_correct is True)


MAX_APPROVALS = 5_000


@dataclass(frozen=True)
class ApproveMany:
    """A reviewer's bulk approval in one version (or the draft): the paragraphs named, or every one translated."""

    version: str
    eids: tuple[str, ...] = ()
    all_translated: bool = False

    @classmethod
    def build(cls, version: str | None, eids: list[str] | None = None, all_translated: bool = False) -> ApproveMany:
        named = tuple(dict.fromkeys(parse_eid((e or "").strip()) for e in eids or ()))
        if bool(named) == bool(all_translated):
            raise InvalidInput(
                N_(
                    "Name the paragraphs to approve (eids), or approve every translated one (all_translated), not both."
                ),
                detail={"field": "eids"},
            )
        if len(named) > MAX_APPROVALS:
            raise InvalidInput(
                NN_(
                    "At most {limit} paragraph at once ({field}).",
                    "At most {limit} paragraphs at once ({field}).",
                    "limit",
                ),
                field="eids",
                limit=MAX_APPROVALS,
                detail={"field": "eids"},
            )
        return cls(text_field({"version": version}, "version", required=True, limit=100), named, bool(all_translated))
