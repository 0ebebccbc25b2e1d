"""Reading a process folder (the drafts/ format): each file parsed and checked against the rest of the folder, the
first fault refused with its file and line; nothing is written."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.consultations.consultations import MemberDraft, ProcessDraft
from ...domain.declaration.declaration_format import ImportedBlock, parse_declaration
from ...domain.declaration.references import Number
from ...domain.errors import N_, ImportFailed
from ...domain.transfer.amendment_format import AmendmentFile
from ...domain.transfer.delegation_format import DelegationEntry, PositionEntry
from ...domain.transfer.draft_format import (
    RecommendationFile,
    SessionFile,
    check_committee,
    line_of,
    parse_process_file,
    parse_recommendation_file,
    parse_session_file,
    parse_version_header,
)
from ...domain.transfer.negotiation_format import BracketEntry, ProposalEntry, WindowEntry
from ...domain.transfer.outcome_format import PublicationEntry, StatusEntry
from ...domain.transfer.thread_format import ThreadFile
from ...domain.vocabulary import Phase
from .amendment_files import read_amendments
from .bracket_files import read_brackets
from .delegation_files import read_delegations
from .folder_files import NO_PARAGRAPH, FolderFile, read_file, source_first
from .numbering_files import read_numberings
from .outcome_files import read_publications, read_statuses
from .submission_files import read_submissions
from .thread_files import read_threads
from .translation_files import TranslationText, read_translation_files

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


_LINKED = N_("This is a symbolic link: a process folder holds its own files, not links to others.")


def read_text(path: Path, name: str) -> str:
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
    toml = _process_toml(folder)
    process, members = parse_process_file(toml.text, toml.name)
    check_committee(members, toml.text, toml.name)
    sessions = _read_sessions(folder)
    recommendations = _read_recommendations(folder, {s.ref for s in sessions})
    versions, draft = read_declaration(folder / "declaration", process.source_language)
    numbers = read_numberings(
        folder / "declaration", read_text, [v.blocks for v in versions], draft.blocks if draft else None
    )
    known_eids = {b.eid for v in [*versions, *([draft] if draft else [])] for b in v.blocks if b.eid}
    _check_recommended_paragraphs(folder, recommendations, known_eids)
    emails = {m.email.lower() for m in members}
    languages = source_first(process)
    delegations, positions = read_delegations(folder, read_text, languages, emails, known_eids)
    codes = {entry.draft.code for entry in delegations}
    windows, submitted = read_submissions(folder, read_text, known_eids, emails, codes, languages)
    brackets = read_brackets(folder, read_text, emails, codes)
    proposals = read_amendments(folder / "amendments", read_text, known_eids, len(versions), emails, codes, languages)
    threads = read_threads(folder / "threads", read_text, known_eids, len(versions), emails, codes)
    translated = read_translation_files(
        folder / "declaration", read_text, process.source_language, tuple(process.languages)
    )
    statuses = read_statuses(folder, read_text, known_eids, emails)
    published = read_publications(folder, read_text, len(versions), emails)
    _check_phase(process, bool(published), toml.text, toml.name)
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


def _process_toml(folder: Path) -> FolderFile:
    """The folder's process.toml, which every folder has."""
    toml = folder / "process.toml"
    if not toml.is_file():
        raise ImportFailed(str(toml), None, N_("No process.toml in this folder."))
    return read_file(toml, read_text)


def _read_sessions(folder: Path) -> list[SessionFile]:
    """`sessions/*.md`. Without the process's time zone: a file of the folder says at which UTC offset its session
    was announced (as an export writes it); a time without one is ambiguous, and refused."""
    return [
        parse_session_file(read_text(p, str(p)), str(p), p.stem) for p in sorted((folder / "sessions").glob("*.md"))
    ]


def _read_recommendations(folder: Path, sessions: set[str]) -> list[RecommendationFile]:
    """`recommendations/*.md`, each from one of the `sessions` (by ref)."""
    recommendations = []
    for path in sorted((folder / "recommendations").glob("*.md")):
        text = read_text(path, str(path))
        item = parse_recommendation_file(text, str(path), path.stem)
        if item.session_ref not in sessions:
            line = _line_starting(text, "session:")
            raise ImportFailed(str(path), line, N_("No session “{ref}” in sessions/."), ref=item.session_ref)
        recommendations.append(item)
    return recommendations


def _check_recommended_paragraphs(folder: Path, recommendations: list[RecommendationFile], eids: set[str]) -> None:
    """The paragraphs that take up each recommendation are in the declaration files (`eids`)."""
    for item in recommendations:
        for eid in item.paragraphs:
            if eid not in eids:
                name = str(folder / "recommendations" / f"{item.ref}.md")
                line = _line_starting(read_text(Path(name), name), "paragraphs:")
                raise ImportFailed(name, line, NO_PARAGRAPH, eid=eid)


def _line_starting(text: str, start: str) -> int:
    """The first line of `text` that begins with `start` (a recommendation's field), else 1."""
    return next((n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start)), 1)


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
        text = read_text(path, name)
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
