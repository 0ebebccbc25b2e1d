"""What keeps a version from being published: the gate. Pure: the caller gathers the facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .document import Block
from .errors import N_
from .negotiation import NegotiationStatus, brackets


@dataclass(frozen=True)
class Blocker:
    """One item to settle before publishing, with what a page needs to link to its fix."""

    kind: str  # translation, amendment, status, brackets, alignment
    message: str  # an N_() id with {params}
    params: dict[str, object] = field(default_factory=dict)
    eid: str | None = None
    language: str | None = None
    amendment: int | None = None


def gate(source: Sequence[Block], editions: Mapping[str, Mapping[str, tuple[str, str | None]]], open_amendments: Sequence[int],
         statuses: Mapping[str, str]) -> list[Blocker]:
    """Blocking items: every paragraph translated and approved in every target language (`editions`:
    language → eId → (state, text) of the translation made from this version's source); no open
    amendment; every paragraph agreed; no square brackets left in any language; editions aligned."""
    found: list[Blocker] = []
    eids = [b.eid for b in source]
    for language, edition in editions.items():
        extra = [e for e in edition if e not in set(eids)]
        for eid in extra:
            found.append(Blocker("alignment", N_("The {language} edition has a paragraph {eid} that the source does not."),
                                 {"language": language, "eid": eid}, eid, language))
        for b in source:
            state, text = edition.get(b.eid, ("missing", None))
            if state != "approved":
                found.append(Blocker("translation", N_("{eid} is not approved in {language} ({state})."),
                                     {"eid": b.eid, "language": language, "state": state}, b.eid, language))
            elif text and brackets(text):
                found.append(Blocker("brackets", N_("{eid} still has square brackets in {language}."),
                                     {"eid": b.eid, "language": language}, b.eid, language))
    for number in open_amendments:
        found.append(Blocker("amendment", N_("Amendment A{number} is still open."), {"number": number}, amendment=number))
    for b in source:
        status = statuses.get(b.eid) or (NegotiationStatus.BRACKETED.value if brackets(b.text) else NegotiationStatus.OPEN.value)
        if status != NegotiationStatus.AGREED.value:
            found.append(Blocker("status", N_("{eid} is not agreed ({status})."), {"eid": b.eid, "status": status}, b.eid))
        if brackets(b.text):
            found.append(Blocker("brackets", N_("{eid} still has square brackets."), {"eid": b.eid}, b.eid))
    return found
