"""The compilation text as a Word file: each open amendment a real tracked change.

Under each paragraph, each amendment to it is the paragraph again with the amendment's insertions
and deletions as Word revisions (`w:ins` / `w:del`, `w:author` the proposer, `w:date` when it was
proposed), so a committee working in Word reviews them with Accept / Reject.

In a language of the process (issue 34), the same text in that language's edition, each amendment its
rendering there; in several, side by side: a table, one column per language, a row per paragraph and
per amendment, each cell the paragraph or the tracked change in its column's language.

It reads a compilation by the shape below (the service's CompilationView has it), so that renderers
import nothing of the services that call them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from copy import deepcopy
from datetime import UTC, datetime
from itertools import count
from typing import Protocol

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml.etree import _Element  # what python-docx's OxmlElement() returns (a function, not a type)

from ..domain.declaration.compare_render import as_read
from ..domain.diffing import Op, Piece
from ..domain.errors import N_
from ..domain.values import check_file_can_carry
from .word_runs import revision, styled_run, text_run, word_paragraph


class Rebased(Protocol):
    @property
    def state(self) -> str: ...  # applies, conflict, obsolete
    @property
    def ops(self) -> Sequence[Piece]: ...


class Named(Protocol):
    @property
    def name(self) -> str: ...


class CompiledAmendment(Protocol):
    @property
    def label(self) -> str: ...  # "A7", or "D3" (the committee's, on the working draft)
    @property
    def proposer(self) -> str | None: ...
    @property
    def delegation(self) -> Named | None: ...  # filed on behalf of it: the tracked change is the delegation's
    @property
    def cosponsors(self) -> Sequence[str]: ...
    @property
    def rationale(self) -> str: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def ops(self) -> Sequence[Piece]: ...  # as proposed
    @property
    def rebase(self) -> Rebased | None: ...  # on the compiled version's text


class CompiledParagraph(Protocol):
    @property
    def eid(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def ref(self) -> str: ...  # as printed: "OP 14", "PD 7 bis" ("" where none was worked out)
    @property
    def text(self) -> str: ...
    @property
    def amendments(self) -> Sequence[CompiledAmendment]: ...


class Compilation(Protocol):
    @property
    def version(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def paragraphs(self) -> Sequence[CompiledParagraph]: ...


INTRODUCTION = N_("Compilation of the open amendments to %(version)s.")
LEGEND = N_(
    "Legend: each amendment follows the paragraph it changes, as tracked changes in Word "
    "(insertions and deletions), under the name of its delegation (else of its proposer); co-sponsors "
    "and the rationale are noted."
)
NOT_RENDERED_NOTE = N_("not rendered into %(language)s yet — proposed in %(origin)s")
NOT_TRANSLATED_NOTE = N_("Not translated into %(language)s yet: the text in %(source)s.")


def _author(amendment: CompiledAmendment) -> str:
    """Who a tracked change is by: the delegation it was filed for, else its proposer."""
    return amendment.delegation.name if amendment.delegation else amendment.proposer or "Accord"


def _tracked(paragraph: Paragraph, amendment: CompiledAmendment, ids: count[int]) -> None:
    ops = amendment.rebase.ops if amendment.rebase and amendment.rebase.ops else amendment.ops
    # `_p` as lxml types it: it takes any element (types-lxml's CT_P takes a CT_P only)
    _tracked_ops(paragraph._p, ops, _author(amendment), amendment.created_at or datetime.now(UTC), ids)


def _tracked_ops(p: _Element, ops: Sequence[Piece], author: str, when: datetime, ids: count[int]) -> None:
    # As the pages show it: spaces only re-wrapped are no tracked change.
    for piece in as_read(ops):
        if piece.op == Op.EQUAL:
            p.append(text_run(piece.text))
        else:
            p.append(revision("w:ins" if piece.op == Op.INSERT else "w:del", piece.text, author, when, ids))


def _texts(view: Compilation, title: str) -> Iterator[tuple[str, str]]:
    """Every text the document holds, with where it is: the title, each paragraph, each amendment."""
    yield "title", title
    for p in view.paragraphs:
        yield p.eid, p.text
        for a in p.amendments:
            pieces = [*a.ops, *(a.rebase.ops if a.rebase else ())]
            by = a.delegation.name if a.delegation else ""
            for text in (a.proposer or "", by, *a.cosponsors, a.rationale, *(piece.text for piece in pieces)):
                yield a.label, text


def compilation_docx(
    view: Compilation,
    title: str,
    t: Callable[[str], str],
    unrendered: Mapping[str, tuple[str, Sequence[Piece]]] | None = None,
) -> bytes:
    """The .docx of a compilation; `t` translates the few words of the document (legend, labels). `unrendered`: by
    label, the amendments proposed in another language and not rendered into the compilation's yet, with what to say
    of them and their change in the words they were proposed in (shown as such, never as an empty change)."""
    check_file_can_carry(_texts(view, title), view.language)  # texts saved before such characters were refused
    document: WordDocument = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, level=0)
    document.add_paragraph(t(INTRODUCTION) % {"version": view.version})
    legend = document.add_paragraph()
    legend.add_run(t(LEGEND))
    ids = count(1)
    for p in view.paragraphs:
        if p.kind == "heading":
            document.add_heading(p.text, level=1)
        else:
            shown = document.add_paragraph(f"{p.number}. {p.text}" if p.number else p.text)
            shown.paragraph_format.space_before = Pt(8)
        for a in p.amendments:
            label = document.add_paragraph()
            who = f"{a.delegation.name} ({a.proposer})" if a.delegation and a.proposer else _author(a)
            # The paragraph as the room names it ("A7 · OP 14 · …"); its own text keeps the number Word files are read
            # back by (word_markdown takes "12." off).
            run = label.add_run(" · ".join(filter(None, (a.label, p.ref, who))))
            run.bold = True
            if a.cosponsors:
                label.add_run(" · " + t(N_("co-sponsors: %(names)s")) % {"names": ", ".join(a.cosponsors)})
            if a.rebase is not None and a.rebase.state != "applies":
                label.add_run(" · " + t(N_("no longer applies (%(state)s)")) % {"state": a.rebase.state})
            if unrendered and a.label in unrendered:
                said, ops = unrendered[a.label]
                label.add_run(" · " + said)
                _tracked_ops(document.add_paragraph()._p, ops, _author(a), a.created_at or datetime.now(UTC), ids)
            else:
                _tracked(document.add_paragraph(), a, ids)
            if a.rationale:
                note = document.add_paragraph(a.rationale)
                note.runs[0].italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class Edition(Protocol):
    @property
    def lang(self) -> str: ...
    @property
    def ref(self) -> str: ...  # as that language prints it
    @property
    def text(self) -> str: ...
    @property
    def translated(self) -> bool: ...  # False: the source text, not translated into `lang` yet


class Worded(Protocol):
    @property
    def lang(self) -> str: ...
    @property
    def words(self) -> str: ...  # the language of `ops`
    @property
    def state(self) -> str: ...  # original, rendered, approved, not_rendered, same
    @property
    def rebase(self) -> str: ...  # applies, conflict, obsolete
    @property
    def ops(self) -> Sequence[Piece]: ...


class ProposedIn(CompiledAmendment, Protocol):
    @property
    def lang(self) -> str: ...  # the language it was proposed in (its rationale's, most likely)


class AmendmentInLanguages(Protocol):
    @property
    def amendment(self) -> ProposedIn: ...
    @property
    def wordings(self) -> Sequence[Worded]: ...  # one per language of the compilation, in its order


class ParagraphInLanguages(Protocol):
    @property
    def eid(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def texts(self) -> Sequence[Edition]: ...  # one per language of the compilation, in its order
    @property
    def amendments(self) -> Sequence[AmendmentInLanguages]: ...


class CompilationInLanguages(Protocol):
    @property
    def source_language(self) -> str: ...
    @property
    def languages(self) -> Sequence[str]: ...
    @property
    def labels(self) -> Sequence[str]: ...  # the version's name in each
    @property
    def paragraphs(self) -> Sequence[ParagraphInLanguages]: ...


Say = Callable[[str, str], str]  # (language, message id) → the message in that language
NameOf = Callable[[str, str], str]  # (reader's language, language code) → its name ("inglés", "English", "anglais")


Put = Callable[[_Element], object]  # where a paragraph goes: the document's body, or a cell of the table


def _texts_in(view: CompilationInLanguages, title: str, at: int) -> Iterator[tuple[str, str]]:
    """Every text of the compilation's column `at`: the title, each paragraph, each amendment."""
    yield "title", title
    for p in view.paragraphs:
        yield p.eid, p.texts[at].text
        for a in p.amendments:
            by = a.amendment.delegation.name if a.amendment.delegation else ""
            texts = (a.amendment.proposer or "", by, *a.amendment.cosponsors, a.amendment.rationale)
            for text in (*texts, *(piece.text for piece in a.wordings[at].ops)):
                yield a.amendment.label, text


