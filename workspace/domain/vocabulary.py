"""The closed sets of the domain: languages, roles, phases, recommendation statuses."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import N_, Choices, InvalidInput

LANGUAGES: tuple[str, ...] = ("es", "en", "fr")
LANGUAGE_NAMES = {"es": "Español", "en": "English", "fr": "Français"}


class Role(StrEnum):
    COMMITTEE = "committee"
    MEMBER = "member"
    TRANSLATOR = "translator"
    OBSERVER = "observer"


class Phase(StrEnum):
    CONSULTATION = "consultation"
    DRAFTING = "drafting"
    NEGOTIATION = "negotiation"
    TRANSLATION = "translation"
    PUBLISHED = "published"


class RecommendationStatus(StrEnum):
    OPEN = "open"
    INCORPORATED = "incorporated"
    PARTLY_INCORPORATED = "partly_incorporated"
    NOT_RETAINED = "not_retained"


def parse_language(code: str) -> str:
    """A known content/UI language code, or InvalidInput naming the bad code."""
    value = (code or "").strip().lower()
    if value not in LANGUAGES:
        raise InvalidInput(
            N_("Unknown language code “{code}”: use one of {allowed}."),
            code=code,
            allowed=Choices(LANGUAGES),
            detail={"code": code},
        )
    return value


def parse_languages(codes: str | Sequence[str]) -> list[str]:
    """A non-empty, duplicate-free list of language codes, kept in the order given."""
    items = codes.split(",") if isinstance(codes, str) else list(codes)
    result: list[str] = []
    for item in items:
        if not str(item).strip():
            continue
        code = parse_language(str(item))
        if code not in result:
            result.append(code)
    if not result:
        raise InvalidInput(N_("At least one language is required."))
    return result


def parse_enum(enum: type[StrEnum], value: str, what: str) -> StrEnum:
    """A member of `enum`, or InvalidInput listing the allowed values."""
    try:
        return enum((value or "").strip().lower())
    except ValueError:
        allowed = Choices(m.value for m in enum)
        raise InvalidInput(
            N_("Unknown {what} “{value}”: use one of {allowed}."), what=what, value=value, allowed=allowed
        ) from None


def parse_timezone(name: str) -> str:
    """An IANA time zone name, or InvalidInput."""
    try:
        ZoneInfo((name or "").strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(N_("Unknown time zone “{name}”."), name=name) from None
    return name.strip()


def common_timezones() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def parse_slug(value: str, what: str = "slug") -> str:
    """A lowercase URL slug of letters, digits and hyphens."""
    value = (value or "").strip()
    if not SLUG.match(value):
        raise InvalidInput(
            N_("Invalid {what} “{value}”: use lowercase letters, digits and hyphens (at most 64)."),
            what=what,
            value=value,
        )
    return value


# Letters that NFKD does not decompose into an ASCII base, and that would otherwise vanish
# ("Aydın" → "aydn", "cœur" → "cur").
_ASCII_LETTERS = str.maketrans(
    {
        "ı": "i",
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)


def slugify(text: str, limit: int = 48) -> str:
    """A readable ASCII slug of a title ("Alianzas y partenariados" → "alianzas-y-partenariados")."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "item"
