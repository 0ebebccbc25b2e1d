"""What services hand back: plain, typed, serialisable values (the API returns them as they are)."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct


class Actor(Struct, frozen=True):
    """The person acting: who is signed in, or who owns the API token."""

    id: int
    email: str
    name: str
    is_admin: bool = False
    locale: str | None = None


class UserView(Struct, frozen=True):
    id: int
    email: str
    name: str
    is_admin: bool
    can_sign_in: bool
    locale: str | None


class TokenCreated(Struct, frozen=True):
    id: int
    name: str
    token: str  # shown once: only its hash is stored


class TokenView(Struct, frozen=True):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class ProcessView(Struct, frozen=True):
    slug: str
    titles: dict[str, str]
    source_language: str
    languages: list[str]
    timezone: str
    place: str
    phase: str
    my_role: str | None = None
    can: list[str] = []


class MemberView(Struct, frozen=True):
    email: str
    name: str
    role: str
    languages: list[str]


class SessionView(Struct, frozen=True):
    ref: str
    title: str
    starts_at: datetime
    ends_at: datetime
    utc_offset_minutes: int
    place: str
    platform: str
    organisers: list[str]
    languages: list[str]
    capacity: int | None
    theme: str
    summary: str
    recommendation_count: int = 0


class RecommendationView(Struct, frozen=True):
    ref: str
    session_ref: str
    session_title: str
    text: str
    language: str
    author: str
    organisation: str
    themes: list[str]
    status: str
    reason: str
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class RecommendationPage(Struct, frozen=True):
    items: list[RecommendationView]
    total: int
    themes: list[str]
    counts: dict[str, int]


class ActivityView(Struct, frozen=True):
    verb: str
    subject: str
    actor: str | None
    data: dict[str, object]
    created_at: datetime


# What one page shows at once: several reads made in one transaction (services/screens.py).


class ProcessOverview(Struct, frozen=True):
    process: ProcessView
    sessions: list[SessionView]
    counts: dict[str, int]
    member_count: int


class ProcessSessions(Struct, frozen=True):
    process: ProcessView
    sessions: list[SessionView]


class SessionScreen(Struct, frozen=True):
    process: ProcessView
    session: SessionView
    recommendations: list[RecommendationView]


class RecommendationsScreen(Struct, frozen=True):
    process: ProcessView
    sessions: list[SessionView]
    page: RecommendationPage


class RecommendationScreen(Struct, frozen=True):
    process: ProcessView
    recommendation: RecommendationView
    sessions: list[SessionView]


class MembersScreen(Struct, frozen=True):
    process: ProcessView
    members: list[MemberView]


class ActivityScreen(Struct, frozen=True):
    process: ProcessView
    activity: list[ActivityView]


class AccountScreen(Struct, frozen=True):
    user: UserView
    tokens: list[TokenView]
