"""A vote on an amendment, when the room votes: the counts for, against and abstaining, and the roll call by
delegation where one was taken. Carried by a majority of those present and voting: abstentions do not count
(the General Assembly's rule 86; UN-Habitat's and UCLG's assemblies vote the same way)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import msgspec

from ..errors import N_, InvalidInput
from ..inputs import Command, Rule, says
from ..vocabulary import parse_enum

MAX_VOTES = 100_000  # more than any assembly has members
MAX_ROLL_CALL = 1_000  # delegations called in one roll call: the UN has 193


class Ballot(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VOTES:
        raise InvalidInput(
            N_("The votes “{field}” are a whole number, at most {most}."),
            field=field,
            most=MAX_VOTES,
            detail={"field": f"vote.{field}"},
        )
    return value


@dataclass(frozen=True)
class Count(Rule):
    """A count of ballots, named as the vote names it (`for`, `against`, `abstain`)."""

    named: str

    def __call__(self, value: Any, field: str) -> Any:
        return _count(value, self.named)


@dataclass(frozen=True)
class RollCall(Rule):
    """Each delegation called with its ballot, at most MAX_ROLL_CALL of them."""

    def __call__(self, value: Any, field: str) -> Any:
        if len(value) > MAX_ROLL_CALL:
            raise InvalidInput(
                N_("A roll call names at most {most} delegations."),
                most=MAX_ROLL_CALL,
                detail={"field": "vote.roll_call"},
            )
        for ballot in value.values():
            parse_enum(Ballot, ballot, "vote.roll_call")
        return value


VoteCount = Annotated[int, says(minimum=0, maximum=MAX_VOTES)]


class RoomVote(Command, frozen=True):
    """The room's vote: the counts, and the roll call by delegation (code → for, against or abstain) where one was
    taken; a count left out is the roll call's tally. Carried by a majority of those present and voting."""

    yes: Annotated[VoteCount, Count("for")] | None = msgspec.field(default=None, name="for")
    no: Annotated[VoteCount, Count("against")] | None = msgspec.field(default=None, name="against")
    abstain: Annotated[VoteCount, Count("abstain")] | None = None
    roll_call: (
        Annotated[
            dict[str, str],
            says(
                max_properties=MAX_ROLL_CALL,
                additional_properties={"type": "string", "enum": [ballot.value for ballot in Ballot]},
            ),
            RollCall(),
        ]
        | None
    ) = None

    def check(self) -> None:
        """Given both, the counts and the roll call's tallies agree; the vote counts at least one ballot."""
        vote = self.counted()
        tally = Counter(ballot for _, ballot in vote.roll_call)
        for field, given, ballot in (
            ("for", self.yes, Ballot.FOR),
            ("against", self.no, Ballot.AGAINST),
            ("abstain", self.abstain, Ballot.ABSTAIN),
        ):
            if given is not None and vote.roll_call and given != tally[ballot]:
                raise InvalidInput(
                    N_("The roll call and the votes “{field}” disagree: {tally} in the roll call, {given} given."),
                    tally=tally[ballot],
                    field=field,
                    given=given,
                    detail={"field": f"vote.{field}"},
                )
        if not (vote.yes or vote.no or vote.abstain):
            raise InvalidInput(N_("A vote counts at least one ballot."), detail={"field": "vote"})

    def counted(self) -> Vote:
        """The vote: the counts, or the roll call's tallies where they are left out."""
        calls = tuple(
            (str(code).strip().upper(), Ballot(parse_enum(Ballot, ballot, "vote.roll_call").value))
            for code, ballot in (self.roll_call or {}).items()
        )
        tally = Counter(ballot for _, ballot in calls)
        return Vote(
            self.yes if self.yes is not None else tally[Ballot.FOR],
            self.no if self.no is not None else tally[Ballot.AGAINST],
            self.abstain if self.abstain is not None else tally[Ballot.ABSTAIN],
            calls,
        )


@dataclass(frozen=True)
class Vote:
    yes: int
    no: int
    abstain: int
    roll_call: tuple[tuple[str, Ballot], ...] = ()  # (delegation code, ballot), in the order called

    @property
    def carried(self) -> bool:
        """Adopted by a majority of those present and voting (abstentions aside); a tie fails."""
        return self.yes > self.no

    def data(self) -> dict[str, int]:
        return {"for": self.yes, "against": self.no, "abstain": self.abstain}
