"""What the submissions page shows at once: the windows, the proposals, and what a proposal may be about (the latest
version's paragraphs, as printed) and on whose behalf."""

from __future__ import annotations

from msgspec import Struct, structs
from sqlalchemy.orm import Session

from ...domain.paging import Window, window
from ...domain.permissions import Action, allows
from ...store.models import Process, Version
from .. import delegations, processes, submissions
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import latest_version, version_blocks
from ..declaration.references import text_refs
from ..delegations.views import DelegationRef, DelegationView
from ..processes.views import ProcessView
from ..submissions.views import PROPOSALS_PAGE, ProvenanceView, SubmissionView, WindowView
from ..translations.editions import exact_edition
from ..unit import reads

PROVENANCE_PAGE = 200  # rows: the version's paragraphs, then those of the one before that came to nothing


class Choice(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    text: str
    # The editions that have it (the source's, and each with a translation of exactly its text): new wording in
    # another one is refused, so the form says so before anything is typed.
    editions: list[str]


class SubmissionsScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    windows: list[WindowView]
    submissions: list[SubmissionView]
    paragraphs: list[Choice]  # of the latest version
    edition_sizes: dict[str, int]  # how many of them each edition has (by language)
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
    choices = _choices(tx, process, latest, refs)
    return SubmissionsScreen(
        process=processes.get_process(tx, actor, slug),
        windows=submissions.list_windows(tx, actor, slug),
        submissions=submissions.list_submissions(
            tx, actor, slug, delegation=code, limit=PROPOSALS_PAGE, offset=shown.start
        ),
        paragraphs=choices,
        edition_sizes={c: sum(c in p.editions for p in choices) for c in process.languages},
        mine=delegations.ref_of(delegations.own(tx, process, actor), process),
        delegations=delegations.list_delegations(tx, actor, slug) if committee else [],
        counts=counts,
        delegation=code,
        window=shown,
    )


def _choices(tx: Session, process: Process, latest: Version | None, refs: dict[str, str]) -> list[Choice]:
    """The latest version's paragraphs a proposal may be about, each with the editions that have it (one query a
    language)."""
    if latest is None:
        return []
    had = {
        code: {eid for eid, (_, words) in exact_edition(tx, process, latest, code).items() if words is not None}
        for code in process.languages
        if code != process.source_language
    }
    return [
        Choice(
            eid=b.eid,
            ref=refs.get(b.eid, b.eid),
            text=b.text,
            editions=[c for c in process.languages if c == process.source_language or b.eid in had[c]],
        )
        for b in version_blocks(tx, latest)
    ]


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
