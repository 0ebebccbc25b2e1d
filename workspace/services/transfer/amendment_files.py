"""Amendments in a process folder (`amendments/A7.md`, `amendments/D3.md` for the committee's on the working
draft): read and checked against the rest of the folder, inserted as they stand (decisions included: the
declaration files already carry their effect on the text), and written back canonically.

A folder written before the draft series (an `A11.md` made on the working draft) is read too: such
amendments take the draft series' next numbers, in their order, and what names them follows.

In every language (issue 34): an amendment's `lang` and its `renderings` (their texts stored as every text is, by
content) are read against the process's languages and members, inserted once the amendments exist, and written in
the process's order of languages; who made a rendering is written only while a member (process.toml lists no one
else), else as no one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.amendments.amendments import AmendmentKind, Proposal, Status
from ...domain.amendments.renderings import RenderingState
from ...domain.amendments.votes import Ballot, Vote
from ...domain.declaration.document import Kind, revision_id
from ...domain.errors import N_, ImportFailed
from ...domain.series import AMENDMENT_MARK, Numbered
from ...domain.transfer.amendment_format import (
    OWN_WORDS,
    AmendmentFile,
    RenderingFile,
    parse_amendment_file,
    render_amendment_file,
)
from ...domain.transfer.draft_format import entry_field_lines, line_of, parse_process_file
from ...store.models import Amendment, AmendmentRendering, Cosponsor, Delegation, Process, RollCall, User, Version
from ..declaration.paragraphs import store_revision, store_revisions, texts_of
from .submission_files import NOT_A_MEMBER, member_emails

NOT_A_LANGUAGE = N_("“{language}” is not a language of this process.")


def read_amendments(
    folder: Path,
    read: object,
    eids: set[str],
    versions: int,
    emails: set[str],
    codes: set[str],
    languages: Sequence[str] | None = None,
) -> list[AmendmentFile]:
    """`folder/*.md`, each checked against the folder: known paragraphs, versions, members, delegations and
    languages (`languages`: the process's, its source first; None: read in the folder's process.toml when an
    amendment names one)."""
    found: list[tuple[AmendmentFile, str, str]] = []
    known: list[Sequence[str]] = [languages] if languages is not None else []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        name = str(path)
        text = read(path, name)  # type: ignore[operator]
        item = parse_amendment_file(text, name, path.name)

        def fail(key: str, message: str, **params: object) -> ImportFailed:
            return ImportFailed(name, line_of(text, key) or 1, message, **params)  # noqa: B023

        for key in ("eid", "created_eid"):
            value = getattr(item, key)
            if value is not None and value not in eids:
                raise fail(key, N_("No paragraph “{eid}” in the declaration files."), eid=value)
        if item.version is not None and item.version > versions:
            raise fail("version", N_("No version “{ref}” in this process."), ref=item.version)
        for key, who in [
            ("proposer", item.proposer),
            ("decided_by", item.decided_by),
            *(("cosponsors", c) for c in item.cosponsors),
        ]:
            if who is not None and who.lower() not in emails:
                raise fail(key, N_("“{email}” is not a member of the process (process.toml)."), email=who)
        for key, code in [
            ("delegation", item.delegation),
            *(("cosponsor_delegations", c) for _, c in item.cosponsor_delegations),
            *(("vote", c) for c, _ in (item.vote.roll_call if item.vote else ())),
        ]:
            if code is not None and code not in codes:
                raise fail(key, N_("“{code}” is not a delegation of this process (delegations.toml)."), code=code)
        if item.lang is not None or item.renderings:
            if not known:
                toml = folder.parent / "process.toml"
                process, _ = parse_process_file(read(toml, str(toml)), str(toml))  # type: ignore[operator]
                known.append([process.source_language, *(x for x in process.languages if x != process.source_language)])
            _check_languages(item, name, text, known[0], emails)
        found.append((item, name, text))
    items = _into_draft_series([item for item, _, _ in found])
    numbers = {Numbered(i.draft, i.number) for i in items}
    for item, (_, name, text) in zip(items, found, strict=True):
        if item.merged_into is not None and item.merged_into not in numbers:
            raise ImportFailed(
                name,
                line_of(text, "merged_into") or 1,
                N_("No amendment {label} in this process."),
                label=item.merged_into.label(AMENDMENT_MARK),
            )
    return sorted(items, key=lambda i: (i.draft, i.number))


def _check_languages(item: AmendmentFile, name: str, text: str, languages: Sequence[str], emails: set[str]) -> None:
    """An amendment's language and renderings against the process: its languages (`languages`, the source
    first) and members."""
    source = languages[0]
    if item.lang is not None and item.lang not in languages:
        raise ImportFailed(name, line_of(text, "lang") or 1, NOT_A_LANGUAGE, language=item.lang)
    if item.lang == source:
        raise ImportFailed(
            name,
            line_of(text, "lang") or 1,
            N_("“{language}” is the source language of this process: “lang” names another edition, or is left out."),
            language=source,
        )
    lines = entry_field_lines(text, "renderings")
    for lang, rendering in item.renderings:
        line, fields = lines.get(lang, (line_of(text, "renderings") or 1, {}))
        if lang not in languages:
            raise ImportFailed(name, line, NOT_A_LANGUAGE, language=lang)
        if item.lang is None and lang == source:  # proposed in the source: its words there are the file's own
            raise ImportFailed(name, fields.get("state", line), OWN_WORDS, language=lang)
        if rendering.by is not None and rendering.by.lower() not in emails:
            raise ImportFailed(name, fields.get("by", line), NOT_A_MEMBER, email=rendering.by)


def _into_draft_series(items: list[AmendmentFile]) -> list[AmendmentFile]:
    """Amendments of an older folder filed on the working draft under an A number (`A11.md`, version draft):
    numbered on in the draft series in their order, and the compromises others were merged into named anew."""
    old = sorted(i.number for i in items if not i.draft and i.version is None)
    if not old:
        return items
    last = max((i.number for i in items if i.draft), default=0)
    moved = {Numbered(False, number): Numbered(True, last + k) for k, number in enumerate(old, 1)}
    result = []
    for i in items:
        to = moved.get(Numbered(i.draft, i.number))
        into = moved.get(i.merged_into, i.merged_into) if i.merged_into is not None else None
        result.append(
            replace(i, number=to.number if to else i.number, draft=i.draft or to is not None, merged_into=into)
        )
    return result


def insert_amendments(tx: Session, process: Process, items: list[AmendmentFile]) -> None:
    """The amendments as the files say, numbers kept; merged ones linked once all exist."""
    users = {u.email: u.id for u in tx.scalars(select(User))}
    versions = dict(tx.execute(select(Version.number, Version.id).where(Version.process_id == process.id)).all())
    codes = dict(tx.execute(select(Delegation.code, Delegation.id).where(Delegation.process_id == process.id)).all())
    rows: dict[Numbered, Amendment] = {}
    for item in items:
        proposal = Proposal(item.kind, item.base, item.text)
        row = Amendment(
            process_id=process.id,
            on_draft=item.draft,
            number=item.number,
            kind=item.kind.value,
            eid=item.eid,
            paragraph_kind=item.paragraph_kind.value if item.paragraph_kind else None,
            version_id=versions[item.version] if item.version is not None else None,
            base_sha=store_revision(tx, item.base) if item.base is not None else None,
            text_sha=store_revision(tx, item.text),
            patch=proposal.patch().as_text() if item.kind == AmendmentKind.MODIFY else "",
            rationale=item.rationale,
            proposer_id=users.get(item.proposer.lower()) if item.proposer else None,
            delegation_id=codes[item.delegation] if item.delegation else None,
            vote=item.vote.data() if item.vote else None,
            created_at=item.proposed_at,
            updated_at=item.decided_at or item.proposed_at,
            status=item.status.value,
            decided_by_id=users.get(item.decided_by.lower()) if item.decided_by else None,
            decided_at=item.decided_at,
            reason=item.reason,
            decided_sha=store_revision(tx, item.decided_text) if item.decided_text is not None else None,
            created_eid=item.created_eid,
            lang=item.lang,
        )
        tx.add(row)
        rows[Numbered(item.draft, item.number)] = row
    tx.flush()
    for item in items:
        row = rows[Numbered(item.draft, item.number)]
        if item.merged_into is not None:
            row.merged_into_id = rows[item.merged_into].id
        if item.vote is not None:
            tx.add_all(
                RollCall(amendment_id=row.id, delegation_id=codes[code], ballot=ballot.value, position=k)
                for k, (code, ballot) in enumerate(item.vote.roll_call, 1)
            )
        behalf = dict(item.cosponsor_delegations)
        tx.add_all(
            Cosponsor(
                amendment_id=row.id,
                user_id=users[email.lower()],
                delegation_id=codes[behalf[email]] if email in behalf else None,
                created_at=item.proposed_at,
            )
            for email in item.cosponsors
        )
    tx.flush()
    _insert_renderings(tx, process, [(rows[Numbered(i.draft, i.number)], i) for i in items if i.renderings], users)


def _insert_renderings(
    tx: Session, process: Process, items: list[tuple[Amendment, AmendmentFile]], users: dict[str, int]
) -> None:
    """The amendments' renderings as their files say, their texts stored first (by content, once each)."""
    if not items:
        return
    store_revisions(tx, {t for _, i in items for _, r in i.renderings for t in (r.base, r.text) if t is not None})
    tx.add_all(
        AmendmentRendering(
            process_id=process.id,
            amendment_id=row.id,
            lang=lang,
            base_sha=revision_id(r.base) if r.base is not None else None,
            text_sha=revision_id(r.text),
            state=r.state.value,
            outside=r.outside,
            by_id=users.get(r.by.lower()) if r.by else None,
            at=r.at,
        )
        for row, item in items
        for lang, r in item.renderings
    )
    tx.flush()


