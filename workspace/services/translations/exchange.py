"""Translations in and out of the tools translators use: XLIFF 2.0 for CAT tools, a target-language
Markdown edition for word processors. An import is checked whole against the version before anything
is written: every unit that is refused is named with its line, and then nothing is written. A unit
the file gives back as it went out keeps its state: an export and an import undo no work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy.orm import Session

from ... import i18n
from ...domain.brackets.limits import check_limits
from ...domain.declaration.declaration_format import ImportedBlock, parse_declaration, render_declaration
from ...domain.declaration.document import Block, revision_id
from ...domain.errors import N_, AccordError, ImportFailed
from ...domain.permissions import Action
from ...domain.translations.translations import State, Stored, check_blocks
from ...domain.translations.xliff import XliffDocument, XliffUnit, read_xliff, write_xliff
from ...domain.values import check_file_can_carry, clean_text
from ...store.models import Process
from ..access import process_for, require_actor
from ..actor import Actor
from ..declaration.paragraphs import known_revisions, texts_of
from ..declaration.references import text_refs
from ..declaration.sides import Side
from ..heavy import heavy_work, in_worker
from ..pace import Pace, pace
from ..unit import Db, apart, reads, use_case
from .editor import translators_side
from .imports import Unit, apply, refusal, target_text
from .records import current, may_review, require_writer, target_language, translations_of
from .views import ImportReport

# Our states, and XLIFF 2.0's segment states (initial, translated, reviewed, final).
TO_XLIFF = {
    State.MISSING: "initial",
    State.OUTDATED: "initial",
    State.DRAFT: "initial",
    State.TRANSLATED: "translated",
    State.APPROVED: "final",
}
FROM_XLIFF = {
    "initial": Stored.DRAFT,
    "translated": Stored.TRANSLATED,
    "reviewed": Stored.TRANSLATED,
    "final": Stored.APPROVED,
}


# The XLIFF files of other features that translators bring to this import, each recognised by its bytes and handed to
# its own import (issue 34: services.amendments' file of amendments to render). Registered by that feature, which this
# one may not import (features never import each other both ways).
OTHER_XLIFF: list[tuple[Callable[[bytes], bool], Callable[[Db, Actor | None, str, str, bytes, str], ImportReport]]] = []


@reads
def export_xliff(
    tx: Session, actor: Actor | None, slug: str, language: str, version: str | None = None
) -> tuple[str, bytes]:
    """The version's paragraphs as XLIFF 2.0 units (id = eId), each with its source revision and its
    translation made from it, if any. And a file name."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    on = translators_side(tx, process, version, role, actor)
    rows = translations_of(tx, process, code, [b.eid for b in on.blocks])
    units = []
    for b in on.blocks:
        row, state = current(rows.get(b.eid, []), revision_id(b.text))
        # An outdated translation goes out as the target to start from, in state "initial" (a CAT tool shows it as a
        # fuzzy match to check): given back as it went, it changes nothing (see `_outdated_texts`).
        target = row.text.text if row is not None else None
        units.append(XliffUnit(b.eid, b.text, target, TO_XLIFF[state], revision_id(b.text)))
    # Texts saved before such characters were refused: 409 naming the paragraph, never a half-made file.
    check_file_can_carry(((u.eid, text) for u in units for text in (u.source, u.target or "")), code)
    name = f"{process.slug}-{on.ref}.{code}.xlf"
    return name, write_xliff(units, process.source_language, code, f"{process.slug}-{on.ref}", name)