def _paragraph_in(put: Put, p: ParagraphInLanguages, edition: Edition, say: Say, named: NameOf, source: str) -> None:
    if p.kind == "heading":
        put(word_paragraph(edition.text, "Heading1"))
    else:
        put(word_paragraph(f"{p.number}. {edition.text}" if p.number else edition.text, spaced=True))
    if not edition.translated:
        lang = edition.lang
        note = word_paragraph()
        note.append(
            styled_run(
                say(lang, NOT_TRANSLATED_NOTE) % {"language": named(lang, lang), "source": named(lang, source)},
                italic=True,
            )
        )
        put(note)


def _amendment_in(
    put: Put, a: AmendmentInLanguages, at: int, ref: str, say: Say, named: NameOf, ids: count[int], note: bool
) -> None:
    """Amendment `a` in the compilation's column `at`: its label line, its change there as a tracked change by its
    delegation (else its proposer), its rationale (`note`)."""
    amendment, wording = a.amendment, a.wordings[at]
    lang = wording.lang
    label = word_paragraph()
    who = f"{amendment.delegation.name} ({amendment.proposer})" if amendment.delegation and amendment.proposer else None
    label.append(styled_run(" · ".join(filter(None, (amendment.label, ref, who or _author(amendment)))), bold=True))
    notes = []
    if amendment.cosponsors:
        notes.append(say(lang, N_("co-sponsors: %(names)s")) % {"names": ", ".join(amendment.cosponsors)})
    if wording.rebase != "applies":
        notes.append(say(lang, N_("no longer applies (%(state)s)")) % {"state": wording.rebase})
    if wording.state == "not_rendered":
        notes.append(
            say(lang, NOT_RENDERED_NOTE) % {"language": named(lang, lang), "origin": named(lang, wording.words)}
        )
    for said in notes:
        label.append(styled_run(" · " + said))
    put(label)
    change = word_paragraph()
    _tracked_ops(change, wording.ops, _author(amendment), amendment.created_at or datetime.now(UTC), ids)
    put(change)
    if note and amendment.rationale:
        rationale = word_paragraph()
        rationale.append(styled_run(amendment.rationale, italic=True))
        put(rationale)


