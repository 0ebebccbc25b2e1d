"""Import and export of a process as a folder of plain files (the drafts/ format)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.consultations.consultations import Decision, MemberDraft, ProcessDraft, RecommendationDraft, SessionDraft
from ...domain.declaration.declaration_commands import Circulate
from ...domain.declaration.declaration_format import (
    ImportedBlock,
    match_paragraphs,
    parse_declaration,
    render_declaration,
)
from ...domain.declaration.document import Block
from ...domain.declaration.draft_changes import Cause, CauseKind
from ...domain.declaration.references import Number
from ...domain.errors import N_, Conflict, Forbidden, ImportFailed, InvalidInput, NotFound
from ...domain.permissions import Action
from ...domain.transfer.amendment_format import AmendmentFile
from ...domain.transfer.delegation_format import DelegationEntry, PositionEntry
from ...domain.transfer.draft_format import (
    RecommendationFile,
    SessionFile,
    check_committee,
    entry_lines,
    front_matter,
    line_of,
    parse_process_file,
    parse_recommendation_file,
    parse_session_file,
    parse_version_header,
    render_process_file,
    render_recommendation_file,
    render_session_file,
)
from ...domain.transfer.negotiation_format import BracketEntry, ProposalEntry, WindowEntry
from ...domain.transfer.outcome_format import PublicationEntry, StatusEntry
from ...domain.transfer.thread_format import ThreadFile
from ...domain.vocabulary import Phase, slugify
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
from .amendment_files import amendment_files, insert_amendments, read_amendments
from .bracket_files import bracket_files, insert_brackets, read_brackets
from .delegation_files import delegation_files, insert_delegations, insert_positions, read_delegations
from .numbering_files import numbering_files, read_numberings
from .outcome_files import (
    insert_publications,
    insert_statuses,
    publication_files,
    read_publications,
    read_statuses,
    status_files,
)
from .submission_files import insert_submissions, read_submissions, submission_files
from .thread_files import insert_threads, read_threads, thread_files
from .translation_files import (
    TranslationText,
    insert_translations,
    read_translation_files,
    translation_files,
)

MAX_FILE_BYTES = 1024 * 1024
# The files of records a negotiation piles up (190 delegations' proposals and positions) may be larger: 5,000
# proposals of a few lines make some megabytes.
MAX_RECORDS_BYTES = dict.fromkeys(("submissions.toml", "delegations.toml", "brackets.toml"), 32 * MAX_FILE_BYTES)
EXPORTED = {
    "process.toml",
    "sessions",
    "recommendations",
    "declaration",
    "amendments",
    "threads",
    "statuses.md",
    "publications",
    "delegations.toml",
    "submissions.toml",
    "brackets.toml",
}


@dataclass(frozen=True)
class VersionText:
    """A circulated version (or, with number None, the working draft) as read from its file."""

    file: str
    number: int | None
    label: str
    date: str
    note: str
    blocks: list[ImportedBlock]
    labels: dict[str, str] = field(default_factory=dict)  # its names in the other languages


@dataclass(frozen=True)
class ProcessFolder:
    process: ProcessDraft
    members: list[MemberDraft]
    sessions: list[SessionFile]
    recommendations: list[RecommendationFile]
    versions: list[VersionText] = field(default_factory=list)
    draft: VersionText | None = None
    amendments: list[AmendmentFile] = field(default_factory=list)
    threads: list[ThreadFile] = field(default_factory=list)
    translations: list[TranslationText] = field(default_factory=list)
    statuses: list[StatusEntry] = field(default_factory=list)
    publications: list[tuple[PublicationEntry, str, str]] = field(
        default_factory=list
    )  # each with its file's name and text
    delegations: list[DelegationEntry] = field(default_factory=list)
    positions: list[PositionEntry] = field(default_factory=list)
    numbers: dict[int | None, dict[str, Number]] = field(default_factory=dict)  # held still: version → numbers
    windows: list[WindowEntry] = field(default_factory=list)  # submission windows, and the proposals in them
    proposals: list[ProposalEntry] = field(default_factory=list)
    brackets: list[BracketEntry] = field(default_factory=list)  # what the committee did with the draft's brackets


@dataclass(frozen=True)
class ImportReport:
    slug: str
    members: int
    sessions: int
    recommendations: int
    versions: int = 0


_LINKED = N_("This is a symbolic link: a process folder holds its own files, not links to others.")


def _read(path: Path, name: str) -> str:
    """A file of the folder as text. Never through a symbolic link (`_refuse_links` looked at the folder
    before; O_NOFOLLOW holds if one is made since)."""
    if path.is_symlink():
        raise ImportFailed(name, None, _LINKED)
    if not path.is_file():
        raise ImportFailed(name, None, N_("This is a folder, not a file."))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        if path.is_symlink():
            raise ImportFailed(name, None, _LINKED) from None
        raise
    with os.fdopen(fd, "rb") as file:
        limit = MAX_RECORDS_BYTES.get(path.name, MAX_FILE_BYTES)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ImportFailed(name, None, N_("The file is larger than {megabytes} MB."), megabytes=limit // MAX_FILE_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(name, data[: exc.start].count(b"\n") + 1, N_("The file is not UTF-8 text.")) from None


def _refuse_links(folder: Path) -> None:
    """What the import reads (process.toml, statuses.md, the exported folders and every entry in them)
    is the folder's own: a symbolic link is refused, wherever it points (another process's file, /etc,
    or back inside). The folder named on the command line may itself be reached through a link."""
    for name in sorted(EXPORTED):
        path = folder / name
        if path.is_symlink():
            raise ImportFailed(str(path), None, _LINKED)
        for entry in sorted(path.iterdir()) if path.is_dir() else []:
            if entry.is_symlink():
                raise ImportFailed(str(entry), None, _LINKED)


def read_folder(folder: Path) -> ProcessFolder:
    """Parse a whole process folder, or raise ImportFailed naming the first bad file and line."""
    folder = Path(folder)
    _refuse_links(folder)
    toml = folder / "process.toml"
    if not toml.is_file():
        raise ImportFailed(str(toml), None, N_("No process.toml in this folder."))
    toml_text = text = _read(toml, str(toml))
    process, members = parse_process_file(text, str(toml))
    check_committee(members, text, str(toml))
    # Without the process's time zone: a file of the folder says at which UTC offset its session
    # was announced (as an export writes it); a time without one is ambiguous, and refused.
    sessions = [
        parse_session_file(_read(p, str(p)), str(p), p.stem) for p in sorted((folder / "sessions").glob("*.md"))
    ]
    known = {s.ref for s in sessions}
    recommendations = []
    for path in sorted((folder / "recommendations").glob("*.md")):
        text = _read(path, str(path))
        item = parse_recommendation_file(text, str(path), path.stem)
        if item.session_ref not in known:
            line = next((n for n, text_line in enumerate(text.split("\n"), 1) if text_line.startswith("session:")), 1)
            raise ImportFailed(str(path), line, N_("No session “{ref}” in sessions/."), ref=item.session_ref)
        recommendations.append(item)
    versions, draft = read_declaration(folder / "declaration", process.source_language)
    numbers = read_numberings(
        folder / "declaration", _read, [v.blocks for v in versions], draft.blocks if draft else None
    )
    known_eids = {b.eid for v in [*versions, *([draft] if draft else [])] for b in v.blocks if b.eid}
    for item in recommendations:
        for eid in item.paragraphs:
            if eid not in known_eids:
                name = str(folder / "recommendations" / f"{item.ref}.md")
                text = _read(Path(name), name)
                line = next(
                    (n for n, text_line in enumerate(text.split("\n"), 1) if text_line.startswith("paragraphs:")), 1
                )
                raise ImportFailed(name, line, N_("No paragraph “{eid}” in the declaration files."), eid=eid)
    emails = {m.email.lower() for m in members}
    languages = [process.source_language, *(lang for lang in process.languages if lang != process.source_language)]
    delegations, positions = read_delegations(folder, _read, languages, emails, known_eids)
    codes = {entry.draft.code for entry in delegations}
    windows, submitted = read_submissions(folder, _read, known_eids, emails, codes, languages)
    brackets = read_brackets(folder, _read, emails, codes)
    proposals = read_amendments(folder / "amendments", _read, known_eids, len(versions), emails, codes, languages)
    threads = read_threads(folder / "threads", _read, known_eids, len(versions), emails, codes)
    translated = read_translation_files(
        folder / "declaration", _read, process.source_language, tuple(process.languages)
    )
    statuses = read_statuses(folder, _read, known_eids, emails)
    published = read_publications(folder, _read, len(versions), emails)
    _check_phase(process, bool(published), toml_text, str(toml))
    return ProcessFolder(
        process,
        members,
        sessions,
        recommendations,
        versions,
        draft,
        proposals,
        threads,
        translated,
        statuses,
        published,
        delegations,
        positions,
        numbers,
        windows,
        submitted,
        brackets,
    )


def _check_phase(process: ProcessDraft, published: bool, text: str, file: str) -> None:
    """The phase the folder says is the one its data allows: published exactly when it holds a publication
    (a published process does not go back: a corrigendum, or a new process, instead)."""
    line = line_of(text, "phase") or 1
    if process.phase == Phase.PUBLISHED and not published:
        raise ImportFailed(
            file, line, N_("The phase is “published”, but the folder holds no publication (publications/1.md …).")
        )
    if published and process.phase != Phase.PUBLISHED:
        raise ImportFailed(
            file,
            line,
            N_(
                "The folder holds a publication: the phase is “published”, not “{phase}” (a published process does "
                "not go back)."
            ),
            phase=process.phase,
        )


_VERSION_FILE = re.compile(r"^(\d+)-[a-z0-9-]+\.([a-z]{2})\.md$")
_DRAFT_FILE = re.compile(r"^draft\.([a-z]{2})\.md$")


def read_declaration(folder: Path, source: str) -> tuple[list[VersionText], VersionText | None]:
    """`NN-label.LANG.md` per circulated version, in order, and `draft.LANG.md` for the working draft."""
    if not folder.is_dir():
        return [], None
    versions: list[VersionText] = []
    draft = None
    for path in sorted(folder.glob("*.md")):
        name = str(path)
        match = _VERSION_FILE.match(path.name) or _DRAFT_FILE.match(path.name)
        if match is None:
            raise ImportFailed(name, None, N_("Declaration files are named NN-label.LANG.md or draft.LANG.md."))
        if match.groups()[-1] != source:
            continue  # a translation: read with the translations (translation_files)
        text = _read(path, name)
        meta, blocks = parse_declaration(text, name)
        if not meta and text.removeprefix("\ufeff").split("\n", 1)[0].strip() == "---":
            # Any Markdown reads a lone first "---" as a rule; Accord's own files always close their front matter.
            raise ImportFailed(name, 1, N_("The front matter block is not closed by a “---” line."))
        if path.name.startswith("draft."):
            if meta:
                raise ImportFailed(
                    name,
                    2,
                    N_("The working draft's file has no front matter: only versions have a number and a label."),
                )
            draft = VersionText(name, None, "", "", "", blocks)
            continue
        number, header = parse_version_header(meta, text, name)
        if number != len(versions) + 1 or int(match.group(1)) != number:
            raise ImportFailed(
                name,
                line_of(text, "number") or 1,
                N_("Versions must be numbered 1, 2, 3 … in file order, and the number must match the file name."),
            )
        versions.append(VersionText(name, number, header.label, header.date or "", header.note, blocks, header.names))
    return versions, draft


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
    for member in data.members:
        put_member(tx, actor, process, member)
    rows = {s.ref: insert_session(tx, actor, process, s.session, s.ref) for s in data.sessions}
    recommendation_rows = {
        item.ref: insert_recommendation(
            tx, actor, process, rows[item.session_ref], item.recommendation, item.decision, item.ref
        )
        for item in data.recommendations
    }
    for text in [*data.versions, *([data.draft] if data.draft else [])]:
        matches = match_paragraphs(draft_blocks(tx, process), text.blocks, used_eids(tx, process))
        replace_draft(tx, actor, process, [m.block for m in matches], Cause(CauseKind.IMPORT, Path(text.file).name))
        if text.number is not None:
            held = data.numbers.get(text.number)
            try:
                version = circulate_draft(
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
                        renumber=held is None,
                    ),
                )
            except (InvalidInput, Conflict) as exc:  # a name in a language the process lacks, or another version's
                field = str(exc.detail.get("field", "")) if isinstance(exc.detail, dict) else ""
                key, _, language = field.partition(".")
                source = _read(Path(text.file), text.file)
                line = (entry_lines(source, key).get(language) if language else None) or line_of(source, key or "label")
                raise ImportFailed(text.file, line or 1, exc.message, **exc.params) from None
            if held is not None:
                hold_version_numbers(tx, version, held)
    if None in data.numbers:
        hold_draft_numbers(process, data.numbers[None])
    for item in data.recommendations:
        for eid in item.paragraphs:
            add_link(tx, actor, process, recommendation_rows[item.ref], eid)
    insert_translations(tx, process, data.translations)
    insert_delegations(tx, process, data.delegations)
    insert_amendments(tx, process, data.amendments)
    insert_threads(tx, process, data.threads)
    insert_statuses(tx, process, data.statuses)
    insert_positions(tx, process, folder, data.positions)
    insert_submissions(tx, process, data.windows, data.proposals)  # the windows, then the proposals in them
    insert_brackets(tx, process, data.brackets)
    insert_publications(tx, actor, process, data.publications)
    # Not the folder: its path is the server's business, and every member reads the activity.
    record(tx, actor, "process.imported", f"process:{process.slug}", process)
    unit_state(tx).quiet = False
    return ImportReport(
        process.slug, len(data.members), len(data.sessions), len(data.recommendations), len(data.versions)
    )


@reads
def export_files(tx: Session, actor: Actor | None, slug: str) -> tuple[ImportReport, dict[str, str]]:
    """The process as files (name → text), read in one transaction; the same data always gives the same bytes."""
    if actor is None:
        process = tx.scalar(select(Process).where(Process.slug == slug, Process.deleted_at.is_(None)))
        if process is None:
            raise NotFound(N_("No process “{slug}”."), slug=slug)
    else:
        process, _ = process_for(tx, slug, actor, Action.EXPORT)
    draft = ProcessDraft(
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
    # In the order people joined (the file's order for an imported process), so that importing a
    # folder and exporting it again gives back the same process.toml.
    memberships = tx.scalars(select(Membership).where(Membership.process_id == process.id).order_by(Membership.id))
    members = [
        MemberDraft(
            email=m.user.email, name=m.user.name, role=m.role, languages=tuple(m.languages), reviews=tuple(m.reviews)
        )
        for m in memberships
    ]
    sessions = tx.scalars(
        select(ConsultationSession)
        .where(ConsultationSession.process_id == process.id)
        .order_by(ConsultationSession.ref)
    ).all()
    links: dict[str, list[str]] = {}
    for eid, refs in links_by_eid(tx, process).items():
        for ref in refs:
            links.setdefault(ref, []).append(eid)
    links = {ref: sorted(eids) for ref, eids in links.items()}
    recommendations = tx.scalars(
        select(Recommendation).where(Recommendation.process_id == process.id).order_by(Recommendation.ref)
    ).all()

    files: dict[str, str] = {"process.toml": render_process_file(draft, members)}
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
    for r in recommendations:
        item = RecommendationFile(
            ref=r.ref,
            session_ref=r.session.ref,
            recommendation=RecommendationDraft(r.text, r.language, r.author, r.organisation, tuple(r.themes)),
            decision=Decision(status=r.status, reason=r.reason),
            paragraphs=tuple(links.get(r.ref, ())),
        )
        files[f"recommendations/{r.ref}.md"] = render_recommendation_file(item)
    versions = list(tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number)))
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
