"""The compilation text (every paragraph with its open amendments), as a Word file, and the disposition table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeGuard

from msgspec import UNSET, Struct, UnsetType
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendments import AmendmentKind, Proposal, RebaseState, Status, rebase
from ...domain.amendments.negotiation import NegotiationStatus, brackets
from ...domain.amendments.renderings import RenderingState
from ...domain.declaration.document import Block, numbering
from ...domain.diffing import Op, Piece
from ...domain.errors import N_, InvalidInput, NotFound
from ...domain.labels import AMENDMENT_KINDS, AMENDMENT_STATUSES
from ...domain.paging import Window, window
from ...domain.permissions import Action
from ...domain.vocabulary import slugify
from ...i18n import gettext, locale_scope
from ...renderers.compilation_docx import NOT_RENDERED_NOTE, NOT_TRANSLATED_NOTE, compilation_docx, languages_docx
from ...store.models import Amendment, AmendmentRendering, ParagraphStatus, Process, Translation, Version
from ..access import process_for
from ..actor import Actor
from ..csv_export import csv_text
from ..declaration.paragraphs import find_version, latest_version, texts_of, version_blocks
from ..declaration.references import refs_in, text_refs
from ..declaration.sides import reads_draft
from ..declaration.version_labels import labels_of
from ..translations.editions import exact_edition
from ..unit import reads
from .records import DRAFT, ORDER, Current, readable, views
from .renderings import DONE, origin_of
from .views import AmendmentView, CompilationParagraph, CompilationView, DispositionRow


@reads
def compilation(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> CompilationView:
    """Each paragraph of the version with the open amendments to it under it, each rebased on that
    version's text: insertions and deletions against the paragraph, with proposer and co-sponsors.
    An insert stands under the paragraph it goes after."""
    process, role = process_for(tx, slug, actor, Action.READ)
    return _compiled(tx, process, ref, reads_draft(role, actor))


def _compiled(tx: Session, process: Process, ref: str | None, committee: bool) -> CompilationView:
    version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    if version is None:
        return CompilationView(version="", language=process.source_language, paragraphs=[])
    blocks = version_blocks(tx, version)
    return _compile(tx, process, version, blocks, blocks, committee)


def _compile(
    tx: Session, process: Process, version: Version, blocks: list[Block], shown: list[Block], committee: bool
) -> CompilationView:
    """The paragraphs `shown` of the version (`blocks`, the whole: the amendments rebase on it, the numbers
    count in it), each with its open amendments: only theirs are read and rebased."""
    query = readable(
        select(Amendment).where(Amendment.process_id == process.id, Amendment.status == Status.OPEN), committee
    )
    if len(shown) != len(blocks):
        query = query.where(Amendment.eid.in_([b.eid for b in shown]))
    by_eid: dict[str, list[AmendmentView]] = {}
    for view in views(
        tx, list(tx.scalars(query.order_by(*ORDER))), Current.of(version.label, blocks, version), committee
    ):
        by_eid.setdefault(view.eid, []).append(view)
    statuses = dict(
        tx.execute(
            select(ParagraphStatus.eid, ParagraphStatus.status).where(ParagraphStatus.process_id == process.id)
        ).all()
    )
    numbers = numbering(blocks)
    refs = text_refs(tx, process, version)
    paragraphs = [
        CompilationParagraph(
            eid=b.eid,
            kind=b.kind.value,
            number=numbers.get(b.eid),
            ref=refs.get(b.eid, ""),
            text=b.text,
            status=statuses.get(b.eid)
            or (NegotiationStatus.BRACKETED.value if brackets(b.text) else NegotiationStatus.OPEN.value),
            amendments=by_eid.get(b.eid, []),
        )
        for b in shown
    ]
    return CompilationView(version=version.label, language=version.language, paragraphs=paragraphs)


@reads
def compilation_part(
    tx: Session, actor: Actor | None, slug: str, ref: str | None, page: int | None, at: str | None, size: int
) -> tuple[CompilationView, Window]:
    """A page of the compilation (`at`: the one holding that paragraph), counted in the version's paragraphs."""
    process, role = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    if version is None:
        return CompilationView(version="", language=process.source_language, paragraphs=[]), window(0, size)
    blocks = version_blocks(tx, version)
    shown = window(len(blocks), size, page, {b.eid: i for i, b in enumerate(blocks)}.get(at or ""))
    return _compile(tx, process, version, blocks, blocks[shown.start : shown.stop], reads_draft(role, actor)), shown


