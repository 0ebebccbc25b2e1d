"""The compilation as a Word file: an amendment's change as tracked changes, read back with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from workspace.domain.amendments.amendments import AmendmentKind, Proposal
from workspace.domain.errors import Conflict
from workspace.renderers.compilation_docx import compilation_docx
from workspace.services.amendments.views import AmendmentView, CompilationParagraph, CompilationView

BASE = "Las ciudades\nintermedias son clave\npara todos."
PROPOSED = "Las ciudades intermedias\nson esenciales para todos."


def revisions(docx: bytes) -> list[tuple[str, str]]:
    """Each tracked change of the document: ("ins" | "del", its text)."""
    body = Document(io.BytesIO(docx)).element.body
    found = []
    for tag, text_tag in (("w:ins", "w:t"), ("w:del", "w:delText")):
        for change in body.iter(qn(tag)):
            found.append((tag[2:], "".join(node.text or "" for node in change.iter(qn(text_tag)))))
    return sorted(found)


def test_an_amendment_that_also_rewraps_lines_is_tracked_as_its_words_only():
    ops = Proposal(AmendmentKind.MODIFY, BASE, PROPOSED).ops()
    assert "".join(p.text for p in ops if p.op != 1) == BASE  # the ops keep every line break …
    amendment = AmendmentView(
        number=1,
        label="A1",
        kind="modify",
        eid="op_1",
        version="Rev.1",
        status="open",
        base_revision=None,
        base_text=BASE,
        text=PROPOSED,
        ops=list(ops),
        proposer="Ana",
        cosponsors=[],
        rebase=None,
    )
    view = CompilationView(
        version="Rev.1",
        language="es",
        paragraphs=[
            CompilationParagraph(
                eid="op_1", kind="operative", number=1, text=BASE, status="open", amendments=[amendment]
            )
        ],
    )
    # … and Word shows a change of words, not of wrapping.
    assert revisions(compilation_docx(view, "Compilación", str)) == [("del", "clave"), ("ins", "esenciales")]


def test_a_text_saved_before_such_characters_were_refused_is_named_not_half_written():
    amendment = AmendmentView(
        number=4,
        label="A4",
        kind="modify",
        eid="op_1",
        version="Rev.1",
        status="open",
        base_revision=None,
        base_text=BASE,
        text=PROPOSED,
        ops=list(Proposal(AmendmentKind.MODIFY, BASE, PROPOSED).ops()),
        proposer="Ana",
        cosponsors=[],
        rebase=None,
        rationale="Más \ufffe claro.",
    )
    view = CompilationView(
        version="Rev.1",
        language="es",
        paragraphs=[
            CompilationParagraph(
                eid="op_1", kind="operative", number=1, text=BASE, status="open", amendments=[amendment]
            )
        ],
    )
    with pytest.raises(Conflict) as caught:
        compilation_docx(view, "Compilación", str)
    assert caught.value.params == {"where": "A4", "code": "FFFE", "language": "es"}
