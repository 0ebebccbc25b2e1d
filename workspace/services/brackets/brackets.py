"""The brackets of a negotiated text: listed per version and language, resolved on the working draft (an edit like
any other, compare-and-set on the paragraph's revision), counted per article, burnt down over the versions, and the
clean text they leave (domain.brackets)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.brackets.bracket_commands import MarkBracket, ResolveBracket
from ...domain.brackets.brackets import (
    UNREAD,
    Bracket,
    BracketState,
    cleaned,
    option_groups,
    option_words,
    options_id,
    resolved,
)
from ...domain.declaration.document import Block, Kind, revision_id
from ...domain.declaration.draft_changes import EDIT, Remove, SetText
from ...domain.errors import N_, NN_, Conflict, InvalidInput, NotFound
from ...domain.permissions import Action
from ...domain.vocabulary import Role, parse_enum
from ...store.models import BracketRecord, Process, Version
from ...store.types import utcnow
from ..access import lock_process, process_for, record, stored_id
from ..actor import Actor
from ..declaration.paragraphs import draft_blocks, version_blocks, version_number
from ..declaration.references import text_refs
from ..declaration.sides import Side, side
from ..declaration.writes import write_draft
from ..delegations.records import named, refs_by_id
from ..kept import numbered_version
from ..unit import reads, use_case
from .listing import groups_of, kept_for, listed, records_of, resolved_view, shown, unbalanced_shown
from .readings import Found, found_in, read_one, side_texts
from .views import (
    ArticleBrackets,
    BracketSummary,
    BracketView,
    BurndownPoint,
    CleanParagraph,
    CleanView,
)

STATES = tuple(state.value for state in BracketState)
T = TypeVar("T")


def _language(process: Process, lang: str | None) -> str:
    code = (lang or process.source_language).strip().lower()
    if code not in process.languages:
        raise InvalidInput(
            N_("“{language}” is not a language of this process."), language=lang, detail={"field": "lang"}
        )
    return code


def _on(tx: Session, actor: Actor | None, slug: str, version: str | None) -> tuple[Process, Side]:
    process, role = process_for(tx, slug, actor, Action.READ)
    return process, _side(tx, actor, process, role, version)


def _side(tx: Session, actor: Actor | None, process: Process, role: Role | None, version: str | None) -> Side:
    on = side(tx, process, version, role, actor)
    if not on.label:
        raise NotFound(N_("No version of this process has been circulated yet."))
    return on


def _kept_view(
    tx: Session,
    actor: Actor | None,
    slug: str,
    version: str | None,
    lang: str | None,
    what: tuple[str, ...],
    work: Callable[[Process, Side, str], T],
) -> T:
    """What `work` makes of a text in a language, kept until the process's next entry. A version named by its number
    (as links name it) is found with that entry in one query, and its text read only if nothing is kept: a reader
    of a kept summary costs a lookup."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = _language(process, lang)
    number = version_number(version or "")
    named = numbered_version(tx, process, number) if number is not None else None
    if named is None:
        on = _side(tx, actor, process, role, version)
        return kept_for(tx, process, on.version, (*what, code), lambda: work(process, on, code))
    return kept_for(
        tx, process, named, (*what, code), lambda: work(process, _side(tx, actor, process, role, version), code)
    )


