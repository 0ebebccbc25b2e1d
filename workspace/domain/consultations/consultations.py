"""Validated values of a process, its sessions and recommendations.

Every way in (API, form, command line, draft file) builds these through `build`, so the rules live
once. A draft file may hold a value of any type where text is expected: the builders refuse it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

from ..delegations.delegations import parse_code
from ..errors import N_, Gather, InvalidInput
from ..values import MAX_PLACE, MAX_TEXT, MAX_THEME, list_field, parse_email, parse_moment, per_language, text_field
from ..vocabulary import (
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

MAX_CAPACITY = 1_000_000

Items = str | Sequence[str]
"""A list of texts, given as a list or as comma-separated text."""

Moment = str | datetime
"""A date and time: ISO 8601 text, or a datetime."""


@dataclass(frozen=True)
class ProcessSettings:
    """What a process's committee may change: everything but the slug, which is the process's address."""

    titles: dict[str, str]
    source_language: str
    languages: tuple[str, ...]
    timezone: str
    places: dict[str, str]  # the place of the date line in each language, like the titles
    phase: str
    # Members see each other's e-mail addresses (the committee always does). Keyword-only, with a
    # default, so that a draft's `slug` may follow it.
    members_see_emails: bool = field(default=False, kw_only=True)
    # Members read every delegation's positions (else their own delegation's only; the committee always all).
    positions_public: bool = field(default=False, kw_only=True)

    @classmethod
    def build(
        cls,
        *,
        titles: Mapping[str, str] | None,
        source_language: str | None,
        languages: Items | None = None,
        timezone: str | None = "UTC",
        places: Mapping[str, str] | None = None,
        place: str | None = "",
        phase: str | None = None,
        members_see_emails: bool | None = False,
        positions_public: bool | None = False,
    ) -> ProcessSettings:
        """`place` alone is the source language's place (as a process file of before places had languages
        wrote it); `places` gives it per language and wins over it."""
        errors = Gather()
        codes = errors.check(lambda: tuple(parse_languages(languages or ",".join(LANGUAGES))), tuple(LANGUAGES))
        source = errors.check(lambda: parse_language(str(source_language or "")), "")
        if source and source not in codes:
            errors.add(
                InvalidInput(
                    N_("The source language must be one of the process languages."), detail={"field": "source_language"}
                )
            )
        if titles is not None and not isinstance(titles, Mapping):  # a draft file may hold anything here
            raise InvalidInput(N_("Titles must be given per language."))
        none: dict[str, str] = {}
        given = errors.check(lambda: per_language(titles, "titles"), none)
        if source and not given.get(source):
            errors.add(
                InvalidInput(
                    N_("The process needs a title in its source language."), detail={"field": f"titles.{source}"}
                )
            )
        zone = errors.check(lambda: parse_timezone(str("UTC" if timezone is None else timezone)), "UTC")
        alone = errors.check(lambda: text_field({"place": place}, "place", limit=MAX_PLACE), "")
        where = errors.check(
            lambda: {
                **({source: alone} if source and alone else {}),
                **per_language(places, "places", limit=MAX_PLACE),
            },
            none,
        )
        stage = errors.check(
            # Only a phase (or a zone) left out is the default one: an empty one is none (as the API's document says).
            lambda: parse_enum(Phase, str(Phase.CONSULTATION if phase is None else phase), "phase").value,
            Phase.CONSULTATION.value,
        )
        errors.done()
        return cls(
            titles=given,
            source_language=source,
            languages=codes,
            timezone=zone,
            places=where,
            phase=stage,
            members_see_emails=bool(members_see_emails),
            positions_public=bool(positions_public),
        )


@dataclass(frozen=True)
class ProcessDraft(ProcessSettings):
    """A new process: its settings, and the slug it is found at from now on."""

    slug: str

    @classmethod
    def build(
        cls,
        *,
        slug: str | None = "",
        titles: Mapping[str, str] | None,
        source_language: str | None,
        languages: Items | None = None,
        timezone: str | None = "UTC",
        places: Mapping[str, str] | None = None,
        place: str | None = "",
        phase: str | None = None,
        members_see_emails: bool | None = False,
        positions_public: bool | None = False,
    ) -> ProcessDraft:
        # `slug` has a default only so that this `build` can stand for the settings' one: "" is refused.
        settings = ProcessSettings.build(
            titles=titles,
            source_language=source_language,
            languages=languages,
            timezone=timezone,
            places=places,
            place=place,
            phase=phase,
            members_see_emails=members_see_emails,
            positions_public=positions_public,
        )
        return cls(**vars(settings), slug=parse_slug(str(slug or "")))


class Unchanged(Enum):
    """What a partial change leaves as it is (None may be a value: a member speaking for no delegation)."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class MemberChange:
    """A change to a member: the delegation they speak for (None: themselves), and their role, languages and
    reviews where given (checked as a whole by MemberDraft when the role is given)."""

    delegation: str | Unchanged | None = UNCHANGED
    role: str | None = None
    languages: tuple[str, ...] | None = None
    reviews: tuple[str, ...] | None = None

    @classmethod
    def build(
        cls,
        *,
        delegation: str | Unchanged | None = UNCHANGED,
        role: str | None = None,
        languages: Items | None = None,
        reviews: Items | None = None,
    ) -> MemberChange:
        return cls(
            delegation=parse_code(delegation) if isinstance(delegation, str) else delegation,
            role=parse_enum(Role, role, "role").value if role is not None else None,
            languages=tuple(parse_languages(languages)) if languages else (() if languages is not None else None),
            reviews=tuple(parse_languages(reviews)) if reviews else (() if reviews is not None else None),
        )


