"""Values of a process, its members, sessions and recommendations, and what a person asks of them.

A process's settings, a new process, a member and a decision are commands (domain/inputs.py): the type the API
decodes, the page decodes, the command line and a draft file make, each field's rule declared beside it, so the rules
live once. Sessions and recommendations are finished by their service (consultation_commands.py), through `build`,
as a draft file's are. A draft file may hold a value of any type where text is expected: the rules refuse it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import available_timezones

import msgspec
from msgspec.structs import force_setattr

from ..delegations.delegations import CodeField
from ..errors import N_, Gather, InvalidInput
from ..inputs import Command, LongText, Rule, Text, says, text_schema
from ..values import (
    MAX_LINE,
    MAX_PLACE,
    MAX_TEXT,
    MAX_THEME,
    list_field,
    parse_email,
    parse_moment,
    per_language,
    text_value,
)
from ..vocabulary import (
    LANGUAGES,
    SLUG,
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
class Choice(Rule):
    """One of a closed set (`kind`), as given in any case: kept as its value."""

    kind: type[StrEnum]

    def __call__(self, value: Any, field: str) -> Any:
        return parse_enum(self.kind, str(value), field).value


@dataclass(frozen=True)
class Code(Rule):
    """A language code, as given in any case."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_language(str(value))


@dataclass(frozen=True)
class Codes(Rule):
    """Language codes given as a list or comma-separated text, blanks and repeats dropped (none given: none)."""

    def __call__(self, value: Any, field: str) -> Any:
        return tuple(parse_languages(value)) if value and list_field({field: value}, field) else ()


@dataclass(frozen=True)
class PerLanguage(Rule):
    """A text per language (values.per_language), each within `limit`."""

    limit: int

    def __call__(self, value: Any, field: str) -> Any:
        if field == "titles" and not isinstance(value, Mapping):  # a draft file may hold anything here
            raise InvalidInput(N_("Titles must be given per language."))
        return per_language(value, field, limit=self.limit)


@dataclass(frozen=True)
class Slug(Rule):
    """A process's address: lowercase letters, digits and hyphens."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_slug(str(value))


@dataclass(frozen=True)
class Zone(Rule):
    """An IANA time zone name."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_timezone(str(value))


def item_schema(limit: int) -> dict[str, Any]:
    """What the schema says of a text within a list or map (spelt as JSON Schema: Litestar copies it as given)."""
    said = text_schema(limit)
    return {"type": "string", "maxLength": said["max_length"], "pattern": said["pattern"]}


def _per_language_schema(limit: int) -> msgspec.Meta:
    return says(
        property_names={"type": "string", "enum": list(LANGUAGES)},
        additional_properties=item_schema(limit),
    )


LANGUAGE_ITEMS = {"type": "string", "enum": list(LANGUAGES)}
Language = Annotated[str, says(enum=list(LANGUAGES)), Code()]
Languages = Annotated[tuple[str, ...] | None, says(items=LANGUAGE_ITEMS), Codes()]
"""Language codes, or none."""
FormLanguages = Annotated[tuple[str, ...] | str | None, Codes()]
"""Language codes as a form's boxes send them: one ticked is text, several a list."""
Titles = Annotated[dict[str, str], _per_language_schema(MAX_LINE), PerLanguage(MAX_LINE)]
Places = Annotated[dict[str, str], _per_language_schema(MAX_PLACE), PerLanguage(MAX_PLACE)]
ZoneName = Annotated[str, says(enum=sorted(available_timezones())), Zone()]
PhaseName = Annotated[str | None, says(enum=[*(phase.value for phase in Phase), None]), Choice(Phase)]


class ProcessSettings(Command, frozen=True):
    """A process's settings, which its committee may change: everything but the slug, its address. `places`: the
    place of the date line in each language (`place` alone: the source language's, for a client that gives only that
    one). `languages` none or empty: all; `phase` none: consultation, and a process once published stays published.
    `members_see_emails`: members see each other's e-mail addresses (the committee always does);
    `positions_public`: members read every delegation's positions (else their own delegation's only)."""

    titles: Titles
    source_language: Language
    if TYPE_CHECKING:  # what a made one holds: its `check` gives the defaults
        languages: tuple[str, ...] = ()
        timezone: str = "UTC"
        places: dict[str, str] = {}
    else:
        languages: Languages = None
        timezone: ZoneName = "UTC"
        places: Places | None = None
    place: Annotated[str, says(**text_schema(MAX_PLACE)), Text(MAX_PLACE)] = ""
    if TYPE_CHECKING:
        phase: str = Phase.CONSULTATION.value
    else:
        phase: PhaseName = None
    members_see_emails: bool = False
    positions_public: bool = False

    def check(self) -> None:
        codes = self.languages or tuple(LANGUAGES)
        source = self.source_language
        errors = Gather()
        if source not in codes:
            errors.add(
                InvalidInput(
                    N_("The source language must be one of the process languages."), detail={"field": "source_language"}
                )
            )
        if not self.titles.get(source):
            errors.add(
                InvalidInput(
                    N_("The process needs a title in its source language."), detail={"field": f"titles.{source}"}
                )
            )
        errors.done()
        force_setattr(self, "languages", codes)
        force_setattr(self, "timezone", self.timezone or "UTC")  # a draft file without one
        force_setattr(self, "place", self.place or "")
        force_setattr(self, "places", {**({source: self.place} if self.place else {}), **(self.places or {})})
        force_setattr(self, "phase", self.phase or Phase.CONSULTATION.value)
        force_setattr(self, "members_see_emails", bool(self.members_see_emails))
        force_setattr(self, "positions_public", bool(self.positions_public))


