"""Sessions and recommendations as a person gives them, for the service to finish validating.

A session's naive times are read in its process's time zone, and a recommendation given without a
language is in its process's source language (or keeps its own when edited): only the service knows
these. So these commands carry the typed fields as given, and the service makes the validated value
with `draft(...)`, through the same `build` as every other way in. Processes, members and decisions
need nothing of the kind: their commands are the validated values themselves (ProcessDraft,
ProcessSettings, MemberDraft, Decision).
"""

from __future__ import annotations

from dataclasses import dataclass

from .consultations import Moment, RecommendationDraft, SessionDraft


@dataclass(frozen=True)
class SessionFields:
    title: str
    starts_at: Moment
    ends_at: Moment
    timezone: str | None = None  # the session's own zone, if it names one
    place: str = ""
    platform: str = ""
    organisers: str | tuple[str, ...] = ()  # a tuple, or comma-separated text
    languages: str | tuple[str, ...] = ()
    capacity: int | str | None = None
    theme: str = ""
    summary: str = ""

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


@dataclass(frozen=True)
class RecommendationFields:
    text: str
    language: str | None = None  # None: the process's source language, or the recommendation's own when edited
    author: str = ""
    organisation: str = ""
    themes: str | tuple[str, ...] = ()  # a tuple, or comma-separated text

    def draft(self, language: str) -> RecommendationDraft:
        """The validated recommendation, in `language` unless it says its own."""
        return RecommendationDraft.build(
            text=self.text,
            language=language if self.language is None else self.language,
            author=self.author,
            organisation=self.organisation,
            themes=self.themes,
        )
