"""The compilation text as a Word file: each open amendment a real tracked change.

Under each paragraph, each amendment to it is the paragraph again with the amendment's insertions
and deletions as Word revisions (`w:ins` / `w:del`, `w:author` the proposer, `w:date` when it was
proposed), so a committee working in Word reviews them with Accept / Reject.

It reads a compilation by the shape below (the service's CompilationView has it), so that renderers
import nothing of the services that call them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import count
from typing import Protocol

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml.etree import _Element  # what python-docx's OxmlElement() returns (a function, not a type)

from ..domain.declaration.compare_render import as_read
from ..domain.diffing import Op, Piece
from ..domain.errors import N_
from ..domain.values import check_file_can_carry


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


def _text_run(text: str, deleted: bool = False) -> _Element:
    """A run of text; line breaks inside a paragraph become Word line breaks."""
    run = OxmlElement("w:r")
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        node = OxmlElement("w:delText" if deleted else "w:t")
        node.set(qn("xml:space"), "preserve")
        node.text = line
        run.append(node)
    return run


def _revision(tag: str, text: str, author: str, when: datetime, ids: count[int]) -> _Element:
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(next(ids)))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    change.append(_text_run(text, deleted=tag == "w:del"))
    return change


def _author(amendment: CompiledAmendment) -> str:
    """Who a tracked change is by: the delegation it was filed for, else its proposer."""
    return amendment.delegation.name if amendment.delegation else amendment.proposer or "Accord"


def _tracked(paragraph: Paragraph, amendment: CompiledAmendment, ids: count[int]) -> None:
    author = _author(amendment)
    when = amendment.created_at or datetime.now(UTC)
    p: _Element = paragraph._p  # as lxml types it: it takes any element (types-lxml's CT_P takes a CT_P only)
    # As the pages show it: spaces only re-wrapped are no tracked change.
    for piece in as_read(amendment.rebase.ops if amendment.rebase and amendment.rebase.ops else amendment.ops):
        if piece.op == Op.EQUAL:
            p.append(_text_run(piece.text))
        else:
            p.append(_revision("w:ins" if piece.op == Op.INSERT else "w:del", piece.text, author, when, ids))


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


def compilation_docx(view: Compilation, title: str, t: Callable[[str], str]) -> bytes:
    """The .docx of a compilation; `t` translates the few words of the document (legend, labels)."""
    check_file_can_carry(_texts(view, title), view.language)  # texts saved before such characters were refused
    document: WordDocument = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, level=0)
    document.add_paragraph(t(N_("Compilation of the open amendments to %(version)s.")) % {"version": view.version})
    legend = document.add_paragraph()
    legend.add_run(
        t(
            N_(
                "Legend: each amendment follows the paragraph it changes, as tracked changes in Word "
                "(insertions and deletions), under the name of its delegation (else of its proposer); co-sponsors "
                "and the rationale are noted."
            )
        )
    )
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
            _tracked(document.add_paragraph(), a, ids)
            if a.rationale:
                note = document.add_paragraph(a.rationale)
                note.runs[0].italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
