"""Brackets read from a paragraph's Markdown (pure, no database): generated texts hold nested brackets, adjacent
alternatives, placeholders, links, footnotes, escapes and code, and the reader finds exactly the brackets written;
resolving and cleaning leave the words they should; ids hold while the paragraph changes elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.amendments.negotiation import brackets
from workspace.domain.brackets.brackets import (
    MAX_DEPTH,
    MAX_MARKS,
    UNREAD,
    Unbalanced,
    bracket_id,
    clean,
    read_brackets,
    resolved,
)
from workspace.domain.brackets.kept import from_value, kept, kept_value

WORDS = st.sampled_from(("shall", "should", "Parties", "ciudades", "développement", "2030", "plan;", "may", "todas"))


@dataclass(frozen=True)
class Written:
    """A generated text and the brackets written into it: (options, depth) in document order."""

    text: str
    brackets: list[tuple[tuple[str, ...], int]]


def _words(draw) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))


@st.composite
def segment(draw, depth: int = 0) -> Written:
    parts: list[Written] = []
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(("words", "words", "choice", "optional", "link", "footnote", "escaped", "code")))
        if depth >= 3 and what in ("choice", "optional"):
            what = "words"
        if what in ("choice", "optional"):
            options = [draw(segment(depth + 1)) for _ in range(draw(st.integers(2, 3)) if what == "choice" else 1)]
            text = "".join(f"[{o.text}]" for o in options)
            inner = [b for o in options for b in o.brackets]
            parts.append(Written(text, [(tuple(o.text for o in options), depth), *inner]))
        elif what == "link":
            parts.append(Written(f"[{_words(draw)}](https://example.org/a_(b))", []))
        elif what == "footnote":
            parts.append(Written(f"[^{draw(st.integers(1, 9))}]", []))
        elif what == "escaped":
            parts.append(Written(f"\\[{_words(draw)}\\]", []))
        elif what == "code":
            parts.append(Written(f"`[{_words(draw)}]`", []))
        else:
            parts.append(Written(_words(draw), []))
    return Written(" ".join(p.text for p in parts), [b for p in parts for b in p.brackets])


def depth_of(brackets, i: int) -> int:
    depth = 0
    while brackets[i].parent is not None:
        i, depth = brackets[i].parent, depth + 1
    return depth


@settings(max_examples=examples(400))
@given(segment())
def test_the_reader_finds_exactly_the_brackets_written_and_nothing_else(written):
    reading = read_brackets(written.text)
    assert reading.unbalanced == []
    assert [(b.options, depth_of(reading.brackets, i)) for i, b in enumerate(reading.brackets)] == written.brackets
    for b in reading.brackets:
        assert b.span(written.text).startswith("[") and b.span(written.text).endswith("]")
        assert [written.text[a:z] for a, z in b.inner] == list(b.options)
        if b.parent is not None:
            outer = reading.brackets[b.parent]
            assert outer.start < b.start and b.end <= outer.end


@settings(max_examples=examples(300))
@given(segment())
def test_the_clean_text_has_no_bracket_left_and_only_words_that_were_there(written):
    cleaned = clean(written.text)
    assert read_brackets(cleaned).brackets == []
    before, after = re.findall(r"\w+", written.text), re.findall(r"\w+", cleaned)
    it = iter(before)
    assert all(word in it for word in after)  # a subsequence: only words of the text, in its order


@settings(max_examples=examples(300))
@given(segment(), st.data())
def test_resolving_one_bracket_leaves_its_words_and_every_other_bracket(written, data):
    reading = read_brackets(written.text)
    if not reading.brackets:
        return
    i = data.draw(st.integers(0, len(reading.brackets) - 1))
    b = reading.brackets[i]
    option = data.draw(st.one_of(st.none(), st.integers(0, len(b.options) - 1)))
    after = resolved(written.text, b, option)
    gone = {i} | {k for k in range(len(reading.brackets)) if _inside(reading.brackets, k, i)}
    kept_in_option = (
        {k for k in gone if k != i and b.inner[option][0] <= reading.brackets[k].start < b.inner[option][1]}
        if option is not None
        else set()
    )
    assert len(read_brackets(after).brackets) == len(reading.brackets) - len(gone) + len(kept_in_option)
    if option is not None:
        assert b.options[option] in after


def _inside(brackets, k: int, i: int) -> bool:
    while brackets[k].parent is not None:
        k = brackets[k].parent
        if k == i:
            return True
    return False


@settings(max_examples=examples(200))
@given(segment(), st.lists(WORDS, max_size=3), st.lists(WORDS, max_size=3))
def test_ids_hold_while_the_paragraph_changes_around_the_brackets(written, before, after):
    reading = read_brackets(written.text)
    ids = [bracket_id("op_1", written.text, b, reading.brackets) for b in reading.brackets]
    edited = " ".join([*before, written.text, *after])
    again = read_brackets(edited)
    assert [bracket_id("op_1", edited, b, again.brackets) for b in again.brackets] == ids
    assert len(set(ids)) == len(ids)


def test_links_footnotes_images_and_defined_labels_are_never_brackets():
    text = (
        "See [the Agenda](https://un.org/(2030)) and ![map](m.png), [^1], [UCLG][uclg], [uclg] and [the [New Urban "
        "Agenda]][uclg].\n\n[uclg]: https://uclg.org"
    )
    assert read_brackets(text).brackets == []
    assert [b.options for b in read_brackets("We [shall][should] act.").brackets] == [("shall", "should")]


def test_unbalanced_brackets_are_counted_where_they_stand():
    text = "Each Party [shall report] on ] its plan [every year"
    reading = read_brackets(text)
    assert [b.options for b in reading.brackets] == [("shall report",)]
    assert reading.unbalanced == [Unbalanced(text.index("] its"), "]"), Unbalanced(text.index("[every"), "[")]


def test_a_placeholder_is_named_and_the_clean_text_drops_it():
    text = "Finance. [Placeholder for a paragraph on finance] [Espacio reservado para X] [Espace réservé]"
    assert [b.kind for b in read_brackets(text).brackets] == ["placeholder"] * 3
    assert clean(text) == "Finance."
    # An option that is a placeholder, marked as leading, holds no words either: the clean text goes without it.
    choice = "sometido a torturas [ni a penas [o tratos] crueles][Espacio reservado para la definición]."
    found = read_brackets(choice).brackets
    assert clean(choice, {bracket_id("op_5", choice, found[0], found): 1}, "op_5") == "sometido a torturas."
    assert clean(choice, {}, "op_5") == "sometido a torturas ni a penas o tratos crueles."


def test_agreeing_and_dropping_edit_the_words_as_a_person_would():
    text = "Each Party [shall][should] report [every two years], as appropriate."
    shall, every = read_brackets(text).brackets
    assert resolved(text, shall, 1) == "Each Party should report [every two years], as appropriate."
    assert resolved(text, every, None) == "Each Party [shall][should] report, as appropriate."
    nested = "[Be [costed][financed] and time-bound;]"
    outer = read_brackets(nested).brackets[0]
    assert resolved(nested, outer, 0) == "Be [costed][financed] and time-bound;"
    found = read_brackets(nested).brackets
    leading = {bracket_id("op_1", nested, b, found): len(b.options) - 1 for b in found}  # the last option of each
    assert clean(nested, leading, "op_1") == "Be financed and time-bound;"
    assert clean(nested, {bracket_id("op_1", nested, found[0], found): None}, "op_1") == ""


def test_the_negotiation_status_and_the_gate_see_the_brackets_the_reader_finds():
    assert brackets("Agreed text with a footnote[^1] and [a link](https://un.org).") == []
    assert brackets("Each Party [shall][should] act [in [good] faith].") == ["[shall][should]", "[in [good] faith]"]
    assert brackets("[Each Party shall report") == ["["]  # unbalanced: still not agreed


def test_whole_alternative_paragraphs_are_one_choice_in_every_language():
    from workspace.domain.brackets.brackets import option_groups, option_words, options_id
    from workspace.domain.declaration.document import Block, Kind

    texts = {
        "op_1": "**Option 1:** [Each Party shall act.]",
        "op_2": "Option 2 : Each Party [may][should] act.",
        "op_3": "Opción 3. Cada Parte actuará.",
        "op_4": "Agreed text.",
        "op_5": "Option 1: alone, not a choice.",
    }
    blocks = [Block(eid, Kind.OPERATIVE, text, 1) for eid, text in texts.items()]
    assert option_groups(blocks, texts) == [["op_1", "op_2", "op_3"]]
    assert [option_words(texts[e]) for e in ("op_1", "op_2", "op_3")] == [
        "Each Party shall act.",  # bracketed whole: the option's words without them
        "Each Party [may][should] act.",
        "Cada Parte actuará.",
    ]
    assert options_id(["op_1", "op_2", "op_3"]).startswith("op_1~o")
    assert option_groups([Block("op_1", Kind.OPERATIVE, "x", 0), Block("op_2", Kind.OPERATIVE, "x", 1)], texts) == []


# Issue 65: a reader that costs a text's length, never its length times its brackets nor a recursion per level; past
# the limits (deeper than MAX_DEPTH, more than MAX_MARKS) a text is one unread bracket, still not agreed.
MARKUP = st.sampled_from(("[", "]", "(", ")", "`", "``", "\\", "^", "!", ":", "\n", " ", "a", "[a]", "[b](x)", "[^1]"))


@settings(max_examples=examples(400))
@given(st.lists(MARKUP, max_size=60).map("".join))
def test_any_text_is_read_and_every_bracket_stands_where_it_says(text):
    reading = read_brackets(text)
    for i, b in enumerate(reading.brackets):
        assert text[b.start] == "[" and text[b.end - 1] == "]"
        assert [text[a:z] for a, z in b.inner] == list(b.options)
        if b.parent is not None:
            assert b.parent < i and reading.brackets[b.parent].start < b.start < b.end <= reading.brackets[b.parent].end
    assert all(text[u.at] == u.char for u in reading.unbalanced)
    assert (
        reading.over == ""
        and max((depth_of(reading.brackets, i) for i in range(len(reading.brackets))), default=0) < MAX_DEPTH
    )
    if "[" in text or "]" in text:
        assert from_value(text, kept_value(text)) == kept(text)  # kept beside the text as it was read


@settings(max_examples=examples(100))
@given(st.integers(1, 3 * MAX_DEPTH), segment())
def test_nesting_is_read_to_the_limit_and_past_it_the_text_is_one_unread_bracket(levels, written):
    text = "[" * levels + written.text + "]" * levels
    reading = read_brackets(text)
    if levels + max((d + 1 for _, d in written.brackets), default=0) <= MAX_DEPTH:
        assert [depth_of(reading.brackets, i) for i in range(levels)] == list(range(levels))
        assert reading.over == ""
    else:
        assert reading.over == "depth" and reading.unbalanced == []
        assert [(b.kind, b.start, b.end) for b in reading.brackets] == [(UNREAD, 0, len(text))]
        assert clean(text) == text  # left as written: nothing is resolved in it
        assert brackets(text) == [text]  # still not agreed


def test_a_text_nested_a_hundred_thousand_deep_or_holding_five_thousand_brackets_is_read_as_one():
    deep = "[" * 100_000 + "x" + "]" * 100_000  # a recursion per level gave up at a thousand
    assert [b.kind for b in read_brackets(deep).brackets] == [UNREAD] and read_brackets(deep).over == "depth"
    many = "[a] " * 4999
    assert read_brackets("[a] " * MAX_MARKS).over == "" and len(read_brackets("[a] " * MAX_MARKS).brackets) == MAX_MARKS
    assert read_brackets(many).over == "count" and read_brackets(many).brackets[0].span(many) == many.strip()
    assert read_brackets("[" * (MAX_MARKS + 1)).over == "count"  # unbalanced ones count too
