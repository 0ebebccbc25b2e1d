"""What a search hands back."""

from __future__ import annotations

from msgspec import Struct


class HitView(Struct, frozen=True, kw_only=True):
    """One thing found, named as people name it ("OP 14", "A7", "thread 12"), with the words found marked."""

    kind: str  # paragraph, amendment, thread, bracket, submission, recommendation, position
    ref: str
    process: str  # its process's slug
    lang: str  # the edition (or language) whose text matched
    snippet: str  # HTML-escaped, the words found in <mark>
    url: str
    eid: str | None = None  # the paragraph it is, or is about
    number: str | None = None  # "A7", "D3", a thread's "12", a submission's number
    version: str | None = None  # a paragraph's latest place with these words: a version's label, or "draft"
    versions: list[str] = []  # every version it stood in with these words, the first first
    siblings: dict[str, str] | None = None  # the same paragraph in the other editions of that version
