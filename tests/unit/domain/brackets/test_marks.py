"""Where a paragraph's brackets and parentheses stand (domain/brackets/marks.py): read once, paired by a stack,
escapes and code spans holding none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.brackets.marks import read_marks


def _paired(text: str, opening: str, closing: str) -> dict[int, int]:
    """Each opening mark with its closing one, as a reader pairs them by hand (no escapes nor code in `text`)."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for at, char in enumerate(text):
        if char == opening:
            stack.append(at)
        elif char == closing and stack:
            pairs[stack.pop()] = at
    return pairs


@settings(max_examples=examples(300))
@given(st.text(alphabet="[]() ab", max_size=80))
def test_each_bracket_and_parenthesis_is_paired_with_the_one_that_closes_it(text):
    marks = read_marks(text)
    assert marks.closes == _paired(text, "[", "]")
    assert marks.ends == _paired(text, "(", ")")
    assert marks.at == [i for i, c in enumerate(text) if c in "[]"]
    assert marks.closing == [i for i, c in enumerate(text) if c == "]"]


def test_escaped_brackets_and_code_spans_hold_no_mark():
    text = r"a \[not\] b `[code]` c [yes]"
    marks = read_marks(text)
    assert [text[i] for i in marks.at] == ["[", "]"]
    assert marks.closes == {text.index("[yes"): text.index("]", text.index("[yes"))}


def test_an_unclosed_run_of_backticks_is_text_and_its_brackets_count():
    text = "``a [b] ` c"
    assert [text[i] for i in read_marks(text).at] == ["[", "]"]


def test_a_blank_line_ends_a_parenthesis_still_open():
    assert read_marks("(a\n\nb)").ends == {}
    assert read_marks("(a\nb)").ends == {0: 4}


def test_the_next_mark_and_the_next_closing_bracket_are_looked_up():
    text = "[a] [b]"
    marks = read_marks(text)
    assert marks.first_from(1) == 1 and marks.first_from(3) == 2
    assert marks.next_closing(0) == 2 and marks.next_closing(2) == 6 and marks.next_closing(6) is None


def test_thousands_of_brackets_and_deep_nesting_read_without_recursion():
    deep = "[" * 5000 + "x" + "]" * 5000
    marks = read_marks(deep)
    assert len(marks.closes) == 5000 and marks.closes[0] == len(deep) - 1
