"""Where a delegation stands on a paragraph or an amendment, and the room's level of agreement on a paragraph.

A position is one of four stances, as the room says them: supports, can live with, reservation, objects,
with an explanation of position (a note). The level of agreement of a paragraph is the committee's reading of the
room (`level_of`): what it recorded (agreed in informals, ad referendum, in plenary, reopened) or, before it
recorded anything, whether the paragraph has been discussed at all. Agreed ad referendum is pending the
delegations that hold a reservation or object (`pending`). The colours are those of UN negotiating drafts: white
for what is not agreed, yellow for agreed in informals, green for agreed ad referendum and in plenary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..amendments.negotiation import NegotiationStatus
from ..errors import N_, InvalidInput
from ..series import parse_ref
from ..values import text_field
from ..vocabulary import parse_enum
from .delegations import parse_code

MAX_NOTE = 2000


class Stance(StrEnum):
    SUPPORTS = "supports"
    CAN_LIVE_WITH = "can_live_with"
    RESERVATION = "reservation"
    OBJECTS = "objects"


class Level(StrEnum):
    NOT_DISCUSSED = "not_discussed"
    UNDER_NEGOTIATION = "under_negotiation"
    AGREED_INFORMALS = "agreed_informals"
    AGREED_AD_REF = "agreed_ad_ref"
    AGREED_PLENARY = "agreed_plenary"
    REOPENED = "reopened"


COLOURS: dict[Level, str] = {
    Level.NOT_DISCUSSED: "white",
    Level.UNDER_NEGOTIATION: "white",
    Level.REOPENED: "white",
    Level.AGREED_INFORMALS: "yellow",
    Level.AGREED_AD_REF: "green",
    Level.AGREED_PLENARY: "green",
}
_RECORDED: dict[str, Level] = {
    NegotiationStatus.AGREED: Level.AGREED_PLENARY,
    NegotiationStatus.AGREED_AD_REF: Level.AGREED_AD_REF,
    NegotiationStatus.AGREED_INFORMALS: Level.AGREED_INFORMALS,
    NegotiationStatus.REOPENED: Level.REOPENED,
}
HOLDING_OUT = (Stance.RESERVATION, Stance.OBJECTS)
"""The stances an agreement ad referendum waits on."""


def level_of(status: str | None, discussed: bool) -> Level:
    """The room's level of agreement on a paragraph whose recorded status is `status` (None: none recorded), and
    that has been `discussed` (a position, an amendment, a thread, a bracket or a status on it)."""
    recorded = _RECORDED.get(status or "")
    if recorded is not None:
        return recorded
    return Level.UNDER_NEGOTIATION if discussed else Level.NOT_DISCUSSED


def tally(positions: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each stance and the codes of the delegations holding it, sorted: every stance present, even empty."""
    held: dict[str, list[str]] = defaultdict(list)
    for code, stance in positions:
        held[stance].append(code)
    return {stance: sorted(held.get(stance, ())) for stance in _STANCES}


_STANCES = tuple(stance.value for stance in Stance)  # read once: a consensus view tallies thousands of paragraphs


def pending(held: Mapping[str, list[str]]) -> list[str]:
    """The delegations an agreement waits on: those holding a reservation or objecting."""
    return sorted({code for stance in HOLDING_OUT for code in held.get(stance.value, [])})


@dataclass(frozen=True)
class SetPosition:
    """A delegation's position on a paragraph (`eid`) or an amendment (`amendment`, "A7" or "D3" or 7); `delegation`
    None: the writer's own. `base_revision`: the revision of the position its writer saw (0: none yet); None to
    write only where the delegation holds no position yet (a second writer then learns what is stored, 409)."""

    delegation: str | None
    eid: str | None
    amendment: str | None
    stance: str
    note: str
    base_revision: int | None = None

    @classmethod
    def build(
        cls,
        *,
        delegation: str | None = None,
        eid: str | None = None,
        amendment: int | str | None = None,
        position: str | None,
        note: str | None = "",
        base_revision: int | None = None,
    ) -> SetPosition:
        if (eid is None) == (amendment is None):
            raise InvalidInput(
                N_("A position is on a paragraph (“eid”) or on an amendment (“amendment”): give one of them."),
                detail={"field": "eid"},
            )
        target = None
        if amendment is not None:
            numbered = parse_ref(amendment, amendment=True)  # 0 or beyond names nothing (404), yet is a number
            if numbered is None:
                raise InvalidInput(
                    N_("“{number}” is not an amendment number."), number=amendment, detail={"field": "amendment"}
                )
            target = numbered.label("A")
        if base_revision is not None and (isinstance(base_revision, bool) or base_revision < 0):
            raise InvalidInput(N_("The base revision is a count from 0."), detail={"field": "base_revision"})
        fields: dict[str, Any] = {"note": note}
        return cls(
            delegation=parse_code(delegation) if delegation is not None else None,
            eid=eid,
            amendment=target,
            stance=parse_enum(Stance, str(position or ""), "position").value,
            note=text_field(fields, "note", limit=MAX_NOTE),
            base_revision=base_revision,
        )
