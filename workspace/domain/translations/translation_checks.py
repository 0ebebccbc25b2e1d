"""Quality checks beside a translation: small pure functions over the source and the target text.

Each check returns findings whose message is a gettext id with `{param}`s, rendered by the caller.
Numbers are compared by value, read with Babel's number parsing in each text's own locale, so
"1.234" (es), "1,234" (en) and "1 234" (fr) are the same number, and "2030" must stay 2030.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TypeVar

from babel.core import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from ..errors import N_
from ..markdown import render
from ..words import words


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str  # an N_() id with {param}s, rendered by the caller
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GlossaryTerm:
    """A source term, its required translation per language, and the terms a language must not use."""

    source: str
    translations: dict[str, str]  # lang -> required term
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> forbidden terms


def check_translation(
    source: str, target: str, source_lang: str, target_lang: str, glossary: Glossary | Sequence[GlossaryTerm] = ()
) -> list[Finding]:
    """Every finding on `target` as a translation of `source`, errors and warnings, in a fixed order.
    An empty target has one finding: nothing else can be said of it."""
    if not target.strip():
        return [Finding("empty", Severity.ERROR, N_("The translation is empty."), {})]
    return [
        *check_numbers(source, target, source_lang, target_lang),
        *check_markdown(source, target),
        *check_identical(source, target),
        *check_spaces(source, target),
        *(check_french_typography(target) if _language(target_lang) == "fr" else ()),
        *check_glossary(source, target, target_lang, glossary),
    ]


# Numbers and dates -------------------------------------------------------------------------------

_SPACES = " \u00a0\u202f"
_URL = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|\bhttps?://\S+", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASH_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")  # day first, as es, fr and en-GB write it
_V = TypeVar("_V")
Date = tuple[int | None, int, int | None]  # (year, month, day): "octubre de 2021" has no day


def _language(lang: str) -> str:
    return lang.replace("-", "_").split("_")[0].lower()


@cache
def _number_pattern(lang: str) -> re.Pattern[str]:
    """A number as `lang` writes it: digits grouped by thousands with the locale's group symbol (or a
    no-break space, and in French a plain space), then maybe the locale's decimal symbol and digits."""
    group, decimal = get_group_symbol(lang), get_decimal_symbol(lang)
    groups = re.escape(group + "\u00a0\u202f" + (" " if group in _SPACES else ""))
    return re.compile(
        rf"(?<![\d{re.escape(decimal)}])(?:\d{{1,3}}(?:[{groups}]\d{{3}})+(?![{groups}]?\d)|\d+)"
        rf"(?:{re.escape(decimal)}\d+)?(?:[{_SPACES}]?%)?"
    )


@cache
def _locale(lang: str) -> Locale:
    """Babel's locale, parsed once: parsing it for each number of each paragraph cost more than the checks."""
    return Locale.parse(lang)


def _value(written: str, lang: str) -> Decimal | None:
    """The value of a number written in `lang`, by Babel (its group spaces made the locale's own)."""
    group = get_group_symbol(_locale(lang))
    plain = written.rstrip("%" + _SPACES)
    for space in _SPACES if group in _SPACES else "\u00a0\u202f":
        plain = plain.replace(space, group)
    try:
        return parse_decimal(plain, locale=_locale(lang), strict=True)
    except NumberFormatError:
        return None


@cache
def _date_pattern(lang: str) -> re.Pattern[str] | None:
    """A date written with the month's name: "8 de octubre de 2021", "8 October 2021", "October 8, 2021",
    "1er mai", "octubre de 2021". English month names count only capitalised ("may" is a verb)."""
    try:
        names = {**get_month_names("wide", locale=lang), **get_month_names("wide", "stand-alone", locale=lang)}
    except UnknownLocaleError:
        return None
    alternatives = "|".join(sorted({re.escape(n) for n in names.values()}, key=len, reverse=True))
    space = rf"[{_SPACES}]+"
    return re.compile(
        rf"(?:(?<!\d)(?P<day>\d{{1,2}})(?:er|º|°|st|nd|rd|th)?{space}(?:de{space})?)?"
        rf"\b(?P<month>{alternatives})\b"
        rf"(?:{space}(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d),?)?"
        rf"(?:,?{space}(?:del?{space})?(?P<year>\d{{4}})(?!\d))?",
        0 if _language(lang) == "en" else re.IGNORECASE,
    )