@dataclass(frozen=True)
class MemberDraft:
    email: str
    name: str
    role: str
    languages: tuple[str, ...]
    reviews: tuple[str, ...] = ()  # a translator's languages they may also approve in

    @classmethod
    def build(
        cls,
        *,
        email: str | None,
        role: str | None,
        name: str | None = "",
        languages: Items | None = None,
        reviews: Items | None = None,
    ) -> MemberDraft:
        address = parse_email(str(email or ""))
        parsed = parse_enum(Role, str(role or ""), "role").value
        codes = _languages(languages)
        if parsed == Role.TRANSLATOR and not codes:
            raise InvalidInput(
                N_("A translator needs the languages they translate into."), detail={"field": "languages"}
            )
        reviewed = tuple(parse_languages(reviews)) if reviews and list_field({"reviews": reviews}, "reviews") else ()
        if parsed != Role.TRANSLATOR:
            codes = reviewed = ()
        if not set(reviewed) <= set(codes):
            raise InvalidInput(
                N_("A translator reviews only languages they translate into."), detail={"field": "reviews"}
            )
        return cls(
            email=address,
            name=text_field({"name": name}, "name", limit=200),
            role=parsed,
            languages=codes,
            reviews=reviewed,
        )


def _languages(value: Items | None) -> tuple[str, ...]:
    """Language codes given as a list or comma-separated text; none given is no languages."""
    return tuple(parse_languages(value)) if value and list_field({"languages": value}, "languages") else ()


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
    def build(
        cls,
        *,
        title: str | None,
        starts_at: Moment | None,
        ends_at: Moment | None,
        timezone: str | None = None,
        place: str | None = "",
        platform: str | None = "",
        organisers: Items | None = None,
        languages: Items | None = None,
        capacity: int | str | None = None,
        theme: str | None = "",
        summary: str | None = "",
        zone: str | None = None,
    ) -> SessionDraft:
        """`timezone` is the session's own, as given; naive times are read in it, else in `zone` (the process's).
        Every field is checked: all the refused ones are named at once."""
        given = str(timezone or zone or "")
        errors = Gather()
        name = errors.check(lambda: text_field({"title": title}, "title", required=True), "")
        zone = given if given and errors.check(lambda: bool(parse_timezone(given)), False) else None
        starts = errors.check(lambda: parse_moment(starts_at, "starts_at", zone), None)
        ends = errors.check(lambda: parse_moment(ends_at, "ends_at", zone), None)
        if starts is not None and ends is not None and ends < starts:
            errors.add(InvalidInput(N_("A session cannot end before it starts."), detail={"field": "ends_at"}))
        people = errors.check(lambda: _capacity(capacity), None)
        codes: tuple[str, ...] = errors.check(lambda: _languages(languages), ())
        venue = errors.check(lambda: text_field({"place": place}, "place", limit=300), "")
        link = errors.check(lambda: text_field({"platform": platform}, "platform", limit=100), "")
        hosts: tuple[str, ...] = errors.check(lambda: list_field({"organisers": organisers}, "organisers"), ())
        topic = errors.check(lambda: text_field({"theme": theme}, "theme"), "")
        about = errors.check(lambda: text_field({"summary": summary}, "summary", limit=MAX_TEXT), "")
        errors.done()
        assert starts is not None and ends is not None
        return cls(
            title=name,
            starts_at=starts,
            ends_at=ends,
            place=venue,
            platform=link,
            organisers=hosts,
            languages=codes,
            capacity=people,
            theme=topic,
            summary=about,
        )

    @property
    def utc_offset_minutes(self) -> int:
        offset = self.starts_at.utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)


def _capacity(value: Any) -> int | None:
    """A number of people, as given (a draft file may hold any value here)."""
    if value in (None, ""):
        return None
    try:
        # 2.5 people or `true` are not a capacity: refuse rather than truncate.
        whole = not isinstance(value, bool) and (not isinstance(value, float) or value.is_integer())
        capacity = int(value) if whole else -1
    except (TypeError, ValueError):
        capacity = -1
    if not 0 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(N_("The capacity must be a whole number of people."), detail={"field": "capacity"})
    return capacity


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
    def build(
        cls,
        *,
        text: str | None,
        language: str | None,
        author: str | None = "",
        organisation: str | None = "",
        themes: Items | None = None,
    ) -> RecommendationDraft:
        cut = tuple(t.lower() for t in list_field({"themes": themes}, "themes", limit=MAX_THEME))
        return cls(
            text=text_field({"text": text}, "text", required=True, limit=MAX_TEXT),
            language=parse_language(str(language or "")),
            author=text_field({"author": author}, "author", limit=200),
            organisation=text_field({"organisation": organisation}, "organisation", limit=200),
            themes=tuple(dict.fromkeys(cut)),
        )


@dataclass(frozen=True)
class Decision:
    """The committee's decision on a recommendation; "not retained" must say why."""

    status: str
    reason: str

    @classmethod
    def build(cls, *, status: str | None, reason: str | None = "") -> Decision:
        parsed = parse_enum(RecommendationStatus, str(status or ""), "status").value
        why = text_field({"reason": reason}, "reason", limit=MAX_TEXT)
        if parsed == RecommendationStatus.NOT_RETAINED and not why:
            raise InvalidInput(N_("Say why a recommendation is not retained."), detail={"field": "reason"})
        return cls(status=parsed, reason=why)
