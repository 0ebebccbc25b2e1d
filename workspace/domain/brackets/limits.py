"""What a paragraph may hold in brackets, checked where its text is written (never where it is read).

A text nesting brackets more than MAX_DEPTH deep, or holding more than MAX_MARKS of them, is refused with a 422
naming the paragraph as printed and the limit: every way a text enters the draft, a version or an edition calls
`check_limits` (the working draft's one write, translation saves and imports, amendments' renderings, proposals).
Texts stored before the limits are still read (as one "unread" bracket: domain.brackets.brackets.read_brackets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..errors import NN_, InvalidInput
from .brackets import MAX_DEPTH, MAX_MARKS, read_brackets


def check_limits(texts: Iterable[tuple[str, str]], named: Callable[[str], str]) -> None:
    """422 for the first of `texts` ((eId, text) pairs) past a limit, the paragraph named as `named(eid)` says."""
    for eid, text in texts:
        if "[" not in text and "]" not in text:
            continue
        over = read_brackets(text).over
        if over == "depth":
            raise InvalidInput(
                NN_(
                    "{paragraph} nests brackets more than {limit} level deep: a paragraph may nest them {limit} level "
                    "deep at most.",
                    "{paragraph} nests brackets more than {limit} levels deep: a paragraph may nest them {limit} "
                    "levels deep at most.",
                    "limit",
                ),
                paragraph=named(eid),
                limit=MAX_DEPTH,
                detail={"field": "text", "eid": eid, "limit": MAX_DEPTH},
            )
        if over:
            raise InvalidInput(
                NN_(
                    "{paragraph} holds more than {limit} bracket: a paragraph may hold {limit} at most (agree on "
                    "some, or split it).",
                    "{paragraph} holds more than {limit} brackets: a paragraph may hold {limit} at most (agree on "
                    "some, or split it).",
                    "limit",
                ),
                paragraph=named(eid),
                limit=MAX_MARKS,
                detail={"field": "text", "eid": eid, "limit": MAX_MARKS},
            )
