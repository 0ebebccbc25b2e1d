"""What a live page asks for again when an event of its process changes what it shows (static/accord/live.js):
the paragraphs of a reading page that an event names (their open threads, their marks, their words on the working
draft), as every reader of the role sees them there. The lists ask for themselves again; a reading page is too long
for that (up to 200 KB a page, a thousand delegates at once), so it asks for the few paragraphs an event names."""

from __future__ import annotations

from litestar import MediaType, Response
from msgspec import structs

from ...domain.paging import page_number
from ...domain.presence import Heartbeat
from ...services import presence
from ...services.declaration.paragraphs import DRAFT
from ...services.screens import declaration as screens
from ..http import AnyRequest
from ..params import Db, FromQuery, JSONBody, Slug, Who
from ..routes import get, post
from .declaration import paragraphs_html

MOST = screens.READING_PAGE  # paragraphs asked at once: a page's


@get("/p/{slug:str}/declaration/live", include_in_schema=False)
def reading_paragraphs(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    text: FromQuery[str] = "",
    eid: FromQuery[list[str] | None] = None,
) -> Response[str]:
    """Paragraphs `eid` of page `page` of text `text` (a version's number, or "draft") in edition `lang`, as its
    reading page shows them (the same pieces, kept once for every reader of the role); those not on that page are
    left out. Who may not read the text is answered as the reading page answers them (404, 403)."""
    number, lang = page_number(request.query_params.get("page")), request.query_params.get("lang") or None
    if text.strip().lower() == DRAFT:
        screen = screens.draft_reading_screen(db, actor, slug, number, None, lang)
    else:
        screen = screens.version_screen(db, actor, slug, text.strip(), number, None, lang)
    asked = set((eid or [])[:MOST])
    shown = structs.replace(screen, paragraphs=[p for p in screen.paragraphs if p.eid in asked])
    return Response(
        str(paragraphs_html(request, shown)) if shown.paragraphs else "",
        media_type=MediaType.HTML,
        headers={"Cache-Control": "private, no-store"},
    )


@post("/p/{slug:str}/presence", include_in_schema=False, status_code=200)
def page_heartbeat(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: JSONBody[Heartbeat]
) -> list[presence.PresenceView]:
    """A page's heartbeat (static/accord/presence.js), as `POST /api/processes/{slug}/presence` takes it: signed in by
    the page's session, its CSRF token in the X-CSRFToken header (the API takes a session for reading only); the
    others are read once, from `GET /api/processes/{slug}/presence`."""
    told = presence.arrived(db, actor, slug, data)
    request.app.state.tell_presence(told)
    return [told.own]
