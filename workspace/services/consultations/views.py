"""What the consultation use cases hand back: sessions, recommendations, and their pages."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct


class SessionView(Struct, frozen=True, kw_only=True):
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


class RecommendationView(Struct, frozen=True, kw_only=True):
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


class RecommendationPage(Struct, frozen=True, kw_only=True):
    items: list[RecommendationView]
    total: int
    themes: list[str]
    counts: dict[str, int]
