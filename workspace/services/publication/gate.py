"""The publication gate: what still keeps a version from being published, each item in the reader's words with the
page where it is fixed; and the negotiation's leftovers the committee keeps on purpose (domain.publication.gate,
domain.publication.leftovers)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendments import Status
from ...domain.declaration.document import Block
from ...domain.errors import N_, Choices, InvalidInput, NotFound
from ...domain.labels import BLOCKER_KINDS, NEGOTIATION_STATUSES, TRANSLATION_STATES
from ...domain.permissions import Action
from ...domain.publication.leftovers import CompiledProposal
from ...domain.publication.publication_commands import KeepLeftover
from ...domain.publication.publication_gate import Blocker, gate
from ...domain.series import amendment_label, link_ref
from ...renderers.pdf_glyphs import unshown, unshown_plain
from ...store.models import Amendment, Delegation, KeptLeftover, ParagraphStatus, Process, Submission, Version
from ..access import process_for, record, stored_id
from ..actor import Actor
from ..declaration.paragraphs import find_version, version_blocks
from ..declaration.references import text_refs
from ..declaration.version_labels import labels_of
from ..kept import UntilNextEntry
from ..translations.editions import exact_edition
from ..unit import reads, use_case
from .views import BlockerView, GateView

Editions = dict[str, dict[str, tuple[str, str | None]]]


def editions_of(tx: Session, process: Process, version: Version) -> tuple[list[Block], Editions]:
    """The version's source paragraphs, and each other language's edition of them: eId → (state, text)."""
    editions = {
        code: exact_edition(tx, process, version, code) for code in process.languages if code != process.source_language
    }
    return version_blocks(tx, version), editions


def blockers(tx: Session, process: Process, version: Version, places: dict[str, str]) -> list[Blocker]:
    """What blocks `version`, and the leftovers kept on purpose (`kept` set): kept until the process's next activity
    entry (a gate of 3,000 paragraphs in three languages takes 150 ms; its page reads its counts, then a part of it)."""
    return list(
        _GATES.get(
            tx,
            process,
            version,
            ("gate", tuple(sorted(places.items()))),
            lambda: _worked_out(tx, process, version, places),
        )
    )


_GATES = UntilNextEntry(32)


def _worked_out(tx: Session, process: Process, version: Version, places: dict[str, str]) -> list[Blocker]:
    source, editions = editions_of(tx, process, version)
    open_amendments = [
        (number, amendment_label(number, draft))
        for number, draft in tx.execute(
            select(Amendment.number, Amendment.on_draft)
            .where(Amendment.process_id == process.id, Amendment.status == Status.OPEN.value)
            .order_by(Amendment.on_draft, Amendment.number)
        )
    ]
    statuses = dict(
        tx.execute(
            select(ParagraphStatus.eid, ParagraphStatus.status).where(ParagraphStatus.process_id == process.id)
        ).all()
    )
    return gate(
        source,
        editions,
        open_amendments,
        statuses,
        places,
        process.languages,
        unshown=unshown,
        titles=process.titles,
        unshown_plain=unshown_plain,
        compiled=_compiled(tx, process),
        kept=set(tx.scalars(select(KeptLeftover.key).where(KeptLeftover.process_id == process.id))),
    )


def _compiled(tx: Session, process: Process) -> list[CompiledProposal]:
    """The proposals compiled into the process's text: the paragraph each went into, its delegation, its kind and
    the paragraph it was about."""
    return [
        CompiledProposal(eid, code, kind, target)
        for eid, code, kind, target in tx.execute(
            select(Submission.compiled_eid, Delegation.code, Submission.kind, Submission.eid)
            .join(Delegation, Delegation.id == Submission.delegation_id)
            .where(Submission.process_id == process.id, Submission.compiled_eid.is_not(None))
            .order_by(Submission.number)
        )
        if eid is not None
    ]


def _fix(process: Process, version: Version, b: Blocker) -> str:
    base = f"/p/{process.slug}"
    if b.kind == "place":
        return f"{base}/edit#p-place-{b.language}"
    if b.kind == "glyph" and b.eid is None:  # the title or the place as printed: the field of the process's settings
        return f"{base}/edit#p-{b.params.get('field', 'place')}-{b.language}"
    if b.kind in ("brackets", "placeholder"):  # the bracket dashboard, on the paragraph, in its language
        language = f"&lang={b.language}" if b.language else ""
        return f"{base}/brackets?version={version.number}{language}#{b.eid}"
    if b.kind in ("translation", "alignment") or (b.kind in ("character", "glyph", "tag", "footnote") and b.language):
        return f"{base}/translations/{b.language}?version={version.number}&at={b.eid}#{b.eid}"
    if b.kind == "amendment":
        return f"{base}/amendments/{link_ref(b.amendment_label or '')}"
    if b.kind == "status":
        return f"{base}/amendments/status#s-{b.eid}"
    return f"{base}/declaration/draft?at={b.eid}#{b.eid}"  # the working draft, on the paragraph


_PARAGRAPHS = ("eid", "replaced")  # the params that name a paragraph: said by its printed reference


def _said(b: Blocker, refs: dict[str, str]) -> str:
    """A blocker in the reader's words: the paragraph by its printed reference, a language by its name, a state or
    status by its label, never a code."""
    params = dict(b.params)
    for name in _PARAGRAPHS:
        if isinstance(params.get(name), str):
            params[name] = refs.get(str(params[name])) or params[name]
    if isinstance(params.get("language"), str):
        params["language"] = i18n.language_name(str(params["language"]))
    if b.kind == "translation" and str(params.get("state")) in TRANSLATION_STATES:
        params["state"] = i18n.translate(TRANSLATION_STATES[str(params["state"])])
    if b.kind == "status" and str(params.get("status")) in NEGOTIATION_STATUSES:
        params["status"] = i18n.translate(NEGOTIATION_STATUSES[str(params["status"])])
    return i18n.translate(b.message).format(**params)


def _blocker_view(process: Process, version: Version, b: Blocker, refs: dict[str, str]) -> BlockerView:
    return BlockerView(
        kind=b.kind,
        message=_said(b, refs),
        eid=b.eid,
        language=b.language,
        amendment=b.amendment,
        amendment_label=b.amendment_label,
        fix=_fix(process, version, b),
        leftover=b.leftover,
    )


def gate_view(
    process: Process,
    version: Version,
    found: list[Blocker],
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    refs: dict[str, str] | None = None,
) -> GateView:
    """The gate's view: its blockers (those of `kind`, `limit` of them from `offset`), their counts, and the
    leftovers kept on purpose, which do not block."""
    blocking = [b for b in found if not b.kept]
    wanted = [b for b in blocking if not kind or b.kind == kind]
    shown = wanted[offset:] if limit is None else wanted[offset : offset + limit]
    return GateView(
        version=labels_of(version).get(i18n.get_locale(), version.label),  # "Publish Key messages", in English
        clear=not blocking,
        total=len(wanted),
        counts=dict(Counter(b.kind for b in blocking)),
        blockers=[_blocker_view(process, version, b, refs or {}) for b in shown],
        kept=[_blocker_view(process, version, b, refs or {}) for b in found if b.kept],
    )


def blocker_detail(blocker: BlockerView) -> dict[str, object]:
    """One blocker as a refusal's detail lists it (the 409 of publishing)."""
    return {
        "kind": blocker.kind,
        "message": blocker.message,
        "eid": blocker.eid,
        "language": blocker.language,
        "amendment": blocker.amendment,
        "amendment_label": blocker.amendment_label,
        "fix": blocker.fix,
        "leftover": blocker.leftover,
    }


