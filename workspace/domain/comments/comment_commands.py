"""What people ask of comment threads, validated once where the request comes in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..declaration.document import parse_eid
from ..errors import N_, InvalidInput
from ..values import text_field


class ThreadStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


MAX_COMMENT = 20_000  # characters: a long comment is a page or two, not a document


def comment_body(value: Any) -> str:
    """A comment's Markdown: required, at most MAX_COMMENT characters."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(N_("The comment must be text."), detail={"field": "body"})
    return text_field({"body": value}, "body", required=True, limit=MAX_COMMENT)


@dataclass(frozen=True)
class QuoteInput:
    """A text-quote selector as a client sends it (offsets in the paragraph's text)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def build(cls, exact: Any, prefix: Any = "", suffix: Any = "", start: Any = None, end: Any = None) -> QuoteInput:
        if not isinstance(exact, str) or not exact.strip():
            raise InvalidInput(N_("A quote needs the exact words it is on."), detail={"field": "quote"})
        if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in (start, end)):
            raise InvalidInput(
                N_("A quote needs its start and end in the paragraph, as whole numbers."), detail={"field": "quote"}
            )
        return cls(
            exact, prefix if isinstance(prefix, str) else "", suffix if isinstance(suffix, str) else "", start, end
        )


@dataclass(frozen=True)
class Selection:
    """Words a reader selected on a page, as shown there (no offsets): found in the text by the service."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class OpenThread:
    version: str  # a number, a label, or "draft"
    eid: str
    quote: QuoteInput | Selection | None  # None: the whole paragraph
    body: str
    delegation: str | None = None  # opened on behalf of this delegation (its code); None: the writer's own, if any

    @classmethod
    def build(
        cls, version: Any, eid: Any, quote: QuoteInput | Selection | None, body: Any, delegation: Any = None
    ) -> OpenThread:
        return cls(
            text_field({"version": version}, "version", required=True, limit=100),
            parse_eid(eid.strip() if isinstance(eid, str) else ""),
            quote,
            comment_body(body),
            text_field({"delegation": delegation}, "delegation", limit=40) or None,
        )