# In every language (issue 34): a compilation asked for in one language of the process is that language's edition of
# the version, each open amendment as its rendering there; asked for in several ("es-en-fr"), the languages side by
# side. What an amendment reads as in a language where it is not rendered yet is the words it was proposed in, said
# so: never nothing.

NOT_RENDERED = "not_rendered"
SAME = "same"  # a deletion reads the same in every language: nothing to render
WORDED = (RenderingState.ORIGINAL.value, *DONE)


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


def asked(lang: str | None) -> TypeGuard[str]:
    """Whether the compilation is asked for in languages: empty, as a form sends an unchosen choice, is the default."""
    return bool(lang and lang.strip())


def languages_asked(process: Process, lang: str) -> list[str]:
    """`lang` as the compilation takes it: one language of the process ("en"), or several side by side in the order
    given ("es-en-fr"; one named twice is taken once); 422 naming what is not one of them."""
    codes = [part.strip().lower() for part in lang.split("-")]
    wrong = next(
        (part for part, code in zip(lang.split("-"), codes, strict=True) if code not in process.languages), None
    )
    if wrong is not None:
        raise InvalidInput(
            N_("“{language}” is not a language of this process."),
            language=wrong.strip() or lang,
            detail={"field": "lang"},
        )
    return list(dict.fromkeys(codes))


@dataclass(frozen=True)
class _Kept:
    """An amendment's rendering in a language: its state, the paragraph it was made from and its words."""

    state: str
    base: str | None
    text: str


def _renderings(tx: Session, rows: Sequence[Amendment]) -> dict[int, dict[str, _Kept]]:
    """Each amendment's renderings by language, with their texts, in two queries."""
    if not rows:
        return {}
    found = tx.execute(
        select(
            AmendmentRendering.amendment_id,
            AmendmentRendering.lang,
            AmendmentRendering.state,
            AmendmentRendering.base_sha,
            AmendmentRendering.text_sha,
        ).where(AmendmentRendering.amendment_id.in_([r.id for r in rows]))
    ).all()
    texts = texts_of(tx, {sha for row in found for sha in (row.base_sha, row.text_sha) if sha})
    out: dict[int, dict[str, _Kept]] = {}
    for amendment_id, lang, state, base_sha, text_sha in found:
        out.setdefault(amendment_id, {})[lang] = _Kept(
            state, texts.get(base_sha) if base_sha else None, texts.get(text_sha, "")
        )
    return out


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


def _on(kind: str, kept: _Kept, current: str | None) -> tuple[str, list[Piece]]:
    """A rendering on the version's paragraph in its language (`current`; None: not translated there)."""
    proposal = Proposal(AmendmentKind(kind), None if kind == AmendmentKind.INSERT.value else kept.base or "", kept.text)
    if current is None and kind != AmendmentKind.INSERT.value:
        return RebaseState.APPLIES.value, list(proposal.ops())
    found = rebase(proposal, current)
    return found.state.value, list(found.ops or proposal.ops())


