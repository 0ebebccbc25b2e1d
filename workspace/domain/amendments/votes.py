"""A vote on an amendment, when the room votes: the counts for, against and abstaining, and the roll call by
delegation where one was taken. Carried by a majority of those present and voting: abstentions do not count
(the General Assembly's rule 86; UN-Habitat's and UCLG's assemblies vote the same way)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ..errors import N_, InvalidInput
from ..vocabulary import parse_enum

MAX_VOTES = 100_000  # more than any assembly has members
MAX_ROLL_CALL = 1_000  # delegations called in one roll call: the UN has 193


class Ballot(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


def _count(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VOTES:
        raise InvalidInput(
            N_("The votes “{field}” are a whole number, at most {most}."),
            field=field,
            most=MAX_VOTES,
            detail={"field": f"vote.{field}"},
        )
    return value


@dataclass(frozen=True)
class Vote:
    yes: int
    no: int
    abstain: int
    roll_call: tuple[tuple[str, Ballot], ...] = ()  # (delegation code, ballot), in the order called

    @classmethod
    def build(
        cls,
        yes: object = None,
        no: object = None,
        abstain: object = None,
        roll_call: Mapping[str, str] | None = None,
    ) -> Vote:
        """The counts, or the roll call's tallies where they are left out; given both, they must agree."""
        if roll_call is not None and len(roll_call) > MAX_ROLL_CALL:
            raise InvalidInput(
                N_("A roll call names at most {most} delegations."),
                most=MAX_ROLL_CALL,
                detail={"field": "vote.roll_call"},
            )
        calls = tuple(
            (str(code).strip().upper(), Ballot(parse_enum(Ballot, ballot, "vote.roll_call").value))
            for code, ballot in (roll_call or {}).items()
        )
        tally = Counter(ballot for _, ballot in calls)
        counts = {}
        for field, given, ballot in (
            ("for", yes, Ballot.FOR),
            ("against", no, Ballot.AGAINST),
            ("abstain", abstain, Ballot.ABSTAIN),
        ):
            count = _count(given, field)
            if count is not None and calls and count != tally[ballot]:
                raise InvalidInput(
                    N_("The roll call and the votes “{field}” disagree: {tally} in the roll call, {given} given."),
                    tally=tally[ballot],
                    field=field,
                    given=count,
                    detail={"field": f"vote.{field}"},
                )
            counts[field] = count if count is not None else tally[ballot]
        if not any(counts.values()):
            raise InvalidInput(N_("A vote counts at least one ballot."), detail={"field": "vote"})
        return cls(counts["for"], counts["against"], counts["abstain"], calls)

    @property
    def carried(self) -> bool:
        """Adopted by a majority of those present and voting (abstentions aside); a tie fails."""
        return self.yes > self.no

    def data(self) -> dict[str, int]:
        return {"for": self.yes, "against": self.no, "abstain": self.abstain}
