"""What a paragraph may hold in brackets (domain/brackets/limits.py): refused where the text is written, naming the
paragraph and the limit."""

from __future__ import annotations

import pytest

from workspace.domain.brackets.brackets import MAX_DEPTH, MAX_MARKS
from workspace.domain.brackets.limits import check_limits
from workspace.domain.errors import InvalidInput


def named(eid: str) -> str:
    return {"op_1": "OP 1", "op_2": "OP 2"}[eid]


def test_texts_within_the_limits_pass():
    check_limits(
        [
            ("op_1", "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH),
            ("op_2", "[a] " * MAX_MARKS),
        ],
        named,
    )


def test_nesting_past_the_limit_is_refused_naming_the_paragraph_and_the_limit():
    too_deep = "[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1)
    with pytest.raises(InvalidInput) as refused:
        check_limits([("op_1", "fine"), ("op_2", too_deep)], named)
    assert refused.value.detail == {"field": "text", "eid": "op_2", "limit": MAX_DEPTH}
    assert refused.value.params["paragraph"] == "OP 2"
    assert f"{MAX_DEPTH} levels deep at most" in refused.value.render()


def test_too_many_brackets_are_refused_with_the_count_limit():
    with pytest.raises(InvalidInput) as refused:
        check_limits([("op_1", "[a] " * (MAX_MARKS + 1))], named)
    assert refused.value.detail == {"field": "text", "eid": "op_1", "limit": MAX_MARKS}
    assert refused.value.render().startswith("OP 1 holds more than")


def test_texts_without_brackets_are_not_read():
    calls: list[str] = []

    def naming(eid: str) -> str:
        calls.append(eid)
        return eid

    check_limits([("op_1", "no brackets here"), ("op_2", "(parentheses) only")], naming)
    assert calls == []
