"""What the room's pages send (meetings.py): each form a use case of services.meetings (or the positions and
submissions a delegate's page sends), as the API's. The page's script sends them asking for JSON and stays on the
page (the meeting's events then show what changed, on every screen); without script a form goes back to its page.
A refusal is answered to the script as the API answers it ({"error", "detail"}, its status), else as any page's."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import msgspec
from litestar import MediaType, Response
from litestar.enums import RequestEncodingType
from litestar.params import Body

from ... import i18n
from ...domain.delegations.positions import SetPosition
from ...domain.inputs import Command
from ...domain.meetings.meetings import (
    AskFloor,
    CastBallot,
    GiveFloor,
    MovePointer,
    OpenSlot,
    OpenVote,
    ScheduleMeeting,
    SetLight,
    SetMeetingState,
    TypeText,
)
from ...domain.submissions.submissions import Submit
from ...services import delegations, meetings, positions, processes, submissions
from ..errors import asks_json
from ..http import AnyRequest, AnyResponse
from ..params import Db, Eid, Number, Slug, Who
from ..routes import post
from .common import flash, page
from .forms import see_other
from .meeting_words import WORDS, said
from .meetings import BASE, title_of
from .refusals import REFUSAL_KEYS, decoded, shown_again

Sent = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
C = TypeVar("C", bound=Command)
H = TypeVar("H", bound=Callable[..., Any])
ROOM = BASE + "/{number:int}"
_SPLIT = re.compile(r"[\s,;]+")


def _done(request: AnyRequest, made: object, slug: str, number: int, sent: Sent) -> AnyResponse:
    """The view made, to the script; else back to the page the form was on (the console or the delegate's)."""
    if asks_json(request):
        return Response(msgspec.to_builtins(made), status_code=200, media_type=MediaType.JSON)
    back = "/chair" if sent.get("back") == "chair" else "/screen" if sent.get("back") == "screen" else ""
    return see_other(f"/p/{slug}/meetings/{number}{back}")


def codes(value: Any) -> list[str]:
    """Delegation codes as typed ("DKR, BRA") or ticked (several fields)."""
    values = value if isinstance(value, list) else [value or ""]
    return [c for v in values for c in _SPLIT.split(str(v)) if c]


def made_from(shape: type[C], sent: Sent, **fields: Any) -> C:
    """The command the form makes: its fields as sent, empty ones left to their defaults, `fields` over them."""
    given = {k: v for k, v in sent.items() if v not in ("", None, [])}
    return decoded(shape, {**given, **fields})


def _list_again(request: AnyRequest, db: Db, actor: Who, slug: str, data: Sent, **refusal: Any) -> AnyResponse:
    """The list again, the refusal beside the form and what was typed in it."""
    process = processes.get_process(db, actor, slug)
    return page(
        request,
        "meetings/list.html",
        status=refusal["status"],
        tab="meetings",
        process=process,
        meetings=meetings.list_meetings(db, actor, slug),
        delegations=delegations.list_delegations(db, actor, slug),
        words=WORDS,
        said=said,
        title_of=title_of,
        values=data,
        **{k: v for k, v in refusal.items() if k in REFUSAL_KEYS and k != "status"},
    )


@post(BASE, include_in_schema=False)
@shown_again(_list_again)
def schedule(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Sent) -> AnyResponse:
    """The committee schedules a meeting: its title per language, what it reads, its scope, who is invited and who
    facilitates; a refusal shows the list again with what was typed."""
    titles = {lang: str(data.get(f"title_{lang}", "")).strip() for lang in ("es", "en", "fr")}
    scope = str(data.get("eids", "")).strip()
    asked = made_from(
        ScheduleMeeting,
        data,
        title={k: v for k, v in titles.items() if v} or "",
        eids=_SPLIT.split(scope) if scope else None,
        delegations=codes(data.get("delegations")),
        facilitators=codes(data.get("facilitators")),
        public=data.get("public") in ("on", "true", "1"),
    )
    made = meetings.schedule_meeting(db, actor, slug, asked)
    flash(request, i18n.gettext("Meeting %(number)s scheduled.", number=made.id))
    return see_other(f"/p/{slug}/meetings/{made.id}/chair")


@post(ROOM + "/state", include_in_schema=False)
def state(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    made = meetings.set_state(db, actor, slug, number, made_from(SetMeetingState, data))
    return _done(request, made, slug, number, data)


@post(ROOM + "/pointer", include_in_schema=False)
def pointer(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    made = meetings.move_pointer(db, actor, slug, number, made_from(MovePointer, data))
    return _done(request, made, slug, number, data)


@post(ROOM + "/lights", include_in_schema=False)
def light(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    eid = str(data.get("eid", "")) or _pointer(db, actor, slug, number)
    made = meetings.set_light(
        db, actor, slug, number, eid, made_from(SetLight, data, delegations=codes(data.get("delegations")))
    )
    return _done(request, made, slug, number, data)


def _pointer(db: Db, actor: Who, slug: str, number: int) -> str:
    """The paragraph the room is on now: what a light key lights (the page may not yet show a move just made)."""
    at = meetings.get_meeting(db, actor, slug, number).pointer
    return at.eid if at is not None else ""


@post(ROOM + "/floor", include_in_schema=False)
def ask_floor(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    made = meetings.ask_floor(db, actor, slug, number, made_from(AskFloor, data))
    return _done(request, made, slug, number, data)


@post(ROOM + "/floor/next", include_in_schema=False)
def give_floor(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    made = meetings.give_floor(db, actor, slug, number, made_from(GiveFloor, data))
    return _done(request, made, slug, number, data)


@post(ROOM + "/floor/{turn:int}/remove", include_in_schema=False)
def remove_request(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, turn: Number, data: Sent
) -> AnyResponse:
    made = meetings.remove_request(db, actor, slug, number, turn)
    return _done(request, made, slug, number, data)


@post(ROOM + "/text/{eid:str}", include_in_schema=False)
def type_text(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, eid: Eid, data: Sent) -> AnyResponse:
    """Words typed into the paragraph for a delegation, on the revision the console showed (409 with the other
    change when it moved on)."""
    made = meetings.type_text(db, actor, slug, number, eid, made_from(TypeText, data))
    return _done(request, made, slug, number, data)


@post(ROOM + "/slots", include_in_schema=False)
def open_slot(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    made = meetings.open_slot(
        db, actor, slug, number, made_from(OpenSlot, data, delegations=codes(data.get("delegations")))
    )
    return _done(request, made, slug, number, data)


@post(ROOM + "/votes", include_in_schema=False)
def open_vote(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    """A paragraph (`eid`) or an amendment (`amendment`: "A7", 7) put to the vote; `recorded` names each vote."""
    amendment = str(data.get("amendment", "")).strip()
    on = {"amendment": amendment} if amendment else {"eid": str(data.get("eid", ""))}
    made = meetings.open_vote(
        db, actor, slug, number, made_from(OpenVote, {}, on=on, recorded=data.get("recorded") in ("on", "true", "1"))
    )
    return _done(request, made, slug, number, data)


@post(ROOM + "/votes/{vote:int}/ballot", include_in_schema=False)
def cast_ballot(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, vote: Number, data: Sent
) -> AnyResponse:
    """The reader's delegation's vote (a delegation votes for itself only)."""
    code = str(data.get("delegation", "")) or (meetings.get_meeting(db, actor, slug, number).delegation or "")
    made = meetings.cast_ballot(db, actor, slug, number, vote, code, made_from(CastBallot, data))
    return _done(request, made, slug, number, data)


@post(ROOM + "/votes/{vote:int}/close", include_in_schema=False)
def close_vote(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, vote: Number, data: Sent
) -> AnyResponse:
    made = meetings.close_vote(db, actor, slug, number, vote)
    return _done(request, made, slug, number, data)


def _count(text: str) -> int:
    """A count a page's script sends (a revision, a window's number), 0 for anything else (then refused as such)."""
    return int(text) if text.isdigit() and len(text) < 10 else 0


@post(ROOM + "/position", include_in_schema=False)
def state_position(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    """The reader's delegation's position on the paragraph the room is on (the positions' own write, on the
    revision the page showed)."""
    meetings.get_meeting(db, actor, slug, number)  # a meeting the reader may read
    base = str(data.get("base", "0"))
    made = positions.set_position(db, actor, slug, made_from(SetPosition, data, base_revision=_count(base)))
    return _done(request, made, slug, number, data)


@post(ROOM + "/answer", include_in_schema=False)
def answer_slot(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Sent) -> AnyResponse:
    """The alternative text a slot asks of the reader's delegation: a proposal in its submission window, in the
    language it is written in (the committee names the delegation, as on the submissions' page)."""
    window = str(data.get("window", ""))
    meetings.get_meeting(db, actor, slug, number)
    made = submissions.submit(
        db,
        actor,
        slug,
        made_from(Submit, {k: v for k, v in data.items() if k in ("eid", "text", "lang", "delegation")}, kind="modify"),
        window=_count(window) or None,
    )
    return _done(request, made, slug, number, data)