def _vote(counts: dict[str, int], calls: list[tuple[str, Ballot]]) -> Vote:
    return Vote(int(counts.get("for", 0)), int(counts.get("against", 0)), int(counts.get("abstain", 0)), tuple(calls))


def amendment_files(tx: Session, process: Process) -> dict[str, str]:
    """Every amendment of the process as `amendments/A<n>.md` (`D<n>.md`: the committee's on the working draft)."""
    rows = list(
        tx.scalars(
            select(Amendment).where(Amendment.process_id == process.id).order_by(Amendment.on_draft, Amendment.number)
        )
    )
    if not rows:
        return {}
    people = {i for r in rows for i in (r.proposer_id, r.decided_by_id) if i is not None}
    emails = dict(tx.execute(select(User.id, User.email).where(User.id.in_(people))).all())
    numbers = {r.id: Numbered(r.on_draft, r.number) for r in rows}
    versions = dict(tx.execute(select(Version.id, Version.number).where(Version.process_id == process.id)).all())
    codes = dict(tx.execute(select(Delegation.id, Delegation.code).where(Delegation.process_id == process.id)).all())
    cosponsors: dict[int, list[str]] = {}
    behalf: dict[int, list[tuple[str, str]]] = {}
    for amendment_id, email, delegation_id in tx.execute(
        select(Cosponsor.amendment_id, User.email, Cosponsor.delegation_id)
        .join(User, User.id == Cosponsor.user_id)
        .where(Cosponsor.amendment_id.in_(list(numbers)))
    ):
        cosponsors.setdefault(amendment_id, []).append(email)
        if delegation_id in codes:
            behalf.setdefault(amendment_id, []).append((email, codes[delegation_id]))
    renderings = list(
        tx.scalars(
            select(AmendmentRendering)
            .where(AmendmentRendering.amendment_id.in_(list(numbers)))
            .order_by(AmendmentRendering.amendment_id, AmendmentRendering.lang)
        )
    )
    makers = member_emails(tx, process, [k.by_id for k in renderings])
    texts = texts_of(
        tx,
        {s for r in rows for s in (r.base_sha, r.text_sha, r.decided_sha) if s}
        | {s for k in renderings for s in (k.base_sha, k.text_sha) if s},
    )
    order = {lang: n for n, lang in enumerate(process.languages)}
    rendered: dict[int, list[tuple[str, RenderingFile]]] = {}
    for k in sorted(renderings, key=lambda k: (order.get(k.lang, len(order)), k.lang)):
        rendered.setdefault(k.amendment_id, []).append(
            (
                k.lang,
                RenderingFile(
                    state=RenderingState(k.state),
                    base=texts.get(k.base_sha) if k.base_sha else None,
                    text=texts[k.text_sha],
                    at=k.at,
                    outside=k.outside,
                    by=makers.get(k.by_id) if k.by_id else None,
                ),
            )
        )
    calls: dict[int, list[tuple[str, Ballot]]] = {}
    for amendment_id, delegation_id, ballot in tx.execute(
        select(RollCall.amendment_id, RollCall.delegation_id, RollCall.ballot)
        .where(RollCall.amendment_id.in_([r.id for r in rows if r.vote]))
        .order_by(RollCall.amendment_id, RollCall.position)
    ):
        calls.setdefault(amendment_id, []).append((codes[delegation_id], Ballot(ballot)))
    files = {}
    for r in rows:
        item = AmendmentFile(
            number=r.number,
            draft=r.on_draft,
            kind=AmendmentKind(r.kind),
            eid=r.eid,
            version=versions.get(r.version_id) if r.version_id else None,
            paragraph_kind=Kind(r.paragraph_kind) if r.paragraph_kind else None,
            proposer=emails.get(r.proposer_id) if r.proposer_id else None,
            delegation=codes.get(r.delegation_id) if r.delegation_id else None,
            cosponsors=tuple(sorted(cosponsors.get(r.id, []))),
            cosponsor_delegations=tuple(sorted(behalf.get(r.id, []))),
            proposed_at=r.created_at,
            rationale=r.rationale,
            base=texts.get(r.base_sha) if r.base_sha else None,
            text=texts[r.text_sha],
            status=Status(r.status),
            decided_by=emails.get(r.decided_by_id) if r.decided_by_id else None,
            decided_at=r.decided_at,
            reason=r.reason,
            decided_text=texts.get(r.decided_sha) if r.decided_sha else None,
            merged_into=numbers.get(r.merged_into_id) if r.merged_into_id else None,
            created_eid=r.created_eid,
            vote=_vote(r.vote, calls.get(r.id, [])) if r.vote else None,
            lang=r.lang,
            renderings=tuple(rendered.get(r.id, [])),
        )
        files[f"amendments/{item.label}.md"] = render_amendment_file(item)
    return files
