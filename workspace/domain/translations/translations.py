"""Where a translation stands against the source it is read with, and what may happen to it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from ..declaration.declaration_format import check_text
from ..declaration.document import EID, Kind, parse_eid
from ..errors import N_, NN_, Conflict, InvalidInput
from ..inputs import Command, Label, LongText, Note, Revision, Rule, Text, says, text_schema
from ..markdown import file_blocks
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


class SavedState(Rule):
    """The state a translator saves a translation in: draft or translated (a reviewer approves)."""

    def __call__(self, value: Any, field: str) -> Any:
        parsed = Stored(parse_enum(Stored, value, field).value)
        if parsed == Stored.APPROVED:
            raise InvalidInput(
                N_("A translation is approved by a reviewer, not saved as approved."), detail={"field": field}
            )
        return parsed.value


class SaveTranslation(Command, frozen=True):
    """A paragraph's translation, made from `source_revision` (the paragraph's source as the translator read it),
    saved as `draft` or `translated` (then its text is required). `base_text_revision`: the translation's
    `text_revision` read ("" for none; 409 if it changed; absent: not checked). An outdated translation saved with
    its text unchanged is refused (409 with the source's change) unless `still_correct` confirms that it is still
    correct for the source as it reads now; its reviewer sees that it was."""

    text: LongText
    source_revision: Revision
    state: Annotated[str, says(enum=["draft", "translated"]), SavedState()] = "draft"
    base_text_revision: Annotated[str, says(**text_schema(64)), Text(64)] | None = None
    still_correct: bool = False

    def check(self) -> None:
        if self.state == Stored.TRANSLATED and not self.text:
            raise InvalidInput(N_("The field “{field}” is required."), field="text", detail={"field": "text"})


class SendBack(Command, frozen=True):
    """A reviewer sends a translation back to its translator (it becomes a draft again), with a note."""

    note: Note = ""


MAX_APPROVALS = 5_000


class Paragraphs(Rule):
    """Paragraphs named by their eIds, each once, at most MAX_APPROVALS."""

    def __call__(self, value: Any, field: str) -> Any:
        named = list(dict.fromkeys(parse_eid(eid.strip()) for eid in value))
        if len(named) > MAX_APPROVALS:
            raise InvalidInput(
                NN_(
                    "At most {limit} paragraph at once ({field}).",
                    "At most {limit} paragraphs at once ({field}).",
                    "limit",
                ),
                field=field,
                limit=MAX_APPROVALS,
                detail={"field": field},
            )
        return named


class ApproveMany(Command, frozen=True):
    """The paragraphs to approve (`eids`), or every translated one (`all_translated`), of `version` (or the draft)."""

    version: Label
    eids: (
        Annotated[
            list[str], says(max_items=MAX_APPROVALS, items={"type": "string", "pattern": EID.pattern}), Paragraphs()
        ]
        | None
    ) = None
    all_translated: bool = False

    def check(self) -> None:
        if bool(self.eids) == self.all_translated:
            raise InvalidInput(
                N_(
                    "Name the paragraphs to approve (eids), or approve every translated one (all_translated), not both."
                ),
                detail={"field": "eids"},
            )
