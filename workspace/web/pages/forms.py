"""Reading HTML forms: one annotation for url-encoded bodies, and multi-valued fields."""

from __future__ import annotations

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
