"""Wire types of the API's request bodies (responses are the services' views)."""

from __future__ import annotations

from typing import Any

from msgspec import Struct, structs


class Body(Struct, forbid_unknown_fields=True):
    def data(self) -> dict[str, Any]:
        return {k: v for k, v in structs.asdict(self).items() if v is not None}


class TokenRequest(Body):
    email: str
    password: str
    name: str = "API"


class TokenName(Body):
    name: str


class ProcessInput(Body):
    slug: str
    titles: dict[str, str]
    source_language: str
    languages: list[str] | None = None
    timezone: str = "UTC"
    place: str = ""
    phase: str | None = None


class ProcessUpdate(Body):
    titles: dict[str, str]
    source_language: str
    languages: list[str] | None = None
    timezone: str = "UTC"
    place: str = ""
    phase: str | None = None


class MemberInput(Body):
    email: str
    role: str
    name: str = ""
    languages: list[str] | None = None


class SessionInput(Body):
    title: str
    starts_at: str
    ends_at: str
    ref: str | None = None
    timezone: str | None = None
    place: str = ""
    platform: str = ""
    organisers: list[str] | None = None
    languages: list[str] | None = None
    capacity: int | None = None
    theme: str = ""
    summary: str = ""


class ConceptNote(Body):
    filename: str
    text: str


class RecommendationInput(Body):
    text: str
    language: str | None = None
    author: str = ""
    organisation: str = ""
    themes: list[str] | None = None
    session: str | None = None


class DecisionInput(Body):
    status: str
    reason: str = ""


class LocaleInput(Body):
    locale: str | None = None


class NewParagraph(Body):
    kind: str
    text: str
    after: str | None = None


class ParagraphEdit(Body):
    text: str
    base_revision: str
    kind: str | None = None
    note: str = ""


class MoveInput(Body):
    after: str | None = None


class CirculateInput(Body):
    label: str
    note: str = ""
    date: str | None = None


class VersionFile(Body):
    filename: str
    text: str
    label: str | None = None
    language: str | None = None
    preview: bool = False


class LinkInput(Body):
    eid: str
