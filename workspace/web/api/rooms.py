"""A paragraph's shared room: what a writer reads before joining, and the room itself (a WebSocket, web/rooms.py)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, WebSocket, websocket

from ...domain.vocabulary import LANGUAGES
from ...services import rooms
from ...services.rooms import RoomView
from ..params import Db, Eid, Slug, Who
from ..rooms import serve
from .routes import get
from .schemas import choice_filter

RoomLang = Annotated[
    str | None,
    choice_filter(
        LANGUAGES, description="The working draft's own language (the default), or an edition's: its translation's room"
    ),
]


class RoomController(Controller):
    path = "/processes/{slug:str}/rooms/{eid:str}"
    tags = ("rooms",)

    @get()
    def room(self, db: Db, actor: Who, slug: Slug, eid: Eid, lang: RoomLang = None) -> RoomView:
        """Paragraph `eid`'s shared room: the working draft's (`lang` its own language, or none), or its translation
        into `lang` (an edition's room, on the draft's current source): the revision it is based on (the text's own
        while no room is open; an edition's: its translation's `text_revision`, empty while none), who has it open in an
        editor now (`writers`, with their delegations) and its life (`epoch`, none while no room is open). The room
        itself is a WebSocket at this very address (Yjs's sync and awareness protocol, as y-websocket speaks it; one
        text, `markdown`, the Markdown as stored): the drafting committee joins the draft's, that language's translators
        an edition's; `epoch` names the life a browser's document comes from (another life is refused, close code 4409:
        reload the paragraph); `notes=1` adds JSON notes as text messages (the room's life on joining, each commit, why
        a text could not be written yet, an edition's source that changed); while connected, the writer shows as editing
        the paragraph (`presence`), unless `page=1` says a page tells presence itself. The room writes its text a second
        and a half after typing stops, and when its last writer leaves: the draft's, a revision whose history's `cause`
        is `together`, naming its `writers`; an edition's, the translation made from the source its writers read,
        keeping its state (a first one is a draft)."""
        return rooms.room_info(db, actor, slug, eid, lang)


@websocket("/processes/{slug:str}/rooms/{eid:str}")
async def room_socket(socket: WebSocket[Any, Any, Any], slug: Slug, eid: Eid) -> None:
    await serve(socket, slug, eid)
