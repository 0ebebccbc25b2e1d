"""Import and export of a process as a folder of plain files (the drafts/ format)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.consultations import Decision, MemberDraft, ProcessDraft, RecommendationDraft, SessionDraft
from ..domain.draft_format import (
    RecommendationFile,
    SessionFile,
    parse_process_file,
    parse_recommendation_file,
    parse_session_file,
    render_process_file,
    render_recommendation_file,
    render_session_file,
)
from ..domain.errors import Conflict, Forbidden, ImportFailed, N_, NotFound
from ..domain.permissions import Action
from ..store.models import ConsultationSession, Process, Recommendation
from .access import process_for, record
from .consultations import insert_recommendation, insert_session
from .processes import _insert_process, member_views, put_member
from .unit import use_case
from .views import Actor

MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ProcessFolder:
    process: ProcessDraft
    members: list[MemberDraft]
    sessions: list[SessionFile]
    recommendations: list[RecommendationFile]


@dataclass(frozen=True)
class ImportReport:
    slug: str
    members: int
    sessions: int
    recommendations: int


def _read(path: Path, name: str) -> str:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFailed(name, None, N_("The file is larger than 1 MB."))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ImportFailed(name, line, N_("The file is not UTF-8 text.")) from None


def read_folder(folder: Path) -> ProcessFolder:
    """Parse a whole process folder, or raise ImportFailed naming the first bad file and line."""
    folder = Path(folder)
    toml = folder / "process.toml"
    if not toml.is_file():
        raise ImportFailed(str(toml), None, N_("No process.toml in this folder."))
    process, members = parse_process_file(_read(toml, str(toml)), str(toml))
    sessions = [
        parse_session_file(_read(p, str(p)), str(p), p.stem, process.timezone)
        for p in sorted((folder / "sessions").glob("*.md"))
    ]
    known = {s.ref for s in sessions}
    recommendations = []
    for path in sorted((folder / "recommendations").glob("*.md")):
        text = _read(path, str(path))
        item = parse_recommendation_file(text, str(path), path.stem)
        if item.session_ref not in known:
            line = next((n for n, l in enumerate(text.split("\n"), 1) if l.startswith("session:")), 1)
            raise ImportFailed(str(path), line, N_("No session “{ref}” in sessions/."), ref=item.session_ref)
        recommendations.append(item)
    return ProcessFolder(process, members, sessions, recommendations)


@use_case
def import_folder(tx: Session, actor: Actor | None, folder: Path) -> ImportReport:
    """Create a process from a folder, all or nothing. Only the server's command line (or an admin) imports."""
    if actor is not None and not actor.is_admin:
        raise Forbidden(N_("Only an administrator can import a whole process."))
    data = read_folder(folder)
    if tx.scalar(select(Process.id).where(Process.slug == data.process.slug)):
        raise Conflict(N_("A process with the slug “{slug}” already exists."), slug=data.process.slug)
    process = _insert_process(tx, data.process)
    for member in data.members:
        put_member(tx, actor, process, member)
    rows = {s.ref: insert_session(tx, actor, process, s.session, s.ref) for s in data.sessions}
    for item in data.recommendations:
        insert_recommendation(tx, actor, process, rows[item.session_ref], item.recommendation, item.decision, item.ref)
    record(tx, actor, "process.imported", f"process:{process.slug}", process, folder=str(folder))
    return ImportReport(process.slug, len(data.members), len(data.sessions), len(data.recommendations))


@use_case
def export_folder(tx: Session, actor: Actor | None, slug: str, folder: Path) -> ImportReport:
    """Write the process as a folder of files; the same data always gives the same bytes."""
    if actor is None:
        process = tx.scalar(select(Process).where(Process.slug == slug))
        if process is None:
            raise NotFound(N_("No process “{slug}”."), slug=slug)
    else:
        process, _ = process_for(tx, slug, actor, Action.EXPORT)
    draft = ProcessDraft(
        slug=process.slug, titles=dict(process.titles), source_language=process.source_language,
        languages=tuple(process.languages), timezone=process.timezone, place=process.place, phase=process.phase,
    )
    members = [MemberDraft(m.email, m.name, m.role, tuple(m.languages)) for m in member_views(tx, process)]
    sessions = tx.scalars(select(ConsultationSession).where(ConsultationSession.process_id == process.id).order_by(ConsultationSession.ref)).all()
    recommendations = tx.scalars(select(Recommendation).where(Recommendation.process_id == process.id).order_by(Recommendation.ref)).all()

    files: dict[str, str] = {"process.toml": render_process_file(draft, members)}
    for s in sessions:
        value = SessionDraft(
            title=s.title, starts_at=s.starts_at, ends_at=s.ends_at, place=s.place, platform=s.platform,
            organisers=tuple(s.organisers), languages=tuple(s.languages), capacity=s.capacity, theme=s.theme, summary=s.summary,
        )
        files[f"sessions/{s.ref}.md"] = render_session_file(value, s.utc_offset_minutes)
    for r in recommendations:
        item = RecommendationFile(
            ref=r.ref, session_ref=r.session.ref,
            recommendation=RecommendationDraft(r.text, r.language, r.author, r.organisation, tuple(r.themes)),
            decision=Decision(r.status, r.reason),
        )
        files[f"recommendations/{r.ref}.md"] = render_recommendation_file(item)

    folder = Path(folder)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    record(tx, actor, "process.exported", f"process:{slug}", process, folder=str(folder))
    return ImportReport(slug, len(members), len(sessions), len(recommendations))


__all__ = ["ImportReport", "ProcessFolder", "export_folder", "import_folder", "read_folder"]
