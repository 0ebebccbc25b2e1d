"""A meeting's rules, pure: its kinds and states, the lights, the floor's order, and what each request declares.

The floor's order is the room's: a point of order first, then replies to the speaker, then the rest as they were
asked (UN rules of procedure: a point of order is heard at once, a right of reply after the speaker)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from ..delegations.delegations import CodeField
from ..errors import N_, Conflict, InvalidInput
from ..inputs import DELEGATION_CODE, Command, Rule, Text, says, text_schema
from ..people import Email
from ..submissions.submissions import EID_ITEM, Moment, Target
from ..values import per_language, text_value
from ..vocabulary import LANGUAGES, parse_enum

MAX_SCOPE = 500  # paragraphs a meeting's scope may list
MAX_INVITED = 200  # delegations an informal invites
MAX_FACILITATORS = 20
MAX_NOTE = 1000
MAX_TYPED = 20_000


class MeetingKind(StrEnum):
    PLENARY = "plenary"
    INFORMAL = "informal"


class MeetingState(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


MOVES: dict[MeetingState, frozenset[MeetingState]] = {
    MeetingState.SCHEDULED: frozenset({MeetingState.OPEN, MeetingState.CLOSED}),
    MeetingState.OPEN: frozenset({MeetingState.SUSPENDED, MeetingState.CLOSED}),
    MeetingState.SUSPENDED: frozenset({MeetingState.OPEN, MeetingState.CLOSED}),
    MeetingState.CLOSED: frozenset(),
}
"""scheduled → open ⇄ suspended → closed (a scheduled meeting may also be called off: closed)."""


class Light(StrEnum):
    WHITE = "white"  # not yet read
    GREEN = "green"  # no objection
    YELLOW = "yellow"  # changes sought
    RED = "red"  # cannot accept


class Greens(StrEnum):
    """What a closing meeting's greens become: the paragraphs' negotiation levels (domain.amendments.negotiation)."""

    AGREED = "agreed"
    AGREED_AD_REF = "agreed_ad_ref"
    AGREED_INFORMALS = "agreed_informals"
    NONE = "none"


class Intent(StrEnum):
    SUPPORT = "support"
    OBJECT = "object"
    PROPOSE = "propose"
    QUESTION = "question"
    REPLY = "reply"
    POINT_OF_ORDER = "point_of_order"


class Turn(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    SPOKE = "spoke"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


class Ballot(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


def change_state(now: MeetingState, to: MeetingState) -> None:
    """409 for a move the meeting's states do not allow (anything on a closed meeting)."""
    if to not in MOVES[now]:
        raise Conflict(
            N_("A meeting goes from scheduled to open, between open and suspended, and then to closed: not so."),
            detail={"state": now.value, "asked": to.value},
        )


@dataclass(frozen=True)
class Waiting:
    """A request in the queue, as the order reads it."""

    number: int
    intent: str


def queue_order(waiting: Sequence[Waiting]) -> list[int]:
    """The numbers of the waiting requests in the order the floor is given: points of order, then replies, then the
    rest, each in the order asked (their numbers)."""
    rank = {Intent.POINT_OF_ORDER.value: 0, Intent.REPLY.value: 1}
    return [w.number for w in sorted(waiting, key=lambda w: (rank.get(w.intent, 2), w.number))]


def step(scope: Sequence[str], at: str | None, by: int) -> str:
    """The paragraph `by` places from `at` in `scope` (the first when nowhere yet), staying at either end."""
    if not scope:
        raise InvalidInput(N_("This meeting has no paragraph to read."), detail={"field": "eid"})
    if at not in scope:
        return scope[0] if by >= 0 else scope[-1]
    return scope[max(0, min(len(scope) - 1, scope.index(at) + by))]


@dataclass(frozen=True)
class Of(Rule):
    """A value of a StrEnum, kept as its value."""

    enum: type[StrEnum]

    def __call__(self, value: Any, field: str) -> Any:
        return parse_enum(self.enum, value, field).value


KindName = Annotated[str, says(enum=[m.value for m in MeetingKind]), Of(MeetingKind)]
StateName = Annotated[str, says(enum=[m.value for m in MeetingState]), Of(MeetingState)]
GreensName = Annotated[str, says(enum=[m.value for m in Greens]), Of(Greens)]
LightName = Annotated[str, says(enum=[m.value for m in Light]), Of(Light)]
IntentName = Annotated[str, says(enum=[m.value for m in Intent]), Of(Intent)]
BallotName = Annotated[str, says(enum=[m.value for m in Ballot]), Of(Ballot)]


@dataclass(frozen=True)
class Codes(Rule):
    """Delegation codes, in capitals, each once."""

    def __call__(self, value: Any, field: str) -> Any:
        return list(dict.fromkeys(str(code).strip().upper() for code in value))


@dataclass(frozen=True)
class Unique(Rule):
    """Each item once, in the order given."""

    def __call__(self, value: Any, field: str) -> Any:
        return list(dict.fromkeys(value))


@dataclass(frozen=True)
class Title(Rule):
    """A title given once for every language, or per language."""

    def __call__(self, value: Any, field: str) -> Any:
        if isinstance(value, str):
            return {"*": text_value(value, field, required=True, limit=200)}
        titles = per_language(value, field, limit=200)
        if not titles or len(titles) < len(value):  # a language given an empty title
            raise InvalidInput(N_("The field “{field}” is required."), field=field, detail={"field": field})
        return titles


