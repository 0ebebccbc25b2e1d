"""The caps every door in shares, so that no file a member sends can make the others wait.

One file of any kind (a declaration in Markdown, a Word file of amendments, an XLIFF or Markdown
edition of a translation, a process folder's version) carries at most `MAX_PARAGRAPHS` paragraphs
(units, in XLIFF): a declaration, even a long negotiation text, has a few hundred, the largest
negotiation texts a few thousand. A reader counts as it goes and stops at the first one over, so a
refusal costs no more than reading that far. The bytes a door takes are its own (a Word file is
zipped, a Markdown file is text): `MAX_DOCX`, `MAX_XLIFF_BYTES`, the request body's limit.
"""

from __future__ import annotations

MAX_PARAGRAPHS = 5_000
"""Paragraphs (or translation units) in one file."""

MAX_WORD_COMMENTS = 5_000
"""Margin comments (replies included) in one Word file."""

__all__ = ["MAX_PARAGRAPHS", "MAX_WORD_COMMENTS"]
