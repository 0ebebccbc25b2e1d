"""A thread's quote: the words selected in a paragraph (a W3C TextQuoteSelector with its TextPositionSelector), taken
from a selection (`quote_at`), checked against the text it claims to quote (`check_quote`), or found from its words
(`locate`, for a file that names a phrase). Offsets are code point indices of the text as given; texts are compared in
NFC. Where a quote is on another version is `anchoring`'s."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import N_, NN_, InvalidInput

CONTEXT = 32  # characters of prefix and suffix kept with a quote, as the Hypothesis client does


@dataclass(frozen=True)
class Quote:
    """A W3C TextQuoteSelector with a TextPositionSelector: offsets of `exact` in the paragraph text."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def as_json(self) -> dict[str, object]:
        return {"exact": self.exact, "prefix": self.prefix, "suffix": self.suffix, "start": self.start, "end": self.end}


def _refused(message: str, **params: object) -> InvalidInput:
    return InvalidInput(message, detail={"field": "quote"}, **params)


def splits(text: str, at: int) -> bool:
    """Would a cut at `at` part a letter from its combining mark, or a CR from its LF?"""
    return 0 < at < len(text) and (unicodedata.category(text[at])[0] == "M" or text[at - 1 : at + 1] == "\r\n")


def quote_at(text: str, start: int, end: int) -> Quote:
    """The quote of text[start:end], with up to CONTEXT characters of prefix and suffix."""
    if not 0 <= start <= end <= len(text):
        raise _refused(
            NN_(
                "The quote's place, characters {start} to {end}, is not within the paragraph, "
                "which has {length} character.",
                "The quote's place, characters {start} to {end}, is not within the paragraph, "
                "which has {length} characters.",
                "length",
            ),
            start=start,
            end=end,
            length=len(text),
        )
    if not text[start:end].strip():
        raise _refused(N_("The quote is empty: select the words you comment on, or comment on the whole paragraph."))
    if splits(text, start) or splits(text, end):
        raise _refused(N_("A quote cannot begin or end between a letter and its accent: select whole letters."))
    before, after = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    while splits(text, before) and before < start:
        before += 1
    while splits(text, after) and after > end:
        after -= 1
    return Quote(text[start:end], text[before:start], text[end:after], start, end)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def check_quote(text: str, quote: Quote) -> Quote:
    """A client's quote checked against the paragraph text it claims to be made on: `exact` must be
    text[start:end] (both compared in NFC). Prefix and suffix are taken from the text, whatever was sent."""
    if not quote.exact.strip():
        raise _refused(N_("The quote is empty: select the words you comment on, or comment on the whole paragraph."))
    if len(nfc(quote.exact)) > len(nfc(text)):
        raise _refused(
            NN_(
                "The quote has {quoted} character but the paragraph only {length}: it cannot be a phrase of it.",
                "The quote has {quoted} characters but the paragraph only {length}: it cannot be a phrase of it.",
                "quoted",
            ),
            quoted=len(quote.exact),
            length=len(text),
        )
    if not 0 <= quote.start <= quote.end <= len(text) or nfc(text[quote.start : quote.end]) != nfc(quote.exact):
        raise _refused(
            N_(
                "The quoted words are not at characters {start} to {end} of this paragraph: "
                "its text may have changed since you selected them. Select them again."
            ),
            start=quote.start,
            end=quote.end,
        )
    return quote_at(text, quote.start, quote.end)


def locate(text: str, exact: str, prefix: str = "", suffix: str = "") -> Quote:
    """The quote of words a reader selected on a page: `exact` as shown (rendered Markdown, so spaces
    and line breaks may differ, and no formatting marks), found in the paragraph's text. Among several
    occurrences, the one whose surroundings best match the `prefix` and `suffix` seen around it."""
    words = nfc(exact).split()
    if not words:
        raise _refused(N_("The quote is empty: select the words you comment on, or comment on the whole paragraph."))
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    source = nfc(text)
    found = list(pattern.finditer(source))
    if not found or source != text:  # offsets are the text's own: find them in the text as given
        found = list(pattern.finditer(text)) or found
    if not found:
        raise _refused(
            N_(
                "The selected words are not in this paragraph's text as written: select words of one "
                "paragraph, without crossing a link or formatting."
            )
        )
    before, after = " ".join(nfc(prefix).split()), " ".join(nfc(suffix).split())

    def fit(match: re.Match[str]) -> float:
        head = " ".join(text[max(0, match.start() - 2 * CONTEXT) : match.start()].split())
        tail = " ".join(text[match.end() : match.end() + 2 * CONTEXT].split())
        return _common_end(head, before) + _common_start(tail, after)

    best = max(found, key=fit)
    return quote_at(text, best.start(), best.end())


def _common_end(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