_REQUIRED = text_schema(200, required=True)["pattern"]
_TITLE_SCHEMA = says(
    description="One title for every language, or one per language",
    one_of=[
        {"type": "string", "maxLength": 200, "minLength": 1, "pattern": _REQUIRED},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"type": "string", "enum": list(LANGUAGES)},
            "additionalProperties": {"type": "string", "maxLength": 200, "minLength": 1, "pattern": _REQUIRED},
        },
    ],
)
CODE_ITEM = {"type": "string", "pattern": DELEGATION_CODE, "maxLength": 16}
CodeList = Annotated[list[CodeField], says(max_items=MAX_INVITED, items=CODE_ITEM), Codes()]
Scope = Annotated[list[Target], says(max_items=MAX_SCOPE, items=EID_ITEM), Unique()]


class ScheduleMeeting(Command, frozen=True):
    """A plenary or an informal of the process: its title (one for every language, or one per language), when it
    starts, the text it reads (`draft` or a version's reference), the paragraphs in its scope (all when left out),
    an informal's invited delegations, its facilitators (the committee's members always are), and whether a
    plenary's screen is public (a webcast)."""

    title: Annotated[str | dict[str, str], _TITLE_SCHEMA, Title()]
    kind: KindName = MeetingKind.PLENARY.value
    starts_at: Moment | None = None
    version: Annotated[str, says(**text_schema(40)), Text(40)] = "draft"
    eids: Scope | None = None
    delegations: CodeList = []  # noqa: RUF012 (a frozen struct's default is copied per instance)
    facilitators: Annotated[
        list[Email],
        says(max_items=MAX_FACILITATORS, items={"type": "string", "format": "email", "maxLength": 254}),
        Unique(),
    ] = []  # noqa: RUF012
    public: bool = False

    def check(self) -> None:
        if self.kind == MeetingKind.PLENARY and self.delegations:
            raise InvalidInput(
                N_("A plenary is open to every delegation: invite delegations to an informal only."),
                detail={"field": "delegations"},
            )
        if self.kind == MeetingKind.INFORMAL and self.public:
            raise InvalidInput(N_("An informal's screen is never public."), detail={"field": "public"})
        if self.kind == MeetingKind.INFORMAL and not self.delegations:
            raise InvalidInput(N_("Name the delegations invited to the informal."), detail={"field": "delegations"})


class SetMeetingState(Command, frozen=True):
    """`open`, `suspended` or `closed`; on closing, what its greens become (`none`: nothing recorded)."""

    state: StateName
    greens: GreensName = Greens.NONE.value


class MovePointer(Command, frozen=True):
    """Where the room is: an eId, a printed reference as typed ("OP 14", "pd 14 bis"), or `next` / `previous`."""

    eid: Annotated[str, says(**text_schema(64, required=True)), Text(64, required=True)]


class SetLight(Command, frozen=True):
    light: LightName
    due_at: Moment | None = None
    delegations: CodeList = []  # noqa: RUF012
    note: Annotated[str, says(**text_schema(MAX_NOTE)), Text(MAX_NOTE)] = ""

    def check(self) -> None:
        if self.light == Light.WHITE and (self.due_at or self.delegations):
            raise InvalidInput(
                N_("A white light is a paragraph not yet read: it waits on no one."), detail={"field": "light"}
            )
        if self.light == Light.GREEN and self.due_at:
            raise InvalidInput(
                N_("A green light has no due time: name the delegations an ad referendum agreement waits on."),
                detail={"field": "due_at"},
            )
        if self.light == Light.RED and self.due_at:
            raise InvalidInput(N_("A red light has no due time: only a yellow one does."), detail={"field": "due_at"})


class AskFloor(Command, frozen=True):
    """A delegation asks for the floor (the asker's own when left out), with an intent, maybe on a paragraph."""

    intent: IntentName = Intent.SUPPORT.value
    delegation: CodeField | None = None
    eid: Target | None = None


class GiveFloor(Command, frozen=True):
    """The floor to the next in the queue, or to request `number`."""

    number: Annotated[int, says(minimum=1, maximum=2**31 - 1)] | None = None


class TypeText(Command, frozen=True):
    """The paragraph's new text as typed in the room, on the revision the typist saw, in the words of `delegation`."""

    text: Annotated[str, says(**text_schema(MAX_TYPED, required=True)), Text(MAX_TYPED, required=True)]
    base_revision: Annotated[str, says(**text_schema(64, required=True)), Text(64, required=True)]
    delegation: CodeField


class OpenSlot(Command, frozen=True):
    """An alternative text asked for on a paragraph, of named delegations (all when none), by a time."""

    eid: Annotated[str, says(**text_schema(64, required=True)), Text(64, required=True)]
    due_at: Moment
    delegations: CodeList = []  # noqa: RUF012


class VoteOn(Command, frozen=True):
    eid: Annotated[str, says(**text_schema(64, required=True)), Text(64, required=True)] | None = None
    amendment: Annotated[int | str, says(description="7, A7 or D3")] | None = None

    def check(self) -> None:
        if (self.eid is None) == (self.amendment is None):
            raise InvalidInput(
                N_("A vote is on a paragraph (“eid”) or on an amendment (“amendment”): give one of them."),
                detail={"field": "on"},
            )


class OpenVote(Command, frozen=True):
    on: VoteOn
    recorded: bool = False


class CastBallot(Command, frozen=True):
    vote: BallotName
