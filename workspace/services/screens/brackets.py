"""What the bracket dashboard shows at once: the brackets left per article, the burn-down, the open brackets of the
text with (for the committee, on the working draft) what its forms are based on, and the clean text."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.declaration.document import revision_id
from ...domain.permissions import Action, allows
from .. import brackets, delegations, processes
from ..access import process_for
from ..actor import Actor
from ..brackets.views import BracketSummary, BracketView, BurndownPoint, CleanView
from ..declaration import versions
from ..declaration.paragraphs import draft_blocks
from ..declaration.views import VersionSummary
from ..delegations.views import DelegationView
from ..processes.views import ProcessView
from ..unit import reads

SHOWN = 500  # brackets listed on the page; the API pages through them all


class BracketScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    summary: BracketSummary
    brackets: list[BracketView]  # the open ones first (at most SHOWN), then those resolved on the draft
    more: int  # open ones beyond those shown
    burndown: list[BurndownPoint]
    revisions: dict[str, str]  # the committee on the draft: each paragraph's revision, the base of a resolution
    delegations: list[DelegationView]  # the committee: those a bracket may be said to be introduced by
    ref: str  # the version shown as a discussion names it (its number, or "draft"): a thread opens on a bracket


class CleanScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    clean: CleanView


@reads
def bracket_screen(
    tx: Session, actor: Actor | None, slug: str, version: str | None, lang: str | None = None
) -> BracketScreen:
    process, role = process_for(tx, slug, actor, Action.READ)
    summary = brackets.bracket_summary(tx, actor, slug, version, lang)
    listed = brackets.list_brackets(tx, actor, slug, version=version, lang=lang)
    open_ones = [b for b in listed if b.state == "open"]
    committee = allows(role, Action.EDIT_DRAFT, is_admin=bool(actor and actor.is_admin))
    on_draft = summary.version == "draft"
    revisions = (
        {b.eid: revision_id(b.text) for b in draft_blocks(tx, process, {v.eid for v in open_ones[:SHOWN]})}
        if committee and on_draft and summary.lang == process.source_language
        else {}
    )
    listing = versions.list_versions(tx, actor, slug)
    return BracketScreen(
        process=processes.get_process(tx, actor, slug),
        versions=listing,
        summary=summary,
        brackets=[*open_ones[:SHOWN], *(b for b in listed if b.state != "open")],
        more=max(len(open_ones) - SHOWN, 0),
        burndown=brackets.burndown(tx, actor, slug, lang),
        revisions=revisions,
        delegations=delegations.list_delegations(tx, actor, slug) if revisions else [],
        ref="draft" if on_draft else next((str(v.number) for v in listing if v.label == summary.version), ""),
    )


@reads
def clean_screen(
    tx: Session, actor: Actor | None, slug: str, version: str | None, lang: str | None = None
) -> CleanScreen:
    return CleanScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        clean=brackets.clean_text(tx, actor, slug, version, lang),
    )
