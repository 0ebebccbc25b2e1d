"""Validated input values: text, lists, moments, e-mail addresses.

Every way in (API, form, file) passes its raw values through these, so text is stored one way:
Unicode NFC (an NFD copy of the same words is the same text), LF line ends, no control
characters and no character a file cannot carry, within its length limit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .errors import N_, NN_, Conflict, Gather, ImportFailed, InvalidInput
from .vocabulary import parse_language

MAX_TEXT = 20_000
MAX_LINE = 500
MAX_LABEL = 100  # a version's name in each language, a document symbol
MAX_PLACE = 200  # the place of a date line
MAX_THEME = 100  # a recommendation's theme

# C0 and C1 controls other than tab and line feed: a NUL is refused by PostgreSQL and
# invisible everywhere, so no way in accepts them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What XML 1.0 forbids besides those controls (lone surrogates, U+FFFE, U+FFFF), and the other
# noncharacters (U+FDD0-U+FDEF, and the last two code points of every plane): no Word, Akoma Ntoso
# or XLIFF file can carry them, so a text holding one could be saved but never published. Those of
# the Basic Multilingual Plane are in one class with the controls; those beyond are looked for among
# the (rare) characters beyond it, since a class listing them makes every search 10 times slower.
_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def _first_refused(value: str) -> tuple[int, str] | None:
    """Where the first character that no file can carry is, and which it is."""
    found = _REFUSED.search(value)
    end = found.start() if found else len(value)
    if value.isascii() or max(value) <= "\uffff":  # nothing beyond the Basic Multilingual Plane: no scan for it
        return (found.start(), found.group()) if found else None
    for beyond in _BEYOND_BMP.finditer(value, 0, end):
        if ord(beyond.group()) & 0xFFFE == 0xFFFE:  # U+1FFFE, U+1FFFF … U+10FFFF
            return beyond.start(), beyond.group()
    return (found.start(), found.group()) if found else None


def uncarried(value: str) -> str | None:
    """The code point (e.g. "FFFE") of the first character of `value` that no file can carry, if any:
    for texts stored before they were refused at the door."""
    found = _first_refused(value)
    return None if found is None else f"{ord(found[1]):04X}"


def check_file_can_carry(texts: Iterable[tuple[str, str]], language: str) -> None:
    """409 naming the first of `texts` ((where, text): an eId and its text …) that holds a character no
    file can carry, for a file (Word, XML) about to be made of texts saved before they were refused."""
    for where, text in texts:
        if code := uncarried(text):
            raise Conflict(
                N_(
                    "{where} holds a character that no file can carry (U+{code}) in {language}: "
                    "this file cannot be made."
                ),
                where=where,
                code=code,
                language=language,
            )


def check_carried(value: str) -> str:
    """`value` if every file format can carry it; InvalidInput naming the first character that no file can."""
    found = _first_refused(value)
    if found is None:
        return value
    at, char = found
    if _CONTROLS.match(char):
        message = N_("The text holds an invisible control character (U+{code}) at character {at}.")
    else:
        message = N_("The text holds a character that no file can carry (U+{code}) at character {at}.")
    raise InvalidInput(message, code=f"{ord(char):04X}", at=at + 1)


def clean_text(value: str) -> str:
    """The text as Accord stores it: NFC, LF line ends. Control characters, lone surrogates and
    noncharacters (what no file can carry) are refused."""
    return unicodedata.normalize("NFC", check_carried(value.replace("\r\n", "\n").replace("\r", "\n")))


def clean_file(text: str, file: str) -> str:
    """A whole file's text as `clean_text` makes it; a character it refuses is refused with its line."""
    try:
        return clean_text(text)
    except InvalidInput as exc:
        at = int(exc.params["at"])
        line = text.replace("\r\n", "\n").replace("\r", "\n")[: at - 1].count("\n") + 1
        raise ImportFailed(file, line, exc.message, **exc.params) from None


def flag(value: Any, name: str) -> bool:
    """A yes/no field as sent: true or false, nothing that only looks like one (0, "no"), which a framework's
    lenient decoding would take for one."""
    if not isinstance(value, bool):
        raise InvalidInput(N_("The field “{field}” must be true or false."), field=name, detail={"field": name})
    return value


def text_field(raw: Mapping[str, Any], name: str, *, required: bool = False, limit: int = MAX_LINE) -> str:
    """The text of field `name` of a mapping (a file's table, a form) as Accord stores it (text_value)."""
    return text_value(raw.get(name), name, required=required, limit=limit)


def text_value(value: Any, name: str, *, required: bool = False, limit: int = MAX_LINE) -> str:
    """`value`, the field `name`, as Accord stores a text: NFC, LF line ends, stripped, within `limit` characters,
    more than spaces if `required`; InvalidInput naming the field else."""
    if value is not None and not isinstance(value, (str, int, float)):
        raise InvalidInput(N_("The field “{field}” must be text."), field=name, detail={"field": name})
    text = named(name, lambda: clean_text("" if value is None else str(value))).strip()
    if required and not text:
        raise InvalidInput(N_("The field “{field}” is required."), field=name, detail={"field": name})
    if len(text) > limit:
        raise InvalidInput(
            NN_(
                "The field “{field}” is too long (at most {limit} character).",
                "The field “{field}” is too long (at most {limit} characters).",
                "limit",
            ),
            field=name,
            limit=limit,
            detail={"field": name},
        )
    return text


