"""The compilation in every language (issue 34, see .languages): each paragraph of a version in the languages asked,
each open amendment as its rendering in each of them (the words it was proposed in where it has none yet, said so)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.amendments.amendments import AmendmentKind, Proposal, RebaseState, rebase
from ...domain.amendments.renderings import RenderingState
from ...domain.declaration.document import Block, numbering
from ...domain.diffing import Op, Piece
from ...domain.permissions import Action
from ...i18n import locale_scope
from ...store.models import Amendment, Process, Version
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import version_blocks
from ..declaration.references import text_refs
from ..declaration.sides import reads_draft
from ..declaration.version_labels import labels_of
from ..translations.editions import exact_edition
from ..unit import reads
from .compilation import open_amendments, paragraph_statuses, status_of, version_asked
from .languages import (
    NOT_RENDERED,
    SAME,
    Kept,
    in_own_words,
    kept_renderings,
    languages_asked,
    worded_in,
)
from .records import ORDER, Current, views
from .renderings import origin_of
from .views import AmendmentView


class EditionText(Struct, frozen=True, kw_only=True):
    """A paragraph of the compilation in one of its languages."""

    lang: str
    ref: str = ""  # its printed reference, as that language prints it
    text: str  # the translation made from exactly the version's source text; the source text where there is none
    translated: bool  # false: `text` is the source language's (no translation of this source text yet)


class Wording(Struct, frozen=True, kw_only=True):
    """An amendment in one language of the compilation: a change of that edition's paragraph."""

    lang: str
    words: str  # the language of `ops`: `lang`, or the one it was proposed in where it is not rendered into `lang` yet
    state: str  # original (its own words), rendered, approved, not_rendered, same (a deletion)
    rebase: str  # applies, conflict, obsolete: how it stands on the paragraph it changes
    ops: list[Piece]  # its change: the paragraph (an insert: nothing) to its wording


class AmendmentInLanguages(Struct, frozen=True, kw_only=True):
    amendment: AmendmentView
    wordings: list[Wording]  # one per language, in the order asked


class ParagraphInLanguages(Struct, frozen=True, kw_only=True):
    eid: str
    kind: str
    number: int | None
    status: str  # negotiation status
    texts: list[EditionText]  # one per language, in the order asked
    amendments: list[AmendmentInLanguages]


class CompilationInLanguages(Struct, frozen=True, kw_only=True):
    version: str  # its label (in the source language)
    source_language: str
    languages: list[str]  # as asked: one, or several side by side
    labels: list[str]  # the version's name in each of them (its label where it has none there)
    paragraphs: list[ParagraphInLanguages]


@dataclass
class _Editions:
    """The version's paragraphs in each language, read when first asked: the source's, or the translations made from
    exactly its source texts (None where there is none)."""

    tx: Session
    process: Process
    version: Version
    blocks: list[Block]
    found: dict[str, dict[str, str | None]]

    def of(self, lang: str) -> dict[str, str | None]:
        if lang not in self.found:
            if lang == self.process.source_language:
                self.found[lang] = {b.eid: b.text for b in self.blocks}
            else:
                edition = exact_edition(self.tx, self.process, self.version, lang)
                self.found[lang] = {eid: text for eid, (_, text) in edition.items()}
        return self.found[lang]


def _own(view: AmendmentView) -> tuple[str, list[Piece]]:
    """The amendment in the source language, as the compilation shows it there: on the version's text."""
    found = view.rebase
    return (found.state if found else RebaseState.APPLIES.value), list(found.ops if found and found.ops else view.ops)


def _on(kind: str, kept: Kept, current: str | None) -> tuple[str, list[Piece]]:
    """A rendering on the version's paragraph in its language (`current`; None: not translated there)."""
    proposal = Proposal(AmendmentKind(kind), None if kind == AmendmentKind.INSERT.value else kept.base or "", kept.text)
    if current is None and kind != AmendmentKind.INSERT.value:
        return RebaseState.APPLIES.value, list(proposal.ops())
    found = rebase(proposal, current)
    return found.state.value, list(found.ops or proposal.ops())


def _deletion(process: Process, row: Amendment, view: AmendmentView, lang: str, editions: _Editions) -> Wording:
    """A deletion in `lang`: the same in every language, the edition's paragraph struck out (the source's where it
    is not translated there)."""
    source = process.source_language
    current = editions.of(lang).get(row.eid)
    if lang == source:
        state, ops = _own(view)
    else:
        text = current if current is not None else editions.of(source).get(row.eid) or ""
        state = view.rebase.state if view.rebase else RebaseState.APPLIES.value
        ops = [Piece(Op.DELETE, text)] if text else []
    return Wording(lang=lang, words=lang if current is not None else source, state=SAME, rebase=state, ops=ops)