def _wording(
    process: Process, row: Amendment, view: AmendmentView, lang: str, kept: Mapping[str, _Kept], editions: _Editions
) -> Wording:
    """Amendment `row` in `lang`: its rendering there, as a change of that edition's paragraph; else the words it was
    proposed in (state not_rendered)."""
    source = process.source_language
    if row.kind == AmendmentKind.DELETE.value:
        current = editions.of(lang).get(row.eid)
        if lang == source:
            state, ops = _own(view)
        else:
            text = current if current is not None else editions.of(source).get(row.eid) or ""
            state = view.rebase.state if view.rebase else RebaseState.APPLIES.value
            ops = [Piece(Op.DELETE, text)] if text else []
        return Wording(lang=lang, words=lang if current is not None else source, state=SAME, rebase=state, ops=ops)
    origin = origin_of(process, row)
    there = kept.get(lang)
    if lang == source and (origin == source or (there is not None and there.state in DONE)):
        state, ops = _own(view)
        return Wording(
            lang=lang, words=lang, state=there.state if there else RenderingState.ORIGINAL.value, rebase=state, ops=ops
        )
    if lang != source and there is not None and there.state in WORDED:
        state, ops = _on(row.kind, there, editions.of(lang).get(row.eid))
        return Wording(lang=lang, words=lang, state=there.state, rebase=state, ops=ops)
    first = kept.get(origin)
    if origin == source or first is None:
        state, ops = _own(view)
    else:
        state, ops = _on(row.kind, first, editions.of(origin).get(row.eid))
    return Wording(lang=lang, words=origin, state=NOT_RENDERED, rebase=state, ops=ops)


def _compile_in(
    tx: Session, process: Process, version: Version, blocks: list[Block], committee: bool, langs: list[str]
) -> CompilationInLanguages:
    """Every paragraph of the version in each of `langs`, each open amendment to it (those the reader may see) in each
    of them; in a fixed number of queries whatever the number of paragraphs and amendments."""
    rows = list(
        tx.scalars(
            readable(
                select(Amendment).where(Amendment.process_id == process.id, Amendment.status == Status.OPEN), committee
            ).order_by(*ORDER)
        )
    )
    found = views(tx, rows, Current.of(version.label, blocks, version), committee)
    kept = _renderings(tx, rows)
    editions = _Editions(tx, process, version, blocks, {})
    by_eid: dict[str, list[AmendmentInLanguages]] = {}
    for row, view in zip(rows, found, strict=True):
        wordings = [_wording(process, row, view, lang, kept.get(row.id, {}), editions) for lang in langs]
        by_eid.setdefault(view.eid, []).append(AmendmentInLanguages(amendment=view, wordings=wordings))
    statuses = dict(
        tx.execute(
            select(ParagraphStatus.eid, ParagraphStatus.status).where(ParagraphStatus.process_id == process.id)
        ).all()
    )
    numbers = numbering(blocks)
    refs = {lang: text_refs(tx, process, version, lang) for lang in langs}
    texts = {lang: editions.of(lang) for lang in langs}
    paragraphs = []
    for b in blocks:
        edition = []
        for lang in langs:
            text = texts[lang].get(b.eid)
            edition.append(
                EditionText(
                    lang=lang,
                    ref=refs[lang].get(b.eid, ""),
                    text=b.text if text is None else text,
                    translated=text is not None,
                )
            )
        paragraphs.append(
            ParagraphInLanguages(
                eid=b.eid,
                kind=b.kind.value,
                number=numbers.get(b.eid),
                status=statuses.get(b.eid)
                or (NegotiationStatus.BRACKETED.value if brackets(b.text) else NegotiationStatus.OPEN.value),
                texts=edition,
                amendments=by_eid.get(b.eid, []),
            )
        )
    labels = labels_of(version)
    return CompilationInLanguages(
        version=version.label,
        source_language=process.source_language,
        languages=langs,
        labels=[labels.get(lang, version.label) for lang in langs],
        paragraphs=paragraphs,
    )


def _compiled_in(
    tx: Session, process: Process, ref: str | None, committee: bool, langs: list[str]
) -> CompilationInLanguages:
    version = find_version(tx, process, ref) if ref else latest_version(tx, process)
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
        return _compiled_in(tx, process, ref, reads_draft(role, actor), langs)


