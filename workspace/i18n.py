"""The one module that wraps Babel: catalogs, the request's locale, negotiation and formatting."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.core import UnknownLocaleError, get_global
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.dates import format_time as _format_time
from babel.dates import get_timezone_location
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from babel.units import format_unit

from .domain.errors import Counted, form, said
from .domain.labels import C_
from .domain.people import say_with
from .domain.vocabulary import LANGUAGES
from .settings import ROOT

LOCALES_DIR = ROOT / "locales"
# A one-item list, not a string: the threads a request starts (dependencies, handlers) run in copies
# of its context, and the list is shared by reference, so the locale set in one is read in the others.
_current: ContextVar[list[str] | None] = ContextVar("accord_locale", default=None)


@cache
def translations(locale: str) -> Translations:
    """The catalog for `locale`, read from its .po file (no compiled file to go stale)."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return Translations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def start_locale(locale: str) -> None:
    """A locale of its own for this request (or task), seen by the threads it starts."""
    _current.set([locale if locale in LANGUAGES else "en"])


@contextmanager
def locale_scope(locale: str) -> Iterator[None]:
    """`locale` for the block only (a command run in-process must not leave it behind)."""
    token = _current.set([locale if locale in LANGUAGES else "en"])
    try:
        yield
    finally:
        _current.reset(token)


def set_locale(locale: str) -> None:
    box = _current.get()
    if box is None:
        start_locale(locale)
    else:
        box[0] = locale if locale in LANGUAGES else "en"


def get_locale() -> str:
    box = _current.get()
    return box[0] if box else "en"


def gettext(message: str, **params: object) -> str:
    context = getattr(message, "context", None)  # a domain label that agrees with its noun (domain.labels.Label)
    text = (
        translations(get_locale()).upgettext(context, str(message))
        if context
        else translations(get_locale()).ugettext(message)
    )
    return text % params if params else text


class _Later(dict[str, object]):
    """Parameters of a message, a placeholder not among them kept as written: Jinja's ngettext formats the message
    with the template's own parameters after it (it passes us the count alone)."""

    def __missing__(self, key: str) -> str:
        return f"%({key})s"


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    text = translations(get_locale()).ungettext(singular, plural, n)
    return text % _Later({"num": n, **params})


def pgettext(context: str, message: str, **params: object) -> str:
    """A message whose English words mean two things ("Change" the button, "Change" the kind of amendment)."""
    text = translations(get_locale()).upgettext(context, message)
    return text % params if params else text


_ = gettext
say_with(gettext)  # an erased account's person reads as "a former member" in the reader's language


def translate(message: str) -> str:
    """For domain errors: their message ids are `{name}`-style, formatted by the caller. A plural one comes
    with its number (`form(message, params)`), and takes the form the reader's language gives that number."""
    if isinstance(message, Counted):
        return translations(get_locale()).ungettext(message.singular, message.plural, message.n)
    context = getattr(message, "context", None)  # a label passed as a parameter (domain.errors.Words)
    return (
        translations(get_locale()).upgettext(context, message)
        if context
        else translations(get_locale()).ugettext(message)
    )


def translate_with(message: str, params: Mapping[str, object]) -> str:
    """A domain message id (an error's, a notice's) in the reader's language, its parameters filled in."""
    return translate(form(message, params)).format(**{k: said(v, translate) for k, v in params.items()})


def negotiate(accept_language: str | None, *preferences: str | None) -> str:
    """First explicit preference (user's choice…), then Accept-Language, then later preferences."""
    first, *rest = list(preferences) or [None]
    if first in LANGUAGES:
        return first
    accepted = _accepted(accept_language)
    if accepted is not None:
        return accepted
    for preference in rest:
        if preference in LANGUAGES:
            return preference
    return "en"


def browser_language(accept_language: str | None, chosen: str | None) -> str | None:
    """The language a browser reads Accord in, of ours: the one chosen in it (its language cookie), else the best of
    its Accept-Language; None when it asks for none of ours (nothing to keep of it)."""
    return chosen if chosen in LANGUAGES else _accepted(accept_language)


