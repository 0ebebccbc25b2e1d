"""Reading HTML forms: one annotation for url-encoded bodies, and multi-valued fields."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

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


def with_zone(form: dict[str, Any], *moments: str) -> dict[str, Any]:
    """Datetime-local values and the zone chosen next to them, as a session draft reads them.

    The zone is an IANA name, or the offset the session was announced with (`UTC−03:00`),
    which is written onto the times themselves since it is not a zone name.
    """
    zone = first(form, "timezone")
    match = _OFFSET.match(zone)
    if not match:
        return {"timezone": zone}
    sign = "-" if match.group(1) != "+" else "+"
    suffix = f"{sign}{match.group(2)}:{match.group(3)}"
    return {name: first(form, name) + suffix if first(form, name) else "" for name in moments}


Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
