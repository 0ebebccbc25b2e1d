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
from typing import Annotated, Any

from ..amendments.negotiation import NegotiationStatus
from ..declaration.document import EID
from ..errors import N_, InvalidInput
from ..inputs import Command, Rule, Text, says, text_schema
from ..series import AMENDMENT_PATTERN, MAX_NUMBER, parse_ref
from ..vocabulary import parse_enum
from .delegations import CodeField

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
class AmendmentRef(Rule):
    """An amendment's number (7) or label ("A7", "D3"), kept as its label ("A7")."""

    def __call__(self, value: Any, field: str) -> Any:
        numbered = parse_ref(value, amendment=True)  # 0 or beyond names nothing (404), yet is a number
        if numbered is None:
            raise InvalidInput(N_("“{number}” is not an amendment number."), number=value, detail={"field": field})
        return numbered.label("A")


@dataclass(frozen=True)
class OfStance(Rule):
    """A stance's name, kept as a Stance."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_enum(Stance, value, field)


@dataclass(frozen=True)
class Count(Rule):
    """A position's revision: a count from 0."""

    def __call__(self, value: Any, field: str) -> Any:
        if isinstance(value, bool) or value < 0:
            raise InvalidInput(N_("The base revision is a count from 0."), detail={"field": field})
        return value


AmendmentNumber = Annotated[
    int | str | None,
    says(
        one_of=[
            {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
            {"type": "string", "pattern": AMENDMENT_PATTERN},
            {"type": "null"},  # said here: a field's schema is said beside the union, not inside its arms
        ]
    ),
    AmendmentRef(),
]
"""An amendment named in a body: its number (7), or its label ("A7"; "D3": the committee's on the working draft)."""


class SetPosition(Command, frozen=True):
    """A delegation's position on a paragraph (`eid`) or an amendment (`amendment`). `delegation`: the caller's own
    when left out. `base_revision`: the revision of the position the writer saw (0: none); left out, the write
    is refused (409, with what is stored) where the delegation already holds a position."""

    position: Annotated[str, says(enum=[stance.value for stance in Stance]), OfStance()]
    delegation: CodeField | None = None
    eid: Annotated[str, says(pattern=EID.pattern)] | None = None
    amendment: AmendmentNumber = None
    note: Annotated[str, says(**text_schema(MAX_NOTE)), Text(MAX_NOTE)] = ""
    base_revision: Annotated[int, says(minimum=0), Count()] | None = None

    def check(self) -> None:
        if (self.eid is None) == (self.amendment is None):
            raise InvalidInput(
                N_("A position is on a paragraph (“eid”) or on an amendment (“amendment”): give one of them."),
                detail={"field": "eid"},
            )
