"""Import and export of a process as a folder of plain files (the drafts/ format)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.consultations.consultations import Decision, MemberDraft, ProcessDraft, RecommendationDraft, SessionDraft
from ...domain.declaration.declaration_commands import Circulate
from ...domain.declaration.declaration_format import match_paragraphs, render_declaration
from ...domain.declaration.document import Block
from ...domain.declaration.draft_changes import Cause, CauseKind
from ...domain.errors import N_, Conflict, Forbidden, ImportFailed, InvalidInput, NotFound
from ...domain.permissions import Action
from ...domain.transfer.draft_format import (
    RecommendationFile,
    entry_lines,
    front_matter,
    line_of,
    render_process_file,
    render_recommendation_file,
    render_session_file,
)
from ...domain.vocabulary import slugify
from ...store.models import ConsultationSession, Membership, Process, Recommendation, Version
from ...store.state import unit_state
from ..access import process_for, record
from ..actor import Actor
from ..consultations import insert_recommendation, insert_session
from ..declaration.coverage import add_link
from ..declaration.draft import circulate_draft
from ..declaration.importing import replace_draft
from ..declaration.paragraphs import draft_blocks, links_by_eid, used_eids, version_blocks
from ..declaration.references import hold_draft_numbers, hold_version_numbers
from ..processes import insert_process, put_member
from ..unit import Db, reads, use_case
from .amendment_files import amendment_files, insert_amendments
from .bracket_files import bracket_files, insert_brackets
from .delegation_files import delegation_files, insert_delegations, insert_positions
from .numbering_files import numbering_files
from .outcome_files import insert_publications, insert_statuses, publication_files, status_files
from .reading import EXPORTED, ProcessFolder, VersionText, read_folder, read_text
from .submission_files import insert_submissions, submission_files
from .thread_files import insert_threads, thread_files
from .translation_files import insert_translations, translation_files


@dataclass(frozen=True)
class ImportReport:
    slug: str
    members: int
    sessions: int
    recommendations: int
    versions: int = 0


@use_case
def import_folder(tx: Session, actor: Actor | None, folder: Path) -> ImportReport:
    """Create a process from a folder, all or nothing. Only the server's command line (or an admin) imports."""
    if actor is not None and not actor.is_admin:
        raise Forbidden(N_("Only an administrator can import a whole process."))
    data = read_folder(folder)
    if tx.scalar(select(Process.id).where(Process.slug == data.process.slug)):
        raise Conflict(N_("A process with the slug “{slug}” already exists."), slug=data.process.slug)
    process = insert_process(tx, data.process)
    unit_state(tx).quiet = True  # a process's history brought in is no news: no mail tells of it
    recommendations = _insert_consultations(tx, actor, process, data)
    _insert_declaration(tx, actor, process, data)
    for item in data.recommendations:
        for eid in item.paragraphs:
            add_link(tx, actor, process, recommendations[item.ref], eid)
    _insert_records(tx, actor, process, folder, data)
    # Not the folder: its path is the server's business, and every member reads the activity.
    record(tx, actor, "process.imported", f"process:{process.slug}", process)
    unit_state(tx).quiet = False
    return ImportReport(
        process.slug, len(data.members), len(data.sessions), len(data.recommendations), len(data.versions)
    )


def _insert_consultations(
    tx: Session, actor: Actor | None, process: Process, data: ProcessFolder
) -> dict[str, Recommendation]:
    """The folder's members, sessions and recommendations; the recommendations by ref."""
    for member in data.members:
        put_member(tx, actor, process, member)
    rows = {s.ref: insert_session(tx, actor, process, s.session, s.ref) for s in data.sessions}
    return {
        item.ref: insert_recommendation(
            tx, actor, process, rows[item.session_ref], item.recommendation, item.decision, item.ref
        )
        for item in data.recommendations
    }


def _insert_declaration(tx: Session, actor: Actor | None, process: Process, data: ProcessFolder) -> None:
    """Each version read into the working draft and circulated, in order, then the working draft's own text; the
    printed numbers held still where the crosswalk files say."""
    for text in [*data.versions, *([data.draft] if data.draft else [])]:
        matches = match_paragraphs(draft_blocks(tx, process), text.blocks, used_eids(tx, process))
        replace_draft(tx, actor, process, [m.block for m in matches], Cause(CauseKind.IMPORT, Path(text.file).name))
        if text.number is not None:
            held = data.numbers.get(text.number)
            version = _circulate(tx, actor, process, text, held is None)
            if held is not None:
                hold_version_numbers(tx, version, held)
    if None in data.numbers:
        hold_draft_numbers(process, data.numbers[None])