@cache
def _month_numbers(lang: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in get_month_names("wide", context, locale=lang).items():
            found[name.casefold()] = number
    return found


def _dates(text: str, lang: str) -> tuple[list[tuple[str, Date]], str]:
    """The dates of `text` (as written, and as values), and the text with them blanked out."""
    found: list[tuple[int, str, Date]] = []
    chars = list(text)

    def take(match: re.Match[str], value: Date) -> None:
        found.append((match.start(), match.group(), value))
        chars[match.start() : match.end()] = " " * (match.end() - match.start())

    for match in _ISO_DATE.finditer(text):
        take(match, (int(match[1]), int(match[2]), int(match[3])))
    for match in _SLASH_DATE.finditer(text):
        take(match, (int(match[3]), int(match[2]), int(match[1])))
    pattern = _date_pattern(lang)
    if pattern is not None:
        months = _month_numbers(lang)
        for match in pattern.finditer("".join(chars)):
            day = match["day"] or match["day2"]
            take(
                match,
                (
                    int(match["year"]) if match["year"] else None,
                    months[match["month"].casefold()],
                    int(day) if day else None,
                ),
            )
    return [(written, value) for _, written, value in sorted(found)], "".join(chars)


def _numbers(text: str, lang: str) -> list[tuple[str, Decimal]]:
    found = []
    for match in _number_pattern(lang).finditer(text):
        value = _value(match.group(), lang)
        if value is not None:
            found.append((match.group().strip(_SPACES), value))
    return found


def check_numbers(source: str, target: str, source_lang: str, target_lang: str) -> list[Finding]:
    """Dates and numbers of the source missing in the target, compared by value. Link addresses are
    left out: a link may point to each language's own page."""
    source_dates, source_rest = _dates(_URL.sub(" ", source), source_lang)
    target_dates, target_rest = _dates(_URL.sub(" ", target), target_lang)
    findings: list[Finding] = []
    target_values = {value for _, value in target_dates}
    for written, value in _unique(source_dates):
        if value not in target_values:
            findings.append(
                Finding(
                    "numbers",
                    Severity.ERROR,
                    N_("The date {date} of the source is not in the translation."),
                    {"date": written},
                )
            )
    numbers_there = {value for _, value in _numbers(target_rest, target_lang)}
    for written, number in _unique(_numbers(source_rest, source_lang)):
        if number not in numbers_there:
            findings.append(
                Finding(
                    "numbers",
                    Severity.ERROR,
                    N_("The number {number} of the source is not in the translation."),
                    {"number": written},
                )
            )
    return findings


def _unique(items: list[tuple[str, _V]]) -> list[tuple[str, _V]]:
    """The first of each value, in order."""
    seen: set[_V] = set()
    kept = []
    for written, value in items:
        if value not in seen:
            seen.add(value)
            kept.append((written, value))
    return kept


# Markdown structure ------------------------------------------------------------------------------

# What each element looks like in the rendered HTML; text is escaped there, so a "<" is always a tag.
_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("<a ", N_("The source and the translation do not have the same number of links ({source} and {target}).")),
    (
        "<em>",
        N_(
            "The source and the translation do not have the same number of emphasised passages ({source} and {target})."
        ),
    ),
    (
        "<strong>",
        N_("The source and the translation do not have the same number of passages in bold ({source} and {target})."),
    ),
    (
        "<code>",
        N_("The source and the translation do not have the same number of pieces of code ({source} and {target})."),
    ),
    ("<li>", N_("The source and the translation do not have the same number of list items ({source} and {target}).")),
    ("<img ", N_("The source and the translation do not have the same number of images ({source} and {target}).")),
)