def _say(lang: str, message: str) -> str:
    """`message` in `lang`, whoever asks."""
    with locale_scope(lang):
        return gettext(message)


def _named(reader: str, code: str) -> str:
    """Language `code` as `reader`'s language names it ("inglés", "English", "anglais")."""
    with locale_scope(reader):
        return i18n.language_name(code)


def unrendered_in(view: CompilationView) -> dict[str, tuple[str, list[Piece]]]:
    """By label, the open amendments of `view` proposed in another language and not rendered into the compilation's
    yet: what to say of each, in the compilation's language, and its change in the words it was proposed in."""
    found = {}
    for p in view.paragraphs:
        for a in p.amendments:
            own = a.renderings.get(a.lang) if a.lang and a.lang != view.language else None
            done = a.renderings.get(view.language)
            if own is not None and (done is None or done.state not in DONE):
                said = _say(view.language, NOT_RENDERED_NOTE) % {
                    "language": _named(view.language, view.language),
                    "origin": _named(view.language, a.lang or ""),
                }
                found[a.label] = (said, list(own.ops))
    return found


@dataclass(frozen=True)
class CompilationFile:
    name: str  # ASCII, for a Content-Disposition header: labels are not
    body: bytes  # the .docx
    view: CompilationView | CompilationInLanguages  # what it holds