def _wording(
    process: Process, row: Amendment, view: AmendmentView, lang: str, kept: Mapping[str, Kept], editions: _Editions
) -> Wording:
    """Amendment `row` in `lang`: its rendering there, as a change of that edition's paragraph; else the words it was
    proposed in (state not_rendered)."""
    if row.kind == AmendmentKind.DELETE.value:
        return _deletion(process, row, view, lang, editions)
    source = process.source_language
    origin = origin_of(process, row)
    there = kept.get(lang)
    if in_own_words(lang, source, origin, there):
        state, ops = _own(view)
        return Wording(
            lang=lang, words=lang, state=there.state if there else RenderingState.ORIGINAL.value, rebase=state, ops=ops
        )
    if there is not None and worded_in(lang, source, there):
        state, ops = _on(row.kind, there, editions.of(lang).get(row.eid))
        return Wording(lang=lang, words=lang, state=there.state, rebase=state, ops=ops)
    first = kept.get(origin)
    if origin == source or first is None:
        state, ops = _own(view)
    else:
        state, ops = _on(row.kind, first, editions.of(origin).get(row.eid))
    return Wording(lang=lang, words=origin, state=NOT_RENDERED, rebase=state, ops=ops)


def _edition_text(block: Block, lang: str, refs: Mapping[str, str], texts: Mapping[str, str | None]) -> EditionText:
    """Paragraph `block` in `lang`: its translation there (`texts`), else its source text, said so."""
    text = texts.get(block.eid)
    return EditionText(
        lang=lang, ref=refs.get(block.eid, ""), text=block.text if text is None else text, translated=text is not None
    )


def _compile_in(
    tx: Session, process: Process, version: Version, blocks: list[Block], committee: bool, langs: list[str]
) -> CompilationInLanguages:
    """Every paragraph of the version in each of `langs`, each open amendment to it (those the reader may see) in each
    of them; in a fixed number of queries whatever the number of paragraphs and amendments."""
    rows = list(tx.scalars(open_amendments(process, committee).order_by(*ORDER)))
    found = views(tx, rows, Current.of(version.label, blocks, version), committee)
    kept = kept_renderings(tx, rows)
    editions = _Editions(tx, process, version, blocks, {})
    by_eid: dict[str, list[AmendmentInLanguages]] = {}
    for row, view in zip(rows, found, strict=True):
        wordings = [_wording(process, row, view, lang, kept.get(row.id, {}), editions) for lang in langs]
        by_eid.setdefault(view.eid, []).append(AmendmentInLanguages(amendment=view, wordings=wordings))
    statuses = paragraph_statuses(tx, process)
    numbers = numbering(blocks)
    refs = {lang: text_refs(tx, process, version, lang) for lang in langs}
    texts = {lang: editions.of(lang) for lang in langs}
    paragraphs = [
        ParagraphInLanguages(
            eid=b.eid,
            kind=b.kind.value,
            number=numbers.get(b.eid),
            status=status_of(b, statuses),
            texts=[_edition_text(b, lang, refs[lang], texts[lang]) for lang in langs],
            amendments=by_eid.get(b.eid, []),
        )
        for b in blocks
    ]
    labels = labels_of(version)
    return CompilationInLanguages(
        version=version.label,
        source_language=process.source_language,
        languages=langs,
        labels=[labels.get(lang, version.label) for lang in langs],
        paragraphs=paragraphs,
    )


def compiled_in(
    tx: Session, process: Process, ref: str | None, committee: bool, langs: list[str]
) -> CompilationInLanguages:
    """The compilation of version `ref` (the latest where none is named) in each of `langs`."""
    version = version_asked(tx, process, ref)
    if version is None:
        return CompilationInLanguages(
            version="",
            source_language=process.source_language,
            languages=langs,
            labels=["" for _ in langs],
            paragraphs=[],
        )
    return _compile_in(tx, process, version, version_blocks(tx, version), committee, langs)


@reads
def compilation_in_languages(
    tx: Session, actor: Actor | None, slug: str, lang: str, ref: str | None = None
) -> CompilationInLanguages:
    """The compilation in `lang`: one language of the process, or several side by side ("es-en-fr"). Each paragraph
    in each language (the source text where it has no translation of the version's source text, said so), each open
    amendment as its rendering there (the words it was proposed in where it has none yet, said so). Its printed
    references and the names of delegations are as the first language gives them."""
    process, role = process_for(tx, slug, actor, Action.READ)
    langs = languages_asked(process, lang)
    with locale_scope(langs[0]):
        return compiled_in(tx, process, ref, reads_draft(role, actor), langs)