def _accepted(accept_language: str | None) -> str | None:
    """The best of ours that an Accept-Language header asks for, by its weights."""
    if not accept_language:
        return None
    wanted = []
    for part in accept_language.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        if tag and weight > 0:
            wanted.append((weight, tag.strip().replace("_", "-")))
    wanted.sort(key=lambda item: -item[0])
    found = Locale.negotiate([tag for _, tag in wanted], list(LANGUAGES), sep="-")
    return found.language if found is not None else None


def _zone(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):  # an unknown name, or one that is not a key (a path)
        return ZoneInfo("UTC")


def format_datetime(moment: datetime | str, timezone: str | None = None, fmt: str = "medium") -> str:
    """A moment (or its ISO 8601 text, as error details and Word files carry it) in the reader's language and zone;
    a text that is no moment (a Word file's own date may be anything) says nothing."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return ""
    return _format_datetime(moment, fmt, tzinfo=_zone(timezone), locale=_formatting_locale())


def format_date(moment: datetime | str, timezone: str | None = None, fmt: str = "long") -> str:
    """`8 de octubre de 2021`, `8 October 2021`, `8 octobre 2021`."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return _format_date(moment.astimezone(_zone(timezone)), fmt, locale=_formatting_locale())


def format_day(day: date | str) -> str:
    """A calendar date (a version's circulation day, ISO text or a date): no time zone to shift it."""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return _format_date(day, "long", locale=_formatting_locale())


def format_time(moment: datetime, timezone: str | None = None) -> str:
    return _format_time(moment, "short", tzinfo=_zone(timezone), locale=_formatting_locale())


def format_number(value: float) -> str:
    return format_decimal(value, locale=_formatting_locale())


def format_size(size: int) -> str:
    """A file's size in the reader's language: "512 B", "85 kB", "1,2 Mo" (decimal units, as CLDR's)."""
    for unit, scale in (("digital-megabyte", 1_000_000), ("digital-kilobyte", 1000)):
        if size >= scale:
            return format_unit(size / scale, unit, length="short", format="#,##0.#", locale=_formatting_locale())
    return format_unit(size, "digital-byte", length="short", locale=_formatting_locale())


def language_name(code: str) -> str:
    """A language's name in the reader's language ("inglés", "English", "anglais")."""
    return _language_name(code, get_locale())


@lru_cache(maxsize=1024)
def _language_name(code: str, reader: str) -> str:
    # Babel parses the locale data at each call: 7 % of a version page's time under load, for a few names.
    try:
        return Locale.parse(code).get_display_name(reader) or code
    except (UnknownLocaleError, ValueError):
        return code


def language_names(codes: Iterable[str]) -> str:
    """Languages named in a list of the reader's language: "español, inglés y francés", "English and French"."""
    return format_list([language_name(code) for code in codes], locale=_formatting_locale())


def _formatting_locale() -> str:
    # International English writes "8 October 2021", as UN and UCLG documents do.
    locale = get_locale()
    return "en_GB" if locale == "en" else locale


# Time zones as people look for them: under their region, by their city and country in the reader's language
# ("Paris (France)" under "Europe"), the IANA name kept as the value saved. IANA's own areas name the regions.
ZONE_REGIONS = {
    "Africa": C_("time zone region", "Africa"),
    "America": C_("time zone region", "America"),
    "Antarctica": C_("time zone region", "Antarctica"),
    "Arctic": C_("time zone region", "Arctic"),
    "Asia": C_("time zone region", "Asia"),
    "Atlantic": C_("time zone region", "Atlantic Ocean"),
    "Australia": C_("time zone region", "Australia"),
    "Europe": C_("time zone region", "Europe"),
    "Indian": C_("time zone region", "Indian Ocean"),
    "Pacific": C_("time zone region", "Pacific Ocean"),
}


