"""Where the negotiation of a paragraph stands, and the square brackets that mark what is not agreed."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from ..brackets.brackets import option_groups, read_brackets
from ..declaration.document import Block


class NegotiationStatus(StrEnum):
    OPEN = "open"
    AGREED_AD_REF = "agreed_ad_ref"  # agreed ad referendum: subject to confirmation
    AGREED = "agreed"  # in plenary
    BRACKETED = "bracketed"  # parts in square brackets are not agreed
    PENDING = "pending"
    AGREED_INFORMALS = "agreed_informals"  # agreed in informal consultations, to be taken to the plenary
    REOPENED = "reopened"  # agreed once, opened again


HOLDING_BACK = {
    NegotiationStatus.OPEN,
    NegotiationStatus.BRACKETED,
    NegotiationStatus.PENDING,
    NegotiationStatus.AGREED_INFORMALS,
    NegotiationStatus.REOPENED,
}
"""Statuses that keep the text from being final."""


# A bracketed span that is not the text of a Markdown link ([words](address)) or a reference ([words][ref]).
def brackets(text: str) -> list[str]:
    """The bracketed (not agreed) passages of a text, in order: each outermost bracket as written (its alternatives
    and the brackets nested in it with it), then a "[" or "]" left unbalanced (domain.brackets: links, footnote
    markers and escaped brackets are none)."""
    if "[" not in text and "]" not in text:
        return []
    reading = read_brackets(text)
    return [b.span(text) for b in reading.brackets if b.parent is None] + [u.char for u in reading.unbalanced]


def choosing(blocks: Sequence[Block]) -> set[str]:
    """The paragraphs of `blocks` that are options of a choice among paragraphs ("Option 1: …", "Option 2: …") not
    made yet: none of them agreed while the choice stands (making it leaves one, its label gone)."""
    return {eid for group in option_groups(blocks, {b.eid: b.text for b in blocks}) for eid in group}