def check_markdown(source: str, target: str) -> list[Finding]:
    """Links, emphasis, bold, inline code, list items and images counted in both texts, as the
    one configured Markdown parser reads them."""
    html_source, html_target = render(source), render(target)
    findings = []
    for tag, message in _ELEMENTS:
        a, b = html_source.count(tag), html_target.count(tag)
        if a != b:
            findings.append(Finding("markdown", Severity.ERROR, message, {"source": str(a), "target": str(b)}))
    return findings


# Identical, spaces -------------------------------------------------------------------------------


def check_identical(source: str, target: str) -> list[Finding]:
    """The target is the source copied (a text of words: a number or a code may well stay the same)."""
    if source.strip() == target.strip() and any(ch.isalpha() for ch in source):
        return [Finding("identical", Severity.WARNING, N_("The translation is the same as the source."), {})]
    return []


_DOUBLE = re.compile(rf"[{_SPACES}\t]{{2,}}(?![{_SPACES}\t]*\n)")  # two spaces before a line end: a Markdown line break


def check_spaces(source: str, target: str) -> list[Finding]:
    """Double, leading or trailing spaces in the target that the source does not have."""
    findings = []
    double = _DOUBLE.search(target)
    if double and not _DOUBLE.search(source):
        context = target[max(0, double.start() - 15) : double.end() + 15].strip()
        findings.append(
            Finding(
                "spaces", Severity.WARNING, N_("The translation has a double space: “{context}”."), {"context": context}
            )
        )
    if target[:1].isspace() and not source[:1].isspace():
        findings.append(Finding("spaces", Severity.WARNING, N_("The translation starts with a space."), {}))
    if target[-1:].isspace() and not source[-1:].isspace():
        findings.append(Finding("spaces", Severity.WARNING, N_("The translation ends with a space."), {}))
    return findings


# French typography -------------------------------------------------------------------------------

_NO_BREAK = "\u202f\u00a0"
_CODE = re.compile(r"`+[^`\n]*`+")
_HIGH_MARKS = re.compile(r"[;:!?]+")


def check_french_typography(target: str) -> list[Finding]:
    """A no-break space (narrow U+202F, or U+00A0) before ; : ! ? and inside « », as French typesets them.
    Link addresses, inline code and times ("10:30") are left out; of a run such as "?!" only the first
    mark needs the space."""
    text = _CODE.sub(lambda m: "x" * len(m.group()), _URL.sub(lambda m: "x" * len(m.group()), target))
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()

    def report(message: str, mark: str, at: int) -> None:
        context = target[max(0, at - 12) : at + 3].strip()
        if (message, context) not in seen:
            seen.add((message, context))
            findings.append(Finding("french_typography", Severity.WARNING, message, {"mark": mark, "context": context}))

    before = N_("French typography: put a narrow no-break space before “{mark}” in “{context}”.")
    for match in _HIGH_MARKS.finditer(text):
        at, mark = match.start(), match.group()[0]
        previous, following = text[at - 1 : at], text[match.end() : match.end() + 1]
        if (
            previous in ("", "\n")
            or previous in _NO_BREAK
            or (mark == ":" and previous.isdigit() and following.isdigit())
        ):
            continue
        report(before, mark, at)
    for at, mark in enumerate(text):
        if mark == "«" and at + 1 < len(text) and text[at + 1] not in _NO_BREAK:
            report(N_("French typography: put a narrow no-break space after “{mark}” in “{context}”."), mark, at)
        elif mark == "»" and at > 0 and text[at - 1] not in _NO_BREAK:
            report(before, mark, at)
    return findings


# Glossary ----------------------------------------------------------------------------------------