@dataclass(frozen=True, kw_only=True)
class ZoneChoice:
    value: str  # the IANA name, what a form sends and the process keeps
    label: str  # "Paris (France)", "París (Francia)"


@dataclass(frozen=True, kw_only=True)
class ZoneGroup:
    label: str  # the region, "Europe"
    choices: tuple[ZoneChoice, ...]


@dataclass(frozen=True, kw_only=True)
class ZoneChoices:
    first: tuple[ZoneChoice, ...]  # offered before the regions (UTC, the process's own zone)
    groups: tuple[ZoneGroup, ...]


def zone_time(zone: str) -> str:
    """A process's clock as a sentence names it, in the reader's language: "hora de Turquía", "heure : Turquie",
    "Türkiye Time" (UTC as it is)."""
    if "/" not in (zone or ""):
        return zone or "UTC"
    try:
        said = get_timezone_location(_zone(zone), locale=_formatting_locale())
    except (LookupError, ValueError):
        said = ""
    return said if said and "/" not in said else zone_label(zone)  # a city CLDR does not know: by its own name


def zone_label(zone: str) -> str:
    """A time zone by its city and country in the reader's language: "Londres (Royaume-Uni)"."""
    return _zone_label(zone, get_locale())


def zone_choices(zones: Iterable[str], first: Sequence[str] = (), keep: str = "") -> ZoneChoices:
    """`first` as they are, then `zones` by region, each region and zone named in the reader's language and
    sorted as it reads; an older name of a zone listed (Asia/Calcutta for Asia/Kolkata) is left out, unless it
    is `keep` (the value saved), which is always offered."""
    return _zone_choices(tuple(zones), tuple(first), keep, get_locale())


@lru_cache(maxsize=32)
def _zone_choices(zones: tuple[str, ...], first: tuple[str, ...], keep: str, reader: str) -> ZoneChoices:
    aliases: Mapping[str, str] = get_global("zone_aliases")
    listed = set(zones)
    up_front = list(dict.fromkeys(first))
    by_region: dict[str, list[ZoneChoice]] = {}
    for zone in zones:
        if zone in up_front or (aliases.get(zone, zone) != zone and aliases[zone] in listed and zone != keep):
            continue
        region = zone.partition("/")[0]
        if region in ZONE_REGIONS:
            by_region.setdefault(region, []).append(ZoneChoice(value=zone, label=_zone_label(zone, reader)))
        elif zone not in up_front:
            up_front.append(zone)
    if keep and keep not in up_front and keep not in listed:
        up_front.append(keep)
    groups = [
        ZoneGroup(
            label=translations(reader).upgettext(ZONE_REGIONS[region].context, str(ZONE_REGIONS[region])),
            choices=tuple(sorted(choices, key=lambda c: _reading_order(c.label))),
        )
        for region, choices in by_region.items()
    ]
    return ZoneChoices(
        first=tuple(ZoneChoice(value=z, label=_zone_label(z, reader)) for z in up_front),
        groups=tuple(sorted(groups, key=lambda g: _reading_order(g.label))),
    )


@lru_cache(maxsize=4096)
def _zone_label(zone: str, reader: str) -> str:
    if "/" not in zone:
        return zone  # UTC
    aliases: Mapping[str, str] = get_global("zone_aliases")
    canonical = aliases.get(zone, zone)
    try:
        city = get_timezone_location(canonical, locale=reader, return_city=True)
    except LookupError:
        city = ""
    if not city or "/" in city:  # no city in CLDR: IANA's own, "Argentina/Buenos_Aires" read as "Buenos Aires"
        city = canonical.rsplit("/", 1)[-1].replace("_", " ")
    territory = get_global("zone_territories").get(canonical, "")
    country = Locale.parse(reader).territories.get(territory, "") if territory not in ("", "001", "ZZ") else ""
    label = f"{city} ({country})" if country and country != city else city
    return label if canonical == zone else f"{label} · {zone}"  # an older name, as saved


def _reading_order(text: str) -> str:
    """Accents aside, case aside: "Åland" with the A's, "Île" with the I's."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
