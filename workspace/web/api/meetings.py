"""Meetings: the room where a declaration is read (issue 66)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response
from litestar.params import PathParameter, QueryParameter
from litestar.response import Stream

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
from ...services import meetings
from ...services.meetings import (
    FloorView,
    LightView,
    MeetingView,
    PointerView,
    RequestView,
    RoomView,
    RoomVoteView,
    SlotView,
    TypedView,
)
from ...services.meetings.packing import pack_file
from ..http import AnyRequest
from ..live import resume_from
from ..live_meeting import meeting_stream
from ..openapi import OptionalBody
from ..params import Db, Eid, FromQuery, JSONBody, Slug, StoreDep, Who
from ..responses import attached
from .paging import LIST_LIMIT, Limit, Offset, part
from .routes import delete, get, post, put
from .threads import After

Number = Annotated[int, PathParameter(ge=1, le=2_147_483_647, description="The meeting's number in the process")]
Item = Annotated[int, PathParameter(ge=1, le=2_147_483_647)]
Code = Annotated[str, PathParameter(max_length=16, description="A delegation's code")]
PackLang = Annotated[
    str, QueryParameter(pattern="^(es|en|fr)(-(es|en|fr)){0,2}$", description="es, en, fr, or several: es-en-fr")
]


class MeetingController(Controller):
    path = "/processes/{slug:str}/meetings"
    tags = ("meetings",)

    @post("/", status_code=201)
    def schedule(self, db: Db, actor: Who, slug: Slug, data: JSONBody[ScheduleMeeting]) -> MeetingView:
        """The committee schedules a meeting: a `plenary` or an `informal` (with its invited `delegations`), its
        `title` (one, or per language), `starts_at`, the text it reads (`version`: `draft` or a version), its scope
        (`eids`, all when left out), its `facilitators` (members' addresses) and, for a plenary, `public` (its screen
        readable without signing in)."""
        return meetings.schedule_meeting(db, actor, slug, data)

    @get("/")
    def list_meetings(
        self, request: AnyRequest, db: Db, actor: Who, slug: Slug, limit: Limit = LIST_LIMIT, offset: Offset = 0
    ) -> Response[list[MeetingView]]:
        """The meetings you may read, newest first (an informal you are not invited to is not there)."""
        return part(request, meetings.list_meetings(db, actor, slug, limit + 1, offset), limit, offset)

    @get("/{number:int}")
    def meeting(self, db: Db, actor: Who, slug: Slug, number: Number) -> MeetingView:
        return meetings.get_meeting(db, actor, slug, number)

    @get("/{number:int}/room")
    def room(self, db: Db, actor: Who, slug: Slug, number: Number, everything: FromQuery[bool] = False) -> RoomView:
        """The room as it stands: the pointer's paragraph with one before and after in every language (every
        paragraph of the scope with `everything`), the floor, the slots, the votes, the lights."""
        return meetings.room_view(db, actor, slug, number, everything=everything)

    @put("/{number:int}/state")
    def state(self, db: Db, actor: Who, slug: Slug, number: Number, data: JSONBody[SetMeetingState]) -> MeetingView:
        """Open, suspend or close the meeting (409 from a state that cannot move so); closing, `greens` says what the
        paragraphs lit green become: `agreed` (a plenary), `agreed_ad_ref`, `agreed_informals` or `none`."""
        return meetings.set_state(db, actor, slug, number, data)

    @put("/{number:int}/pointer")
    def pointer(self, db: Db, actor: Who, slug: Slug, number: Number, data: JSONBody[MovePointer]) -> PointerView:
        """Move the room to a paragraph: its eId, its printed reference as typed ("OP 14", "pd 14 bis"), or `next` /
        `previous`; 422 naming one the meeting does not read."""
        return meetings.move_pointer(db, actor, slug, number, data)

    @put("/{number:int}/lights/{eid:str}")
    def light(self, db: Db, actor: Who, slug: Slug, number: Number, eid: Eid, data: JSONBody[SetLight]) -> LightView:
        """A paragraph's light: white, green, yellow (optionally by `due_at`, waiting on `delegations`), red."""
        return meetings.set_light(db, actor, slug, number, eid, data)

    @get("/{number:int}/lights")
    def lights(self, db: Db, actor: Who, slug: Slug, number: Number) -> list[LightView]:
        return meetings.list_lights(db, actor, slug, number)

    @post("/{number:int}/floor", status_code=201)
    def ask_floor(self, db: Db, actor: Who, slug: Slug, number: Number, data: JSONBody[AskFloor]) -> RequestView:
        """Ask for the floor for your delegation (the committee and facilitators: any), with an intent."""
        return meetings.ask_floor(db, actor, slug, number, data)

    @get("/{number:int}/floor")
    def floor(self, db: Db, actor: Who, slug: Slug, number: Number) -> FloorView:
        """The speaker, the queue in the order the floor is given, and the record of the turns taken."""
        return meetings.get_floor(db, actor, slug, number)

    @post("/{number:int}/floor/next", status_code=200, operation_class=OptionalBody)
    def next_speaker(
        self, db: Db, actor: Who, slug: Slug, number: Number, data: JSONBody[GiveFloor | None] = None
    ) -> FloorView:
        """The facilitator gives the floor to the next in the queue, or to request `number`."""
        return meetings.give_floor(db, actor, slug, number, data or GiveFloor())

    @delete("/{number:int}/floor/{turn:int}", status_code=200)
    def remove(self, db: Db, actor: Who, slug: Slug, number: Number, turn: Item) -> FloorView:
        """A request withdrawn (by its delegation) or removed (by the facilitator); a speaker's turn ended."""
        return meetings.remove_request(db, actor, slug, number, turn)

    @put("/{number:int}/text/{eid:str}")
    def text(self, db: Db, actor: Who, slug: Slug, number: Number, eid: Eid, data: JSONBody[TypeText]) -> TypedView:
        """Type into the working draft's paragraph for a delegation, on `base_revision` (409 with the diff when it
        moved on; 409 for a meeting reading a circulated version): its new brackets are that delegation's; machine
        drafts in the other languages follow within seconds (`machine`, and a `meeting.text` event)."""
        return meetings.type_text(db, actor, slug, number, eid, data)

    @post("/{number:int}/slots", status_code=201)
    def slot(self, db: Db, actor: Who, slug: Slug, number: Number, data: JSONBody[OpenSlot]) -> SlotView:
        """Ask named delegations (all when none) for an alternative text on a paragraph by a time: a submission
        window (`number`); the texts come in through `POST …/submissions?window=N`."""
        return meetings.open_slot(db, actor, slug, number, data)

    @post("/{number:int}/votes", status_code=201)
    def open_vote(self, db: Db, actor: Who, slug: Slug, number: Number, data: JSONBody[OpenVote]) -> RoomVoteView:
        """Put a paragraph (`on.eid`) or an amendment (`on.amendment`) to the vote; `recorded` names each vote."""
        return meetings.open_vote(db, actor, slug, number, data)

    @put("/{number:int}/votes/{vote:int}/ballots/{code:str}")
    def ballot(
        self, db: Db, actor: Who, slug: Slug, number: Number, vote: Item, code: Code, data: JSONBody[CastBallot]
    ) -> RoomVoteView:
        """Your delegation's vote (yes, no, abstain): a delegation votes for itself only; a second one replaces the
        first until the vote closes."""
        return meetings.cast_ballot(db, actor, slug, number, vote, code, data)

    @post("/{number:int}/votes/{vote:int}/close", status_code=200)
    def close_vote(self, db: Db, actor: Who, slug: Slug, number: Number, vote: Item) -> RoomVoteView:
        """Close the vote: its counts, whether it carried, and a recorded vote's roll call."""
        return meetings.close_vote(db, actor, slug, number, vote)

    @get("/{number:int}/votes")
    def votes(self, db: Db, actor: Who, slug: Slug, number: Number) -> list[RoomVoteView]:
        return meetings.list_votes(db, actor, slug, number)

    @get("/{number:int}/pack", media_type="application/zip")
    def pack(self, db: Db, actor: Who, slug: Slug, number: Number, lang: PackLang = "es-en-fr") -> Response[bytes]:
        """The session pack (a ZIP): the text as it left the room (clean .docx and PDF) and as tracked changes against
        the text it came in with, the status list and the record of the floor, in `lang` (one language, or several)."""
        body, name = pack_file(db, actor, slug, number, lang)
        return attached(body, name, "application/zip")

    @get("/{number:int}/events", media_type="text/event-stream")
    def events(
        self, request: AnyRequest, db: Db, store: StoreDep, actor: Who, slug: Slug, number: Number, after: After = None
    ) -> Stream:
        """The meeting's events as they happen (`meeting.state`, `meeting.pointer`, `meeting.light`, `meeting.floor`,
        `meeting.text`, `meeting.slot`, `meeting.vote`), numbered in the meeting: a reconnection sends
        `Last-Event-ID` and misses nothing."""
        process_id, latest = meetings.last_event(db, actor, slug, number)
        start = resume_from(request.headers.get("last-event-id"), after)
        who = f"user:{actor.id}" if actor is not None else "anonymous"
        return meeting_stream(
            request.app, store, actor, slug, number, process_id, latest if start is None else start, who
        )