def _circulate(tx: Session, actor: Actor | None, process: Process, text: VersionText, renumber: bool) -> Version:
    """The working draft circulated as the version of `text`; a refusal named with the file and line at fault."""
    try:
        return circulate_draft(
            tx,
            actor,
            process,
            # a version file is the text as printed: numbered cleanly, as its list numbers it, unless its
            # crosswalk file says how its numbers held still
            Circulate(
                label=text.label,
                date=text.date or None,
                note=text.note,
                labels=text.labels,
                renumber=renumber,
            ),
        )
    except (InvalidInput, Conflict) as exc:  # a name in a language the process lacks, or another version's
        field = str(exc.detail.get("field", "")) if isinstance(exc.detail, dict) else ""
        key, _, language = field.partition(".")
        source = read_text(Path(text.file), text.file)
        line = (entry_lines(source, key).get(language) if language else None) or line_of(source, key or "label")
        raise ImportFailed(text.file, line or 1, exc.message, **exc.params) from None


def _insert_records(tx: Session, actor: Actor | None, process: Process, folder: Path, data: ProcessFolder) -> None:
    """The rest of the folder, once the declaration is in: each record after those it names."""
    insert_translations(tx, process, data.translations)
    insert_delegations(tx, process, data.delegations)
    insert_amendments(tx, process, data.amendments)
    insert_threads(tx, process, data.threads)
    insert_statuses(tx, process, data.statuses)
    insert_positions(tx, process, folder, data.positions)
    insert_submissions(tx, process, data.windows, data.proposals)  # the windows, then the proposals in them
    insert_brackets(tx, process, data.brackets)
    insert_publications(tx, actor, process, data.publications)


@reads
def export_files(tx: Session, actor: Actor | None, slug: str) -> tuple[ImportReport, dict[str, str]]:
    """The process as files (name → text), read in one transaction; the same data always gives the same bytes."""
    process = _exported(tx, actor, slug)
    members = _members(tx, process)
    sessions = tx.scalars(
        select(ConsultationSession)
        .where(ConsultationSession.process_id == process.id)
        .order_by(ConsultationSession.ref)
    ).all()
    recommendations = tx.scalars(
        select(Recommendation).where(Recommendation.process_id == process.id).order_by(Recommendation.ref)
    ).all()
    versions = list(tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number)))
    files: dict[str, str] = {"process.toml": render_process_file(_process_draft(process), members)}
    files |= _session_files(sessions)
    files |= _recommendation_files(tx, process, recommendations)
    files |= _declaration_files(tx, process, versions)
    files |= numbering_files(tx, process, versions)
    files |= translation_files(tx, process)
    files |= amendment_files(tx, process)
    files |= thread_files(tx, process)
    files |= status_files(tx, process)
    files |= delegation_files(tx, process)
    files |= submission_files(tx, process)
    files |= bracket_files(tx, process)
    files |= publication_files(tx, process)
    return ImportReport(slug, len(members), len(sessions), len(recommendations), len(versions)), files


def _exported(tx: Session, actor: Actor | None, slug: str) -> Process:
    """The process `slug`, if `actor` may export it (no one: the server's command line, which exports any)."""
    if actor is not None:
        process, _ = process_for(tx, slug, actor, Action.EXPORT)
        return process
    found = tx.scalar(select(Process).where(Process.slug == slug, Process.deleted_at.is_(None)))
    if found is None:
        raise NotFound(N_("No process “{slug}”."), slug=slug)
    return found


def _process_draft(process: Process) -> ProcessDraft:
    """The process as process.toml says it."""
    return ProcessDraft(
        slug=process.slug,
        titles=dict(process.titles),
        source_language=process.source_language,
        languages=tuple(process.languages),
        timezone=process.timezone,
        places=dict(process.places),
        phase=process.phase,
        members_see_emails=process.members_see_emails,
        positions_public=process.positions_public,
    )


