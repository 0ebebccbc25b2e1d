"""Where the negotiation ended, in a process folder: `statuses.md` (the paragraphs' negotiation
statuses) and `publications/<n>.md` (what was published). Read and checked against the folder,
inserted as they stand (a publication through the same gate and freezing as the committee's), and
written back canonically. A publication's files are not carried: they are made from its frozen
texts the first time they are asked for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from ...domain.amendments.negotiation import NegotiationStatus
from ...domain.errors import N_, AccordError, ImportFailed
from ...domain.publication.publication import model_from_data
from ...domain.publication.publication_commands import Publish
from ...domain.transfer.draft_format import entry_field_lines, entry_lines, line_of
from ...domain.transfer.outcome_format import (
    PublicationEntry,
    StatusEntry,
    parse_publication_file,
    parse_statuses_file,
    render_publication_file,
    render_statuses_file,
)
from ...store.models import Membership, ParagraphStatus, Process, Publication, User, Version
from ..actor import Actor
from ..declaration.paragraphs import draft_blocks
from ..publication.publishing import bring_in

Read = Callable[[Path, str], str]


def _members(tx: Session, process: Process) -> dict[int, str]:
    """The e-mail of each member, by user id: who set a status or published, written only if a member (the
    folder's process.toml lists them; someone since removed, or an administrator, is written as null)."""
    return dict(
        tx.execute(
            select(User.id, User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process.id)
        ).all()
    )


def read_statuses(folder: Path, read: Read, eids: set[str], emails: set[str]) -> list[StatusEntry]:
    path = folder / "statuses.md"
    if not path.is_file():
        return []
    name = str(path)
    text = read(path, name)
    entries = parse_statuses_file(text, name)
    lines = entry_field_lines(text, "statuses")
    for e in entries:
        line, fields = lines.get(e.eid, (1, {}))
        if e.eid not in eids:
            raise ImportFailed(name, line, N_("No paragraph “{eid}” in the declaration files."), eid=e.eid)
        if e.set_by is not None and e.set_by.lower() not in emails:
            raise ImportFailed(
                name,
                fields.get("set_by", line),
                N_("“{email}” is not a member of the process (process.toml)."),
                email=e.set_by,
            )
    return entries


def insert_statuses(tx: Session, process: Process, entries: list[StatusEntry]) -> None:
    users = {email: uid for uid, email in _members(tx, process).items()}
    tx.add_all(
        ParagraphStatus(
            process_id=process.id,
            eid=e.eid,
            status=e.status.value,
            note=e.note,
            set_at=e.set_at,
            set_by_id=users.get(e.set_by.lower()) if e.set_by else None,
        )
        for e in entries
    )
    tx.flush()


def status_files(tx: Session, process: Process) -> dict[str, str]:
    rows = list(tx.scalars(select(ParagraphStatus).where(ParagraphStatus.process_id == process.id)))
    if not rows:
        return {}
    emails = _members(tx, process)
    order = {
        b.eid: n for n, b in enumerate(draft_blocks(tx, process))
    }  # the draft's order; a paragraph since deleted last
    rows.sort(key=lambda r: (order.get(r.eid, len(order)), r.eid))
    return {
        "statuses.md": render_statuses_file(
            [
                StatusEntry(
                    r.eid,
                    NegotiationStatus(r.status),
                    r.note,
                    emails.get(r.set_by_id) if r.set_by_id else None,
                    r.set_at,
                )
                for r in rows
            ]
        )
    }


def read_publications(
    folder: Path, read: Read, versions: int, emails: set[str]
) -> list[tuple[PublicationEntry, str, str]]:
    """`publications/*.md` in number order (1, 2, 3 … with no gap), each with its file name and text."""
    found = []
    for path in sorted((folder / "publications").glob("*.md")) if (folder / "publications").is_dir() else []:
        name = str(path)
        text = read(path, name)
        item = parse_publication_file(text, name, path.name)
        if item.version > versions:
            raise ImportFailed(
                name, line_of(text, "version") or 1, N_("No version “{ref}” in this process."), ref=item.version
            )
        if item.published_by is not None and item.published_by.lower() not in emails:
            raise ImportFailed(
                name,
                line_of(text, "published_by") or 1,
                N_("“{email}” is not a member of the process (process.toml)."),
                email=item.published_by,
            )
        found.append((item, name, text))
    found.sort(key=lambda f: f[0].number)
    for position, (item, name, _text) in enumerate(found, start=1):
        if item.number != position:
            raise ImportFailed(name, None, N_("Publications must be numbered 1, 2, 3 … with no gap."))
    return found


def insert_publications(
    tx: Session, actor: Actor | None, process: Process, items: list[tuple[PublicationEntry, str, str]]
) -> None:
    """Each publication as the committee would have published it: what Publish refuses (a place in another
    language, a corrigendum that says nothing, a text the gate refuses) is refused here, naming the file.
    The folder's phase is “published” (read_folder checks it), as each publication leaves it."""
    users = {email: uid for uid, email in _members(tx, process).items()}
    for item, name, text in items:
        try:
            command = Publish(
                version=str(item.version),
                symbol=item.symbol,
                date=item.day.isoformat(),
                places=dict(item.places),
                corrigendum_of=item.corrigendum_of,
                corrects=item.corrects,
            )
            bring_in(
                tx,
                actor,
                process,
                command,
                item.published_at,
                users.get(item.published_by.lower()) if item.published_by else None,
            )
        except AccordError as exc:
            field = str(exc.detail.get("field", "")) if isinstance(exc.detail, dict) else ""
            blockers = exc.detail.get("blockers") if isinstance(exc.detail, dict) else None
            key, _, language = field.partition(".")
            key = {"places": "place", "corrigendum_of": "corrigendum_of", "": "version"}.get(key, key)
            line = (
                (entry_lines(text, key).get(language) if language else None)
                or line_of(text, key)
                or line_of(text, "version")
                or 1
            )
            raise ImportFailed(
                name,
                line,
                N_("This publication cannot be brought in: {reason} {first}"),
                reason=exc,
                first=blockers[0]["message"] if blockers else "",
            ) from None


def publication_files(tx: Session, process: Process) -> dict[str, str]:
    rows = list(
        tx.scalars(
            select(Publication)
            .options(undefer(Publication.model))  # each one's model is written out
            .where(Publication.process_id == process.id)
            .order_by(Publication.number)
        )
    )
    numbers = {r.id: r.number for r in rows}
    versions = dict(tx.execute(select(Version.id, Version.number).where(Version.process_id == process.id)).all())
    emails = _members(tx, process)
    files = {}
    for r in rows:
        places = model_from_data(r.model).places
        shown = {
            code: places[code]
            for code in process.languages
            if places.get(code) and places[code] != process.places.get(code)
        }
        files[f"publications/{r.number}.md"] = render_publication_file(
            PublicationEntry(
                r.number,
                versions[r.version_id],
                r.symbol,
                date.fromisoformat(r.day),
                shown,
                r.published_at,
                emails.get(r.published_by_id) if r.published_by_id else None,
                numbers.get(r.corrigendum_of_id) if r.corrigendum_of_id else None,
                r.corrects,
            )
        )
    return files
