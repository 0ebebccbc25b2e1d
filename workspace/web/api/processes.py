"""Processes, members and the activity log."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response
from litestar.params import QueryParameter
from msgspec import structs

from ...domain.consultations.consultations import MemberChange, MemberDraft, ProcessDraft, ProcessSettings
from ...domain.values import flag
from ...services import processes
from ...services.access import require_actor
from ...services.processes import record
from ...services.processes.record import CheckpointView
from ...services.processes.views import ActivityView, MemberView, ProcessDeletion, ProcessView
from ..context import absolute
from ..http import AnyRequest
from ..params import Db, EmailPath, JSONBody, Slug, Who
from .routes import delete, get, post, put
from .schemas import Body, field_says

NO_STORE = {"Cache-Control": "no-store"}


class DeletionInput(Body):
    """The process's slug typed again, and whether its publications stay public."""

    confirm: Annotated[str, field_says(max_length=64, description="The process's slug, typed again to confirm.")]
    # Checked as sent (domain.values.flag): 0 or "no" is not a boolean.
    keep_published: Annotated[Any, field_says(type="boolean")] = False


class ProcessController(Controller):
    path = "/processes"
    tags = ("processes",)

    @get("/")
    def index(self, db: Db, actor: Who) -> list[ProcessView]:
        return processes.list_processes(db, actor)

    @post("/")
    def create(self, db: Db, actor: Who, data: JSONBody[ProcessDraft]) -> ProcessView:
        # The service reads "no actor" as the server's command line; over HTTP it means nobody signed in.
        return processes.create_process(db, require_actor(actor), data)

    @get("/{slug:str}")
    def read(self, db: Db, actor: Who, slug: Slug) -> ProcessView:
        return processes.get_process(db, actor, slug)

    @put("/{slug:str}")
    def update(self, db: Db, actor: Who, slug: Slug, data: JSONBody[ProcessSettings]) -> ProcessView:
        return processes.update_process(db, actor, slug, data)

    @post("/{slug:str}/archive", status_code=200)
    def archive(self, db: Db, actor: Who, slug: Slug) -> ProcessView:
        """The committee archives a finished process: read-only for all (every write answers 409), its published
        text still public. 409 when it is archived already."""
        return processes.archive_process(db, actor, slug, True)

    @delete("/{slug:str}/archive", status_code=200)
    def unarchive(self, db: Db, actor: Who, slug: Slug) -> ProcessView:
        """The committee takes the process out of the archive: in use again. 409 when it is not archived."""
        return processes.archive_process(db, actor, slug, False)

    @delete("/{slug:str}", status_code=202)
    def delete_process(self, db: Db, actor: Who, slug: Slug, data: JSONBody[DeletionInput]) -> ProcessDeletion:
        """An administrator deletes the process, `confirm` naming its slug (422 otherwise): 202, it is gone for
        everyone at once (every read and write of it is 404, lists leave it out) and a worker removes its rows and
        stored files; the answer says so (`state`: `deleting`). With `keep_published`, its publications stay public
        at their addresses. 403 for a member who is not an administrator, 404 for anyone else, and for a process
        being deleted or deleted already."""
        return processes.delete_process(db, actor, slug, data.confirm, flag(data.keep_published, "keep_published"))

    @get("/{slug:str}/members")
    def members(self, db: Db, actor: Who, slug: Slug) -> list[MemberView]:
        return processes.list_members(db, actor, slug)

    @post("/{slug:str}/members")
    def set_member(
        self, request: AnyRequest, db: Db, actor: Who, slug: Slug, data: JSONBody[MemberDraft]
    ) -> MemberView:
        """Change a member's role, or invite an address: the answer then carries the invitation link
        (`invitation`, shown only this once) to send to the person; nothing is made until they accept."""
        member = processes.set_member(db, actor, slug, data)
        if member.invitation:
            member = structs.replace(member, invitation=absolute(request, member.invitation))
        return member

    @post("/{slug:str}/members/{email:str}/resend", status_code=200)
    def resend_invitation(self, request: AnyRequest, db: Db, actor: Who, slug: Slug, email: EmailPath) -> MemberView:
        """Mail a waiting invitation again, with a new link (the old one ends); 404 if none waits."""
        member = processes.resend_invitation(db, actor, slug, email)
        if member.invitation:
            member = structs.replace(member, invitation=absolute(request, member.invitation))
        return member

    @put("/{slug:str}/members/{email:str}")
    def update_member(
        self, db: Db, actor: Who, slug: Slug, email: EmailPath, data: JSONBody[MemberChange]
    ) -> MemberView:
        """Change a member: the delegation they speak for (`delegation`: a code, or null for themselves), and their
        role, languages and reviews where given."""
        return processes.update_member(db, actor, slug, email, data)

    @delete("/{slug:str}/members/{email:str}")
    def remove_member(self, db: Db, actor: Who, slug: Slug, email: EmailPath) -> None:
        processes.remove_member(db, actor, slug, email)

    @get("/{slug:str}/activity")
    def activity(
        self, db: Db, actor: Who, slug: Slug, limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100
    ) -> list[ActivityView]:
        return processes.list_activity(db, actor, slug, limit)

    @get("/{slug:str}/activity.jsonl", media_type="application/jsonl")
    def activity_record(self, db: Db, actor: Who, slug: Slug) -> Response[bytes]:
        """The whole activity record, oldest first, one JSON object a line with what an auditor recomputes its hash
        chain from: each entry's content (`seq`, `actor`, `verb`, `subject`, `data`, `at`), its `salt` (null once a
        person's data in it was erased), its `digest` (SHA-256 of the salt, a newline and the content as canonical
        JSON) and its `chain` (SHA-256 of the link before, a newline and the digest; 64 zeros before the first). The
        committee's and administrators'."""
        lines = record.exported(db, actor, slug)
        return Response(b"".join(lines), media_type="application/jsonl; charset=utf-8", headers=NO_STORE)

    @get("/{slug:str}/checkpoints")
    def checkpoints(self, db: Db, actor: Who, slug: Slug) -> list[CheckpointView]:
        """The record's signed checkpoints, oldest first: its count of entries and last link at each publication and
        as each day with activity ended, with what was signed (`signed`) and its minisign signature (`signature`),
        verifiable with the instance's key (`/.well-known/accord-keys.json`). The committee's and administrators'."""
        return record.checkpoints(db, actor, slug)