def _members(tx: Session, process: Process) -> list[MemberDraft]:
    """The members in the order they joined (the file's order for an imported process), so that importing a folder
    and exporting it again gives back the same process.toml."""
    memberships = tx.scalars(select(Membership).where(Membership.process_id == process.id).order_by(Membership.id))
    return [
        MemberDraft(
            email=m.user.email, name=m.user.name, role=m.role, languages=tuple(m.languages), reviews=tuple(m.reviews)
        )
        for m in memberships
    ]


def _session_files(sessions: Sequence[ConsultationSession]) -> dict[str, str]:
    """`sessions/<ref>.md`, each with the UTC offset its session was announced at."""
    files = {}
    for s in sessions:
        value = SessionDraft(
            title=s.title,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            place=s.place,
            platform=s.platform,
            organisers=tuple(s.organisers),
            languages=tuple(s.languages),
            capacity=s.capacity,
            theme=s.theme,
            summary=s.summary,
        )
        files[f"sessions/{s.ref}.md"] = render_session_file(value, s.utc_offset_minutes)
    return files


def _recommendation_files(tx: Session, process: Process, recommendations: Sequence[Recommendation]) -> dict[str, str]:
    """`recommendations/<ref>.md`, each with the paragraphs that take it up, in order."""
    links: dict[str, list[str]] = {}
    for eid, refs in links_by_eid(tx, process).items():
        for ref in refs:
            links.setdefault(ref, []).append(eid)
    files = {}
    for r in recommendations:
        item = RecommendationFile(
            ref=r.ref,
            session_ref=r.session.ref,
            recommendation=RecommendationDraft(r.text, r.language, r.author, r.organisation, tuple(r.themes)),
            decision=Decision(status=r.status, reason=r.reason),
            paragraphs=tuple(sorted(links.get(r.ref, ()))),
        )
        files[f"recommendations/{r.ref}.md"] = render_recommendation_file(item)
    return files


def _declaration_files(tx: Session, process: Process, versions: list[Version]) -> dict[str, str]:
    """`declaration/NN-label.LANG.md` per version, and `draft.LANG.md` when the working draft differs from the
    latest."""
    files = {}
    latest: list[Block] = []
    for v in versions:
        latest = version_blocks(tx, v)
        others = {row.language: row.label for row in v.other_labels}
        head = front_matter(
            [
                ("number", v.number),
                ("label", v.label),
                ("date", v.circulated_on),
                ("note", v.note),
                *([("labels", others)] if others else []),
            ],  # written only when given: older files stay as they were
            render_declaration(latest).rstrip("\n"),
        )
        files[f"declaration/{v.number:02d}-{slugify(v.label, 40)}.{v.language}.md"] = head
    current = draft_blocks(tx, process)
    if current and current != latest:
        files[f"declaration/draft.{process.source_language}.md"] = render_declaration(current)
    return files


@use_case
def _record_export(tx: Session, actor: Actor | None, slug: str) -> None:
    process = tx.scalar(select(Process).where(Process.slug == slug))
    record(tx, actor, "process.exported", f"process:{slug}", process)


def export_folder(db: Db, actor: Actor | None, slug: str, folder: Path) -> ImportReport:
    """Write the process as a folder of files. The folder appears whole or not at all: the files
    are written to a temporary folder beside it, which then takes its place."""
    report, files = export_files(db, actor, slug)
    write_folder(Path(folder), files)
    _record_export(db, actor, slug)
    return report


def write_folder(folder: Path, files: dict[str, str]) -> None:
    """Replace `folder` by exactly `files`, atomically: a failure leaves the old folder (or none)."""
    folder = folder.absolute()
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(N_("{path} exists and is not a folder."), path=str(folder))
    if folder.exists() and not {p.name for p in folder.iterdir()} <= EXPORTED:
        # Never throw away files that an export did not write (a README, a .git folder …).
        raise InvalidInput(
            N_("{path} holds other files than an exported process: export into a new or empty folder."),
            path=str(folder),
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        if folder.exists():
            old = folder.with_name(f".{folder.name}-old-{os.getpid()}")
            os.replace(folder, old)
            os.replace(staging, folder)
            shutil.rmtree(old)
        else:
            os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


__all__ = [
    "ImportReport",
    "ProcessFolder",
    "export_files",
    "export_folder",
    "import_folder",
    "read_folder",
    "write_folder",
]
