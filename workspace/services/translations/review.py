"""A reviewer's bulk step: approve many translations of a version at once, each only if it may be approved
as it stands (current, translated, every check passed, nothing left for a reviewer to look at); the others
are skipped, each with its reason, and nothing else changes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ... import i18n
from ...domain.declaration.document import numbering
from ...domain.errors import N_
from ...domain.permissions import Action
from ...domain.translations.translations import ApproveMany, State, Stored
from ...store.models import Process
from ...store.types import utcnow
from ..access import process_for, record, stored_id
from ..actor import Actor
from ..declaration.sides import Side, reads_draft_sources, side
from ..pace import Pace, pace
from ..unit import use_case
from .editions import states_of
from .records import require_reviewer, target_language, translations_of, views
from .views import ApprovalView, SkippedView, TranslationView

_BECAUSE = {
    "not_in_version": N_("This paragraph is not in {version}."),
    State.MISSING.value: N_("It has no translation yet."),
    State.DRAFT.value: N_("Its translation is a draft: its translator has not marked it translated."),
    State.OUTDATED.value: N_("Its translation was made from an earlier source text."),
    State.APPROVED.value: N_("It is approved already."),
    "checks": N_("Its checks found something to look at: {checks}."),
    "to_check": N_(
        "It was carried over a change of the source, or confirmed unchanged over one: a reviewer looks at it first."
    ),
}


def _skipped(eid: str, reason: str, **params: str) -> SkippedView:
    return SkippedView(eid=eid, reason=reason, message=i18n.translate(_BECAUSE[reason]).format(**params))


def _held_back(view: TranslationView) -> SkippedView | None:
    """Why a paragraph named for approval is not approved as it stands, or None."""
    if view.state != State.TRANSLATED.value:
        return _skipped(view.eid, view.state)
    if view.checks:
        return _skipped(view.eid, "checks", checks="; ".join(c.message.rstrip(".") for c in view.checks))
    if view.check_editorial or view.confirmed_over:
        return _skipped(view.eid, "to_check")
    return None


def _wanted(tx: Session, process: Process, on: Side, code: str, named: list[str]) -> set[str]:
    """The paragraphs of the text read to look at: those named, or every translated one (the states counted by the
    database, the views made for those only)."""
    present = {b.eid for b in on.blocks}
    if named:
        return set(named) & present
    states = states_of(tx, process, on.version, code)
    return {eid for eid in present if states.get(eid) == State.TRANSLATED.value}


@use_case
def approve_many(tx: Session, actor: Actor | None, slug: str, language: str, command: ApproveMany) -> ApprovalView:
    """Approve the paragraphs named (or every translated one) of `command.version` in `language`."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_reviewer(tx, process, role, actor, code)
    pace(tx, actor, Pace.TRANSLATION)  # a bulk approval is one
    on = side(tx, process, command.version, role, actor, draft=reads_draft_sources(role, actor))
    present = {b.eid for b in on.blocks}
    skipped = [_skipped(eid, "not_in_version", version=on.label) for eid in command.eids or () if eid not in present]
    wanted = _wanted(tx, process, on, code, command.eids or [])
    blocks = [b for b in on.blocks if b.eid in wanted]
    rows = translations_of(tx, process, code, [b.eid for b in blocks])
    approved: list[str] = []
    for view in views(tx, process, blocks, code, numbers=numbering(on.blocks)):
        held = _held_back(view)
        if held is not None:
            skipped.append(held)
            continue
        row = next(r for r in rows[view.eid] if r.source_sha == view.source_revision)
        row.state, row.reviewed_by_id, row.reviewed_at, row.note, row.checked_sha = (
            Stored.APPROVED.value,
            stored_id(actor),
            utcnow(),
            "",
            None,
        )
        record(
            tx,
            actor,
            "translation.approved",
            f"paragraph:{view.eid}",
            process,
            language=code,
            on_draft=on.version is None,
        )
        approved.append(view.eid)
    order = {b.eid: n for n, b in enumerate(on.blocks)}
    skipped.sort(key=lambda s: order.get(s.eid, -1))
    return ApprovalView(version=on.label, language=code, approved=approved, skipped=skipped)