class Glossary:
    """A glossary made ready to check many paragraphs: each term's words, and the terms listed under
    their first word. A check then looks up each word of a text once, instead of scanning the text for
    each of (up to 2,000) terms. Words compare as `words` compares them: whole words, case-insensitive,
    accents kept (NFC and NFD alike)."""

    def __init__(self, terms: Sequence[GlossaryTerm]) -> None:
        self.terms = tuple(terms)
        # Two glossaries with the same terms are equal: a check's findings can be kept for a glossary.
        self.digest = hashlib.sha256(
            repr([(t.source, sorted(t.translations.items()), sorted(t.forbidden.items())) for t in self.terms]).encode()
        ).hexdigest()
        self._required: dict[
            str, dict[str, list[tuple[tuple[str, ...], int]]]
        ] = {}  # lang -> first word -> (words, term)
        self._sources: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self._forbidden: dict[str, dict[str, list[tuple[tuple[str, ...], int, str]]]] = {}
        for n, term in enumerate(self.terms):
            self._add(self._sources, words(term.source), n)
            for lang, forbidden in term.forbidden.items():
                for phrase in forbidden:
                    wanted = tuple(words(phrase))
                    if wanted:
                        self._forbidden.setdefault(lang, {}).setdefault(wanted[0], []).append((wanted, n, phrase))
        self._translations = [{lang: tuple(words(t)) for lang, t in term.translations.items()} for term in self.terms]

    @staticmethod
    def _add(index: dict[str, list[tuple[tuple[str, ...], int]]], found: list[str], n: int) -> None:
        if found:
            index.setdefault(found[0], []).append((tuple(found), n))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glossary) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def used_in(self, text_words: list[str]) -> set[int]:
        """The terms whose source words stand in `text_words`."""
        return {n for _, n in _phrases_in(text_words, self._sources)}

    def forbidden_in(self, text_words: list[str], lang: str) -> list[tuple[int, str]]:
        """(term, forbidden phrase) of each forbidden phrase of `lang` in `text_words`."""
        index = self._forbidden.get(lang, {})
        found: set[tuple[int, str]] = set()
        for i, word in enumerate(text_words):
            for wanted, n, phrase in index.get(word, ()):
                if tuple(text_words[i : i + len(wanted)]) == wanted:
                    found.add((n, phrase))
        return sorted(found, key=lambda item: (item[0], self.terms[item[0]].forbidden[lang].index(item[1])))

    def required(self, n: int, lang: str) -> tuple[str, ...]:
        return self._translations[n].get(lang, ())


def _phrases_in(
    text_words: list[str], index: dict[str, list[tuple[tuple[str, ...], int]]]
) -> set[tuple[tuple[str, ...], int]]:
    found = set()
    for i, word in enumerate(text_words):
        for wanted, n in index.get(word, ()):
            if tuple(text_words[i : i + len(wanted)]) == wanted:
                found.add((wanted, n))
    return found


def _contains(text_words: list[str], wanted: tuple[str, ...]) -> bool:
    n = len(wanted)
    return n > 0 and any(tuple(text_words[i : i + n]) == wanted for i in range(len(text_words) - n + 1))


def check_glossary(
    source: str, target: str, target_lang: str, glossary: Glossary | Sequence[GlossaryTerm]
) -> list[Finding]:
    """A required translation missing where the source uses its term; a forbidden term used anywhere.
    In the glossary's order, a term's required translation before its forbidden phrases."""
    index = glossary if isinstance(glossary, Glossary) else Glossary(glossary)
    if not index:
        return []
    source_words, target_words = words(source), words(target)
    found: list[tuple[int, int, Finding]] = []
    for n in index.used_in(source_words):
        term = index.terms[n]
        required = term.translations.get(target_lang)
        if required and not _contains(target_words, index.required(n, target_lang)):
            found.append(
                (
                    n,
                    0,
                    Finding(
                        "glossary",
                        Severity.ERROR,
                        N_("The source says “{term}”: the translation should say “{translation}”."),
                        {"term": term.source, "translation": required},
                    ),
                )
            )
    for k, (n, forbidden) in enumerate(index.forbidden_in(target_words, target_lang), 1):
        term = index.terms[n]
        required = term.translations.get(target_lang)
        params = {"forbidden": forbidden, "term": term.source, "translation": required or ""}
        message = (
            N_("The glossary forbids “{forbidden}”: use “{translation}”.")
            if required
            else N_("The glossary forbids “{forbidden}”.")
        )
        found.append((n, k, Finding("glossary_forbidden", Severity.ERROR, message, params)))
    return [finding for _, _, finding in sorted(found, key=lambda item: (item[0], item[1]))]


__all__ = ["Finding", "Glossary", "GlossaryTerm", "Severity", "check_translation"]
