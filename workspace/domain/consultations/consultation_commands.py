"""Sessions and recommendations as a person gives them, for the service to finish validating.

A session's naive times are read in its process's time zone, and a recommendation given without a
language is in its process's source language (or keeps its own when edited): only the service knows
these. So these commands carry the fields as given (what the API document says of each declared beside
it), and the service makes the validated value with `draft(...)`, through the same `build` as a draft
file's, which checks every field at once. Processes, members and decisions need nothing of the kind:
their commands are the validated values themselves (ProcessDraft, ProcessSettings, MemberDraft, Decision).
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import available_timezones

from ..errors import N_, InvalidInput
from ..inputs import Command, Name, RequiredText, says, text_schema
from ..values import MAX_LINE, MAX_TEXT, MAX_THEME
from ..vocabulary import LANGUAGES, SLUG
from .consultations import LANGUAGE_ITEMS, MAX_CAPACITY, RecommendationDraft, SessionDraft, item_schema

Reference = Annotated[str, says(pattern=SLUG.pattern)]
# Empty, as a form sends an unchosen session, is the same as none.
ReferenceOrEmpty = Annotated[
    str, says(pattern=f"^(?:{SLUG.pattern.strip('^$')})?$", description="A reference, or empty (the same as null).")
]


class SessionFields(Command, frozen=True):
    """A consultation session. `starts_at` and `ends_at`: ISO 8601, naive times read in `timezone` (none or empty:
    the process's); `ref`: the session's reference when it is created (none: made from its title)."""

    # Only what the API document says of each field: `draft` checks them all at once, with the times.
    title: Annotated[str, says(**text_schema(MAX_LINE, required=True))]
    starts_at: str
    ends_at: str
    ref: Reference | None = None
    timezone: Annotated[str | None, says(enum=[*sorted(available_timezones()), "", None])] = None
    place: Annotated[str, says(**text_schema(300))] = ""
    platform: Annotated[str, says(**text_schema(100))] = ""
    organisers: Annotated[tuple[str, ...] | None, says(items=item_schema(MAX_LINE))] = None
    languages: Annotated[tuple[str, ...] | None, says(items=LANGUAGE_ITEMS)] = None
    capacity: Annotated[int, says(minimum=0, maximum=MAX_CAPACITY)] | None = None
    theme: Annotated[str, says(**text_schema(MAX_LINE))] = ""
    summary: Annotated[str, says(**text_schema(MAX_TEXT))] = ""

    def draft(self, zone: str) -> SessionDraft:
        """The validated session; naive times are read in its own zone, else in `zone` (the process's)."""
        return SessionDraft.build(
            title=self.title,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            timezone=self.timezone,
            place=self.place,
            platform=self.platform,
            organisers=self.organisers,
            languages=self.languages,
            capacity=self.capacity,
            theme=self.theme,
            summary=self.summary,
            zone=zone,
        )


class RecommendationFields(Command, frozen=True):
    """A recommendation: `language` none, the process's source language (or its own when edited); `session`: on an
    edit, the session it moves to (none or empty: it stays); a new one's session is the one of its path."""

    text: RequiredText
    language: Annotated[str | None, says(enum=[*LANGUAGES, None])] = None
    author: Name = ""
    organisation: Name = ""
    themes: Annotated[tuple[str, ...] | None, says(items=item_schema(MAX_THEME))] = None
    session: ReferenceOrEmpty | None = None

    def draft(self, language: str) -> RecommendationDraft:
        """The validated recommendation, in `language` unless it says its own."""
        return RecommendationDraft.build(
            text=self.text,
            language=language if self.language is None else self.language,
            author=self.author,
            organisation=self.organisation,
            themes=self.themes,
        )

    def check_session(self, ref: str) -> None:
        """A new recommendation belongs to the session of its path, `ref`: one it names must be that one."""
        if self.session is not None and self.session != ref:
            raise InvalidInput(
                N_("A new recommendation belongs to the session of its path, “{ref}”, not to “{session}”."),
                detail={"field": "session"},
                ref=ref,
                session=self.session,
            )