@reads
def compilation_file(
    tx: Session, actor: Actor | None, slug: str, ref: str | None = None, lang: str | None = None
) -> CompilationFile:
    """The compilation as a Word file, each open amendment a tracked change by its proposer. Its few
    words of its own (legend, labels) are in the language of the version's text, whoever asks: the
    file is one document for a whole committee, not a page in the reader's language. With `lang`, the
    compilation in that language (its words too), or in several side by side ("es-en-fr": a table, one
    column per language, its own words in the first)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    if asked(lang):
        return _file_in(tx, process, ref, reads_draft(role, actor), languages_asked(process, lang))
    with locale_scope(process.source_language):  # its printed references too ("PD 14" in a Spanish text)
        view = _compiled(tx, process, ref, reads_draft(role, actor))
    title = process.titles.get(process.source_language) or slug
    with locale_scope(view.language):
        body = compilation_docx(view, f"{title} · {view.version}", gettext, unrendered_in(view))
    return CompilationFile(f"{slug}-{slugify(view.version or 'compilation', 40)}.docx", body, view)


def _file_in(tx: Session, process: Process, ref: str | None, committee: bool, langs: list[str]) -> CompilationFile:
    with locale_scope(langs[0]):
        view = _compiled_in(tx, process, ref, committee, langs)
    fallback = process.titles.get(process.source_language) or process.slug
    titles = " / ".join(dict.fromkeys(process.titles.get(lang) or fallback for lang in langs))
    labels = " / ".join(dict.fromkeys(view.labels))
    body = languages_docx(view, f"{titles} · {labels}", _say, _named)
    name = f"{process.slug}-{slugify(view.version or 'compilation', 40)}-{'-'.join(langs)}.docx"
    return CompilationFile(name, body, view)


def _disposed(
    tx: Session, process: Process, committee: bool, ref: str | None, limit: int | None = None, offset: int = 0
) -> tuple[Version | None, list[Amendment]]:
    """The version the disposition table is of (None: the working draft, the committee's) and its amendments (from
    `offset`, `limit` of them: a version's amendments are as many as its members filed)."""
    version, query = _disposed_query(tx, process, committee, ref)
    return version, list(tx.scalars(query.order_by(*ORDER).limit(limit).offset(offset)))


def _disposed_query(
    tx: Session, process: Process, committee: bool, ref: str | None
) -> tuple[Version | None, Select[Amendment]]:
    if ref and ref.strip().lower() == DRAFT:
        if not committee:
            raise NotFound(N_("No version “{ref}” in this process."), ref=ref)
        version = None  # the committee's amendments to the working draft
    else:
        version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    query = select(Amendment).where(Amendment.process_id == process.id)
    query = query.where(Amendment.version_id == version.id) if version else query.where(Amendment.on_draft.is_(True))
    return version, readable(query, committee)


@reads
def disposition(
    tx: Session, actor: Actor | None, slug: str, ref: str | None = None, limit: int | None = None, offset: int = 0
) -> list[DispositionRow]:
    """The committee's report: every amendment made against the version (from `offset`, `limit` of them), with its
    decision, the reason and the resulting text."""
    process, role = process_for(tx, slug, actor, Action.READ)
    return _disposition(tx, process, reads_draft(role, actor), ref, limit, offset)


@reads
def disposition_part(
    tx: Session, actor: Actor | None, slug: str, ref: str | None, page: int | None, size: int
) -> tuple[list[DispositionRow], Window]:
    """A page of the disposition table, counted in the version's amendments."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = reads_draft(role, actor)
    _, query = _disposed_query(tx, process, committee, ref)
    shown = window(tx.scalar(select(func.count()).select_from(query.subquery())) or 0, size, page)
    return _disposition(tx, process, committee, ref, size, shown.start), shown


def _disposition(
    tx: Session, process: Process, committee: bool, ref: str | None, limit: int | None, offset: int
) -> list[DispositionRow]:
    _, rows = _disposed(tx, process, committee, ref, limit, offset)
    return [
        DispositionRow(
            number=v.number,
            label=v.label,
            kind=v.kind,
            eid=v.eid,
            ref=v.ref,
            proposer=v.proposer,
            delegation=v.delegation,
            cosponsors=v.cosponsors,
            cosponsor_delegations=v.cosponsor_delegations,
            status=v.status,
            reason=v.reason,
            decided_by=v.decided_by,
            resulting_text=v.decided_text,
        )
        for v in views(tx, rows, None, committee)
    ]


class DispositionWording(Struct, frozen=True, kw_only=True):
    """An amendment of the disposition table in one language."""

    lang: str
    ref: str = ""  # its paragraph's printed reference, as that language prints it
    text: str | None  # its wording there: the paragraph as amended (null: a deletion)
    words: str  # the language of `text`: `lang`, or the one it was proposed in where it is not rendered into `lang` yet
    state: str  # original (its own words), rendered, approved, not_rendered, same (a deletion)
    resulting_text: str | None  # the wording applied: its translation into `lang` where there is one, else the source's
    resulting_words: str | None  # the language of `resulting_text`


class DispositionInLanguages(DispositionRow, frozen=True, kw_only=True):
    """A row of the disposition table; asked for in languages, with its wording in each of them (and `ref` as the
    first prints it)."""

    wordings: list[DispositionWording] | UnsetType = UNSET


def _resulting(
    tx: Session, process: Process, rows: Sequence[Amendment], langs: Sequence[str]
) -> dict[tuple[str, str, str], str]:
    """The translations of the texts the amendments were decided with, by (eId, language, source revision)."""
    wanted = {r.decided_sha for r in rows if r.decided_sha}
    others = [lang for lang in langs if lang != process.source_language]
    if not wanted or not others:
        return {}
    found = tx.execute(
        select(Translation.eid, Translation.language, Translation.source_sha, Translation.text_sha).where(
            Translation.process_id == process.id,
            Translation.language.in_(others),
            Translation.source_sha.in_(list(wanted)),
        )
    ).all()
    texts = texts_of(tx, {row.text_sha for row in found})
    return {(eid, lang, source): texts.get(text, "") for eid, lang, source, text in found}


def _disposition_wording(
    process: Process,
    row: Amendment,
    view: AmendmentView,
    lang: str,
    ref: str,
    kept: Mapping[str, _Kept],
    translated: Mapping[tuple[str, str, str], str],
) -> DispositionWording:
    source = process.source_language
    there = kept.get(lang)
    words, state, text = lang, SAME, None
    if row.kind != AmendmentKind.DELETE.value:
        origin = origin_of(process, row)
        first = kept.get(origin)
        if lang == source and (origin == source or (there is not None and there.state in DONE)):
            state, text = there.state if there else RenderingState.ORIGINAL.value, view.text
        elif lang != source and there is not None and there.state in WORDED:
            state, text = there.state, there.text
        else:
            words, state = origin, NOT_RENDERED
            text = first.text if origin != source and first is not None else view.text
    resulting, resulting_words = view.decided_text, source if view.decided_text is not None else None
    if view.decided_text is not None and lang != source and row.decided_sha:
        found = translated.get((row.created_eid or row.eid, lang, row.decided_sha))
        if found is None and row.decided_sha == row.text_sha and there is not None and there.state in WORDED:
            found = there.text  # accepted as proposed: its rendering is the new text there
        if found is not None or not view.decided_text:
            resulting, resulting_words = found or "", lang
    return DispositionWording(
        lang=lang,
        ref=ref,
        text=text,
        words=words,
        state=state,
        resulting_text=resulting,
        resulting_words=resulting_words,
    )


def _disposition_in(
    tx: Session,
    process: Process,
    committee: bool,
    ref: str | None,
    langs: list[str] | None,
    limit: int | None = None,
    offset: int = 0,
) -> list[DispositionInLanguages]:
    version, rows = _disposed(tx, process, committee, ref, limit, offset)
    if langs is None:  # as `disposition` gives it
        return [_row(v, v.ref) for v in views(tx, rows, None, committee)]
    with locale_scope(langs[0]):  # the names of delegations
        found = views(tx, rows, None, committee)
    kept = _renderings(tx, rows)
    eids = {r.eid for r in rows}
    refs = {lang: refs_in(tx, process, version, eids, lang) for lang in langs}
    translated = _resulting(tx, process, rows, langs)
    return [
        _row(
            v,
            refs[langs[0]].get(r.eid, ""),
            [
                _disposition_wording(process, r, v, lang, refs[lang].get(r.eid, ""), kept.get(r.id, {}), translated)
                for lang in langs
            ],
        )
        for r, v in zip(rows, found, strict=True)
    ]


def _row(v: AmendmentView, ref: str, wordings: list[DispositionWording] | UnsetType = UNSET) -> DispositionInLanguages:
    return DispositionInLanguages(
        number=v.number,
        label=v.label,
        kind=v.kind,
        eid=v.eid,
        ref=ref,
        proposer=v.proposer,
        delegation=v.delegation,
        cosponsors=v.cosponsors,
        cosponsor_delegations=v.cosponsor_delegations,
        status=v.status,
        reason=v.reason,
        decided_by=v.decided_by,
        resulting_text=v.decided_text,
        wordings=wordings,
    )


@reads
def disposition_in_languages(
    tx: Session,
    actor: Actor | None,
    slug: str,
    ref: str | None = None,
    lang: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[DispositionInLanguages]:
    """The disposition table (as `disposition` gives it, from `offset`, `limit` rows); with `lang` (a language of the
    process, or several: "es-en-fr"), each amendment's wording in each of them (where it is not rendered into one yet,
    the words it was proposed in, said so), the text it was decided with translated where it is, and its paragraph's
    printed reference as the first prints it."""
    process, role = process_for(tx, slug, actor, Action.READ)
    langs = languages_asked(process, lang) if asked(lang) else None
    return _disposition_in(tx, process, reads_draft(role, actor), ref, langs, limit, offset)


CSV_COLUMNS = (
    "amendment",
    "kind",
    "paragraph",
    "reference",
    "proposer",
    "delegation",
    "cosponsors",
    "cosponsor_delegations",
    "decision",
    "reason",
    "decided_by",
    "resulting_text",
)


@reads
def disposition_csv(
    tx: Session, actor: Actor | None, slug: str, ref: str | None = None, lang: str | None = None
) -> str:
    """The disposition table as a spreadsheet reads it. With `lang`, its headers and words in that language (the first
    of several), its wording in each language asked (a column each)."""
    if asked(lang):
        process, role = process_for(tx, slug, actor, Action.READ)
        langs = languages_asked(process, lang)
        return _csv_in(_disposition_in(tx, process, reads_draft(role, actor), ref, langs), langs)
    return csv_text(
        CSV_COLUMNS,
        (
            (
                row.label,
                row.kind,
                row.eid,
                row.ref.replace("\u00a0", " "),
                row.proposer,
                row.delegation.code if row.delegation else "",
                "; ".join(row.cosponsors),
                "; ".join(d.code for d in row.cosponsor_delegations),
                row.status,
                row.reason,
                row.decided_by,
                row.resulting_text,
            )
            for row in disposition(tx, actor, slug, ref)
        ),
    )


def _noted(lang: str, note: str, text: str) -> str:
    """A cell's text with what the reader should know of it: "(not rendered into English yet …) Nous …"."""
    return _say(lang, N_("(%(note)s) %(text)s")) % {"note": note, "text": text}