@reads
def check_gate(
    tx: Session,
    actor: Actor | None,
    slug: str,
    ref: str,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> GateView:
    """What still keeps `ref` from being published, each item with the page where it is fixed: those of
    `kind` (all by default), `limit` of them from `offset`, with their number and each kind's; and the
    leftovers the committee keeps on purpose."""
    process, _ = process_for(tx, slug, actor, Action.PUBLISH)
    if kind and kind not in BLOCKER_KINDS:
        raise InvalidInput(
            N_("Unknown {what} “{value}”: use one of {allowed}."),
            what="kind",
            value=kind,
            allowed=Choices(BLOCKER_KINDS),
            detail={"field": "kind"},
        )
    version = find_version(tx, process, ref)
    found = blockers(tx, process, version, process.places)
    return gate_view(process, version, found, kind or None, limit, offset, text_refs(tx, process, version))


@use_case
def keep_leftover(tx: Session, actor: Actor | None, slug: str, command: KeepLeftover) -> BlockerView:
    """The committee keeps a leftover of `command.version` on purpose (`command.leftover`, its key as the gate gives
    it): said once, it no longer blocks that version nor any later one; keeping one kept already changes nothing.
    404 for a key that the version's gate does not name. The leftover as the gate now lists it, among those kept."""
    process, _ = process_for(tx, slug, actor, Action.PUBLISH)
    version = find_version(tx, process, command.version)
    found = next((b for b in blockers(tx, process, version, process.places) if b.leftover == command.leftover), None)
    if found is None:
        raise NotFound(  # a key from a page shown before the text changed, most often: not echoed (it holds an eId)
            N_(
                "{label} holds no such leftover, or no longer: what is left before publishing it is listed on its "
                "Publish page."
            ),
            label=version.label,
            detail={"field": "leftover"},
        )
    if not found.kept:
        tx.add(KeptLeftover(process_id=process.id, key=command.leftover, kept_by_id=stored_id(actor)))
        record(tx, actor, "leftover.kept", f"paragraph:{found.eid}", process, leftover=command.leftover)
        tx.flush()
    return _blocker_view(process, version, replace(found, kept=True), text_refs(tx, process, version))


@use_case
def take_back_leftover(tx: Session, actor: Actor | None, slug: str, leftover: str) -> None:
    """The committee no longer keeps `leftover` (its key) on purpose: the gate blocks on it again. Taking back one
    that is not kept changes nothing."""
    process, _ = process_for(tx, slug, actor, Action.PUBLISH)
    gone = tx.execute(delete(KeptLeftover).where(KeptLeftover.process_id == process.id, KeptLeftover.key == leftover))
    if getattr(gone, "rowcount", 0):
        eid = leftover.split(":", 2)[1] if leftover.count(":") >= 2 else ""
        record(tx, actor, "leftover.taken_back", f"paragraph:{eid}", process, leftover=leftover)
