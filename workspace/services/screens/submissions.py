"""What the submissions page shows at once: the windows, the proposals, and what a proposal may be about (the latest
version's paragraphs, as printed) and on whose behalf."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.permissions import Action, allows
from .. import delegations, processes, submissions
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import latest_version, version_blocks
from ..declaration.references import text_refs
from ..delegations.views import DelegationRef, DelegationView
from ..processes.views import ProcessView
from ..submissions.views import ProvenanceView, SubmissionView, WindowView
from ..unit import reads


class Choice(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    text: str


class SubmissionsScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    windows: list[WindowView]
    submissions: list[SubmissionView]
    paragraphs: list[Choice]  # of the latest version
    mine: DelegationRef | None  # the delegation the reader speaks for
    delegations: list[DelegationView]  # the committee: any it may file for


class ProvenanceScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    provenance: ProvenanceView


@reads
def submissions_screen(tx: Session, actor: Actor | None, slug: str) -> SubmissionsScreen:
    process, role = process_for(tx, slug, actor, Action.READ)
    latest = latest_version(tx, process)
    refs = text_refs(tx, process, latest) if latest is not None else {}
    committee = allows(role, Action.NEGOTIATE, is_admin=bool(actor and actor.is_admin))
    return SubmissionsScreen(
        process=processes.get_process(tx, actor, slug),
        windows=submissions.list_windows(tx, actor, slug),
        submissions=submissions.list_submissions(tx, actor, slug),
        paragraphs=[
            Choice(eid=b.eid, ref=refs.get(b.eid, b.eid), text=b.text)
            for b in (version_blocks(tx, latest) if latest is not None else [])
        ],
        mine=delegations.ref_of(delegations.own(tx, process, actor), process),
        delegations=delegations.list_delegations(tx, actor, slug) if committee else [],
    )


@reads
def provenance_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> ProvenanceScreen:
    return ProvenanceScreen(
        process=processes.get_process(tx, actor, slug), provenance=submissions.version_provenance(tx, actor, slug, ref)
    )