@reads
def list_brackets(
    tx: Session,
    actor: Actor | None,
    slug: str,
    *,
    version: str | None = None,
    lang: str | None = None,
    state: str | None = None,
    delegation: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[BracketView]:
    """The brackets of a version (default: the latest; the working draft for the committee) in a language, in the
    text's order: open ones, and on the draft those agreed or dropped on it; filtered by state and delegation."""
    process, on = _on(tx, actor, slug, version)
    if state is not None:
        state = parse_enum(BracketState, state, "state").value
    code = named(tx, process, delegation.strip().upper()).code if delegation else None
    found = listed(tx, process, on, _language(process, lang))
    chosen = [
        v
        for v in found.views
        if (state is None or v.state == state) and (code is None or (v.delegation and v.delegation.code == code))
    ]
    return shown(tx, process, on, found, chosen[offset:] if limit is None else chosen[offset : offset + limit])


def _refuse_resolved(tx: Session, process: Process, bid: str) -> None:
    """409 for a bracket agreed on or dropped already (the draft no longer holds it), saying which."""
    row = tx.scalar(select(BracketRecord).where(BracketRecord.process_id == process.id, BracketRecord.bracket == bid))
    if row is not None and row.state != "open":
        raise Conflict(
            N_("This bracket was agreed on already: the working draft no longer holds it.")
            if row.state == "agreed"
            else N_("This bracket was dropped already: the working draft no longer holds it."),
            detail={"state": row.state, "chosen": row.chosen},
        )


def _refuse_unread(bracket: Bracket) -> None:
    """422 for the one bracket a paragraph past the limits is read as: its brackets cannot be taken one by one."""
    if bracket.kind == UNREAD:
        raise InvalidInput(
            N_(
                "This paragraph holds too many brackets, or nests them too deep, for them to be resolved one by one: "
                "edit the paragraph."
            ),
            detail={"field": "bracket"},
        )


def _in_draft(
    tx: Session, process: Process, actor: Actor | None, bid: str, base_revision: str | None = None
) -> tuple[Block, Found, int]:
    """The draft's paragraph holding bracket `bid`, its brackets, and the bracket's place among them. One resolved
    already is a 409 saying so; one no longer there on a paragraph that moved on since `base_revision` is a stale
    request: 409 with the diff, as any stale edit gets; else 404."""
    eid = bid.split("~", 1)[0]
    block = next((b for b in draft_blocks(tx, process, {eid}) if b.eid == eid), None)
    if block is not None:
        found = read_one(tx, block.eid, block.text)
        if bid in found.ids:
            _refuse_unread(found.brackets[found.ids.index(bid)])
            return block, found, found.ids.index(bid)
    _refuse_resolved(tx, process, bid)
    if block is not None and base_revision is not None and base_revision != revision_id(block.text):
        write_draft(tx, process, actor, [SetText(eid, base_revision, block.text)], EDIT)  # raises the stale 409
    raise NotFound(N_("No bracket “{id}” in the working draft."), id=bid)


def _row(tx: Session, process: Process, bid: str, eid: str, text: str, options: Sequence[str]) -> BracketRecord:
    row = tx.scalar(select(BracketRecord).where(BracketRecord.process_id == process.id, BracketRecord.bracket == bid))
    if row is None:
        row = BracketRecord(process_id=process.id, bracket=bid, eid=eid, text=text, options=list(options))
        tx.add(row)
    return row


@use_case
def resolve_bracket(tx: Session, actor: Actor | None, slug: str, bid: str, command: ResolveBracket) -> BracketView:
    """Agree on one of a bracket's options, or drop it: the working draft's paragraph is edited so (compare-and-set on
    `base_revision`, 409 with the diff when it moved on), and who did it and when is kept."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    lock_process(tx, process)
    if _among_paragraphs(bid):
        return _resolve_options(tx, process, actor, bid, command)
    block, found, index = _in_draft(tx, process, actor, bid, command.base_revision)
    bracket = found.brackets[index]
    _check_option(command.option, len(bracket.options), "option")
    text = resolved(block.text, bracket, command.option)
    if not text.strip():
        raise InvalidInput(
            N_("Dropping this bracket would leave the paragraph empty: delete the paragraph instead."),
            detail={"field": "drop"},
        )
    write_draft(
        tx, process, actor, [SetText(block.eid, command.base_revision, text)], EDIT, note=bracket.span(block.text)
    )
    return _kept(tx, process, actor, bid, block.eid, bracket.span(block.text), bracket.options, command.option)


def _check_option(option: int | None, count: int, field: str) -> None:
    """422 for an option the bracket does not have."""
    if option is not None and option >= count:
        raise InvalidInput(
            NN_(
                "This bracket has {count} option: option {option} is not it.",
                "This bracket has {count} options: option {option} is none of them.",
                "count",
            ),
            count=count,
            option=option,
            detail={"field": field},
        )


def _kept(
    tx: Session,
    process: Process,
    actor: Actor | None,
    bid: str,
    eid: str,
    text: str,
    options: Sequence[str],
    option: int | None,
) -> BracketView:
    """What was done with a bracket, kept with who and when (agreed on `option`, or dropped), and its view."""
    row = _row(tx, process, bid, eid, text, options)
    row.state = "dropped" if option is None else "agreed"
    row.chosen, row.updated_by_id, row.updated_at = option, stored_id(actor), utcnow()
    record(
        tx,
        actor,
        "bracket.resolved",
        f"paragraph:{eid}",
        process,
        on_draft=True,
        bracket=bid,
        state=row.state,
        option=option,
    )
    tx.flush()
    refs = text_refs(tx, process, None)
    by: dict[int | None, str] = {row.updated_by_id: actor.name} if actor is not None else {}  # as the list says
    return resolved_view(row, refs.get(row.eid, row.eid), process.source_language, refs_by_id(tx, process), by)


def _among_paragraphs(bid: str) -> bool:
    """A choice among whole paragraphs (options_id: "~o…"; a bracket's digest is hexadecimal)."""
    return bid.partition("~")[2].startswith("o")


def _draft_group(tx: Session, process: Process, bid: str) -> tuple[list[Block], list[str]]:
    blocks = draft_blocks(tx, process)
    texts = {b.eid: b.text for b in blocks}
    eids = next((g for g in option_groups(blocks, texts) if options_id(g) == bid), None)
    if eids is None:
        _refuse_resolved(tx, process, bid)
        raise NotFound(N_("No bracket “{id}” in the working draft."), id=bid)
    by_eid = {b.eid: b for b in blocks}
    return [by_eid[eid] for eid in eids], eids


def _resolve_options(
    tx: Session, process: Process, actor: Actor | None, bid: str, command: ResolveBracket
) -> BracketView:
    """Agree on one of the paragraphs of a choice among paragraphs (it stays, its label gone; the others go), or
    drop them all; compare-and-set on the revision of its first paragraph (the bracket's `eid`, as listed), the
    others read in this locked transaction."""
    group, eids = _draft_group(tx, process, bid)
    _check_option(command.option, len(group), "option")
    kept = group[command.option] if command.option is not None else None

    def base(b: Block) -> str:
        return command.base_revision if b is group[0] else revision_id(b.text)

    changes: list[SetText | Remove] = [Remove(b.eid, base(b)) for b in group if b is not kept]
    if kept is not None:
        changes.insert(0, SetText(kept.eid, base(kept), option_words(kept.text)))
    write_draft(tx, process, actor, changes, EDIT, note="\n\n".join(b.text for b in group))
    text, options = "\n\n".join(b.text for b in group), [option_words(b.text) for b in group]
    return _kept(tx, process, actor, bid, eids[0], text, options, command.option)


@use_case
def mark_bracket(tx: Session, actor: Actor | None, slug: str, bid: str, command: MarkBracket) -> BracketView:
    """The committee says which option of an open bracket the clean text takes and which delegation introduced it."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    if _among_paragraphs(bid):
        group, eids = _draft_group(tx, process, bid)
        text, options = "\n\n".join(b.text for b in group), [option_words(b.text) for b in group]
    else:
        block, found, index = _in_draft(tx, process, actor, bid)
        bracket = found.brackets[index]
        eids, text, options = [block.eid], bracket.span(block.text), list(bracket.options)
    _check_option(command.leading, len(options), "leading")
    row = _row(tx, process, bid, eids[0], text, options)
    row.leading = command.leading
    row.delegation_id = named(tx, process, command.delegation.upper()).id if command.delegation else None
    row.updated_by_id, row.updated_at = stored_id(actor), utcnow()
    record(tx, actor, "bracket.marked", f"paragraph:{eids[0]}", process, on_draft=True, bracket=bid)
    tx.flush()
    on = Side("draft", None, draft_blocks(tx, process, set(eids)), process.source_language)
    now = listed(tx, process, on, process.source_language)
    return shown(tx, process, on, now, [v for v in now.views if v.id == bid])[0]


@reads
def bracket_summary(
    tx: Session, actor: Actor | None, slug: str, version: str | None = None, lang: str | None = None
) -> BracketSummary:
    """Per article (a top-level paragraph and its sub-items; a heading by itself) the brackets left by state and the
    open ones by delegation, the totals, and what is unbalanced, named by paragraph and line."""
    return _kept_view(
        tx, actor, slug, version, lang, ("summary", i18n.get_locale()), lambda p, on, code: _summary(tx, p, on, code)
    )


def _summary(tx: Session, process: Process, on: Side, code: str) -> BracketSummary:
    found = listed(tx, process, on, code)
    views, unbalanced = found.views, unbalanced_shown(tx, process, on, found)
    refs = text_refs(tx, process, on.version)
    article_of: dict[str, str] = {}
    section_of: dict[str, str] = {}
    order: dict[str, None] = {}  # the articles in the text's order
    article, section = "", ""
    for b in on.blocks:
        if b.kind == Kind.HEADING and b.depth == 0:
            section = article = b.eid
        elif b.depth == 0:
            article = b.eid
        article_of[b.eid] = article or b.eid
        section_of[b.eid] = section
        order.setdefault(article_of[b.eid])
    counts: dict[str, dict[str, int]] = {}
    by_delegation: dict[str, dict[str, int]] = {}
    for v in views:
        key = article_of.get(v.eid, v.eid)
        counts.setdefault(key, dict.fromkeys(STATES, 0))[v.state] += 1
        if v.state == "open":
            who = v.delegation.code if v.delegation else ""
            by_delegation.setdefault(key, {})[who] = by_delegation.setdefault(key, {}).get(who, 0) + 1
    odd: dict[str, int] = {}
    for u in unbalanced:
        odd[article_of.get(u.eid, u.eid)] = odd.get(article_of.get(u.eid, u.eid), 0) + 1
    articles = [
        ArticleBrackets(
            ref=refs.get(key, key),
            eid=key,
            section=refs.get(section_of.get(key, ""), ""),
            counts=counts.get(key, dict.fromkeys(STATES, 0)),
            delegations=by_delegation.get(key, {}),
            unbalanced=odd.get(key, 0),
        )
        for key in order
        if key in counts or key in odd
    ]
    totals = dict.fromkeys(STATES, 0)
    for v in views:
        totals[v.state] += 1
    return BracketSummary(version=on.label, lang=code, articles=articles, totals=totals, unbalanced=unbalanced)


@reads
def burndown(tx: Session, actor: Actor | None, slug: str, lang: str | None = None) -> list[BurndownPoint]:
    """The open brackets of each circulated version, oldest first, and of the working draft for the committee."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = _language(process, lang)
    points = []
    for version in tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number)):
        on = Side(version.label, version, version_blocks(tx, version), process.source_language)
        points.append(BurndownPoint(version=version.label, number=version.number, open=_open(tx, process, on, code)))
    try:
        draft = side(tx, process, "draft", role, actor)
    except NotFound:
        return points
    return [*points, BurndownPoint(version="draft", number=None, open=_open(tx, process, draft, code))]


