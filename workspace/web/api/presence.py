"""Who is where in a process: the heartbeat a page sends, and the list it starts from."""

from __future__ import annotations

from litestar import Controller

from ...domain.presence import Heartbeat
from ...services import presence
from ...services.presence import PresenceView
from ..http import AnyRequest
from ..params import Db, JSONBody, Slug, Who
from .routes import get, post


class PresenceController(Controller):
    path = "/processes/{slug:str}/presence"
    tags = ("presence",)

    @get()
    def present(self, db: Db, actor: Who, slug: Slug) -> list[PresenceView]:
        """Who is where now (heard from in the last minute), as far as the caller may see: in which version (or the
        working draft, or a meeting's console, for the committee; an edition of the draft for its translators too),
        at which paragraph (`eid`), reading or with an editor open (`editing`), since when."""
        return presence.present(db, actor, slug)

    @post(status_code=200)  # the caller's presence refreshed: nothing new to name
    def beat(
        self, request: AnyRequest, db: Db, actor: Who, slug: Slug, data: JSONBody[Heartbeat]
    ) -> list[PresenceView]:
        """The heartbeat a page sends every 20 seconds and when its reader moves (another paragraph, an editor opened
        or closed): where they are (`where`: a `version`'s number, `draft`: true, or a `meeting`'s number; `eid`,
        `lang`). Told on the process's stream (`presence` events, `gone`: true a minute after the last) to those who
        may see that place; answered with the caller's own presence there (`you`: true), a page then asks `GET` for the
        others once (and again when its stream comes back)."""
        told = presence.arrived(db, actor, slug, data)
        request.app.state.tell_presence(told)
        return [told.own]