def languages_docx(view: CompilationInLanguages, title: str, say: Say, named: NameOf) -> bytes:
    """The .docx of a compilation in one language, or in several side by side (a table, a column each, its own few
    words in the first language, each cell's notes in its column's); `say` translates the document's words into a
    language, `named` names a language in another."""
    langs = list(view.languages)
    for at, lang in enumerate(langs):  # texts saved before such characters were refused
        check_file_can_carry(_texts_in(view, title, at), lang)
    first = langs[0]
    document: WordDocument = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    if len(langs) > 1:  # the columns side by side: the page turned
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(title, level=0)
    document.add_paragraph(say(first, INTRODUCTION) % {"version": view.labels[0] if view.labels else ""})
    document.add_paragraph().add_run(say(first, LEGEND))
    ids = count(1)
    source = view.source_language
    if len(langs) == 1:
        end: _Element = document.element.body.sectPr  # the body's paragraphs go before its section's properties
        body: Put = end.addprevious
        for p in view.paragraphs:
            edition = p.texts[0]
            _paragraph_in(body, p, edition, say, named, source)
            for a in p.amendments:
                _amendment_in(body, a, 0, edition.ref, say, named, ids, True)
    else:
        table = document.add_table(rows=2, cols=len(langs))
        table.style = "Table Grid"
        heads, empty = table.rows
        heads._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated at the top of each page
        for cell, lang in zip(heads.cells, langs, strict=True):
            cell.paragraphs[0].add_run(named(lang, lang).capitalize()).bold = True
        # Each row a copy of an empty one (python-docx's `add_row` sets each cell's width: a sixth of the time).
        made: _Element = empty._tr
        grid: _Element = table._tbl
        grid.remove(made)
        for tc in made.iterchildren(qn("w:tc")):
            for paragraph in list(tc.iterchildren(qn("w:p"))):
                tc.remove(paragraph)
        for p in view.paragraphs:
            for at, put in enumerate(_row(grid, made)):
                _paragraph_in(put, p, p.texts[at], say, named, source)
            for a in p.amendments:
                noted = langs.index(a.amendment.lang) if a.amendment.lang in langs else 0  # the rationale's column
                for at, put in enumerate(_row(grid, made)):
                    _amendment_in(put, a, at, p.texts[at].ref, say, named, ids, at == noted)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _row(grid: _Element, made: _Element) -> list[Put]:
    """A new row of the table, a copy of `made` (its cells without a paragraph: each is given one at least): where each
    cell's paragraphs go."""
    row = deepcopy(made)
    grid.append(row)
    return [tc.append for tc in row.iterchildren(qn("w:tc"))]
