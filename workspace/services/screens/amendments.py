"""What each amendment page shows at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.amendments.amendments import Status
from ...domain.diffing import Piece, word_diff
from ...domain.errors import N_, NotFound
from ...domain.paging import Window
from ...domain.permissions import Action
from ...store.models import Cosponsor
from .. import processes
from ..access import process_for
from ..actor import Actor
from ..amendments.compilation import compilation_part
from ..amendments.disposition import disposition_part
from ..amendments.negotiation import dashboard
from ..amendments.proposals import amendments_window, get_amendment, list_amendments
from ..amendments.records import DRAFT, find
from ..amendments.views import AmendmentView, CompilationView, DashboardView, DispositionRow
from ..comments.events import live_from
from ..declaration import draft, versions
from ..declaration.naming import paragraph_name
from ..declaration.paragraphs import find_version
from ..declaration.views import ParagraphView, VersionSummary
from ..delegations.delegations import list_delegations
from ..processes.views import ProcessView
from ..translations.editions import in_edition
from ..translations.records import edition_language
from ..unit import reads


class ListScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    amendments: list[AmendmentView]  # the page's
    counts: dict[str, int]  # per status, before the status filter
    window: Window
    live_after: int  # the reader's latest event when the page was read: where its stream starts (comments.live_from)
    delegations: list[tuple[str, str]] = []  # (code, name): the process's, to filter by


AMENDMENTS_PAGE = 100


class ProposeScreen(Struct, frozen=True, kw_only=True):
    """The paragraphs of the version a proposal is made against, and the one chosen."""

    process: ProcessView
    versions: list[VersionSummary]
    version: str  # a version number, or "draft"
    paragraphs: list[ParagraphView]
    paragraph: ParagraphView | None
    preview: list[Piece] | None  # the change as typed, word by word (the preview)
    lang: str = ""  # the edition the amendment is written in
    untranslated: bool = False  # the paragraph chosen has no translation in that edition yet


class AmendmentScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    amendment: AmendmentView
    mine: bool  # the reader proposed it
    cosponsoring: bool  # the reader co-sponsors it
    others: list[AmendmentView]  # the other open amendments to the same paragraph (for a compromise)


class CompromiseScreen(Struct, frozen=True):
    process: ProcessView
    amendments: list[AmendmentView]  # side by side


class CompilationScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    compilation: CompilationView  # the page's paragraphs
    window: Window


COMPILATION_PAGE = 200
DISPOSITION_PAGE = 100  # amendments, as the amendments list pages them: as many as the members filed


class DispositionScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    version: str
    rows: list[DispositionRow]
    window: Window  # the page of the version's amendments shown


class DashboardScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    dashboard: DashboardView


@reads
def list_screen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    *,
    version: str | None = None,
    status: str | None = None,
    eid: str | None = None,
    proposer: str | None = None,
    delegation: str | None = None,
    page: int | None = None,
) -> ListScreen:
    live_after = live_from(tx, actor, slug)
    process = processes.get_process(tx, actor, slug)
    shown, listed, counts = amendments_window(
        tx,
        actor,
        slug,
        page,
        AMENDMENTS_PAGE,
        version=version,
        status=status,
        eid=eid,
        proposer=proposer,
        delegation=delegation,
    )
    return ListScreen(
        process=process,
        versions=versions.list_versions(tx, actor, slug),
        amendments=listed,
        counts=counts,
        window=shown,
        live_after=live_after,
        delegations=[(d.code, d.name) for d in list_delegations(tx, actor, slug)],
    )


@reads
def voting_screen(tx: Session, actor: Actor | None, slug: str, page: int | None = None) -> ListScreen:
    """The open amendments as the committee's voting list (403 for anyone else)."""
    process_for(tx, slug, actor, Action.DECIDE_AMENDMENT)
    return list_screen(tx, actor, slug, status=Status.OPEN.value, page=page)


@reads
def propose_screen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    version: str | None,
    eid: str | None,
    text: str | None = None,
    lang: str | None = None,
) -> ProposeScreen:
    stored, _ = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    code = edition_language(stored, lang)
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    paragraphs, chosen = _proposed_on(tx, actor, slug, process, listed, version)
    missing: list[str] = []
    if code != stored.source_language and chosen not in ("", DRAFT):
        paragraphs, missing = in_edition(tx, stored, find_version(tx, stored, chosen), paragraphs, code)
    if eid and all(p.eid != eid for p in paragraphs):  # one of another text: as it was last printed
        text_read = find_version(tx, stored, chosen) if chosen not in ("", DRAFT) else None
        raise NotFound(
            N_("No paragraph “{eid}” in {version}."), eid=paragraph_name(tx, stored, eid, text_read), version=chosen
        )
    paragraph = _paragraph(paragraphs, eid, chosen)
    preview = list(word_diff(paragraph.text, text)) if paragraph is not None and text is not None else None
    return ProposeScreen(
        process=process,
        versions=listed,
        version=chosen,
        paragraphs=paragraphs,
        paragraph=paragraph,
        preview=preview,
        lang=code,
        untranslated=paragraph is not None and paragraph.eid in missing,
    )


