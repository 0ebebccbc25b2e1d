"""The room's pages (issue 66): the meetings of a process (the committee schedules one there), the delegate's page
that follows the pointer, the screen for a projector (a public plenary's signed out too) and the facilitator's
console. Each reads the room as it stands from the services; static/accord/meeting.js follows the meeting's events
and puts what changed in place, and sends the forms below (meeting_actions.py) without leaving the page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar.params import QueryParameter
from litestar.response import Stream

from ...domain.errors import N_, Forbidden
from ...domain.labels import STANCES
from ...domain.series import MAX_NUMBER
from ...i18n import get_locale
from ...services import comments, delegations, meetings, positions, processes
from ...services.actor import Actor
from ...services.meetings import RoomView
from ...services.unit import Db as AnyDb
from ..http import AnyRequest, AnyResponse
from ..live import resume_from
from ..live_meeting import meeting_stream
from ..params import Db, FromQuery, Number, Slug, StoreDep, Who
from ..routes import get
from .common import page
from .meeting_words import WORDS, marked, said

BASE = "/p/{slug:str}/meetings"
After = Annotated[int | None, QueryParameter(ge=0, le=MAX_NUMBER)]


def _common(room: RoomView, **context: Any) -> dict[str, Any]:
    """What every page of the room reads: the room, its words, the pointer's paragraph, the vote and slots now."""
    at = room.meeting.pointer.eid if room.meeting.pointer else None
    now = datetime.now(UTC)
    return {
        "room": room,
        "meeting": room.meeting,
        "words": WORDS,
        "said": said,
        "marked": marked,
        "current": next((p for p in room.paragraphs if p.eid == at), None),
        "vote": next((v for v in reversed(room.votes) if v.state == "open"), room.votes[-1] if room.votes else None),
        "open_slots": [s for s in room.slots if s.due_at > now],
        "trawl": [x for x in room.lights if x.light in ("yellow", "red")],
        **context,
    }


def title_of(meeting: Any) -> str:
    """The meeting's title in the page's language (its one title, or the source language's)."""
    titles: dict[str, str] = meeting.title
    return titles.get(get_locale()) or titles.get("*") or next(iter(titles.values()), "")


@get(BASE, include_in_schema=False)
def meetings_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    """The meetings the reader may read; for the committee, the form that schedules one."""
    process = processes.get_process(db, actor, slug)
    listed = meetings.list_meetings(db, actor, slug)
    known = delegations.list_delegations(db, actor, slug) if "negotiate" in process.can else []
    return page(
        request,
        "meetings/list.html",
        tab="meetings",
        process=process,
        meetings=listed,
        delegations=known,
        words=WORDS,
        said=said,
        title_of=title_of,
        values={},
    )


def _room_page(request: AnyRequest, db: AnyDb, actor: Actor | None, slug: str, number: int) -> AnyResponse:
    room = meetings.room_view(db, actor, slug, number)
    process = processes.get_process(db, actor, slug)
    lang = get_locale() if get_locale() in room.languages else room.languages[0]
    context = _common(
        room,
        process=process,
        lang=lang,
        title=title_of(room.meeting),
        stances=STANCES,
        timezone=process.timezone,
        base=_position_base(db, actor, slug, room),
    )
    return page(request, "meetings/delegate.html", tab="meetings", **context)


def _position_base(db: AnyDb, actor: Actor | None, slug: str, room: RoomView) -> int:
    """The revision of the reader's delegation's position on the pointer's paragraph (0: none): the base of the
    position its page sends."""
    code, at = room.meeting.delegation, room.meeting.pointer
    if code is None or at is None:
        return 0
    held = positions.list_positions(db, actor, slug, eid=at.eid, delegation=code)
    return held[0].revision if held else 0


@get(BASE + "/{number:int}", include_in_schema=False)
def delegate_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse:
    """The delegate's page: the pointer's paragraph in the reader's language, the floor, their delegation's
    position, the slot asked of it, the vote open."""
    return _room_page(request, db, actor, slug, number)


@get(BASE + "/{number:int}/screen", include_in_schema=False)
def screen_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, lang: FromQuery[str] = "all"
) -> AnyResponse:
    """The room's screen, for a projector: no page chrome; `lang` one language, or `all` side by side."""
    room = meetings.screen_view(db, actor, slug, number)
    shown = [lang] if lang in room.languages else room.languages
    events = (
        f"/p/{slug}/meetings/{number}/screen/events"
        if actor is None
        else f"/api/processes/{slug}/meetings/{number}/events"
    )
    context = _common(
        room,
        slug=slug,
        shown=shown,
        lang=lang,
        events=events,
        title=title_of(room.meeting),
        timezone=room.meeting.timezone,
    )
    return page(request, "meetings/screen.html", **context)


@get(BASE + "/{number:int}/screen/events", include_in_schema=False, media_type="text/event-stream")
def screen_events(
    request: AnyRequest,
    db: Db,
    store: StoreDep,
    actor: Who,
    slug: Slug,
    number: Number,
    after: After = None,
) -> Stream:
    """The meeting's events for its screen: a public plenary's to anyone (the API's stream asks to sign in)."""
    process_id, latest = meetings.last_event(db, actor, slug, number, screen=True)
    start = resume_from(request.headers.get("last-event-id"), after)
    who = f"user:{actor.id}" if actor is not None else f"screen:{request.client.host if request.client else ''}"
    return meeting_stream(request.app, store, actor, slug, number, process_id, latest if start is None else start, who)


@get(BASE + "/{number:int}/chair", include_in_schema=False)
def chair_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse:
    """The facilitator's console: every paragraph of the scope with its light, the floor, typing, slots, votes."""
    live_after = comments.live_from(db, actor, slug)  # before what the page shows
    room = meetings.room_view(db, actor, slug, number, everything=True)
    if not room.meeting.facilitating:
        raise Forbidden(N_("Only the meeting's facilitators and the drafting committee run the meeting."))
    process = processes.get_process(db, actor, slug)
    known = delegations.list_delegations(db, actor, slug)
    context = _common(room, process=process, title=title_of(room.meeting), delegations=known, timezone=process.timezone)
    return page(request, "meetings/chair.html", tab="meetings", live_after=live_after, **context)
