"""Reading HTML forms: one annotation for url-encoded bodies, multi-valued fields, and the session and
recommendation forms read as the commands their use cases take."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from ...domain.consultation_commands import RecommendationFields, SessionFields

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


def values(form: dict[str, Any], name: str) -> list[str]:
    """All values of a repeated field (checkboxes), as a list."""
    value = form.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def first(form: dict[str, Any], name: str, default: str = "") -> str:
    items = values(form, name)
    return items[0] if items else default


def local_path(target: str | None, fallback: str = "/") -> str:
    """Only redirect within the site: never to another host given in a `next` field."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def see_other(path: str) -> Redirect:
    return Redirect(path, status_code=303)


def fields(form: dict[str, Any], *names: str, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """The named single fields as text, and the `lists` fields (checkboxes) as lists."""
    result: dict[str, Any] = {name: first(form, name) for name in names}
    result.update({name: values(form, name) for name in lists})
    return result


_OFFSET = re.compile(r"^UTC([+\u2212-])(\d{2}):(\d{2})$")


def session_fields(form: dict[str, Any]) -> SessionFields:
    """A session form's fields: local times in the zone chosen beside them.

    The zone is an IANA name, or the offset the session was announced with (`UTC−03:00`),
    which is written onto the times themselves since it is not a zone name.
    """
    zone, starts, ends = first(form, "timezone"), first(form, "starts_at"), first(form, "ends_at")
    match = _OFFSET.match(zone)
    if match:
        sign = "-" if match.group(1) != "+" else "+"
        suffix = f"{sign}{match.group(2)}:{match.group(3)}"
        zone, starts, ends = "", starts + suffix if starts else "", ends + suffix if ends else ""
    return SessionFields(
        title=first(form, "title"), starts_at=starts, ends_at=ends, timezone=zone, place=first(form, "place"),
        platform=first(form, "platform"), organisers=first(form, "organisers"),
        languages=tuple(values(form, "languages")), capacity=first(form, "capacity"), theme=first(form, "theme"),
        summary=first(form, "summary"),
    )


def recommendation_fields(form: dict[str, Any]) -> RecommendationFields:
    """A recommendation form's fields (themes as comma-separated text)."""
    return RecommendationFields(
        text=first(form, "text"), language=first(form, "language"), author=first(form, "author"),
        organisation=first(form, "organisation"), themes=first(form, "themes"),
    )


Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
