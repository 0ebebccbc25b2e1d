"""What the renderer tests compare files with: each paragraph's words as a reader sees them."""

from __future__ import annotations

import re

from workspace.renderers.publication_inline import plain_text


def words(text: str) -> str:
    """Text with its spacing and line breaks (and a PDF's hyphenation) made uniform."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def shown(markdown: str) -> str:
    return words(plain_text(markdown))


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in `haystack` in their order (empty when all are)."""
    missing, at = [], 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            missing.append(needle)
        else:
            at = found + len(needle)
    return missing