ProcessSlug = Annotated[str, says(pattern=SLUG.pattern), Slug()]
NewPhaseName = Annotated[
    str | None, says(enum=[*(phase.value for phase in Phase if phase != Phase.PUBLISHED), None]), Choice(Phase)
]  # publishing publishes


class ProcessDraft(ProcessSettings, frozen=True, kw_only=True):
    """A new process: its settings, and the slug it is found at from now on (`phase`: any but published, which
    publishing makes it)."""

    slug: ProcessSlug
    if not TYPE_CHECKING:
        phase: NewPhaseName = None


RoleName = Annotated[str, says(enum=[role.value for role in Role]), Choice(Role)]


UNCHANGED = msgspec.UNSET
"""What a partial change leaves as it is (None may be a value: a member speaking for no delegation)."""


class MemberChange(Command, frozen=True):
    """A change to a member (`PUT …/members/{email}`): `delegation`, the code of the delegation they speak for, or
    null for themselves (left out, it stays); `role`, `languages`, `reviews`, as when inviting, where given (checked
    as a whole by MemberDraft when the role is given)."""

    delegation: CodeField | msgspec.UnsetType | None = msgspec.UNSET
    if TYPE_CHECKING:  # what a made one holds
        role: str | None = None
        languages: tuple[str, ...] | None = None
        reviews: tuple[str, ...] | None = None
    else:
        role: Annotated[str | None, says(enum=[*(role.value for role in Role), None]), Choice(Role)] = None
        languages: Languages = None
        reviews: Languages = None


@dataclass(frozen=True)
class Email(Rule):
    """An e-mail address (values.parse_email)."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_email(str(value))


EmailAddress = Annotated[str, says(format="email", max_length=254), Email()]


class MemberDraft(Command, frozen=True):
    """Someone in a process: their role and, for a translator, the languages they translate into (`languages`) and
    those they may also approve in (`reviews`, among them); others have none."""

    email: EmailAddress
    role: RoleName
    name: Annotated[str, says(**text_schema(200)), Text(200)] = ""
    if TYPE_CHECKING:  # what a made one holds: none given is none
        languages: tuple[str, ...] = ()
        reviews: tuple[str, ...] = ()
    else:
        languages: Languages = None
        reviews: Languages = None

    def check(self) -> None:
        codes, reviewed = self.languages or (), self.reviews or ()
        if self.role == Role.TRANSLATOR and not codes:
            raise InvalidInput(
                N_("A translator needs the languages they translate into."), detail={"field": "languages"}
            )
        if self.role != Role.TRANSLATOR:
            codes = reviewed = ()
        if not set(reviewed) <= set(codes):
            raise InvalidInput(
                N_("A translator reviews only languages they translate into."), detail={"field": "reviews"}
            )
        force_setattr(self, "languages", codes)
        force_setattr(self, "reviews", reviewed)


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
        name = errors.check(lambda: text_value(title, "title", required=True), "")
        zone = given if given and errors.check(lambda: bool(parse_timezone(given)), False) else None
        starts = errors.check(lambda: parse_moment(starts_at, "starts_at", zone), None)
        ends = errors.check(lambda: parse_moment(ends_at, "ends_at", zone), None)
        if starts is not None and ends is not None and ends < starts:
            errors.add(InvalidInput(N_("A session cannot end before it starts."), detail={"field": "ends_at"}))
        people = errors.check(lambda: _capacity(capacity), None)
        codes: tuple[str, ...] = errors.check(lambda: Codes()(languages, "languages"), ())
        venue = errors.check(lambda: text_value(place, "place", limit=300), "")
        link = errors.check(lambda: text_value(platform, "platform", limit=100), "")
        hosts: tuple[str, ...] = errors.check(lambda: list_field({"organisers": organisers}, "organisers"), ())
        topic = errors.check(lambda: text_value(theme, "theme"), "")
        about = errors.check(lambda: text_value(summary, "summary", limit=MAX_TEXT), "")
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
        cut = list_field({"themes": themes}, "themes", limit=MAX_THEME, fold=str.lower)  # compared in lower case
        return cls(
            text=text_value(text, "text", required=True, limit=MAX_TEXT),
            language=parse_language(str(language or "")),
            author=text_value(author, "author", limit=200),
            organisation=text_value(organisation, "organisation", limit=200),
            themes=tuple(dict.fromkeys(cut)),
        )


StatusName = Annotated[str, says(enum=[status.value for status in RecommendationStatus]), Choice(RecommendationStatus)]


class Decision(Command, frozen=True):
    """The committee's decision on a recommendation: open, incorporated, partly_incorporated, or not_retained with a
    reason (`reason`)."""

    status: StatusName
    reason: LongText = ""

    def check(self) -> None:
        if self.status == RecommendationStatus.NOT_RETAINED and not self.reason:
            raise InvalidInput(N_("Say why a recommendation is not retained."), detail={"field": "reason"})