def _proposed_on(
    tx: Session, actor: Actor | None, slug: str, process: ProcessView, listed: list[VersionSummary], version: str | None
) -> tuple[list[ParagraphView], str]:
    """The paragraphs of the text a proposal is made against, and its name: the working draft when asked (by who
    reads it), else the version asked or the latest ("": none circulated yet)."""
    if version and version.strip().lower() == DRAFT and "read_draft" in process.can:
        return draft.get_draft(tx, actor, slug).paragraphs, DRAFT
    if not listed:
        return [], ""
    picked = versions.get_version(tx, actor, slug, version or str(listed[-1].number))
    return picked.paragraphs, str(picked.version.number)


def _paragraph(paragraphs: list[ParagraphView], eid: str | None, chosen: str) -> ParagraphView | None:
    """The paragraph `eid` chosen (None: none is), 404 when the text has none such."""
    if not eid:
        return None
    paragraph = next((p for p in paragraphs if p.eid == eid), None)
    if paragraph is None:
        raise NotFound(N_("No paragraph “{eid}” in {version}."), eid=eid, version=chosen)
    return paragraph


class WordScreen(Struct, frozen=True, kw_only=True):
    """The upload of a Word file: the versions it may amend, and (for the committee) the members it may be
    filed for."""

    process: ProcessView
    versions: list[VersionSummary]
    version: str  # the version chosen: a number, or "draft"
    members: list[tuple[str, str]]  # (e-mail, name) of those who may propose, for the committee
    delegations: list[tuple[str, str]] = []  # (code, name) the committee may file a delegation's file for


@reads
def word_screen(tx: Session, actor: Actor | None, slug: str, version: str | None) -> WordScreen:
    process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    chosen = version or (str(listed[-1].number) if listed else "")
    members = (
        [
            (m.email, m.name)
            for m in processes.list_members(tx, actor, slug)
            if m.status == "member" and m.role in ("committee", "member") and m.email
        ]
        if "decide_amendment" in process.can
        else []
    )
    committee = "decide_amendment" in process.can
    delegations = [(d.code, d.name) for d in list_delegations(tx, actor, slug)] if committee else []
    return WordScreen(process=process, versions=listed, version=chosen, members=members, delegations=delegations)


@reads
def amendment_screen(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> AmendmentScreen:
    process = processes.get_process(tx, actor, slug)
    shown = get_amendment(tx, actor, slug, ref)
    row = find(tx, process_for(tx, slug, actor, Action.READ)[0], ref)  # readable: get_amendment found it
    mine = actor is not None and row.proposer_id == actor.id
    cosponsoring = (
        actor is not None
        and tx.scalar(select(Cosponsor.user_id).where(Cosponsor.amendment_id == row.id, Cosponsor.user_id == actor.id))
        is not None
    )
    others = [
        a for a in list_amendments(tx, actor, slug, status=Status.OPEN.value, eid=shown.eid) if a.label != shown.label
    ]
    return AmendmentScreen(process=process, amendment=shown, mine=mine, cosponsoring=cosponsoring, others=others)


@reads
def compromise_screen(tx: Session, actor: Actor | None, slug: str, numbers: list[int | str]) -> CompromiseScreen:
    process_for(tx, slug, actor, Action.DECIDE_AMENDMENT)
    process = processes.get_process(tx, actor, slug)
    return CompromiseScreen(process, [get_amendment(tx, actor, slug, n) for n in numbers])


@reads
def compilation_screen(
    tx: Session, actor: Actor | None, slug: str, version: str | None, page: int | None = None, at: str | None = None
) -> CompilationScreen:
    compiled, shown = compilation_part(tx, actor, slug, version, page, at, COMPILATION_PAGE)
    return CompilationScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        compilation=compiled,
        window=shown,
    )


@reads
def disposition_screen(
    tx: Session, actor: Actor | None, slug: str, version: str | None, page: int | None = None
) -> DispositionScreen:
    listed = versions.list_versions(tx, actor, slug)
    chosen = version or (str(listed[-1].number) if listed else DRAFT)
    rows, shown = disposition_part(tx, actor, slug, chosen, page, DISPOSITION_PAGE)
    return DispositionScreen(
        process=processes.get_process(tx, actor, slug),
        versions=listed,
        version=chosen,
        rows=rows,
        window=shown,
    )


@reads
def dashboard_screen(tx: Session, actor: Actor | None, slug: str) -> DashboardScreen:
    return DashboardScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        dashboard=dashboard(tx, actor, slug),
    )
