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
from dataclasses import dataclass, replace
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
from .folder_files import (
    NOT_A_LANGUAGE,
    NOT_A_MEMBER,
    FolderFile,
    Read,
    check_delegations,
    check_members,
    check_paragraphs,
    check_version,
    listed,
    read_file,
    source_first,
)
from .submission_files import member_emails


def read_amendments(
    folder: Path,
    read: Read,
    eids: set[str],
    versions: int,
    emails: set[str],
    codes: set[str],
    languages: Sequence[str] | None = None,
) -> list[AmendmentFile]:
    """`folder/*.md`, each checked against the folder: known paragraphs, versions, members, delegations and
    languages (`languages`: the process's, its source first; None: read in the folder's process.toml when an
    amendment names one)."""
    found: list[tuple[AmendmentFile, FolderFile]] = []
    for path in listed(folder):
        file = read_file(path, read)
        item = parse_amendment_file(file.text, file.name, path.name)
        _check_references(item, file, eids, versions, emails, codes)
        if item.lang is not None or item.renderings:
            if languages is None:
                languages = _process_languages(folder, read)
            _check_languages(item, file, languages, emails)
        found.append((item, file))
    items = _into_draft_series([item for item, _ in found])
    _check_merges(items, [file for _, file in found])
    return sorted(items, key=lambda i: (i.draft, i.number))


def _check_references(
    item: AmendmentFile, file: FolderFile, eids: set[str], versions: int, emails: set[str], codes: set[str]
) -> None:
    """What an amendment names is in the folder: its paragraphs, version, people and delegations."""
    check_paragraphs(file, [("eid", item.eid), ("created_eid", item.created_eid)], eids)
    check_version(file, item.version, versions)
    people = [
        ("proposer", item.proposer),
        ("decided_by", item.decided_by),
        *(("cosponsors", c) for c in item.cosponsors),
    ]
    check_members(file, people, emails)
    delegations = [
        ("delegation", item.delegation),
        *(("cosponsor_delegations", c) for _, c in item.cosponsor_delegations),
        *(("vote", c) for c, _ in (item.vote.roll_call if item.vote else ())),
    ]
    check_delegations(file, delegations, codes)


def _process_languages(folder: Path, read: Read) -> list[str]:
    """The languages of the process of the folder holding `folder`, its source first (its process.toml)."""
    toml = folder.parent / "process.toml"
    process, _ = parse_process_file(read(toml, str(toml)), str(toml))
    return source_first(process)


def _check_merges(items: list[AmendmentFile], files: list[FolderFile]) -> None:
    """The amendment each was merged into (`items` numbered as the folder reads them, each from its file) is one of
    them."""
    numbers = {Numbered(i.draft, i.number) for i in items}
    for item, file in zip(items, files, strict=True):
        if item.merged_into is not None and item.merged_into not in numbers:
            raise file.refusal(
                "merged_into", N_("No amendment {label} in this process."), label=item.merged_into.label(AMENDMENT_MARK)
            )


def _check_languages(item: AmendmentFile, file: FolderFile, languages: Sequence[str], emails: set[str]) -> None:
    """An amendment's language and renderings against the process: its languages (`languages`, the source
    first) and members."""
    source = languages[0]
    if item.lang is not None and item.lang not in languages:
        raise file.refusal("lang", NOT_A_LANGUAGE, language=item.lang)
    if item.lang == source:
        raise file.refusal(
            "lang",
            N_("“{language}” is the source language of this process: “lang” names another edition, or is left out."),
            language=source,
        )
    lines = entry_field_lines(file.text, "renderings")
    for lang, rendering in item.renderings:
        line, fields = lines.get(lang, (line_of(file.text, "renderings") or 1, {}))
        if lang not in languages:
            raise ImportFailed(file.name, line, NOT_A_LANGUAGE, language=lang)
        if item.lang is None and lang == source:  # proposed in the source: its words there are the file's own
            raise ImportFailed(file.name, fields.get("state", line), OWN_WORDS, language=lang)
        if rendering.by is not None and rendering.by.lower() not in emails:
            raise ImportFailed(file.name, fields.get("by", line), NOT_A_MEMBER, email=rendering.by)


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


@dataclass(frozen=True)
class _Ids:
    """The ids of the process's people (by e-mail), versions (by number) and delegations (by code)."""

    users: dict[str, int]
    versions: dict[int, int]
    codes: dict[str, int]


