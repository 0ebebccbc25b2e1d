"""The numbers people say aloud: amendments ("A7"), threads ("thread 7") and comments, per process.

A number means the same item to everyone in the room, so nobody's numbers are made per reader. What
the committee files on the working draft (its desk: amendments, threads and their comments) is
numbered apart, in a draft series of its own per process, labelled `D` ("D3": a draft amendment, "thread
D3", comment "D12"): everyone else's numbers count only what they read, and no gap tells them of the
committee's work. An item never changes series (a number once said stays), so one filed on the draft
stays the committee's, and one filed on a circulated version stays everyone's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DRAFT_MARK = "D"
AMENDMENT_MARK = "A"
MAX_NUMBER = 2_147_483_647  # what the database's integers hold: a number above it names nothing
# How a number is written where one is taken: "7", "A7" (amendments), "D3"; letters in either case. The API
# document says so (the patterns): what it calls a valid form is read, and names an item or nothing (404).
AMENDMENT_PATTERN = "^[AaDd]?[0-9]{1,10}$"
PLAIN_PATTERN = "^[Dd]?[0-9]{1,10}$"  # a thread's or a comment's
REF = re.compile(r"^([AaDd]?)([0-9]{1,10})$")


@dataclass(frozen=True, order=True)
class Numbered:
    """An item's place in its process: in the draft series (`draft`) or everyone's, and its number there."""

    draft: bool
    number: int

    def label(self, mark: str = "") -> str:
        """ "D3" in the draft series; else the number, after `mark` ("A7" for an amendment, "7" for a thread)."""
        return f"{DRAFT_MARK if self.draft else mark}{self.number}"


def link_ref(label: str) -> str:
    """How a link names an item: "7" for A7 (the links made before the draft series stay as they were), "D3"."""
    return label.removeprefix(AMENDMENT_MARK)


def amendment_label(number: int, draft: bool) -> str:
    return Numbered(draft, number).label(AMENDMENT_MARK)


def plain_label(number: int, draft: bool) -> str:
    """A thread's or a comment's label: "7", or "D3" in the draft series."""
    return Numbered(draft, number).label()


def parse_ref(value: int | str, *, amendment: bool = False) -> Numbered | None:
    """`value` read as a number's form ("7", "A7" for an amendment, "D3"; an int is everyone's series), whatever
    the number (0, or beyond what the database holds, names nothing but is not malformed); None for another form."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Numbered(False, value)
    found = REF.match(value)
    if found is None or (found.group(1).upper() == AMENDMENT_MARK and not amendment):
        return None
    return Numbered(found.group(1).upper() == DRAFT_MARK, int(found.group(2)))


def parse_number(value: int | str, *, amendment: bool = False) -> Numbered | None:
    """`value` as written by a person or a client (see parse_ref), or None if it cannot name an item (another
    form, 0, or beyond what the database holds)."""
    found = parse_ref(value, amendment=amendment)
    return found if found is not None and 1 <= found.number <= MAX_NUMBER else None
