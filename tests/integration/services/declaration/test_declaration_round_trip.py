"""Export → import is lossless, on both backends: every text a person may write in the draft
comes back from the files as the same paragraph, of the same kind, byte for byte."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import restored
from tests.integration.services.declaration.test_declaration import ZERO, paragraph
from tests.integration.support import dump
from tests.unit.domain.test_declaration_round_trip import declarations
from workspace.domain.declaration.declaration_commands import EditParagraph, ImportVersion
from workspace.domain.declaration.declaration_format import render_declaration
from workspace.domain.declaration.document import Kind
from workspace.domain.errors import InvalidInput
from workspace.services import transfer
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft, versions
from workspace.services.declaration import importing as version_import


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(
            s, people.committee, "kutahya", ImportVersion(filename="zero.md", text=ZERO)
        ),
    )


@pytest.mark.parametrize(
    ("eid", "text"),
    [
        ("pre_1", "Reconociendo que las ciudades\n\nson polos de intermediación."),  # would come back as two paragraphs
        ("hdg_1", "Preámbulo\n\nSegunda línea"),
        ("hdg_1", "Preámbulo\ny más"),
        ("pre_1", "1. Reconociendo"),  # would come back operative
        ("pre_1", "Reconociendo\n===\nque"),  # would come back as a heading
    ],
)
def test_an_edit_that_keeps_the_kind_cannot_give_a_text_the_file_would_split(store, people, zero, eid, text):
    current = paragraph(store, people, eid)
    before = dump(store)
    with pytest.raises(InvalidInput):
        draft.edit_paragraph(
            store, people.committee, "kutahya", eid, EditParagraph(base_revision=current.revision, text=text)
        )
    assert dump(store) == before


def test_a_text_ending_with_link_definitions_is_kept_in_the_draft(store, people, zero):
    current = paragraph(store, people, "pre_1")
    text = "Reconociendo el [informe][src].\n\n[src]: https://example.org/informe"
    draft.edit_paragraph(
        store, people.committee, "kutahya", "pre_1", EditParagraph(base_revision=current.revision, text=text)
    )
    assert paragraph(store, people, "pre_1").text == text


PROCESS = """slug = "generada"
source_language = "es"
languages = ["es", "en", "fr"]
timezone = "UTC"
place = ""
phase = "drafting"

[title]
es = "Declaración generada"

[[members]]
email = "comite@example.org"
name = "Comité"
role = "committee"
languages = []
"""

_runs = itertools.count()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(blocks=declarations, draft_too=st.booleans())
def test_export_import_export_of_generated_declarations_is_byte_identical(fresh_store, tmp_path, blocks, draft_too):
    run = tmp_path / f"run-{next(_runs)}"
    source = run / "source"
    (source / "declaration").mkdir(parents=True)
    (source / "process.toml").write_text(PROCESS, encoding="utf-8")
    # eIds as an export writes them: one prefix per kind, numbered
    counters = {kind: itertools.count(1) for kind in Kind}
    named = [
        b.__class__(
            f"{ {'heading': 'hdg', 'preambular': 'pre', 'operative': 'op'}[b.kind.value] }_{next(counters[b.kind])}",
            b.kind,
            b.text,
        )
        for b in blocks
    ]
    version = '---\nnumber: 1\nlabel: "Cero"\ndate: "2021-09-06"\nnote: ""\n---\n' + render_declaration(named)
    (source / "declaration" / "01-cero.es.md").write_text(version, encoding="utf-8")
    if draft_too:
        (source / "declaration" / "draft.es.md").write_text(render_declaration(named[::-1]), encoding="utf-8")

    first, second = fresh_store(), fresh_store()
    transfer.import_folder(first, None, source)
    transfer.export_folder(first, None, "generada", run / "one")
    transfer.import_folder(second, None, run / "one")
    transfer.export_folder(second, None, "generada", run / "two")
    one, two = files_of(run / "one"), files_of(run / "two")
    assert one == two
    assert one["declaration/01-cero.es.md"] == version.encode("utf-8")
    stored = versions.get_version(second, SYSTEM, "generada", "1").paragraphs
    assert [(p.eid, p.kind, p.text) for p in stored] == [(b.eid, b.kind.value, b.text) for b in named]
    for made in (first, second):
        made.dispose()


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
