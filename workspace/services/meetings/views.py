"""What the meeting's use cases answer: the API's bodies, the pages' data and the live events' payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct


class PointerView(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str  # as the reader's language prints it ("OP 14")
    at: datetime


class MeetingView(Struct, frozen=True, kw_only=True):
    id: int
    kind: str  # plenary, informal
    state: str  # scheduled, open, suspended, closed
    title: dict[str, str]  # per language ("*": one for all)
    version: str  # "draft" or the version's label
    eids: list[str] | None  # the scope; None: every paragraph
    delegations: list[str]  # an informal's invited delegations
    facilitators: list[str]  # their addresses to who sees members' addresses (the committee), else their names
    pointer: PointerView | None
    public: bool
    starts_at: datetime | None
    greens: str  # on closing, what its greens became
    seq: int  # its last event's number: a stream asked `after` it misses nothing
    facilitating: bool  # may the reader run it (the console)?
    delegation: str | None  # the reader's delegation, for the floor and votes
    timezone: str = "UTC"  # the process's clock, which the room's times are read on


class LightView(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    light: str
    due_at: datetime | None = None
    delegations: list[str] = []
    note: str = ""
    set_at: datetime | None = None


class RequestView(Struct, frozen=True, kw_only=True):
    number: int
    delegation: str
    delegation_name: str
    intent: str
    eid: str | None
    ref: str | None
    state: str  # waiting, speaking, spoke, withdrawn, removed
    asked_at: datetime
    started_at: datetime | None = None
    ended_at: datetime | None = None
    seconds: int | None = None  # how long it spoke


class FloorView(Struct, frozen=True, kw_only=True):
    speaker: RequestView | None
    queue: list[RequestView]  # in the order the floor is given
    record: list[RequestView]  # the turns taken, in order


class MachineView(Struct, frozen=True, kw_only=True):
    state: str  # pending, done, none (no engine for the pair), failed
    text: str = ""
    engine: str = ""
    machine: bool = True  # labelled machine output: never approved, never published as it is


class BracketMark(Struct, frozen=True, kw_only=True):
    text: str
    options: list[str]
    delegation: str | None  # who introduced it


class TypedView(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    text: str
    revision: str
    delegation: str
    brackets: list[BracketMark]
    machine: dict[str, MachineView]  # per other language


class SlotView(Struct, frozen=True, kw_only=True):
    number: int  # the submission window's number: proposals go to `…/submissions?window=N`
    eid: str
    ref: str
    due_at: datetime
    delegations: list[str]
    answers: list[dict[str, Any]] = []


class RoomVoteView(Struct, frozen=True, kw_only=True):
    number: int
    on: dict[str, Any]  # {"eid", "ref"} or {"amendment": "A7"}
    recorded: bool
    state: str  # open, closed
    yes: int
    no: int
    abstain: int
    carried: bool | None = None
    roll_call: dict[str, str] | None = None  # a recorded vote's, by delegation


class ParagraphInRoom(Struct, frozen=True, kw_only=True):
    """A paragraph as the room reads it: in every language, marked machine where a language has only a draft."""

    eid: str
    ref: dict[str, str]
    texts: dict[str, str]
    machine: dict[str, bool]
    revision: str  # the source text's, for typing into it
    light: LightView
    brackets: list[BracketMark]


class RoomView(Struct, frozen=True, kw_only=True):
    """Everything a screen, a console or a delegate's page shows, as it stands."""

    meeting: MeetingView
    languages: list[str]
    paragraphs: list[ParagraphInRoom]  # the pointer's, one before and one after (all of the scope for the console)
    floor: FloorView
    slots: list[SlotView]
    votes: list[RoomVoteView]
    lights: list[LightView]


class MeetingEventView(Struct, frozen=True, kw_only=True):
    id: int
    type: str
    data: dict[str, Any]
    at: datetime
