"""Properties of the word diff and of the structure-aware compare (pure, no database)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workspace.domain.diffing import Change, Op, Paragraph, apply, compare, result_of, similarity, source_of, word_diff
from workspace.domain.errors import Conflict

# Text our users write: accents precomposed and combining, Turkish, Arabic (RTL), quotes, CRLF.
ALPHABET = st.sampled_from(
    list("abcdeéèñçüöışğ ÉÑ.,;:«»“”'-\n") + ["\r\n", "e\u0301", "a\u0300", "مدينة", "שלום", "  ", "\t", "—"]
)
texts = st.lists(ALPHABET, max_size=60).map("".join)
words = st.sampled_from(["ciudades", "intermedias", "gobiernos", "locales", "territorio", "Kütahya", "résilience", "مدن"])
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_applying_the_diff_to_the_old_text_gives_the_new(old, new):
    pieces = word_diff(old, new)
    assert source_of(pieces) == old
    assert apply(old, pieces) == new


@settings(max_examples=100, deadline=None)
@given(texts)
def test_the_diff_of_identical_texts_has_no_change(text):
    assert all(p.op == Op.EQUAL for p in word_diff(text, text))
    assert similarity(text, text) == 1.0


@settings(max_examples=100, deadline=None)
@given(texts, texts)
def test_no_piece_splits_a_letter_from_its_combining_accent(old, new):
    for piece in word_diff(old, new):
        assert not unicodedata.combining(piece.text[0]), piece


def test_a_replaced_word_is_a_deletion_and_an_insertion_among_equal_words():
    pieces = word_diff("Las ciudades intermedias son clave.", "Las ciudades intermedias son esenciales.")
    assert [(p.op, p.text) for p in pieces] == [
        (Op.EQUAL, "Las ciudades intermedias son "), (Op.DELETE, "clave"), (Op.INSERT, "esenciales"), (Op.EQUAL, "."),
    ]


def test_a_diff_applied_to_another_text_is_refused():
    with pytest.raises(Conflict):
        apply("otro texto", word_diff("un texto", "un texto nuevo"))


paragraph_lists = st.lists(sentences, min_size=0, max_size=12).map(
    lambda items: [Paragraph(f"op_{i}", text) for i, text in enumerate(items)]
)


@settings(max_examples=100, deadline=None)
@given(paragraph_lists)
def test_comparing_a_version_with_itself_reports_nothing_changed(doc):
    assert {c.change for c in compare(doc, doc)} <= {Change.UNCHANGED}


@settings(max_examples=100, deadline=None)
@given(paragraph_lists, st.randoms(use_true_random=False))
def test_a_pure_reordering_is_only_moves(doc, rng):
    new = list(doc)
    rng.shuffle(new)
    changes = compare(doc, new)
    assert {c.change for c in changes} <= {Change.MOVED, Change.UNCHANGED}
    assert [c.eid for c in changes] == [p.eid for p in new]
    # What stayed is a longest run kept in order: no more moves than needed.
    moved = sum(c.change == Change.MOVED for c in changes)
    assert moved <= max(0, len(doc) - 1)


@settings(max_examples=100, deadline=None)
@given(paragraph_lists, paragraph_lists)
def test_every_paragraph_is_reported_once_and_the_new_text_is_rebuilt(old, new_texts):
    # Reuse some eIds (modified or moved), drop others (deleted), add new ones (added).
    new = [Paragraph(p.eid if i % 2 else f"new_{i}", p.text) for i, p in enumerate(new_texts)]
    changes = compare(old, new)
    assert sorted(c.eid for c in changes) == sorted({p.eid for p in old} | {p.eid for p in new})
    rebuilt = [result_of(c.ops) for c in changes if c.change != Change.DELETED]
    assert rebuilt == [p.text for p in new]
    for c in changes:
        if c.change == Change.DELETED:
            assert source_of(c.ops) == c.old_text and c.new_text is None


def test_a_moved_paragraph_and_a_modified_one_are_told_apart():
    old = [Paragraph("pre_1", "Reconociendo"), Paragraph("op_1", "Uno"), Paragraph("op_2", "Dos"), Paragraph("op_3", "Tres")]
    new = [Paragraph("pre_1", "Reconociendo"), Paragraph("op_3", "Tres"), Paragraph("op_1", "Uno"), Paragraph("op_2", "Dos y más")]
    changes = {c.eid: c for c in compare(old, new)}
    assert changes["op_3"].change == Change.MOVED
    assert changes["op_1"].change == Change.UNCHANGED
    assert changes["op_2"].change == Change.MODIFIED and not changes["op_2"].moved
    assert [(p.op, p.text) for p in changes["op_2"].ops] == [(Op.EQUAL, "Dos"), (Op.INSERT, " y más")]