def insert_amendments(tx: Session, process: Process, items: list[AmendmentFile]) -> None:
    """The amendments as the files say, numbers kept; merged ones linked once all exist."""
    ids = _Ids(
        {u.email: u.id for u in tx.scalars(select(User))},
        dict(tx.execute(select(Version.number, Version.id).where(Version.process_id == process.id)).all()),
        dict(tx.execute(select(Delegation.code, Delegation.id).where(Delegation.process_id == process.id)).all()),
    )
    rows: dict[Numbered, Amendment] = {}
    for item in items:
        row = _amendment_row(tx, process, item, ids)
        tx.add(row)
        rows[Numbered(item.draft, item.number)] = row
    tx.flush()
    for item in items:
        _insert_ties(tx, item, rows, ids)
    tx.flush()
    _insert_renderings(tx, process, [(rows[Numbered(i.draft, i.number)], i) for i in items if i.renderings], ids.users)


def _amendment_row(tx: Session, process: Process, item: AmendmentFile, ids: _Ids) -> Amendment:
    """The amendment of `item`, its texts stored."""
    proposal = Proposal(item.kind, item.base, item.text)
    return Amendment(
        process_id=process.id,
        on_draft=item.draft,
        number=item.number,
        kind=item.kind.value,
        eid=item.eid,
        paragraph_kind=item.paragraph_kind.value if item.paragraph_kind else None,
        version_id=ids.versions[item.version] if item.version is not None else None,
        base_sha=store_revision(tx, item.base) if item.base is not None else None,
        text_sha=store_revision(tx, item.text),
        patch=proposal.patch().as_text() if item.kind == AmendmentKind.MODIFY else "",
        rationale=item.rationale,
        proposer_id=ids.users.get(item.proposer.lower()) if item.proposer else None,
        delegation_id=ids.codes[item.delegation] if item.delegation else None,
        vote=item.vote.data() if item.vote else None,
        created_at=item.proposed_at,
        updated_at=item.decided_at or item.proposed_at,
        status=item.status.value,
        decided_by_id=ids.users.get(item.decided_by.lower()) if item.decided_by else None,
        decided_at=item.decided_at,
        reason=item.reason,
        decided_sha=store_revision(tx, item.decided_text) if item.decided_text is not None else None,
        created_eid=item.created_eid,
        lang=item.lang,
    )


def _insert_ties(tx: Session, item: AmendmentFile, rows: dict[Numbered, Amendment], ids: _Ids) -> None:
    """What ties an amendment, once all exist, to others (the one it was merged into), to the delegations of its
    roll call, and to its co-sponsors."""
    row = rows[Numbered(item.draft, item.number)]
    if item.merged_into is not None:
        row.merged_into_id = rows[item.merged_into].id
    if item.vote is not None:
        tx.add_all(
            RollCall(amendment_id=row.id, delegation_id=ids.codes[code], ballot=ballot.value, position=k)
            for k, (code, ballot) in enumerate(item.vote.roll_call, 1)
        )
    behalf = dict(item.cosponsor_delegations)
    tx.add_all(
        Cosponsor(
            amendment_id=row.id,
            user_id=ids.users[email.lower()],
            delegation_id=ids.codes[behalf[email]] if email in behalf else None,
            created_at=item.proposed_at,
        )
        for email in item.cosponsors
    )


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
    names = _names(tx, process, rows)
    files = {}
    for r in rows:
        item = _amendment_file(r, names)
        files[f"amendments/{item.label}.md"] = render_amendment_file(item)
    return files


@dataclass(frozen=True)
class _Names:
    """What the files of amendments name by what the rows hold: people's e-mails, amendments' numbers, versions'
    numbers and delegations' codes by id; each amendment's co-sponsors (with the delegations some act for),
    renderings and roll call by its id; texts by revision."""

    emails: dict[int, str]
    numbers: dict[int, Numbered]
    versions: dict[int, int]
    codes: dict[int, str]
    cosponsors: dict[int, list[str]]
    behalf: dict[int, list[tuple[str, str]]]
    texts: dict[str, str]
    rendered: dict[int, list[tuple[str, RenderingFile]]]
    calls: dict[int, list[tuple[str, Ballot]]]


