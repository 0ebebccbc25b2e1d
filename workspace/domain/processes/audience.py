"""Who may read an activity entry: everyone in the process, or the drafting committee alone.

The working draft is the committee's desk: what is done on it (its edits, the threads and
amendments filed on it, the translations made of it) is the committee's until a version
circulates. A use case that knows it acts on the draft says so in the entry (`on_draft`);
entries recorded before that marker name the draft as their `version`, or are edits of the
draft's paragraphs. The activity list and the live events both ask this one function.
"""

from __future__ import annotations

from collections.abc import Mapping

DRAFT = "draft"


def committee_only(verb: str, data: Mapping[str, object]) -> bool:
    """True if the entry `verb` with `data` is for the drafting committee's eyes only."""
    return (
        bool(data.get("on_draft") or data.get("committee_only"))
        or data.get("version") == DRAFT
        or verb.startswith("paragraph.")
    )
