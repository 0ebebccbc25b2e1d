"""What the submissions page shows at once: the windows, the proposals, and what a proposal may be about (the latest
version's paragraphs, as printed) and on whose behalf."""

from __future__ import annotations

from msgspec import Struct, structs
from sqlalchemy.orm import Session

from ...domain.paging import Window, window
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

PROPOSALS_PAGE = 100
PROVENANCE_PAGE = 200  # rows: the version's paragraphs, then those of the one before that came to nothing


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
    counts: dict[str, int]  # proposals per delegation (its code): the list's filter
    delegation: str | None  # the proposals of this one only
    window: Window  # the page of the proposals shown


class ProvenanceScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    provenance: ProvenanceView  # the page's rows
    window: Window


@reads
def submissions_screen(
    tx: Session, actor: Actor | None, slug: str, delegation: str | None = None, page: int | None = None
) -> SubmissionsScreen:
    process, role = process_for(tx, slug, actor, Action.READ)
    latest = latest_version(tx, process)
    refs = text_refs(tx, process, latest) if latest is not None else {}
    committee = allows(role, Action.NEGOTIATE, is_admin=bool(actor and actor.is_admin))
    counts = submissions.submission_counts(tx, actor, slug)
    code = delegation.strip().upper() if delegation and delegation.strip() else None
    shown = window(counts.get(code, 0) if code else sum(counts.values()), PROPOSALS_PAGE, page)
    return SubmissionsScreen(
        process=processes.get_process(tx, actor, slug),
        windows=submissions.list_windows(tx, actor, slug),
        submissions=submissions.list_submissions(
            tx, actor, slug, delegation=code, limit=PROPOSALS_PAGE, offset=shown.start
        ),
        paragraphs=[
            Choice(eid=b.eid, ref=refs.get(b.eid, b.eid), text=b.text)
            for b in (version_blocks(tx, latest) if latest is not None else [])
        ],
        mine=delegations.ref_of(delegations.own(tx, process, actor), process),
        delegations=delegations.list_delegations(tx, actor, slug) if committee else [],
        counts=counts,
        delegation=code,
        window=shown,
    )


@reads
def provenance_screen(
    tx: Session, actor: Actor | None, slug: str, ref: str, page: int | None = None, at: str | None = None
) -> ProvenanceScreen:
    """A page of the provenance table (`at`: the one holding that paragraph's row)."""
    whole = submissions.version_provenance(tx, actor, slug, ref)
    shown = window(len(whole.rows), PROVENANCE_PAGE, page, {r.eid: i for i, r in enumerate(whole.rows)}.get(at or ""))
    return ProvenanceScreen(
        process=processes.get_process(tx, actor, slug),
        provenance=structs.replace(whole, rows=whole.rows[shown.start : shown.stop]),
        window=shown,
    )