def per_language(value: object, name: str, *, limit: int = MAX_LINE) -> dict[str, str]:
    """A text per language (titles, places): every key a language code, even with an empty value (a
    misspelt key is refused, not dropped); empty values left out; every refusal named at once."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):  # a draft file may hold anything here
        raise InvalidInput(N_("The field “{field}” must give a text per language."), field=name, detail={"field": name})
    errors, kept = Gather(), {}
    for key in value:
        code = errors.check(lambda key=key: named(f"{name}.{key}", lambda: parse_language(str(key))), "")  # type: ignore[misc]
        text = errors.check(lambda key=key: named(f"{name}.{key}", lambda: text_field(value, key, limit=limit)), "")  # type: ignore[misc]
        if code and text:
            kept[code] = text
    errors.done()
    return kept


def named(field: str, step: Callable[[], str]) -> str:
    """`step`'s value, or its refusal naming `field` ("places.en", "on_behalf_of"), for the form to show it there."""
    try:
        return step()
    except InvalidInput as exc:
        raise InvalidInput(exc.message, detail={"field": field}, **exc.params) from None


def list_field(
    raw: Mapping[str, Any], name: str, *, limit: int = MAX_LINE, fold: Callable[[str], str] = str
) -> tuple[str, ...]:
    """A list given as a list or as comma-separated text; blanks and duplicates dropped; an item over `limit`
    characters refused (422), never cut. `fold` (str.lower) is applied before an item is cleaned and measured: lowering
    can undo NFC ("İ" lowers to "i" and a combining dot) and lengthen an item, and what is kept must be what it says."""
    value = raw.get(name) or []
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise InvalidInput(N_("The field “{field}” must be a list."), field=name, detail={"field": name})
    result: list[str] = []
    for item in items:
        if not isinstance(item, (str, int, float)):
            raise InvalidInput(N_("The field “{field}” must be a list of texts."), field=name, detail={"field": name})
        text = clean_text(fold(str(item))).strip()
        if len(text) > limit:
            raise InvalidInput(
                NN_(
                    "The field “{field}” is too long (at most {limit} character).",
                    "The field “{field}” is too long (at most {limit} characters).",
                    "limit",
                ),
                field=name,
                limit=limit,
                detail={"field": name},
            )
        if text and text not in result:
            result.append(text)
    return tuple(result)


def parse_moment(value: Any, field: str, zone: str | None = None) -> datetime:
    """An aware datetime from ISO 8601 text; a naive one is read in `zone` (a form's local time)."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            raise InvalidInput(
                N_("The field “{field}” is not a date and time (expected e.g. 2021-05-26T09:55)."),
                field=field,
                detail={"field": field},
            ) from None
    if moment.tzinfo is None:
        if not zone:
            raise InvalidInput(N_("The field “{field}” needs a time zone."), field=field, detail={"field": field})
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    try:
        moment.astimezone(UTC)  # stored in UTC: 0001-01-01T00:00+05:00 has no UTC time
    except OverflowError:
        raise InvalidInput(
            N_("The field “{field}” is not a date and time (expected e.g. 2021-05-26T09:55)."),
            field=field,
            detail={"field": field},
        ) from None
    return moment


_EMAIL_LOCAL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _script(ch: str) -> str:
    """The script of a letter, as Unicode names it (LATIN, CYRILLIC, GREEK …)."""
    return unicodedata.name(ch, "").split(" ", 1)[0]


def parse_email(value: str) -> str:
    """An address normalised one way (NFKC, lower case, the domain in ASCII as IDNA writes it),
    refused if it hides something: invisible or bidirectional controls, or letters of several
    scripts in one part (a Cyrillic “а” among Latin letters looks like an “a”)."""  # noqa: RUF002 - the Cyrillic letter shows the trap
    raw = str(value or "")
    email = unicodedata.normalize("NFKC", raw).strip().lower()
    local, _, domain = email.rpartition("@")
    ascii_domain = _ascii_domain(domain) if _plain(email) and _parts_plain(local, domain) else None
    if ascii_domain is None or _mixed_scripts(local) or _mixed_scripts(domain):
        raise InvalidInput(N_("“{email}” is not an email address."), email=raw.strip())
    return f"{local}@{ascii_domain}"


_INVISIBLE = ("Cc", "Cf", "Zs", "Zl", "Zp")
"""The categories of what an address cannot hold: controls, format characters (bidirectional ones too), spaces and
separators."""


def _plain(email: str) -> bool:
    """Whether a normalised address has a length an address may have, and nothing invisible."""
    return bool(email) and len(email) <= 254 and not any(unicodedata.category(ch) in _INVISIBLE for ch in email)


def _parts_plain(local: str, domain: str) -> bool:
    """Whether an address has both parts around its last "@", and a local part of the characters an address's
    local part may hold (no other "@", no "..")."""
    return bool(local and domain) and "@" not in local and _EMAIL_LOCAL.match(local) is not None and ".." not in local


def _ascii_domain(domain: str) -> str | None:
    """The domain in ASCII as IDNA writes it; None if it is none (IDNA refuses it, a single label, a label empty,
    too long or with a "-" at either end)."""
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    return ascii_domain


def _mixed_scripts(part: str) -> bool:
    """Whether the letters of one part of an address are of several scripts."""
    return len({_script(ch) for ch in part if ch.isalpha()}) > 1
