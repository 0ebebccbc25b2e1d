"""Processes, members and the activity log."""

from __future__ import annotations

from litestar import Controller

from ...services import processes
from ...services.access import require_actor
from ...services.unit import Store
from ...services.views import ActivityView, Actor, MemberView, ProcessView
from ..routes import delete, get, post, put
from .schemas import MemberInput, ProcessInput, ProcessUpdate


class ProcessController(Controller):
    path = "/processes"
    tags = ["processes"]

    @get("/")
    def index(self, db: Store, actor: Actor | None) -> list[ProcessView]:
        return processes.list_processes(db, actor)

    @post("/")
    def create(self, db: Store, actor: Actor | None, data: ProcessInput) -> ProcessView:
        # The service reads "no actor" as the server's command line; over HTTP it means nobody signed in.
        return processes.create_process(db, require_actor(actor), data.data())

    @get("/{slug:str}")
    def read(self, db: Store, actor: Actor | None, slug: str) -> ProcessView:
        return processes.get_process(db, actor, slug)

    @put("/{slug:str}")
    def update(self, db: Store, actor: Actor | None, slug: str, data: ProcessUpdate) -> ProcessView:
        return processes.update_process(db, actor, slug, data.data())

    @get("/{slug:str}/members")
    def members(self, db: Store, actor: Actor | None, slug: str) -> list[MemberView]:
        return processes.list_members(db, actor, slug)

    @post("/{slug:str}/members")
    def set_member(self, db: Store, actor: Actor | None, slug: str, data: MemberInput) -> MemberView:
        """Invite someone with a role, or change their role."""
        return processes.set_member(db, actor, slug, data.data())

    @delete("/{slug:str}/members/{email:str}")
    def remove_member(self, db: Store, actor: Actor | None, slug: str, email: str) -> None:
        processes.remove_member(db, actor, slug, email)

    @get("/{slug:str}/activity")
    def activity(self, db: Store, actor: Actor | None, slug: str, limit: int = 100) -> list[ActivityView]:
        return processes.list_activity(db, actor, slug, limit)
