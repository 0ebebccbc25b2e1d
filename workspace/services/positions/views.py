"""What the position and consensus use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ..delegations.views import DelegationRef


class PositionView(Struct, frozen=True, kw_only=True):
    delegation: DelegationRef
    eid: str | None  # the paragraph it is on, or None for an amendment
    amendment: str | None  # "A7", "D3": the amendment it is on
    position: str  # supports, can_live_with, reservation, objects
    note: str
    revision: int  # its changes so far: the base of the next one
    set_by: str | None  # who recorded it (a person's name)
    set_at: datetime


class ParagraphConsensus(Struct, frozen=True, kw_only=True):
    """Where the room stands on one paragraph."""

    eid: str
    ref: str  # its printed reference in the reader's language
    kind: str
    section: str  # the reference of the heading it stands under ("" before any)
    status: str  # the level of agreement (domain.delegations.positions.Level)
    colour: str  # white, yellow or green, as UN drafts colour it
    counts: dict[str, int]  # per position
    delegations: dict[str, list[str]]  # per position, the codes holding it
    pending: list[str]  # agreed ad referendum: the delegations it waits on
    open_amendments: int
    note: str  # the committee's note on its status


class SectionConsensus(Struct, frozen=True, kw_only=True):
    ref: str  # the heading's reference ("" for what stands before any heading)
    title: str
    counts: dict[str, int]  # paragraphs per level of agreement


class PositionChangeView(Struct, frozen=True, kw_only=True):
    delegation: DelegationRef
    eid: str | None
    ref: str | None
    amendment: str | None
    position: str
    set_at: datetime


class ConsensusView(Struct, frozen=True, kw_only=True):
    version: str  # the text read: a version's label, or "draft"
    paragraphs: list[ParagraphConsensus]
    counts: dict[str, int]  # paragraphs per level of agreement, over the whole text
    sections: list[SectionConsensus]
    objecting: list[DelegationRef]  # the delegations that object to something, by code
    changed: list[PositionChangeView]  # positions changed since the last circulation, latest first
    positions_public: bool  # whether members read every delegation's positions (else their own only)
