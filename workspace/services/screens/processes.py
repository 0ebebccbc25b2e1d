"""What the process pages show at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from .. import consultations
from ..access import process_for
from ..actor import Actor
from ..consultations.views import SessionView
from ..declaration.naming import paragraph_names
from ..declaration.paragraphs import latest_version
from ..declaration.sides import reads_draft
from ..processes import activity, members, processes
from ..processes.views import ActivityView, MemberView, ProcessView, process_view
from ..unit import reads


class ProcessOverview(Struct, frozen=True, kw_only=True):
    process: ProcessView
    sessions: list[SessionView]
    counts: dict[str, int]
    member_count: int


class MembersScreen(Struct, frozen=True):
    process: ProcessView
    members: list[MemberView]


class ActivityScreen(Struct, frozen=True):
    process: ProcessView
    activity: list[ActivityView]
    refs: dict[str, str] = {}  # the printed reference of each paragraph the entries name, in the text the reader reads


@reads
def process_overview(tx: Session, actor: Actor | None, slug: str) -> ProcessOverview:
    process = processes.get_process(tx, actor, slug)
    counts = consultations.list_recommendations(tx, actor, slug, limit=1).counts
    return ProcessOverview(
        process=process,
        sessions=consultations.list_sessions(tx, actor, slug),
        counts=counts,
        member_count=len(members.list_members(tx, actor, slug)),
    )


@reads
def members_screen(tx: Session, actor: Actor | None, slug: str) -> MembersScreen:
    return MembersScreen(processes.get_process(tx, actor, slug), members.list_members(tx, actor, slug))


@reads
def activity_screen(tx: Session, actor: Actor | None, slug: str, limit: int = 200) -> ActivityScreen:
    entries = activity.list_activity(tx, actor, slug, limit)
    process, role = process_for(tx, slug, actor, Action.READ)
    named = {e.subject.partition(":")[2] for e in entries if e.subject.startswith("paragraph:")}
    named |= {str(e.data["eid"]) for e in entries if isinstance(e.data.get("eid"), str)}
    text = None if reads_draft(role, actor) else latest_version(tx, process)
    shown = bool(named) and (text is not None or reads_draft(role, actor))
    refs = paragraph_names(tx, process, text, named) if shown else {}  # one gone: as it was last printed
    return ActivityScreen(processes.get_process(tx, actor, slug), entries, refs)


@reads
def process_for_action(tx: Session, actor: Actor | None, slug: str, action: str) -> ProcessView:
    """The process, if the actor may take `action` in it: a form page asks before it shows the form."""
    process, role = process_for(tx, slug, actor, Action(action))
    return process_view(process, role, actor)
