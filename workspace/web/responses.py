"""Responses the API and the pages both send."""

from __future__ import annotations

import re
from typing import Any

from litestar import Response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_UTF8 = re.compile(r";\s*charset=utf-8", re.IGNORECASE)


def handed(media_type: str) -> str:
    """A media type as a Response takes it: Litestar adds "; charset=utf-8" to text/* itself, so one that names it
    (a file's stored type, Prometheus's) is handed without it, else the answer names it twice."""
    return _UTF8.sub("", media_type) if media_type.startswith("text/") else media_type


def attached(
    body: Any, filename: str, media_type: str | None = None, headers: dict[str, str] | None = None
) -> Response[Any]:
    """A file to download, named `filename` (`headers`: any others it is sent with)."""
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers={**disposition, **(headers or {})})


def docx_response(body: bytes, filename: str) -> Response[bytes]:
    """A Word file to download."""
    return attached(body, filename, DOCX)


def csv_response(text: str, filename: str) -> Response[str]:
    """A CSV download. Litestar adds "; charset=utf-8" to text/* itself: giving it here doubles it."""
    return attached(text, filename, "text/csv")
