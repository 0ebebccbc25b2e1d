"""What a meeting's session pack holds, as the renderer reads it (renderers/session_pack.py): the service fills it
from the store, the renderer turns it into files. Plain frozen data, so the same meeting always gives the same
model, and the same model the same bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class PackEdit:
    """One text typed into a paragraph in the room, on behalf of a delegation (its code), in the source language."""

    delegation: str  # the delegation's code ("BRA"): the tracked change's author
    before: str
    after: str
    at: datetime


@dataclass(frozen=True)
class PackBracket:
    """A bracket or a set of options the paragraph holds as it left the room, and the delegation that holds it."""

    text: str  # as the text holds it, brackets and all
    options: tuple[str, ...]
    delegation: str | None  # its code, None where no one is named
    state: str  # open, agreed, dropped


@dataclass(frozen=True)
class PackPosition:
    delegation: str
    stance: str  # supports, can_live_with, reservation, objects
    note: str


@dataclass(frozen=True)
class PackSlot:
    """An alternative text asked for on the paragraph: of which delegations (empty: all), by when, and what came in."""

    number: int
    due_at: datetime
    delegations: tuple[str, ...]
    answers: tuple[tuple[str, str, str], ...]  # (delegation code, language, text)


@dataclass(frozen=True)
class PackParagraph:
    eid: str
    ref: dict[str, str]  # the printed reference per language ("OP 14", "PO 14" …); "" for a heading
    heading: bool
    came_in: dict[str, str]  # per language, the text as the meeting opened (its first event)
    left: dict[str, str]  # per language, the text as it left the room
    machine: dict[str, bool]  # per language: is `left` a machine draft (never approved)?
    read: bool  # was the paragraph read (the pointer on it, or a light set)?
    light: str  # white, green, yellow, red
    light_due_at: datetime | None = None
    light_delegations: tuple[str, ...] = ()  # yellow: those it waits on; red: those who cannot accept
    light_note: str = ""
    edits: tuple[PackEdit, ...] = ()
    brackets: tuple[PackBracket, ...] = ()
    positions: tuple[PackPosition, ...] = ()
    slots: tuple[PackSlot, ...] = ()


@dataclass(frozen=True)
class PackTurn:
    """A request for the floor, and the turn taken if it was given."""

    number: int
    delegation: str  # code
    delegation_name: str
    intent: str  # support, object, propose, question, reply, point_of_order
    ref: dict[str, str]  # the paragraph's printed reference per language, {} when none was named
    state: str  # waiting, speaking, spoke, withdrawn, removed
    asked_at: datetime
    started_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True)
class PackVote:
    number: int
    on: dict[str, str]  # per language, what was put to the vote ("OP 14", "A7")
    recorded: bool
    state: str  # open, closed
    yes: int = 0
    no: int = 0
    abstain: int = 0
    carried: bool | None = None
    roll_call: tuple[tuple[str, str], ...] = ()  # (delegation code, yes|no|abstain), recorded votes only


@dataclass(frozen=True)
class PackModel:
    slug: str
    process_title: dict[str, str]  # per language
    meeting_number: int
    meeting_title: dict[str, str]  # per language
    kind: str  # plenary, informal
    state: str  # scheduled, open, suspended, closed
    version_label: dict[str, str]  # per language: "working draft" / "Rev.1" …
    source_language: str
    languages: tuple[str, ...]  # the process's, source first
    starts_at: datetime | None
    made_at: datetime  # the time of the meeting's last event: the pack of an unchanged meeting is the same bytes
    delegations: dict[str, str] = field(default_factory=dict)  # code -> name, every delegation named in the pack
    facilitators: tuple[str, ...] = ()  # names
    paragraphs: tuple[PackParagraph, ...] = ()
    floor: tuple[PackTurn, ...] = ()
    votes: tuple[PackVote, ...] = ()
    greens: str = ""  # on closing: agreed, agreed_ad_ref, agreed_informals, none ("": not closed)
    timezone: str = "UTC"  # the process's (IANA name): the times the pack prints are the room's clock