def _names(tx: Session, process: Process, rows: list[Amendment]) -> _Names:
    """Everything the files of the amendments `rows` name, read in a few queries."""
    people = {i for r in rows for i in (r.proposer_id, r.decided_by_id) if i is not None}
    numbers = {r.id: Numbered(r.on_draft, r.number) for r in rows}
    codes = dict(tx.execute(select(Delegation.id, Delegation.code).where(Delegation.process_id == process.id)).all())
    renderings = list(
        tx.scalars(
            select(AmendmentRendering)
            .where(AmendmentRendering.amendment_id.in_(list(numbers)))
            .order_by(AmendmentRendering.amendment_id, AmendmentRendering.lang)
        )
    )
    texts = texts_of(
        tx,
        {s for r in rows for s in (r.base_sha, r.text_sha, r.decided_sha) if s}
        | {s for k in renderings for s in (k.base_sha, k.text_sha) if s},
    )
    cosponsors, behalf = _cosponsors(tx, list(numbers), codes)
    return _Names(
        dict(tx.execute(select(User.id, User.email).where(User.id.in_(people))).all()),
        numbers,
        dict(tx.execute(select(Version.id, Version.number).where(Version.process_id == process.id)).all()),
        codes,
        cosponsors,
        behalf,
        texts,
        _rendered(tx, process, renderings, texts),
        _roll_calls(tx, rows, codes),
    )


def _cosponsors(
    tx: Session, ids: list[int], codes: dict[int, str]
) -> tuple[dict[int, list[str]], dict[int, list[tuple[str, str]]]]:
    """The co-sponsors' e-mails of the amendments `ids`, and (e-mail, delegation code) for those who act for one."""
    cosponsors: dict[int, list[str]] = {}
    behalf: dict[int, list[tuple[str, str]]] = {}
    for amendment_id, email, delegation_id in tx.execute(
        select(Cosponsor.amendment_id, User.email, Cosponsor.delegation_id)
        .join(User, User.id == Cosponsor.user_id)
        .where(Cosponsor.amendment_id.in_(ids))
    ):
        cosponsors.setdefault(amendment_id, []).append(email)
        if delegation_id in codes:
            behalf.setdefault(amendment_id, []).append((email, codes[delegation_id]))
    return cosponsors, behalf


def _rendered(
    tx: Session, process: Process, renderings: list[AmendmentRendering], texts: dict[str, str]
) -> dict[int, list[tuple[str, RenderingFile]]]:
    """Each amendment's renderings as its file says them, in the process's order of languages."""
    makers = member_emails(tx, process, [k.by_id for k in renderings])
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
    return rendered


def _roll_calls(tx: Session, rows: list[Amendment], codes: dict[int, str]) -> dict[int, list[tuple[str, Ballot]]]:
    """The roll call of each amendment put to a vote: (delegation code, ballot), in the order called."""
    calls: dict[int, list[tuple[str, Ballot]]] = {}
    for amendment_id, delegation_id, ballot in tx.execute(
        select(RollCall.amendment_id, RollCall.delegation_id, RollCall.ballot)
        .where(RollCall.amendment_id.in_([r.id for r in rows if r.vote]))
        .order_by(RollCall.amendment_id, RollCall.position)
    ):
        calls.setdefault(amendment_id, []).append((codes[delegation_id], Ballot(ballot)))
    return calls


def _amendment_file(r: Amendment, names: _Names) -> AmendmentFile:
    """The amendment `r` as its file says it."""
    emails, texts = names.emails, names.texts
    return AmendmentFile(
        number=r.number,
        draft=r.on_draft,
        kind=AmendmentKind(r.kind),
        eid=r.eid,
        version=names.versions.get(r.version_id) if r.version_id else None,
        paragraph_kind=Kind(r.paragraph_kind) if r.paragraph_kind else None,
        proposer=emails.get(r.proposer_id) if r.proposer_id else None,
        delegation=names.codes.get(r.delegation_id) if r.delegation_id else None,
        cosponsors=tuple(sorted(names.cosponsors.get(r.id, []))),
        cosponsor_delegations=tuple(sorted(names.behalf.get(r.id, []))),
        proposed_at=r.created_at,
        rationale=r.rationale,
        base=texts.get(r.base_sha) if r.base_sha else None,
        text=texts[r.text_sha],
        status=Status(r.status),
        decided_by=emails.get(r.decided_by_id) if r.decided_by_id else None,
        decided_at=r.decided_at,
        reason=r.reason,
        decided_text=texts.get(r.decided_sha) if r.decided_sha else None,
        merged_into=names.numbers.get(r.merged_into_id) if r.merged_into_id else None,
        created_eid=r.created_eid,
        vote=_vote(r.vote, names.calls.get(r.id, [])) if r.vote else None,
        lang=r.lang,
        renderings=tuple(names.rendered.get(r.id, [])),
    )
