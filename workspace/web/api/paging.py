"""A long list of the API a part at a time: `limit` and `offset` in the query, the next part named by a
`Link: <…>; rel="next"` header (RFC 8288) while there is more; the body stays the plain list it was."""

from __future__ import annotations

from typing import Annotated, TypeVar
from urllib.parse import urlencode

from litestar import Response
from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter

from ..http import AnyRequest
from ..pages.common import kept_query

T = TypeVar("T")

MAX_LIMIT = 5000
LIST_LIMIT = 200  # what one answer holds unless asked: about 200 KB of threads or translations
LIMIT = QueryParameter(
    ge=1,
    le=MAX_LIMIT,
    description=f"At most this many (default {LIST_LIMIT}, at most {MAX_LIMIT}); "
    "while there are more, the `Link` header names the next part.",
)
OFFSET = QueryParameter(ge=0, le=2_147_483_647, description="How many to skip, in the list's order.")
Limit = Annotated[int, LIMIT]
Offset = Annotated[int, OFFSET]
LINK = ResponseHeader(
    name="Link",
    documentation_only=True,
    required=False,
    description='`<…&offset=N>; rel="next"` while the list goes on past this part.',
)


def part(request: AnyRequest, items: list[T], limit: int, offset: int) -> Response[list[T]]:
    """`items` read with `limit + 1`: the first `limit` of them, and a link to the rest when the extra one came."""
    headers = {}
    if len(items) > limit:
        query = kept_query(request, ("limit", "offset"))
        following = f"{request.url.path}?{urlencode([*query, ('limit', str(limit)), ('offset', str(offset + limit))])}"
        headers["Link"] = f'<{following}>; rel="next"'
    return Response(items[:limit], headers=headers)
