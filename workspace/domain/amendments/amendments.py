"""Amendments, pure: what each kind asks, the decisions that exist, and rebasing onto a newer text.

An amendment is kept with the text it was made on (its base). When the paragraph moves on, its
change (a strict patch of base → proposal, see diffing.apply_patch) is applied to the current
text; the result is then checked to carry exactly the proposer's insertions and deletions, so a
change is never shown applying to other words than the ones it was made for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..diffing import Op, Patch, Piece, apply_patch, make_patch, normalize_space, word_diff
from ..errors import N_, Conflict, InvalidInput, PatchFailed
from ..labels import AMENDMENT_STATUSES


class AmendmentKind(StrEnum):
    MODIFY = "modify"  # a new wording of the paragraph
    INSERT = "insert"  # a new paragraph after the given one
    DELETE = "delete"  # the paragraph goes


class Status(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    ACCEPTED_AS_MODIFIED = "accepted_as_modified"
    MERGED = "merged"  # taken into a compromise wording with others
    REJECTED = "rejected"
    MOOT = "moot"  # overtaken by events
    WITHDRAWN = "withdrawn"  # by its proposer


class Decision(StrEnum):
    """What the committee may decide on an open amendment (the proposer's own act is to withdraw)."""

    ACCEPTED = "accepted"
    ACCEPTED_AS_MODIFIED = "accepted_as_modified"
    REJECTED = "rejected"
    MOOT = "moot"


APPLYING = {Status.ACCEPTED, Status.ACCEPTED_AS_MODIFIED, Status.MERGED}
"""Decisions that change the working draft."""


def decide(status: Status, decision: Decision | Status) -> Status:
    """The status after `decision`; only an open amendment can be decided, withdrawn or merged."""
    if status != Status.OPEN:
        raise Conflict(
            N_("This amendment is already “{status}”: it can no longer change."),
            status=AMENDMENT_STATUSES[status.value],
            detail={"status": status.value},
        )
    return Status(decision.value)


REOPENABLE = {Status.ACCEPTED, Status.ACCEPTED_AS_MODIFIED, Status.REJECTED, Status.MOOT}
"""Decisions the committee may take back (until the next version circulates); a merged amendment is part
of a compromise (reopen that by deciding again), a withdrawn one is its proposer's act."""


def reopen(status: Status) -> Status:
    """Open again: only a decision the committee took, and only an amendment decided (not open)."""
    if status not in REOPENABLE:
        raise Conflict(
            N_("This amendment's status is “{status}”: only an accepted, rejected or moot amendment can be reopened."),
            status=AMENDMENT_STATUSES[status.value],
            detail={"status": status.value},
        )
    return Status.OPEN


class RebaseState(StrEnum):
    APPLIES = "applies"  # cleanly, with exactly the proposed insertions and deletions
    CONFLICT = "conflict"  # the words it changes were changed meanwhile
    OBSOLETE = "obsolete"  # its paragraph (or the one it goes after) is gone


@dataclass(frozen=True)
class Proposal:
    """What an amendment asks, against the text it was made on."""

    kind: AmendmentKind
    base_text: str | None  # the paragraph's text then (None for an insert)
    text: str  # the proposed wording (for a delete: empty)

    def check(self) -> None:
        """422 for a proposal that asks nothing."""
        if self.kind == AmendmentKind.MODIFY and normalize_space(self.text) == normalize_space(self.base_text or ""):
            raise InvalidInput(
                N_("This amendment changes nothing: edit the text of the paragraph."), detail={"field": "text"}
            )
        if self.kind == AmendmentKind.INSERT and not self.text.strip():
            raise InvalidInput(N_("An inserted paragraph needs a text."), detail={"field": "text"})

    def ops(self) -> tuple[Piece, ...]:
        """The change as the proposer made it: word diff of the base and the proposal."""
        if self.kind == AmendmentKind.INSERT:
            return (Piece(Op.INSERT, self.text),) if self.text else ()
        if self.kind == AmendmentKind.DELETE:
            return (Piece(Op.DELETE, self.base_text),) if self.base_text else ()
        return word_diff(self.base_text or "", self.text)

    def patch(self) -> Patch:
        return make_patch(self.base_text or "", self.text)


@dataclass(frozen=True)
class Rebased:
    """An amendment on the current text: its state, and (if it applies) the text it would give."""

    state: RebaseState
    text: str | None  # the paragraph as it would read with the amendment; None unless it applies
    ops: tuple[Piece, ...]  # against the current text (what it would change now), or what it failed on
    failed: tuple[str, ...] = ()  # for a conflict: the words it expected and no longer finds


def _changes(pieces: tuple[Piece, ...]) -> list[tuple[Op, str]]:
    """The insertions and deletions of a diff, in order, with their spaces normalised."""
    return [
        (p.op, normalize_space(p.text).strip()) for p in pieces if p.op != Op.EQUAL and normalize_space(p.text).strip()
    ]


def rebase(proposal: Proposal, current: str | None, anchor_present: bool = True, patch: Patch | None = None) -> Rebased:
    """Re-apply `proposal` to `current` (the paragraph's text now; None if it was deleted).
    `anchor_present`: for an insert, whether the paragraph it goes after is still there; `patch`:
    the proposal's patch if it was made before (it is the same as `proposal.patch()`)."""
    if proposal.kind == AmendmentKind.INSERT:
        if not anchor_present:
            return Rebased(RebaseState.OBSOLETE, None, ())
        return Rebased(RebaseState.APPLIES, proposal.text, proposal.ops())
    if current is None:
        return Rebased(RebaseState.OBSOLETE, None, ())
    base = proposal.base_text or ""
    if proposal.kind == AmendmentKind.DELETE:
        if normalize_space(current) != normalize_space(base):  # it deletes words that have changed since
            return Rebased(RebaseState.CONFLICT, None, word_diff(base, current), (base,))
        return Rebased(RebaseState.APPLIES, "", (Piece(Op.DELETE, current),) if current else ())
    if current == base:
        return Rebased(RebaseState.APPLIES, proposal.text, proposal.ops())
    try:
        result = apply_patch(patch or proposal.patch(), current)
    except PatchFailed as failure:
        return Rebased(RebaseState.CONFLICT, None, word_diff(base, current), tuple(f.expected for f in failure.failed))
    now = word_diff(current, result)
    # Applied is not enough: the result must carry exactly the proposer's insertions and deletions.
    if _changes(now) != _changes(proposal.ops()):
        return Rebased(RebaseState.CONFLICT, None, word_diff(base, current))
    return Rebased(RebaseState.APPLIES, result, now)


def touched(current: str, ops: tuple[Piece, ...]) -> list[tuple[int, int]]:
    """The spans of `current` a change against it touches: what it deletes, and the point it inserts at
    (widened to the words on each side, so that two insertions at one place overlap)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for piece in ops:
        if piece.op == Op.EQUAL:
            at += len(piece.text)
        elif piece.op == Op.DELETE:
            spans.append((at, at + len(piece.text)))
            at += len(piece.text)
        else:
            spans.append((max(0, at - 1), min(len(current), at + 1)))
    return spans


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)