@reads
def export_markdown(
    tx: Session, actor: Actor | None, slug: str, language: str, version: str | None = None
) -> tuple[str, str]:
    """The version's edition in `language` as a declaration file (each paragraph with its eId), the
    paragraphs translated from exactly the version's source texts only. And a file name."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    on = translators_side(tx, process, version, role, actor)
    rows = translations_of(tx, process, code, [b.eid for b in on.blocks])
    blocks = []
    for b in on.blocks:
        row, state = current(rows.get(b.eid, []), revision_id(b.text))
        if row is not None and state not in (State.OUTDATED, State.MISSING) and row.text.text.strip():
            blocks.append(replace(b, text=row.text.text))  # in its place in the lists
    return f"{process.slug}-{on.ref}.{code}.md", render_declaration(blocks) if blocks else ""


def import_xliff(
    db: Db, actor: Actor | None, slug: str, language: str, data: bytes, filename: str, version: str | None = None
) -> ImportReport:
    """Import a language's XLIFF file against the version: each unit a paragraph of it, its source the
    text it was exported with, its target one the editor would save, of the same Markdown structure; a
    unit made from an earlier source text is imported as made from that text (so, outdated). The file is
    read first, in a worker process and outside any transaction (`heavy_work`), then checked and saved."""
    for recognised, other_import in OTHER_XLIFF:
        if recognised(data):
            return other_import(db, actor, slug, language, data, filename)
    _may_write(apart(db), actor, slug, language)
    with heavy_work(actor):
        document = in_worker(read_xliff, data, filename)
    return _import_xliff(db, actor, slug, language, document, filename, version)


@reads
def _may_write(tx: Session, actor: Actor | None, slug: str, language: str) -> None:
    """Refused before the file is read: who may not translate into `language` learns it at once."""
    process, role = process_for(tx, slug, actor, Action.READ)
    require_writer(tx, process, role, actor, target_language(process, language))


@use_case
def _import_xliff(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    document: XliffDocument,
    filename: str,
    version: str | None,
) -> ImportReport:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_writer(tx, process, role, actor, code)
    pace(tx, actor, Pace.TRANSLATION, count=False)  # a file is one action, counted once it writes (below)
    who = require_actor(actor)
    on = translators_side(tx, process, version, role, actor)
    if (
        document.target_lang.split("-")[0].lower() != code
        or document.source_lang.split("-")[0].lower() != process.source_language
    ):
        raise ImportFailed(
            filename,
            1,
            N_("This file translates {source} into {target}, not {expected_source} into {expected}."),
            source=i18n.language_name(document.source_lang),
            target=i18n.language_name(document.target_lang),
            expected_source=i18n.language_name(process.source_language),
            expected=i18n.language_name(code),
        )
    texts, kinds = on.texts, {b.eid: b for b in on.blocks}
    earlier = texts_of(
        tx, {u.source_revision for u in document.units if u.source_revision} - {revision_id(t) for t in texts.values()}
    )
    units, refusals = [], list(document.refused)
    outdated = _outdated_texts(tx, process, code, on)
    for unit in document.units:
        try:
            units.append(_checked(tx, process, on, unit, filename, kinds, earlier, outdated))
        except AccordError as exc:
            refusals.append(refusal(filename, unit.line, unit.eid, exc))
    return _counted(
        tx,
        who,
        apply(tx, process, who, code, on, filename, units, refusals, may_review(tx, process, role, actor, code)),
    )


def _outdated_texts(tx: Session, process: Process, code: str, on: Side) -> dict[str, str]:
    """Each paragraph whose translation is outdated: the text of that translation, which the export gave as the
    target to start from."""
    rows = translations_of(tx, process, code, [b.eid for b in on.blocks])
    found = {}
    for b in on.blocks:
        row, state = current(rows.get(b.eid, []), revision_id(b.text))
        if row is not None and state == State.OUTDATED:
            found[b.eid] = row.text.text
    return found


def _counted(tx: Session, actor: Actor, report: ImportReport) -> ImportReport:
    """A file imported is one translation action, once it wrote something: one given back unchanged writes nothing."""
    if report.imported:
        pace(tx, actor, Pace.TRANSLATION)
    return report


def _checked(
    tx: Session,
    process: Process,
    on: Side,
    unit: XliffUnit,
    filename: str,
    kinds: dict[str, Block],
    earlier: dict[str, str],
    outdated: dict[str, str],
) -> Unit:
    """One XLIFF unit as an import may take it, else the refusal of it (with the line of what is wrong). An outdated
    translation given back as it went out brings nothing: it must not pass for a translation of the new source text
    (a translator confirms it still correct in the editor, which shows what changed in the source)."""
    made_from, source = _source_checked(tx, process, on, unit, filename, earlier)
    try:
        target = target_text(unit.target or "")
        if target:
            placed = kinds[unit.eid]
            check_blocks(placed.kind, source, target, placed.depth, placed.marker)
            check_limits([(unit.eid, target)], lambda eid: text_refs(tx, process, on.version).get(eid, eid))
    except AccordError as exc:
        raise refusal(filename, unit.target_line or unit.line, unit.eid, exc) from None
    current = made_from == revision_id(on.texts[unit.eid])
    if current and target and outdated.get(unit.eid) == target:
        target = ""
    return Unit(unit.eid, unit.line, made_from, target or None, FROM_XLIFF[unit.state], not current)


def _source_checked(
    tx: Session, process: Process, on: Side, unit: XliffUnit, filename: str, earlier: dict[str, str]
) -> tuple[str, str]:
    """The source revision `unit` was made from and its text, else the refusal of a unit of no paragraph of the
    version, of a source text Accord does not know, or of an edited source."""
    texts = on.texts
    if unit.eid not in texts:
        raise ImportFailed(
            filename, unit.line, N_("The unit “{eid}” is not a paragraph of {version}."), eid=unit.eid, version=on.label
        )
    sha = revision_id(texts[unit.eid])
    made_from = unit.source_revision or sha
    if made_from != sha and made_from not in known_revisions(tx, process, unit.eid):  # a text this paragraph had
        raise ImportFailed(
            filename, unit.line, N_("The unit “{eid}” names a source text Accord does not know."), eid=unit.eid
        )
    source = texts[unit.eid] if made_from == sha else earlier[made_from]
    try:
        same_source = clean_text(unit.source) == source
    except AccordError:
        same_source = False
    if not same_source:
        raise ImportFailed(
            filename,
            unit.source_line or unit.line,
            N_(
                "The source of unit “{eid}” is not the text it was exported with: a source is never edited (export "
                "the file again)."
            ),
            eid=unit.eid,
        )
    return made_from, source


def import_markdown(
    db: Db,
    actor: Actor | None,
    slug: str,
    language: str,
    text: str,
    filename: str,
    version: str | None = None,
    approved: bool = False,
) -> ImportReport:
    """A whole edition written in a word processor, paragraphs matched by their eId: each a translation of
    the version's source text, of the same kind and Markdown structure. A changed one is saved translated
    (approved, if a reviewer says so with `approved`); an unchanged one keeps its state. The file is read
    first, in a worker process and outside any transaction (`heavy_work`), then checked and saved."""
    _may_write(apart(db), actor, slug, language)
    with heavy_work(actor):
        _meta, blocks = in_worker(parse_declaration, text, filename)
    return _import_markdown(db, actor, slug, language, blocks, filename, version, approved)


@use_case
def _import_markdown(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    blocks: list[ImportedBlock],
    filename: str,
    version: str | None,
    approved: bool,
) -> ImportReport:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_writer(tx, process, role, actor, code)
    pace(tx, actor, Pace.TRANSLATION, count=False)  # a file is one action, counted once it writes (below)
    who = require_actor(actor)
    on: Side = translators_side(tx, process, version, role, actor)
    texts, placed = on.texts, {b.eid: b for b in on.blocks}
    claimed = Stored.APPROVED if approved else None
    units, refusals = [], []
    for n, b in enumerate(blocks, 1):
        try:
            if not b.eid or b.eid not in texts:
                raise ImportFailed(
                    filename,
                    b.line,
                    N_(
                        "Paragraph {n} of the file ({eid}) is not a paragraph of {version}: each paragraph "
                        "ends with the eId of the paragraph it translates."
                    ),
                    n=n,
                    eid=b.eid or "—",
                    version=on.label,
                )
            source = placed[b.eid]
            # A sub-item whose item is not translated yet stands at the top level of the file: its kind is then
            # read from its marker, not from its place; its text is still checked at its source's place.
            if b.kind != source.kind and b.depth == source.depth:
                raise ImportFailed(
                    filename,
                    b.line,
                    N_(
                        "The file gives {eid} another kind of paragraph than its source (a “#” heading, a "
                        "numbered item or a plain paragraph): keep the source's kind."
                    ),
                    eid=b.eid,
                )
            check_blocks(source.kind, texts[b.eid], target_text(b.text), source.depth, source.marker)
            check_limits([(b.eid, b.text)], lambda eid: text_refs(tx, process, on.version).get(eid, eid))
            units.append(Unit(b.eid, b.line, revision_id(texts[b.eid]), target_text(b.text), claimed))
        except AccordError as exc:
            refusals.append(refusal(filename, b.line, b.eid or "", exc))
    return _counted(
        tx,
        who,
        apply(tx, process, who, code, on, filename, units, refusals, may_review(tx, process, role, actor, code)),
    )


MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")


def import_file(
    db: Db,
    actor: Actor | None,
    slug: str,
    language: str,
    data: bytes,
    filename: str,
    version: str | None = None,
    *,
    markdown: bool | None = None,
) -> ImportReport:
    """An XLIFF file or a Markdown edition (`markdown`; if not said, a file named .md, .markdown or .txt),
    as the API, the page and the command receive it: bytes, a Markdown file read as UTF-8."""
    if markdown is None:
        markdown = filename.lower().endswith(MARKDOWN_SUFFIXES)
    if not markdown:
        return import_xliff(db, actor, slug, language, data, filename, version)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(filename, data[: exc.start].count(b"\n") + 1, N_("The file is not UTF-8 text.")) from None
    return import_markdown(db, actor, slug, language, text, filename, version)
