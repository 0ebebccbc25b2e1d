"""What the process pages show at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from .. import consultations
from ..access import process_for
from ..actor import Actor
from ..consultations.views import SessionView
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
    return ActivityScreen(processes.get_process(tx, actor, slug), activity.list_activity(tx, actor, slug, limit))


@reads
def process_for_action(tx: Session, actor: Actor | None, slug: str, action: str) -> ProcessView:
    """The process, if the actor may take `action` in it: a form page asks before it shows the form."""
    process, role = process_for(tx, slug, actor, Action(action))
    return process_view(process, role, actor)
