"""What the comment use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ...domain.diffing import Piece
from ..delegations.views import DelegationRef


class QuoteView(Struct, frozen=True, kw_only=True):
    """The text-quote selector (exact, prefix, suffix) and text-position selector (start, end)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


class AnchorView(Struct, frozen=True, kw_only=True):
    """Where the thread stands on the version it is read on."""

    state: str  # exact, moved, fuzzy, outdated
    eid: str
    start: int | None
    end: int | None
    text: str | None  # the words it covers there
    score: float
    diff: list[Piece]  # outdated (or fuzzy): what changed in the paragraph since the comment


class EarlierWording(Struct, frozen=True, kw_only=True):
    body: str
    written_at: datetime


class CommentSource(Struct, frozen=True, kw_only=True):
    """A margin comment of a Word file: the file, the comment's Word author and date, who filed it."""

    file: str
    author: str
    date: str | None = None
    filed_by: str | None = None
    key: str = ""  # its place in the file ("c3": the comment with id 3)


class CommentView(Struct, frozen=True, kw_only=True):
    id: int  # its number in the process, in its thread's series (see label): what PUT|DELETE /comments/{id} take
    label: str  # as people name it: "12", or "D5" on one of the committee's threads on the working draft
    author: str | None
    body: str  # Markdown; empty once deleted
    created_at: datetime
    edited_at: datetime | None = None
    deleted: bool = False
    mine: bool = False
    earlier: list[EarlierWording] = []
    source: CommentSource | None = None  # a margin comment of a Word file


class ThreadView(Struct, frozen=True, kw_only=True):
    id: int  # numbered per process, in its series (see label)
    label: str  # as people name it: "7", or "D3" for the committee's threads on the working draft
    eid: str
    version: str  # the label of the version it was opened on, or "draft"
    revision: str  # the paragraph text it was made on (sha256)
    quote: QuoteView | None  # None: the whole paragraph
    status: str  # open, resolved
    comments: list[CommentView]
    anchor: AnchorView | None = None  # on the version asked for
    language: str = ""
    created_by: str | None = None
    created_at: datetime | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    following: bool = False
    origin_text: str = ""  # the paragraph as it read when the thread was opened
    ref: str = ""  # the paragraph's printed reference in the text it is read on, in the reader's language
    delegation: DelegationRef | None = None  # opened on behalf of this delegation (null: in the person's name)


class InboxItem(Struct, frozen=True, kw_only=True):
    id: int
    process: str  # slug
    thread: int | None  # news of a thread (a reply, a resolution, a reopening, a mention): its number, else null
    thread_label: str  # "7", or "D3" (a thread of the committee's on the working draft); "" for other news
    eid: str  # the paragraph it is on: a thread's, an amended one ("" for a version or a publication)
    kind: str  # reply, resolved, reopened, mention, decision, version, publication (domain.notifications.InboxKind)
    by: str | None
    excerpt: str
    at: datetime
    read: bool
    ref: str = ""  # the paragraph's printed reference in the text the thread (amendment) was opened (filed) on
    about: str = ""  # what else it is news of, as people name it: the amendment ("A7"), the version, the symbol
    decision: str = ""  # a decision's: accepted, accepted_as_modified, rejected …
    link: str = ""  # the page it leads to: the thread (at the comment), the amendment, the version, the publications


class InboxView(Struct, frozen=True, kw_only=True):
    unread: int
    items: list[InboxItem]


class EventView(Struct, frozen=True, kw_only=True):
    """One event of a process's live stream: an activity entry, with the id a stream resumes from."""

    id: int
    type: str  # thread, comment, resolved, reopened, amendment, paragraph, version, …
    verb: str
    subject: str
    actor: str | None
    data: dict[str, object]
    at: datetime


class EventBatch(Struct, frozen=True, kw_only=True):
    events: list[EventView]
    last: int  # the last entry looked at (some are not for every reader)
    more: bool  # a full batch: more may follow at once
