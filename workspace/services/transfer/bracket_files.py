"""A process folder's `brackets.toml`: what the committee did with the brackets of the working draft (agreed on an
option, dropped, an option marked as leading, the delegation that introduced it), written from the store, read
back with file:line errors (domain.transfer.negotiation_format), and put in place after the delegations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.brackets.brackets import BracketState
from ...domain.errors import ImportFailed
from ...domain.transfer.negotiation_format import BracketEntry, key_line, parse_brackets_file, render_brackets_file
from ...store.models import BracketRecord, Process
from .folder_files import NOT_A_DELEGATION, NOT_A_MEMBER
from .submission_files import delegation_ids, member_emails, member_ids

FILE = "brackets.toml"
Read = Callable[[Path, str], str]


def bracket_files(tx: Session, process: Process) -> dict[str, str]:
    rows = list(
        tx.scalars(select(BracketRecord).where(BracketRecord.process_id == process.id).order_by(BracketRecord.bracket))
    )
    if not rows:
        return {}
    emails = member_emails(tx, process, [r.updated_by_id for r in rows])
    codes = {v: k for k, v in delegation_ids(tx, process).items()}
    entries = [
        BracketEntry(
            r.bracket,
            r.eid,
            r.text,
            tuple(r.options),
            BracketState(r.state),
            r.chosen,
            r.leading,
            codes[r.delegation_id] if r.delegation_id is not None else None,
            emails.get(r.updated_by_id) if r.updated_by_id else None,
            r.updated_at,
        )
        for r in rows
    ]
    return {FILE: render_brackets_file(entries)}


def read_brackets(folder: Path, read: Read, emails: set[str], codes: set[str]) -> list[BracketEntry]:
    """`emails`: the folder's members; `codes`: its delegations. A bracket's paragraph is only checked for its form
    (and against the bracket's id): it is the working draft's, which may have lost it since."""
    path = folder / FILE
    if not path.is_file():
        return []
    name = str(path)
    text = read(path, name)
    brackets = parse_brackets_file(text, name)
    for b in brackets:
        if b.delegation is not None and b.delegation not in codes:
            raise ImportFailed(name, key_line(text, b.line, "delegation"), NOT_A_DELEGATION, code=b.delegation)
        if b.updated_by is not None and b.updated_by not in emails:
            raise ImportFailed(name, key_line(text, b.line, "updated_by"), NOT_A_MEMBER, email=b.updated_by)
    return brackets


def insert_brackets(tx: Session, process: Process, brackets: list[BracketEntry]) -> None:
    """The bracket records as the file says: once the delegations exist."""
    users, delegations = member_ids(tx, process), delegation_ids(tx, process)
    tx.add_all(
        BracketRecord(
            process_id=process.id,
            bracket=b.id,
            eid=b.eid,
            text=b.text,
            options=list(b.options),
            state=b.state.value,
            chosen=b.chosen,
            leading=b.leading,
            delegation_id=delegations[b.delegation] if b.delegation is not None else None,
            updated_by_id=users.get(b.updated_by) if b.updated_by else None,
            updated_at=b.updated_at,
        )
        for b in brackets
    )
    tx.flush()
