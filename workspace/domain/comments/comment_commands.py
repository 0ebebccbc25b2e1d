"""What people ask of comment threads, declared once: the commands the API decodes from JSON and the pages from
their forms, checked as they are made (domain/inputs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import msgspec

from ..declaration.document import EID, parse_eid
from ..errors import N_, InvalidInput
from ..inputs import DELEGATION_CODE, Command, Label, Rule, Text, says, text_schema
from ..series import MAX_NUMBER
from ..values import text_value
from .quotes import Quote, check_quote, locate


class ThreadStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


MAX_COMMENT = 20_000  # characters: a long comment is a page or two, not a document


def comment_body(value: Any) -> str:
    """A comment's Markdown: required, at most MAX_COMMENT characters."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(N_("The comment must be text."), detail={"field": "body"})
    return text_value(value, "body", required=True, limit=MAX_COMMENT)


@dataclass(frozen=True)
class _Words(Rule):
    """A quote's exact words: more than spaces."""

    def __call__(self, value: Any, field: str) -> Any:
        if not value.strip():
            raise InvalidInput(N_("A quote needs the exact words it is on."), detail={"field": "quote"})
        return value


@dataclass(frozen=True)
class _Offset(Rule):
    """Where a quote starts or ends in the paragraph's text: 0 or more."""

    def __call__(self, value: Any, field: str) -> Any:
        if value < 0:
            raise InvalidInput(
                N_("A quote needs its start and end in the paragraph, as whole numbers."), detail={"field": "quote"}
            )
        return value


@dataclass(frozen=True)
class _Paragraph(Rule):
    """A paragraph's identifier (op_12), the spaces around it left out."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_eid(value.strip())


@dataclass(frozen=True)
class _OrNone(Rule):
    """An empty text is none given."""

    def __call__(self, value: Any, field: str) -> Any:
        return value or None


Offset = Annotated[int, says(minimum=0), _Offset()]
Paragraph = Annotated[str, says(pattern=EID.pattern), _Paragraph()]
CommentBody = Annotated[str, says(**text_schema(MAX_COMMENT, required=True)), Text(MAX_COMMENT, required=True)]
"""A comment's Markdown: required, at most MAX_COMMENT characters."""
OnBehalfOf = Annotated[
    str, says(pattern=DELEGATION_CODE, description="ARG, G-77, EU … (stored in capitals)"), Text(40), _OrNone()
]
"""The delegation a thread is opened on behalf of (its code); empty or left out: the writer's own, if any."""


class QuoteInput(Command, frozen=True):
    """A text-quote selector (`exact`, `prefix`, `suffix`) with its position (`start`, `end`) in the paragraph's
    text."""

    exact: Annotated[str, says(min_length=1, pattern=r"\S"), _Words()]
    start: Offset
    end: Offset
    prefix: str = ""
    suffix: str = ""


class OpenThread(Command, frozen=True):
    """A thread on a phrase (`quote`, with its offsets in the paragraph's text) or on the whole paragraph (`quote`
    null) `eid` of `version` (a number, a label, or `draft` for the committee), with its first comment (`body`,
    Markdown). `delegation`: opened on its behalf (its code); left out, the writer's own delegation, if any."""

    version: Label
    eid: Paragraph
    body: CommentBody
    quote: QuoteInput | None = None
    delegation: OnBehalfOf | None = None

    def quote_in(self, text: str) -> Quote | None:
        """The quote checked against the paragraph's text (None: the whole paragraph)."""
        q = self.quote
        return check_quote(text, Quote(q.exact, q.prefix, q.suffix, q.start, q.end)) if q is not None else None


class OpenThreadOnWords(Command, frozen=True):
    """A thread opened from a paragraph's page on words a reader selected, as shown there (no offsets: found in the
    text), with the text either side; `exact` empty: the whole paragraph."""

    version: Label
    eid: Paragraph
    body: CommentBody
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    delegation: OnBehalfOf | None = None

    def quote_in(self, text: str) -> Quote | None:
        """The words found in the paragraph's text (None: the whole paragraph)."""
        words = self.exact.strip()
        return locate(text, words, self.prefix, self.suffix) if words else None


class CommentText(Command, frozen=True):
    """A comment's words: a reply to a thread, or a comment reworded by its author (Markdown)."""

    body: CommentBody


# No rule of ours beyond the number: msgspec refuses 0 or a number past the database's (400 from the API, saying which).
NotificationId = Annotated[int, msgspec.Meta(ge=1, le=MAX_NUMBER)]
NotificationIds = Annotated[list[NotificationId], says(items={"type": "integer", "minimum": 1, "maximum": MAX_NUMBER})]


class MarkRead(Command, frozen=True):
    """Mark `ids` (or all) of one's inbox as read."""

    ids: NotificationIds | None = None  # none: all
