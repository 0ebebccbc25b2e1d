"""The disposition table: every amendment made against a version with its decision, the reason and the resulting
text; in the languages asked (each amendment's wording in each), and as a spreadsheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from msgspec import UNSET, Struct, UnsetType
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ...domain.amendments.amendments import AmendmentKind
from ...domain.amendments.renderings import RenderingState
from ...domain.errors import N_, NotFound
from ...domain.labels import AMENDMENT_KINDS, AMENDMENT_STATUSES
from ...domain.paging import Window, window
from ...domain.permissions import Action
from ...i18n import locale_scope
from ...renderers.compilation_docx import NOT_RENDERED_NOTE, NOT_TRANSLATED_NOTE
from ...store.models import Amendment, Process, Translation, Version
from ..access import process_for
from ..actor import Actor
from ..csv_export import csv_text
from ..declaration.paragraphs import texts_of
from ..declaration.references import refs_in
from ..declaration.sides import reads_draft
from ..unit import reads
from .compilation import version_asked
from .languages import (
    NOT_RENDERED,
    SAME,
    WORDED,
    Kept,
    asked,
    in_own_words,
    kept_renderings,
    language_named,
    languages_asked,
    said_in,
    worded_in,
)
from .records import DRAFT, ORDER, readable, views
from .renderings import origin_of
from .views import AmendmentView, DispositionRow


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
        version = version_asked(tx, process, ref)
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


def _wording_in(
    process: Process, row: Amendment, view: AmendmentView, lang: str, kept: Mapping[str, Kept]
) -> tuple[str, str, str | None]:
    """Amendment `row`'s wording in `lang`: the language of its words, their state, and the words (None: a deletion,
    the same in every language)."""
    if row.kind == AmendmentKind.DELETE.value:
        return lang, SAME, None
    source = process.source_language
    there = kept.get(lang)
    origin = origin_of(process, row)
    first = kept.get(origin)
    if in_own_words(lang, source, origin, there):
        return lang, there.state if there else RenderingState.ORIGINAL.value, view.text
    if there is not None and worded_in(lang, source, there):
        return lang, there.state, there.text
    return origin, NOT_RENDERED, first.text if origin != source and first is not None else view.text


def _resulting_in(
    process: Process,
    row: Amendment,
    view: AmendmentView,
    lang: str,
    there: Kept | None,
    translated: Mapping[tuple[str, str, str], str],
) -> tuple[str | None, str | None]:
    """The text amendment `row` was decided with, in `lang` where it is translated there (an accepted one's rendering
    where it was accepted as proposed), else in the source language; and the language it is in."""
    source = process.source_language
    resulting, resulting_words = view.decided_text, source if view.decided_text is not None else None
    if view.decided_text is not None and lang != source and row.decided_sha:
        found = translated.get((row.created_eid or row.eid, lang, row.decided_sha))
        if found is None and row.decided_sha == row.text_sha and there is not None and there.state in WORDED:
            found = there.text  # accepted as proposed: its rendering is the new text there
        if found is not None or not view.decided_text:
            resulting, resulting_words = found or "", lang
    return resulting, resulting_words


def _disposition_wording(
    process: Process,
    row: Amendment,
    view: AmendmentView,
    lang: str,
    ref: str,
    kept: Mapping[str, Kept],
    translated: Mapping[tuple[str, str, str], str],
) -> DispositionWording:
    words, state, text = _wording_in(process, row, view, lang, kept)
    resulting, resulting_words = _resulting_in(process, row, view, lang, kept.get(lang), translated)
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
    kept = kept_renderings(tx, rows)
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
    return said_in(lang, N_("(%(note)s) %(text)s")) % {"note": note, "text": text}


def _wording_cell(w: DispositionWording) -> str:
    if w.text is None:
        return ""
    if w.state != NOT_RENDERED:
        return w.text
    note = said_in(w.lang, NOT_RENDERED_NOTE) % {
        "language": language_named(w.lang, w.lang),
        "origin": language_named(w.lang, w.words),
    }
    return _noted(w.lang, note, w.text)


def _resulting_cell(w: DispositionWording) -> str:
    if not w.resulting_text or w.resulting_words in (None, w.lang):
        return w.resulting_text or ""
    source = w.resulting_words or ""
    note = said_in(w.lang, NOT_TRANSLATED_NOTE) % {
        "language": language_named(w.lang, w.lang),
        "source": language_named(w.lang, source),
    }
    return _noted(w.lang, note, w.resulting_text)


def _csv_in(rows: list[DispositionInLanguages], langs: list[str]) -> str:
    first = langs[0]

    def t(message: str) -> str:
        return said_in(first, message)

    def each(column: str) -> list[str]:
        if len(langs) == 1:
            return [t(column)]
        return [
            t(N_("%(column)s (%(language)s)")) % {"column": t(column), "language": language_named(first, lang)}
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
