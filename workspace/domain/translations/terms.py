"""What a translator asks of the glossary's proposed terms: a term proposed with its translations, a proposal
rejected with a reason. The terms themselves are checked against the process's languages when the use case runs
(services.translations.glossary), as every glossary entry is."""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..inputs import Command, Note, says, text_schema
from ..vocabulary import LANGUAGES

MAX_TERM = 200  # characters of a term, its translation or a forbidden word
_TERM = text_schema(MAX_TERM, required=True)


class ProposeTerm(Command, frozen=True):
    """A term proposed for the glossary: the term in the source language, its translation into one language at
    least, and a note for whoever decides."""

    source: Annotated[str, says(**_TERM)]
    translations: Annotated[
        dict[str, str],
        says(
            property_names={"type": "string", "enum": list(LANGUAGES)},
            additional_properties={
                "type": "string",
                "maxLength": MAX_TERM,
                "minLength": 1,
                "pattern": _TERM["pattern"],
            },
        ),
    ] = msgspec.field(default_factory=dict)
    note: Annotated[str, says(**text_schema(1000))] = ""


class RejectProposal(Command, frozen=True):
    """Why a proposed term is not taken into the glossary, for its proposer."""

    reason: Note = ""
