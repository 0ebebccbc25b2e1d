"""A text read without its bracket marks (domain/brackets/unmarked.py): the words in their order, each character
knowing where it stands in the text as written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.brackets.unmarked import marks_of, unmarked


def test_marks_options_and_an_option_label_go_links_footnotes_and_escapes_stay():
    text = "**Option 1:** Each Party [shall][should] report [in an [annual] inventory] [^1] [link](https://x.org) \\[x]"
    bare = unmarked(text)
    assert bare.text == "Each Party shall should report in an annual inventory [^1] [link](https://x.org) \\[x"
    between = bare.text.index(" should")
    assert text[bare.written[between]] == "]"  # the space of "][" stands where the first option closes
    assert all(text[bare.written[k]] == char for k, char in enumerate(bare.text) if k != between)
    assert bare.inward(text.index("[in an")) == bare.text.index("in an")
    assert bare.span(bare.text.index("in an"), bare.text.index(" inventory")) == (
        text.index("in an"),
        text.index("] inventory"),
    )


def test_a_text_without_marks_is_itself():
    bare = unmarked("Los gobiernos locales (y regionales) [^1].")
    assert bare.text == "Los gobiernos locales (y regionales) [^1]."
    assert bare.span(4, 13) == (4, 13) and bare.inward(9) == 9


@settings(max_examples=examples(300))
@given(st.text(alphabet="[]ab é\n()^\\`*", max_size=60))
def test_each_character_kept_is_the_one_written_where_it_says(text):
    bare = unmarked(text)
    taken = set(marks_of(text))
    if bare.written is None or bare.kept is None:  # no marks: itself
        assert not taken and bare.text == text
        return
    assert list(bare.written) == sorted(set(bare.written))  # in order, each once
    for k, char in enumerate(bare.text):
        at = bare.written[k]
        assert text[at] == char or (char == " " and text[at : at + 2] == "][")
    assert {at for at in range(len(text)) if at not in taken} <= set(bare.written)
    assert len(bare.kept) == len(text) + 1 and bare.kept[-1] == len(bare.text)
    for at in range(len(text) + 1):  # an offset goes to the first character kept at or after it
        assert bare.kept[at] == sum(1 for w in bare.written if w < at)
