"""The catalog check (`make lint`): every string Accord shows speaks as GLOSSARY.md says, in es, en and fr.

It reads the catalogs (locales/*/LC_MESSAGES/messages.po), the sources they are extracted from, and
`locales/glossary.toml` (the glossary's "avoid" column as patterns, with the exceptions named one by one
and why), and fails on:

- `avoided`: a wording the glossary lists to avoid, in the language it is avoided in;
- `french`: French typography as Accord holds translators to it (`check_french_typography`), and as the
  glossary writes it: U+00A0 before “:”, U+202F before “; ? !”, « » with no-break spaces inside, ’ for
  the apostrophe;
- `spanish_quotes`: Spanish quotation marks other than « » (“ ” only inside them);
- `kept`: a code span, a header, a URL or path, or a placeholder of the msgid not found byte for byte in
  its translation (`Authorization: Bearer` respaced is no longer a header);
- `count`: a count formatted through `_()` (a placeholder named `count`, `…_count`, `total`, `limit`, a unit
  of time, or followed by a counted noun, "{n} items", in a msgid that is not a plural): a count goes
  through `ngettext`;
- `meanings`: a short msgid (one or two words) used in several modules without a context: the same
  English word may need two words in Spanish or French (a button's *Delete* and an amendment's kind),
  so it takes a `pgettext` context, or is listed as having one meaning.

Run as `python -m tools.catalog_check`; prints one line per finding (`lang: kind: msgid: why`), exits 1 if any.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from workspace.domain.translations.translation_checks import check_french_typography

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
LANGUAGES = ("es", "en", "fr")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "NN_": (1, 2), "C_": ((1, "c"), 2)}  # as `make i18n` extracts

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")
CODE = re.compile(r"`[^`]+`")
URL = re.compile(
    r"https?://[^\s)»”]+|(?<![\w.])/(?:api|p|admin|account|schema|inbox|signin|password-reset)[\w/{}.?=&-]*"
)
KEPT_URL = re.compile(
    r"https?://[^\s)»”]+|(?<![\w.])/api/[\w/{}.?=&-]*"
)  # an example path (/p/short-name) may be translated
HEADER = re.compile(
    r"\b(?:Authorization: Bearer|[A-Z][a-z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+)\b"
)  # Retry-After, not YYYY-MM-DD
SYNTAX = re.compile(
    r"\bw:[a-z][A-Za-z]*\b|(?:; |(?<![\w!]))!?(?:en|es|fr): "
)  # Word's XML names (w:id); a glossary line's "en: term; !en: term"
COUNTED = (
    "characters|paragraphs|items|amendments|threads|comments|files|units|terms|levels|changes|decisions|people|"
    "members|languages|versions|links|images|passages|pieces|parts|streams|times|mails|emails|days|hours|minutes|seconds"
)
COUNT = re.compile(
    r"\{(?:count|[a-z_]+_count|total|limit|seconds|minutes|hours|days)\}|\{[a-z_]+\} (?:" + COUNTED + r")\b"
)
APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


@dataclass(frozen=True)
class Finding:
    language: str
    kind: str
    msgid: str
    why: str

    def __str__(self) -> str:
        return f"{self.language}: {self.kind}: {self.msgid!r}: {self.why}"


@dataclass(frozen=True)
class Avoid:
    language: str
    pattern: re.Pattern[str]
    use: str  # what the glossary says instead
    exceptions: frozenset[str]  # msgids where the wording is right, each listed with why in glossary.toml
    when: re.Pattern[str] | None = None  # only in the translations of msgids like this (a word avoided in one sense)


@dataclass(frozen=True)
class Rules:
    avoided: list[Avoid]
    one_meaning: set[str]  # short msgids used in several places that mean the same thing everywhere
    not_counts: set[str]  # msgids whose number is no count (a range, a unit that does not inflect): each with why


def load_glossary(path: Path = LOCALES / "glossary.toml") -> Rules:
    """The glossary's avoided wordings as patterns, and the exceptions, each named with why."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    exceptions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in [*data.get("exception", []), *data.get("not_a_count", [])]:
        if not entry.get("why"):
            raise ValueError(f"{path}: the exception of {entry.get('msgid')!r} says no why")
    for entry in data.get("exception", []):
        exceptions[(entry["language"], entry["avoid"])].add(entry["msgid"])
    avoided = [
        Avoid(
            a["language"],
            re.compile(a["pattern"], re.IGNORECASE),
            a["use"],
            frozenset(exceptions.get((a["language"], a["pattern"]), ())),
            re.compile(a["when"], re.IGNORECASE) if a.get("when") else None,
        )
        for a in data.get("avoid", [])
    ]
    return Rules(
        avoided, set(data.get("one_meaning", {}).get("msgids", [])), {e["msgid"] for e in data.get("not_a_count", [])}
    )


