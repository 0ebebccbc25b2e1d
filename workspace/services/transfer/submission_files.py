"""A process folder's `submissions.toml`: the submission windows and the delegations' proposals in them, written from
the store, read back with file:line errors (domain.transfer.negotiation_format), and put in place after the
delegations they are filed for, numbers kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_
from ...domain.submissions.submissions import ProposalKind
from ...domain.transfer.negotiation_format import (
    ProposalEntry,
    WindowEntry,
    parse_submissions_file,
    render_submissions_file,
)
from ...store.models import Delegation, Membership, Process, Submission, SubmissionWindow, User

# Still read from here by the other files' readers (bracket_files).
from .folder_files import NO_PARAGRAPH, NOT_A_DELEGATION, NOT_A_MEMBER, FolderFile, Read, read_file

FILE = "submissions.toml"
NOT_ANOTHER_LANGUAGE = N_("“{language}” is not a language of this process other than its source (process.toml).")
SOURCE_TEXT_ALONE = N_("A proposal has a “source_text” only when written in another language (“lang”).")


def member_emails(tx: Session, process: Process, ids: Iterable[int | None]) -> dict[int, str]:
    """The e-mail addresses of the people `ids` who are members of the process: who did something and left is
    written as no one (the folder's members are those of process.toml, and an import refuses any other)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(
        tx.execute(
            select(User.id, User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process.id, User.id.in_(wanted))
        ).all()
    )


def member_ids(tx: Session, process: Process) -> dict[str, int]:
    return dict(
        tx.execute(
            select(User.email, User.id)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process.id)
        ).all()
    )


def delegation_ids(tx: Session, process: Process) -> dict[str, int]:
    return dict(tx.execute(select(Delegation.code, Delegation.id).where(Delegation.process_id == process.id)).all())


def submission_files(tx: Session, process: Process) -> dict[str, str]:
    windows = list(
        tx.scalars(
            select(SubmissionWindow).where(SubmissionWindow.process_id == process.id).order_by(SubmissionWindow.number)
        )
    )
    if not windows:  # a proposal is filed in a window: none without one
        return {}
    rows = list(tx.scalars(select(Submission).where(Submission.process_id == process.id).order_by(Submission.number)))
    emails = member_emails(tx, process, [w.created_by_id for w in windows] + [r.filed_by_id for r in rows])
    codes = {v: k for k, v in delegation_ids(tx, process).items()}
    numbers = {w.id: w.number for w in windows}
    entries = [
        WindowEntry(
            w.number,
            w.opens_at,
            w.closes_at,
            tuple(w.eids) if w.eids is not None else None,
            emails.get(w.created_by_id) if w.created_by_id else None,
            w.created_at,
        )
        for w in windows
    ]
    proposals = [
        ProposalEntry(
            r.number,
            numbers[r.window_id],
            codes[r.delegation_id],
            ProposalKind(r.kind),
            r.eid,
            r.after,
            r.text,
            emails.get(r.filed_by_id) if r.filed_by_id else None,
            r.filed_at,
            r.compiled_eid,
            lang=r.lang,
            source_text=r.source_text if r.lang is not None else None,
        )
        for r in rows
    ]
    return {FILE: render_submissions_file(entries, proposals)}


def read_submissions(
    folder: Path,
    read: Read,
    eids: set[str],
    emails: set[str],
    codes: set[str],
    languages: Sequence[str] = (),
) -> tuple[list[WindowEntry], list[ProposalEntry]]:
    """`eids`: the paragraphs of the folder's declaration files; `emails`: its members; `codes`: its delegations;
    `languages`: the process's, its source first (a proposal's `lang` is another of them).
    A window opens paragraphs of a version, and a proposal is about one: both are in the declaration files. The
    paragraph a proposal was compiled into is only checked for its form: the committee may have deleted it from
    the working draft since, and no file holds it then."""
    path = folder / FILE
    if not path.is_file():
        return [], []
    file = read_file(path, read)
    windows, proposals = parse_submissions_file(file.text, file.name)
    for w in windows:
        _check_window(file, w, eids, emails)
    for p in proposals:
        _check_proposal(file, p, eids, emails, codes, languages)
    return windows, proposals


def _check_window(file: FolderFile, w: WindowEntry, eids: set[str], emails: set[str]) -> None:
    """A window opens paragraphs of the declaration files, and was opened by a member."""
    for eid in w.eids or ():
        if eid not in eids:
            raise file.entry_refusal(w.line, "eids", NO_PARAGRAPH, eid=eid)
    if w.created_by is not None and w.created_by not in emails:
        raise file.entry_refusal(w.line, "created_by", NOT_A_MEMBER, email=w.created_by)


def _check_proposal(
    file: FolderFile, p: ProposalEntry, eids: set[str], emails: set[str], codes: set[str], languages: Sequence[str]
) -> None:
    """A proposal is about a paragraph of the declaration files, filed for a delegation by a member; its `lang` is
    another language than the source, and only such a proposal has a `source_text`."""
    key, target = ("after", p.after) if p.after is not None else ("eid", p.eid)
    if target is not None and target not in eids:
        raise file.entry_refusal(p.line, key, NO_PARAGRAPH, eid=target)
    if p.delegation not in codes:
        raise file.entry_refusal(p.line, "delegation", NOT_A_DELEGATION, code=p.delegation)
    if p.filed_by is not None and p.filed_by not in emails:
        raise file.entry_refusal(p.line, "filed_by", NOT_A_MEMBER, email=p.filed_by)
    if p.lang is not None and (p.lang not in languages[1:]):
        raise file.entry_refusal(p.line, "lang", NOT_ANOTHER_LANGUAGE, language=p.lang)
    if p.source_text is not None and p.lang is None:
        raise file.entry_refusal(p.line, "source_text", SOURCE_TEXT_ALONE)


def insert_submissions(
    tx: Session, process: Process, windows: list[WindowEntry], proposals: list[ProposalEntry]
) -> None:
    """The windows, then the proposals in them, numbers kept: once the delegations exist."""
    users, delegations = member_ids(tx, process), delegation_ids(tx, process)
    made = {
        w.number: SubmissionWindow(
            process_id=process.id,
            number=w.number,
            opens_at=w.opens,
            closes_at=w.closes,
            eids=list(w.eids) if w.eids is not None else None,
            created_by_id=users.get(w.created_by) if w.created_by else None,
            created_at=w.created_at,
        )
        for w in windows
    }
    tx.add_all(made.values())
    tx.flush()
    tx.add_all(
        Submission(
            process_id=process.id,
            window_id=made[p.window].id,
            number=p.number,
            delegation_id=delegations[p.delegation],
            kind=p.kind.value,
            eid=p.eid,
            after=p.after,
            text=p.text,
            filed_by_id=users.get(p.filed_by) if p.filed_by else None,
            filed_at=p.filed_at,
            compiled_eid=p.compiled_eid,
            lang=p.lang,
            source_text=p.source_text,
        )
        for p in proposals
    )
    tx.flush()