def _wording_cell(w: DispositionWording) -> str:
    if w.text is None:
        return ""
    if w.state != NOT_RENDERED:
        return w.text
    note = _say(w.lang, NOT_RENDERED_NOTE) % {"language": _named(w.lang, w.lang), "origin": _named(w.lang, w.words)}
    return _noted(w.lang, note, w.text)


def _resulting_cell(w: DispositionWording) -> str:
    if not w.resulting_text or w.resulting_words in (None, w.lang):
        return w.resulting_text or ""
    source = w.resulting_words or ""
    note = _say(w.lang, NOT_TRANSLATED_NOTE) % {"language": _named(w.lang, w.lang), "source": _named(w.lang, source)}
    return _noted(w.lang, note, w.resulting_text)


def _csv_in(rows: list[DispositionInLanguages], langs: list[str]) -> str:
    first = langs[0]

    def t(message: str) -> str:
        return _say(first, message)

    def each(column: str) -> list[str]:
        if len(langs) == 1:
            return [t(column)]
        return [
            t(N_("%(column)s (%(language)s)")) % {"column": t(column), "language": _named(first, lang)}
            for lang in langs
        ]

    columns = [
        t(N_("Amendment")),
        t(N_("Kind")),
        t(N_("Paragraph")),
        t(N_("Ref.")),
        t(N_("Proposer")),
        t(N_("Delegation")),
        t(N_("Co-sponsors")),
        t(N_("Co-sponsoring delegations")),
        *each(N_("Wording")),
        t(N_("Decision")),
        t(N_("Reason")),
        t(N_("Decided by")),
        *each(N_("Resulting text")),
    ]
    lines = []
    for row in rows:
        wordings = row.wordings if not isinstance(row.wordings, UnsetType) else []
        lines.append(
            (
                row.label,
                t(AMENDMENT_KINDS[row.kind]) if row.kind in AMENDMENT_KINDS else row.kind,
                row.eid,
                row.ref.replace("\u00a0", " "),
                row.proposer,
                row.delegation.code if row.delegation else "",
                "; ".join(row.cosponsors),
                "; ".join(d.code for d in row.cosponsor_delegations),
                *(_wording_cell(w) for w in wordings),
                t(AMENDMENT_STATUSES[row.status]) if row.status in AMENDMENT_STATUSES else row.status,
                row.reason,
                row.decided_by,
                *(_resulting_cell(w) for w in wordings),
            )
        )
    return csv_text(columns, lines)
