"""Submissions in any edition (issue 34): a delegation writes its proposal in the French or English edition; the
committee renders it into the source language, which the compilation takes; once compiled, the delegation's own
words are offered as the new paragraph's translation into their language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ... import i18n
from ...domain.brackets.limits import check_limits
from ...domain.declaration.declaration_commands import paragraph_text
from ...domain.declaration.document import Block, Kind, revision_id
from ...domain.diffing import wire, word_diff
from ...domain.errors import N_, NN_, Conflict, InvalidInput
from ...domain.submissions.submissions import ProposalKind, Submit
from ...domain.translations.translations import State
from ...domain.words import normalize_space
from ...store.models import Process, Submission, Translation, Version
from ..access import record, stored_id
from ..actor import Actor
from ..declaration.paragraphs import latest_version, store_revisions, texts_of
from ..declaration.references import text_refs
from ..translations.editions import exact_edition
from ..translations.records import edition_language


def written_in(tx: Session, process: Process, latest: Version | None, command: Submit) -> str | None:
    """The edition `command` is written in (None: the source language), checked: a language of the process (422
    naming it otherwise), and for new wording, an edition that has the paragraph (422 when it has no translation of
    it yet: its words could not be read against it)."""
    code = edition_language(process, command.lang)
    if code == process.source_language:
        return None
    if command.kind == ProposalKind.MODIFY and latest is not None and command.eid:
        found = exact_edition(tx, process, latest, code, {command.eid}).get(command.eid)
        if found is None or found[1] is None:
            raise InvalidInput(
                N_("The {language} edition has no translation of this paragraph yet: propose on another edition."),
                language=i18n.language_name(code),
                detail={"field": "lang"},
            )
    return code


def asks_something(
    tx: Session, process: Process, latest: Version | None, command: Submit, lang: str | None, block: Block
) -> None:
    """422 for new wording that is the paragraph as it reads in the edition it is written in: it asks nothing."""
    if command.kind != ProposalKind.MODIFY:
        return
    if lang is None:
        reads: str | None = block.text
    else:
        reads = exact_edition(tx, process, latest, lang, {block.eid}).get(block.eid, ("", None))[1]
    if reads is not None and normalize_space(command.text) == normalize_space(reads):
        raise InvalidInput(
            N_("This proposal changes nothing: it is the paragraph as it reads."), detail={"field": "text"}
        )


def waits(row: Submission) -> bool:
    """Written in another edition and not rendered into the source yet: the compilation cannot take it."""
    return row.lang is not None and row.kind != ProposalKind.DELETE.value and row.source_text is None


def in_source(row: Submission) -> str | None:
    """Its wording in the source language: its own text when written there (or a deletion), the committee's
    rendering otherwise (None until rendered)."""
    return row.text if row.lang is None or row.kind == ProposalKind.DELETE.value else row.source_text


def rendering_start(row: Submission, blocks: dict[str, Block]) -> str | None:
    """What a rendering of `row` into the source replaces (its revision is the compare-and-set's): the rendering
    made, else the source paragraph it rewords (new wording), else nothing (a new paragraph). None: nothing to
    render (written in the source, or a deletion)."""
    if row.lang is None or row.kind == ProposalKind.DELETE.value:
        return None
    if row.source_text is not None:
        return row.source_text
    block = blocks.get(row.eid or "") if row.kind == ProposalKind.MODIFY.value else None
    return block.text if block is not None else ""


def refuse_waiting(process: Process, rows: list[Submission]) -> None:
    """409 naming the proposals written in another edition that are not rendered into the source yet."""
    waiting = [r.number for r in rows if waits(r)]
    if waiting:
        raise Conflict(
            NN_(
                "Proposal {numbers} is written in another language, not rendered into {language} yet: render it.",
                "Proposals {numbers} are written in another language, not rendered into {language} yet: render them.",
                "count",
            ),
            count=len(waiting),
            numbers=", ".join(str(n) for n in waiting),
            language=i18n.language_name(process.source_language),
            detail={"submissions": waiting},
        )


def offer_own_words(tx: Session, process: Process, row: Submission, eid: str, compiled_text: str, code: str) -> None:
    """A proposal written in another edition, just compiled into paragraph `eid` (`compiled_text`, its source
    wording with its delegation named): the delegation's own words, named alike, become that paragraph's draft
    translation into their language, for its translator to confirm."""
    if row.lang is None or row.kind == ProposalKind.DELETE.value:
        return
    own = f"{row.text.rstrip()} ({code})"
    store_revisions(tx, [compiled_text, own])
    tx.add(
        Translation(
            process_id=process.id,
            eid=eid,
            language=row.lang,
            source_sha=revision_id(compiled_text),
            text_sha=revision_id(own),
            state=State.DRAFT.value,
            updated_by_id=row.filed_by_id,
        )
    )


def nothing_to_render(process: Process, row: Submission) -> InvalidInput:
    """The refusal of rendering `row`: written in the source language, or a deletion (the same in every language)."""
    return InvalidInput(
        N_("Proposal {number} is written in {language}: there is nothing to render.")
        if row.kind != ProposalKind.DELETE.value
        else N_("A deletion reads the same in every language: there is nothing to render."),
        number=row.number,
        language=i18n.language_name(process.source_language),
        detail={"field": "text"},
    )


def render(
    tx: Session, actor: Actor | None, process: Process, row: Submission, blocks: dict[str, Block], text: str, base: str
) -> None:
    """The committee renders `row`, written in another edition, into the source language, on the rendering it started
    from (`base`, a revision: 409 with the diff when it changed since); 422 when there is nothing to render, 409 once
    compiled (its wording is the draft's then)."""
    start = rendering_start(row, blocks)
    if start is None:
        raise nothing_to_render(process, row)
    if row.compiled_eid is not None:
        raise Conflict(
            N_("Proposal {number} is compiled already: its wording is the working draft's now."), number=row.number
        )
    if base != revision_id(start):
        started = texts_of(tx, {base}).get(base, "")
        raise Conflict(
            N_("Someone changed this rendering since you opened it: here is what changed."),
            detail={"diff": wire(word_diff(started, start)), "revision": revision_id(start)},
        )
    target = blocks.get((row.after if row.kind == ProposalKind.INSERT.value else row.eid) or "")
    plain = target is None or target.kind == Kind.HEADING  # a proposal on a heading: a paragraph under it
    words = paragraph_text(
        Kind.PREAMBULAR if plain or target is None else target.kind,
        text,
        target.depth if target is not None else 0,
        "" if plain or target is None else target.marker,
    )
    latest = latest_version(tx, process)  # the text proposals are made on
    check_limits([(target.eid if target else "", words)], lambda eid: text_refs(tx, process, latest).get(eid, eid))
    store_revisions(tx, [words])  # so that a stale rendering's diff finds what it started from
    row.source_text, row.rendered_by_id = words, stored_id(actor)
    record(tx, actor, "submission.rendered", f"submission:{row.number}", process, on_draft=True)
