"""A process folder's crosswalk files (domain/transfer/numbering_format.py): written, read back the same, and a bad
row refused at its line."""

from __future__ import annotations

import pytest

from workspace.domain.declaration.document import Kind
from workspace.domain.declaration.references import parse
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.numbering_format import parse_numbering_file, render_numbering_file

KINDS = {"op_1": Kind.OPERATIVE, "op_2": Kind.OPERATIVE, "pre_1": Kind.PREAMBULAR}


def number(ref: str):
    found = parse(ref)
    assert found is not None, ref
    return found


def test_a_crosswalk_written_is_read_back_the_same():
    now = {"pre_1": number("PP 1"), "op_1": number("OP 7"), "op_2": number("OP 7 bis")}
    before = {"op_1": number("OP 6")}
    text = render_numbering_file(before, now)
    assert text.splitlines()[0] == "eid,before,now"
    assert parse_numbering_file(text, "draft.crosswalk.csv", KINDS) == now


@pytest.mark.parametrize(
    ("rows", "line", "words"),
    [
        ("eid,before,now\nop_1,,OP 1\nop_1,,OP 2\n", 3, "listed twice"),
        ("eid,before,now\nop_9,,OP 1\n", 2, "No paragraph"),
        ("eid,before,now\npre_1,,OP 1\n", 2, "another kind"),
        ("eid,before,now\nop_1,,seven\n", 2, "no printed reference"),
        ("eid,before,now\nop_1,OP 1\n", 2, "three cells"),
        ("eid,now\n", 1, "begins with the columns"),
    ],
)
def test_a_bad_row_is_refused_at_its_line(rows, line, words):
    with pytest.raises(ImportFailed) as refused:
        parse_numbering_file(rows, "01-zero.crosswalk.csv", KINDS)
    assert refused.value.line == line and words in refused.value.render()
