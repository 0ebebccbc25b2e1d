"""What the amendment use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct, field

from ...domain.diffing import Piece
from ..delegations.views import DelegationRef


class RebaseView(Struct, frozen=True, kw_only=True):
    state: str  # applies, conflict, obsolete
    text: str | None  # the paragraph as it would read, if it applies
    ops: list[Piece]  # what it changes in the current text (or, for a conflict, what changed under it)
    overlaps: list[int] = []  # open amendments changing some of the same words (their numbers: see overlap_labels)
    overlap_labels: list[str] = []  # the same, as people name them: "A7", "D3" (the committee's, on the draft)
    against: str = "draft"  # the text it was rebased on: "draft", or the label of the latest version
    ref: str = ""  # its paragraph's printed reference in that text (renumbered since it was filed: another one)
    failed: list[str] = []  # for a conflict: the words it expected and no longer finds


class SourceView(Struct, frozen=True, kw_only=True):
    """The Word file an amendment was filed from: its name, the Word authors and dates of its changes,
    its place in the file (`key`: "p12", the file's 13th paragraph), who filed it for the proposer."""

    file: str
    authors: list[str]
    dates: list[str]
    key: str = ""
    filed_by: str | None = None  # the committee member who filed it on the proposer's behalf


class RollCallView(Struct, frozen=True, kw_only=True):
    delegation: DelegationRef
    vote: str  # for, against, abstain


class VoteView(Struct, frozen=True, kw_only=True):
    """The room's vote the amendment was decided by."""

    yes: int = field(name="for")
    no: int = field(name="against")
    abstain: int
    carried: bool  # by a majority of those present and voting
    roll_call: list[RollCallView] = []


class RenderingView(Struct, frozen=True, kw_only=True):
    """An amendment in one language: its wording there, and how far it is."""

    text: str
    state: str  # original (the language it was proposed in), rendered, approved
    by: str | None
    at: datetime | None = None
    outside: bool = False  # it changes words outside the amendment's span there: for the reviewer to look at
    ops: list[Piece] = []  # that edition's paragraph → the rendering, word by word (an insert: all inserted)


class QueueItem(Struct, frozen=True, kw_only=True):
    """An amendment to render into a language: the change in the language it was proposed in, that language's
    paragraph, and the rendering so far (the paragraph itself before any)."""

    number: int
    label: str
    kind: str
    eid: str
    lang: str  # the language it was proposed in
    ref: str = ""  # the paragraph as printed in the queue's language ("OP 14", "PD 14")
    origin_base: str | None
    origin_text: str
    origin_ops: list[Piece]
    base: str | None  # the paragraph in the queue's language (None: not translated yet)
    text: str
    revision: str  # of `text`: a rendering's base_revision
    state: str  # to_render, rendered
    outside: bool = False


class AmendmentView(Struct, frozen=True, kw_only=True):
    number: int  # in its series: everyone's, or the committee's on the working draft (see label)
    label: str  # as people name it: "A7", or "D3" for the committee's amendments to the working draft
    kind: str
    eid: str  # the paragraph it changes; for an insert, the one it goes after
    version: str  # the version it was made against (its label), or "draft"
    status: str
    ref: str = ""  # the paragraph's printed reference in that text, in the reader's language ("OP 14")
    delegation: DelegationRef | None = None  # filed on behalf of this delegation (null: in the proposer's name)
    base_revision: str | None
    base_text: str | None
    text: str
    ops: list[Piece]  # the change as proposed: base → text
    proposer: str | None
    cosponsors: list[str]
    rebase: RebaseView | None  # for open amendments
    cosponsor_delegations: list[DelegationRef] = []  # the delegations co-sponsoring it (each once)
    rationale: str = ""
    reason: str = ""  # the decision's reason
    decided_by: str | None = None
    decided_at: datetime | None = None
    decided_text: str | None = None  # the wording applied (accepted as modified, compromise)
    merged_into: int | None = None  # the compromise's number (null for who may not read it)
    merged_into_label: str | None = None  # the compromise as people name it ("D3")
    created_eid: str | None = None
    created_at: datetime | None = None
    source: SourceView | None = None  # filed from a Word file
    vote: VoteView | None = None  # decided by a vote of the room
    lang: str = ""  # the edition it was proposed in
    renderings: dict[str, RenderingView] = field(
        default_factory=dict
    )  # its wording in each language that has one, the original's included


class CompilationParagraph(Struct, frozen=True, kw_only=True):
    eid: str
    kind: str
    number: int | None
    ref: str = ""  # its printed reference in the version, in the reader's language
    text: str
    status: str  # negotiation status
    amendments: list[AmendmentView]


class CompilationView(Struct, frozen=True, kw_only=True):
    version: str
    language: str
    paragraphs: list[CompilationParagraph]


class DispositionRow(Struct, frozen=True, kw_only=True):
    number: int
    label: str  # "A7"; "D3" in the committee's table of its amendments to the working draft
    kind: str
    eid: str
    proposer: str | None
    cosponsors: list[str]
    ref: str = ""  # the paragraph's printed reference in the version
    delegation: DelegationRef | None = None
    cosponsor_delegations: list[DelegationRef] = []
    status: str
    reason: str
    decided_by: str | None
    resulting_text: str | None


class StatusView(Struct, frozen=True, kw_only=True):
    eid: str
    number: int | None
    ref: str = ""  # its printed reference in the text the list reads, in the reader's language ("OP 14")
    status: str
    note: str
    brackets: list[str]
    open_amendments: int


class DashboardView(Struct, frozen=True, kw_only=True):
    counts: dict[str, int]
    holding_back: list[StatusView]  # what keeps the text from being final
    paragraphs: list[StatusView]
    deadline: datetime | None
    silence: SilenceView | None


class ObjectionView(Struct, frozen=True, kw_only=True):
    by: str | None
    text: str
    at: datetime


class SilenceView(Struct, frozen=True, kw_only=True):
    version: str
    deadline: datetime
    state: str  # running, adopted, broken
    objections: list[ObjectionView]
