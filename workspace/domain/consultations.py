"""Validated values of a process, its sessions and recommendations.

Every way in (API, form, draft file) builds these through `build`, so the rules live once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from .errors import N_, InvalidInput
from .vocabulary import (
    LANGUAGES,
    Phase,
    RecommendationStatus,
    Role,
    parse_enum,
    parse_language,
    parse_languages,
    parse_slug,
    parse_timezone,
)

MAX_TEXT = 20_000
MAX_LINE = 500
MAX_CAPACITY = 1_000_000


def text_field(raw: Mapping[str, Any], name: str, *, required: bool = False, limit: int = MAX_LINE) -> str:
    value = raw.get(name)
    value = "" if value is None else str(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not value:
        raise InvalidInput(N_("The field “{field}” is required."), field=name, detail={"field": name})
    if len(value) > limit:
        raise InvalidInput(
            N_("The field “{field}” is too long (at most {limit} characters)."), field=name, limit=limit,
            detail={"field": name},
        )
    return value


def list_field(raw: Mapping[str, Any], name: str) -> tuple[str, ...]:
    """A list given as a list or as comma-separated text; blanks and duplicates dropped."""
    value = raw.get(name) or []
    items = value.split(",") if isinstance(value, str) else list(value)
    result: list[str] = []
    for item in items:
        text = str(item).strip()[:MAX_LINE].rstrip()
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
                field=field, detail={"field": field},
            ) from None
    if moment.tzinfo is None:
        if not zone:
            raise InvalidInput(N_("The field “{field}” needs a time zone."), field=field, detail={"field": field})
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    try:
        moment.astimezone(timezone.utc)  # stored in UTC: 0001-01-01T00:00+05:00 has no UTC time
    except OverflowError:
        raise InvalidInput(
            N_("The field “{field}” is not a date and time (expected e.g. 2021-05-26T09:55)."),
            field=field, detail={"field": field},
        ) from None
    return moment


@dataclass(frozen=True)
class ProcessDraft:
    slug: str
    titles: dict[str, str]
    source_language: str
    languages: tuple[str, ...]
    timezone: str
    place: str
    phase: str

    @classmethod
    def build(cls, raw: Mapping[str, Any]) -> "ProcessDraft":
        languages = tuple(parse_languages(raw.get("languages") or ",".join(LANGUAGES)))
        source = parse_language(str(raw.get("source_language") or raw.get("source") or ""))
        if source not in languages:
            raise InvalidInput(N_("The source language must be one of the process languages."))
        titles_raw = raw.get("titles") or {}
        if not isinstance(titles_raw, Mapping):
            raise InvalidInput(N_("Titles must be given per language."))
        titles = {parse_language(k): text_field(titles_raw, k) for k in titles_raw}
        titles = {k: v for k, v in titles.items() if v}
        if not titles.get(source):
            raise InvalidInput(N_("The process needs a title in its source language."))
        return cls(
            slug=parse_slug(str(raw.get("slug") or "")),
            titles=titles,
            source_language=source,
            languages=languages,
            timezone=parse_timezone(str(raw.get("timezone") or "UTC")),
            place=text_field(raw, "place", limit=200),
            phase=parse_enum(Phase, str(raw.get("phase") or Phase.CONSULTATION), "phase").value,
        )


@dataclass(frozen=True)
class MemberDraft:
    email: str
    name: str
    role: str
    languages: tuple[str, ...]

    @classmethod
    def build(cls, raw: Mapping[str, Any]) -> "MemberDraft":
        email = parse_email(str(raw.get("email") or ""))
        role = parse_enum(Role, str(raw.get("role") or ""), "role").value
        languages = tuple(parse_languages(raw["languages"])) if list_field(raw, "languages") else ()
        if role == Role.TRANSLATOR and not languages:
            raise InvalidInput(N_("A translator needs the languages they translate into."), detail={"field": "languages"})
        if role != Role.TRANSLATOR:
            languages = ()
        return cls(email=email, name=text_field(raw, "name", limit=200), role=role, languages=languages)


def parse_email(value: str) -> str:
    email = value.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        raise InvalidInput(N_("“{email}” is not an e-mail address."), email=value)
    return email


@dataclass(frozen=True)
class SessionDraft:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    platform: str
    organisers: tuple[str, ...]
    languages: tuple[str, ...]
    capacity: int | None
    theme: str
    summary: str

    @classmethod
    def build(cls, raw: Mapping[str, Any], zone: str | None = None) -> "SessionDraft":
        zone = str(raw.get("timezone") or zone or "") or None
        if zone:
            parse_timezone(zone)
        starts = parse_moment(raw.get("starts_at"), "starts_at", zone)
        ends = parse_moment(raw.get("ends_at"), "ends_at", zone)
        if ends < starts:
            raise InvalidInput(N_("A session cannot end before it starts."), detail={"field": "ends_at"})
        capacity_raw = raw.get("capacity")
        capacity: int | None = None
        if capacity_raw not in (None, ""):
            try:
                # 2.5 people or `true` are not a capacity: refuse rather than truncate.
                whole = not isinstance(capacity_raw, bool) and (not isinstance(capacity_raw, float) or capacity_raw.is_integer())
                capacity = int(capacity_raw) if whole else -1
            except (TypeError, ValueError):
                capacity = -1
            if not 0 <= capacity <= MAX_CAPACITY:
                raise InvalidInput(N_("The capacity must be a whole number of people."), detail={"field": "capacity"})
        languages = tuple(parse_languages(raw["languages"])) if list_field(raw, "languages") else ()
        return cls(
            title=text_field(raw, "title", required=True),
            starts_at=starts,
            ends_at=ends,
            place=text_field(raw, "place", limit=300),
            platform=text_field(raw, "platform", limit=100),
            organisers=list_field(raw, "organisers"),
            languages=languages,
            capacity=capacity,
            theme=text_field(raw, "theme"),
            summary=text_field(raw, "summary", limit=MAX_TEXT),
        )

    @property
    def utc_offset_minutes(self) -> int:
        offset = self.starts_at.utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)


def with_offset(moment: datetime, minutes: int) -> datetime:
    """`moment` shown at the UTC offset its organisers announced."""
    return moment.astimezone(timezone(timedelta(minutes=minutes)))


@dataclass(frozen=True)
class RecommendationDraft:
    text: str
    language: str
    author: str
    organisation: str
    themes: tuple[str, ...]

    @classmethod
    def build(cls, raw: Mapping[str, Any]) -> "RecommendationDraft":
        themes = tuple(t.lower()[:100].rstrip() for t in list_field(raw, "themes"))
        return cls(
            text=text_field(raw, "text", required=True, limit=MAX_TEXT),
            language=parse_language(str(raw.get("language") or "")),
            author=text_field(raw, "author", limit=200),
            organisation=text_field(raw, "organisation", limit=200),
            themes=tuple(dict.fromkeys(themes)),
        )


@dataclass(frozen=True)
class Decision:
    """The committee's decision on a recommendation; "not retained" must say why."""

    status: str
    reason: str

    @classmethod
    def build(cls, raw: Mapping[str, Any]) -> "Decision":
        status = parse_enum(RecommendationStatus, str(raw.get("status") or ""), "status").value
        reason = text_field(raw, "reason", limit=MAX_TEXT)
        if status == RecommendationStatus.NOT_RETAINED and not reason:
            raise InvalidInput(N_("Say why a recommendation is not retained."), detail={"field": "reason"})
        return cls(status=status, reason=reason)
