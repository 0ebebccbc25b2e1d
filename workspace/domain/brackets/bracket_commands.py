"""What a person asks of a bracket, checked before anything is read."""

from __future__ import annotations

from ..errors import N_, InvalidInput
from ..inputs import Command, DelegationCode, Option, Revision


class ResolveBracket(Command, frozen=True):
    """`option`: the index of the option agreed on (0 is the first), or `drop`: true. `base_revision`: the revision of
    the paragraph the person saw (409 with the diff when it moved on)."""

    base_revision: Revision
    option: Option | None = None
    drop: bool = False

    def check(self) -> None:
        if (self.option is None) == (not self.drop):
            raise InvalidInput(
                N_("Say either the option agreed on (“option”) or that the bracket is dropped (“drop”), not both."),
                detail={"field": "option"},
            )


class MarkBracket(Command, frozen=True):
    """`leading`: the option the clean text takes (null: the first); `delegation`: who introduced it (null: no one
    said)."""

    leading: Option | None = None
    delegation: DelegationCode | None = None
