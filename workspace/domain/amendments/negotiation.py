"""Where the negotiation of a paragraph stands, and the square brackets that mark what is not agreed."""

from __future__ import annotations

import re
from enum import StrEnum


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
_BRACKETED = re.compile(r"\[([^\[\]]+)\](?![(\[])")


def brackets(text: str) -> list[str]:
    """The bracketed (not agreed) passages of a text, in order."""
    return [m.group(1) for m in _BRACKETED.finditer(text)] if "[" in text else []
