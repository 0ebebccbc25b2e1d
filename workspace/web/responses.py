"""Responses the API and the pages both send."""

from __future__ import annotations

from litestar import Response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(body: bytes, filename: str) -> Response[bytes]:
    """A Word file to download."""
    return Response(body, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_response(text: str, filename: str) -> Response[str]:
    """A CSV download. Litestar adds "; charset=utf-8" to text/* itself: giving it here doubles it."""
    return Response(text, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