def _open(tx: Session, process: Process, on: Side, lang: str) -> int:
    """The brackets a text holds, and its choices among paragraphs."""

    def count() -> int:
        texts = side_texts(tx, process, on, lang)
        return sum(len(f.brackets) for f in found_in(tx, texts)) + len(groups_of(on, texts)[0])

    return kept_for(tx, process, on.version, ("open", lang), count)


@reads
def clean_text(tx: Session, actor: Actor | None, slug: str, ref: str | None, lang: str | None = None) -> CleanView:
    """A version's text (or the draft's, for the committee) with every bracket resolved to its leading option (the
    first one unless the committee marked another; a placeholder dropped): the clean text it would become."""
    # Its references are in the text's language, whoever reads it: kept once for all.
    return _kept_view(tx, actor, slug, ref, lang, ("clean",), lambda process, on, code: _clean(tx, process, on, code))


def _clean(tx: Session, process: Process, on: Side, code: str) -> CleanView:
    records = records_of(tx, process)
    leading = {bid: row.leading for bid, row in records.items() if row.leading is not None}
    refs = text_refs(tx, process, on.version, code)
    texts = side_texts(tx, process, on, code)
    found = {f.eid: f for f in found_in(tx, texts)}
    groups, _ = groups_of(on, texts)
    left_out: set[str] = set()
    taken: dict[str, bool] = {}
    for eids in groups:
        records_row = records.get(options_id(eids))
        pick = records_row.leading if records_row is not None and records_row.leading is not None else 0
        left_out.update(e for k, e in enumerate(eids) if k != pick)
        taken[eids[pick]] = True
    paragraphs, resolved_count = [], len(groups)
    for b, text in texts:
        if b.eid in left_out:
            continue
        held = found.get(b.eid)
        if b.eid in taken:  # the option kept: its label gone, its own brackets read again
            text = option_words(text)
            again = read_one(tx, b.eid, text)
            text = cleaned(again.text, again.brackets, again.ids, leading)
        elif held is not None and held.brackets:
            text = cleaned(held.text, held.brackets, held.ids, leading)
            resolved_count += len(held.brackets)
        paragraphs.append(
            CleanParagraph(
                eid=b.eid,
                ref=refs.get(b.eid, ""),
                kind=b.kind.value,
                text=text,
                depth=b.depth,
                marker=b.marker,
            )
        )
    return CleanView(version=on.label, lang=code, paragraphs=paragraphs, resolved=resolved_count)


def clean_markdown(view: CleanView) -> str:
    """The clean text as a declaration file (each paragraph with its eId)."""
    from ...domain.declaration.declaration_format import render_declaration

    return render_declaration(
        [Block(p.eid, Kind(p.kind), p.text, p.depth, p.marker) for p in view.paragraphs if p.text]
    )
