"""A kept publication file over HTTP, for the API and the pages alike (RFC 9110), and a file made on demand.

Its bytes never change, so its sha256 is its strong ETag and caches may keep it for a year
(`immutable`): `If-None-Match` answers 304 without reading a byte; `Range` answers 206 with the
part asked for, 416 when it is past the end (a `Range` of several parts, or an `If-Range` that
does not name this file, gets the whole file, as the RFC allows). Werkzeug parses the headers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import IO

from litestar import Response
from litestar.concurrency import sync_to_thread
from litestar.openapi import ResponseSpec
from litestar.response import Stream
from werkzeug.http import parse_etags, parse_range_header

from ..domain.errors import NN_, Busy
from ..services.publication.downloads import DownloadFile
from ..services.publication.files import StoredFile
from ..services.publication.on_demand import OnDemand
from ..services.unit import Unit
from .http import AnyRequest, AnyResponse
from .responses import attached, handed
from .routes import finishing

CACHE_FOREVER = "public, max-age=31536000, immutable"
CHUNK = 1024 * 1024

RANGE_RESPONSES = {
    206: ResponseSpec(
        data_container=bytes,
        media_type="application/octet-stream",
        generate_examples=False,
        description="The part of the file a `Range` header asked for (`Content-Range` says which).",
    ),
    304: ResponseSpec(
        data_container=None,
        generate_examples=False,
        description="The file is the one named by `If-None-Match` (its ETag is its sha256).",
    ),
    416: ResponseSpec(
        data_container=None,
        generate_examples=False,
        description="The `Range` asked for starts past the end of the file (`Content-Range: bytes */size`).",
    ),
}
"""What the OpenAPI document says of a download besides 200 and the errors."""


def file_response(request: AnyRequest, stored: StoredFile, content: Callable[[], IO[bytes]]) -> AnyResponse:
    """The answer to a GET of `stored`; `content` opens its bytes (checked), only when some are sent."""
    headers = {"ETag": f'"{stored.sha256}"', "Cache-Control": CACHE_FOREVER, "Accept-Ranges": "bytes"}
    if parse_etags(request.headers.get("if-none-match")).contains_weak(stored.sha256):
        return Response(b"", status_code=304, headers=headers)
    start, stop, status = 0, stored.size, 200
    asked = parse_range_header(request.headers.get("range"))
    if_range = request.headers.get("if-range")  # a strong comparison: this very ETag, or the whole file
    one_part = asked is not None and asked.units == "bytes" and len(asked.ranges) == 1  # else ignored: all of it
    if asked is not None and one_part and (if_range is None or if_range.strip() == headers["ETag"]):
        part = asked.range_for_length(stored.size)
        if part is None:
            return Response(b"", status_code=416, headers={**headers, "Content-Range": f"bytes */{stored.size}"})
        (start, stop), status = part, 206
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{stored.size}"
    headers |= {
        "Content-Type": stored.media_type,
        "Content-Length": str(stop - start),
        "Content-Disposition": f'attachment; filename="{stored.name}"',
    }
    return Stream(_chunks(content(), start, stop), status_code=status, headers=headers)


def _chunks(body: IO[bytes], start: int, stop: int) -> Iterator[bytes]:
    try:
        body.seek(start)
        left = stop - start
        while left > 0:
            chunk = body.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        body.close()


async def made_response(request: AnyRequest, db: Unit, ask: Callable[..., DownloadFile]) -> Response[bytes]:
    """The answer to a GET of a file made on demand (`ask(db=…, files=…)` asks for it): asked for in a thread that
    reads the text and ends the request's transaction, then waited for holding no thread nor connection (however
    many ask for it at once);
    503 with `Retry-After` if it takes longer than a request may wait (it is kept once made)."""
    files: OnDemand = request.app.state.renders
    file = await sync_to_thread(finishing(ask), db=db, files=files)
    try:  # shielded: a request that gives up leaves the making, and the other requests waiting for it, alone
        body = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(file.body)), files.limits.wait_seconds)
    except TimeoutError:
        retry = files.retry_after()
        raise Busy(
            NN_(
                "This file is still being made: try again in {seconds} second.",
                "This file is still being made: try again in {seconds} seconds.",
                "seconds",
            ),
            retry_after=retry,
            seconds=retry,
        ) from None
    return attached(body, file.name, handed(file.media_type), {"Cache-Control": "private, no-store"})