def catalog(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def pairs(message: Message) -> Iterator[tuple[str, str]]:
    """(source, translation) of a message: its singular and plural forms with their translations."""
    if isinstance(message.id, tuple):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for n, text in enumerate(strings):
            yield message.id[min(n, 1)], text
    else:
        yield message.id, message.string if isinstance(message.string, str) else ""


def _outside_code(text: str) -> str:
    """`text` with its code spans, URLs, placeholders, headers and syntax blanked (what typography rules do not apply
    to)."""
    for pattern in (CODE, URL, PLACEHOLDER, HEADER, SYNTAX):  # a header or syntax is copied as written, not respaced
        text = pattern.sub(lambda m: "x" * len(m.group()), text)
    return text


def check_avoided(language: str, msgid: str, text: str, avoided: Iterable[Avoid]) -> list[Finding]:
    found = []
    plain = _outside_code(text)
    for avoid in avoided:
        if avoid.language != language or msgid in avoid.exceptions or (avoid.when and not avoid.when.search(msgid)):
            continue
        match = avoid.pattern.search(plain)
        if match:
            found.append(Finding(language, "avoided", msgid, f"“{match.group()}”: say {avoid.use}"))
    return found


def check_french(msgid: str, text: str) -> list[Finding]:
    plain = _outside_code(text)
    found = [
        Finding("fr", "french", msgid, f.params["context"] and f"“{f.params['mark']}” in “{f.params['context']}”")
        for f in check_french_typography(plain)
    ]
    for at, mark in enumerate(plain):
        before = plain[at - 1] if at else ""
        if mark == ":" and before == "\u202f":
            found.append(Finding("fr", "french", msgid, "U+00A0 (no-break space) before “:”, not U+202F"))
        elif mark in ";?!" and before == "\u00a0":
            found.append(Finding("fr", "french", msgid, f"U+202F (narrow no-break space) before “{mark}”, not U+00A0"))
    if APOSTROPHE.search(plain):
        found.append(Finding("fr", "french", msgid, "’ for the apostrophe, not '"))
    return found


def check_spanish_quotes(msgid: str, text: str) -> list[Finding]:
    plain, depth, found = _outside_code(text), 0, []
    for mark in plain:
        if mark == "«":
            depth += 1
        elif mark == "»":
            depth = max(0, depth - 1)
        elif mark in '“”"' and depth == 0:
            found.append(
                Finding("es", "spanish_quotes", msgid, f"« » for quotation marks, not {mark} (“ ” only inside « »)")
            )
            break
    return found


def kept_pieces(msgid: str) -> list[str]:
    """What a translation must carry byte for byte: code spans, headers, syntax, URLs and paths, placeholders."""
    return [m.group() for pattern in (CODE, HEADER, SYNTAX, KEPT_URL, PLACEHOLDER) for m in pattern.finditer(msgid)]


def check_kept(language: str, msgid: str, source: str, text: str) -> list[Finding]:
    return [
        Finding(language, "kept", msgid, f"“{piece}” is not in the translation as written")
        for piece in kept_pieces(source)
        if piece not in text
    ]


def check_catalog(language: str, messages: Iterable[Message], avoided: list[Avoid]) -> list[Finding]:
    found: list[Finding] = []
    for message in messages:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        for source, text in pairs(message):
            if not text:
                continue
            found += check_avoided(language, msgid, text, avoided)
            found += check_kept(language, msgid, source, text)
            if language == "fr":
                found += check_french(msgid, text)
            elif language == "es":
                found += check_spanish_quotes(msgid, text)
    return found


@dataclass(frozen=True)
class Use:
    msgid: str
    file: str
    plural: bool
    context: str | None


@cache  # a second and a half: extracted once in a process (the catalogs' tests read it too)
def uses(root: Path = ROOT) -> tuple[Use, ...]:
    """Every extracted string of the sources, where it is, as `make i18n` extracts them."""
    with (LOCALES / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = []
    for file, _line, message, _comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS
    ):
        plural = isinstance(message, tuple)
        found.append(Use(message[0] if plural else message, file, plural, context))
    return tuple(found)


def check_counts(found_uses: Iterable[Use], not_counts: set[str]) -> list[Finding]:
    return [
        Finding("source", "count", u.msgid, f"in {u.file}: a count goes through ngettext, not _()")
        for u in found_uses
        if not u.plural and COUNT.search(u.msgid) and u.msgid not in not_counts
    ]


def check_meanings(found_uses: Iterable[Use], one_meaning: set[str]) -> list[Finding]:
    where: dict[str, set[str]] = defaultdict(set)
    for u in found_uses:
        if u.context is None and not u.plural and len(u.msgid.split()) <= 2 and not PLACEHOLDER.search(u.msgid):
            where[u.msgid].add(u.file.rsplit("/", 1)[0] if u.file.endswith(".html") else u.file)
    return [
        Finding(
            "source",
            "meanings",
            msgid,
            f"used in {len(files)} places without a context ({', '.join(sorted(files)[:3])} …): "
            "give each meaning a pgettext context, or list it in glossary.toml's one_meaning",
        )
        for msgid, files in sorted(where.items())
        if len(files) > 1 and msgid not in one_meaning
    ]


def check_all() -> list[Finding]:
    rules = load_glossary()
    found: list[Finding] = []
    for language in LANGUAGES:
        found += check_catalog(language, catalog(language), rules.avoided)
    extracted = uses()
    return found + check_counts(extracted, rules.not_counts) + check_meanings(extracted, rules.one_meaning)


def main() -> int:
    found = check_all()
    for finding in found:
        print(finding)
    if found:
        print(f"{len(found)} findings", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
