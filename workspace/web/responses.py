"""Responses the API and the pages both send."""

from __future__ import annotations

from litestar import Response


def csv_response(text: str, filename: str) -> Response[str]:
    """A CSV download. Litestar adds "; charset=utf-8" to text/* itself: giving it here doubles it."""
    return Response(text, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
