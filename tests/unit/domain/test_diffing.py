"""Properties of the word diff and of the structure-aware compare (pure, no database)."""

from __future__ import annotations

import unicodedata
from itertools import accumulate, pairwise

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workspace.domain.compare_render import html_sides, text_inline
from workspace.domain.diffing import (
    Change,
    Op,
    Paragraph,
    Patch,
    Piece,
    apply,
    apply_patch,
    compare,
    make_patch,
    normalize_space,
    result_of,
    similarity,
    source_of,
    tokens,
    word_diff,
)
from workspace.domain.errors import Conflict, FailedHunk, PatchFailed
from workspace.domain.words import is_space, line_ends

# Text our users write: accents precomposed and combining (also alone, after a space or at the start),
# Turkish, Arabic with its vowel marks and Hebrew (RTL), quotes, CRLF and a lone CR, Markdown markup.
ALPHABET = st.sampled_from(
    list("abcdeéèñçüöışğ ÉÑ.,;:«»“”'-*_\n\r") + [
        "\r\n", "e\u0301", "a\u0300", "\u0301", "مدينة", "مَدِينَة", "\u064e", "שלום", "  ", "\t", "—", "\u00a0",
    ]
)
texts = st.lists(ALPHABET, max_size=60).map("".join)


@st.composite
def revisions(draw):
    """Two texts: unrelated, or a long one and the same with one stretch replaced, cut anywhere."""
    if draw(st.booleans()):
        return draw(texts), draw(texts)
    old = "".join(draw(st.lists(ALPHABET, min_size=20, max_size=200)))
    start = draw(st.integers(0, len(old)))
    end = draw(st.integers(start, min(len(old), start + 12)))
    return old, old[:start] + "".join(draw(st.lists(ALPHABET, max_size=4))) + old[end:]


words = st.sampled_from(["ciudades", "intermedias", "gobiernos", "locales", "territorio", "Kütahya", "résilience", "مدن"])
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(revisions())
def test_applying_the_diff_to_the_old_text_gives_the_new(texts_):
    old, new = texts_
    pieces = word_diff(old, new)
    assert source_of(pieces) == old
    assert apply(old, pieces) == new


@settings(max_examples=100, deadline=None)
@given(texts)
def test_the_diff_of_identical_texts_is_one_equal_piece(text):
    assert word_diff(text, text) == ((Piece(Op.EQUAL, text),) if text else ())
    assert similarity(text, text) == 1.0


def boundaries(pieces, side):
    """Offsets in the old (side=Op.DELETE) or new (Op.INSERT) text where the pieces cut it."""
    return list(accumulate(len(p.text) for p in pieces if p.op != -side))


@settings(max_examples=400, deadline=None)
@given(revisions())
def test_every_cut_falls_between_whole_tokens_of_both_texts(texts_):
    old, new = texts_
    pieces = word_diff(old, new)
    for text, side in ((old, Op.DELETE), (new, Op.INSERT)):
        between_tokens = set(accumulate(len(t) for t in tokens(text)))
        assert set(boundaries(pieces, side)) <= between_tokens | {0}
        for cut in boundaries(pieces, side)[:-1]:
            # Independently of how tokens are defined: no accent, CRLF or word is cut in two.
            assert not unicodedata.combining(text[cut]), (text, cut)
            assert text[cut - 1 : cut + 1] != "\r\n"
            assert not (text[cut - 1].isalnum() and text[cut].isalnum()), (text, cut)


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_changes_are_tidy_deletion_then_insertion_never_two_pieces_of_one_kind(old, new):
    ops = [p.op for p in word_diff(old, new)]
    assert all(a != b for a, b in pairwise(ops))
    assert all((a, b) != (Op.INSERT, Op.DELETE) for a, b in pairwise(ops))


# Kept words, deleted words and inserted words from separate vocabularies: the best alignment is known.
kept_words = st.sampled_from(["ciudades", "intermedias", "gobiernos", "locales", "de", "la", "y", "al", "Kütahya"])
gone_words = st.sampled_from(["antiguo", "texto", "suprimido", "el", "o"])
new_words = st.sampled_from(["nuevo", "añadido", "résilience", "en", "con"])
segments = st.lists(
    st.tuples(st.lists(kept_words, min_size=1, max_size=4), st.lists(gone_words, max_size=3), st.lists(new_words, max_size=3)),
    min_size=1, max_size=6,
)


def short(word):
    return len(unicodedata.normalize("NFC", word)) <= 3


@settings(max_examples=300, deadline=None)
@given(segments)
def test_a_kept_run_of_words_between_changes_stays_kept_unless_it_is_one_short_word(parts):
    old = " ".join(" ".join(kept + gone) for kept, gone, _ in parts)
    new = " ".join(" ".join(kept + added) for kept, _, added in parts)
    kept_words_shown = " ".join(p.text for p in word_diff(old, new) if p.op == Op.EQUAL).split()
    for kept, _, _ in parts:
        if len(kept) > 1 or not short(kept[0]):
            for word in kept:
                assert word in kept_words_shown, (old, new, word)


def test_a_short_word_between_two_changes_joins_them_and_a_longer_run_does_not():
    assert text_inline(word_diff("el apoyo de la red", "un apoyo firme de la red")) == "[-el-]{+un+} apoyo {+firme +}de la red"
    assert text_inline(word_diff("A y B", "C y D")) == "[-A y B-]{+C y D+}"
    assert text_inline(word_diff("A, B", "C, D")) == "[-A, B-]{+C, D+}"
    assert text_inline(word_diff("A para B", "C para D")) == "[-A-]{+C+} para [-B-]{+D+}"


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        # The Kütahya Rev.1: never half a word changed.
        ("Pedimos al G20 que dé continuidad", "Pedimos a las próximas Presidencias del G20 que den continuidad",
         "Pedimos [-al-]{+a las próximas Presidencias del+} G20 que [-dé-]{+den+} continuidad"),
        # A kept run of words stays kept: not one big replacement.
        ("Acceso universal al agua potable", "Acceso universal, asequible y seguro al agua potable y al saneamiento",
         "Acceso universal{+, asequible y seguro+} al agua potable{+ y al saneamiento+}"),
        # A sentence inserted between two others starts after the full stop.
        ("Uno. Dos.", "Uno. Tres. Dos.", "Uno.{+ Tres.+} Dos."),
        # A letter and its combining accent stay together, whichever way the accent is written.
        ("resilie\u0301nce", "résilience", "[-resilie\u0301nce-]{+résilience+}"),
    ],
)
def test_word_diffs_read_as_a_committee_expects(old, new, shown):
    assert text_inline(word_diff(old, new)) == shown


def test_a_replaced_word_is_a_deletion_and_an_insertion_among_equal_words():
    pieces = word_diff("Las ciudades intermedias son clave.", "Las ciudades intermedias son esenciales.")
    assert [(p.op, p.text) for p in pieces] == [
        (Op.EQUAL, "Las ciudades intermedias son "), (Op.DELETE, "clave"), (Op.INSERT, "esenciales"), (Op.EQUAL, "."),
    ]


def test_pieces_travel_as_op_and_text_pairs_as_the_api_always_sent_them():
    pieces = word_diff("Dos", "Dos y más")
    assert msgspec.json.encode(pieces) == b'[[0,"Dos"],[1," y m\xc3\xa1s"]]'
    assert msgspec.json.decode(b'[[0,"Dos"],[1," y m\xc3\xa1s"]]', type=list[Piece]) == list(pieces)
    assert compare(
        [Paragraph("op_2", "Dos")], [Paragraph("op_2", "Dos y más")]
    )[0].as_json()["ops"] == [[0, "Dos"], [1, " y más"]]


def test_pieces_render_as_text_and_as_html_sides():
    pieces = word_diff("Uno <b>", "Uno más <b>")
    assert text_inline(pieces) == "Uno {+más +}<b>"
    assert html_sides(pieces) == ("Uno &lt;b&gt;", "Uno <ins>más </ins>&lt;b&gt;")


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


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("ciudades\nintermedias", "ciudades intermedias"),
        ("ciudades \r\n\t  intermedias ", "ciudades intermedias "),
        ("Uno.\n\nDos.\r\n \r\nTres.", "Uno.\n\nDos.\n\nTres."),
        ("10\u00a0%", "10\u00a0%"),  # a no-break space is a character the author chose, not a wrap
    ],
)
def test_normal_space_is_how_markdown_reads_a_wrapped_text(text, read_as):
    assert normalize_space(text) == read_as


def test_a_rewrapped_paragraph_is_unchanged_and_shown_as_the_new_text():
    old = [Paragraph("op_1", "Las ciudades intermedias\nson clave."), Paragraph("op_2", "Dos."), Paragraph("op_3", "Tres.")]
    new = [Paragraph("op_2", "Dos."), Paragraph("op_3", "Tres."), Paragraph("op_1", "Las ciudades\nintermedias son  clave.")]
    changes = {c.eid: c for c in compare(old, new)}
    assert changes["op_1"].change == Change.MOVED
    assert changes["op_1"].ops == (Piece(Op.EQUAL, "Las ciudades\nintermedias son  clave."),)
    assert compare(old[:1], new[2:])[0].change == Change.UNCHANGED


def test_inside_a_modified_paragraph_a_rewrap_is_not_a_change():
    [change] = compare([Paragraph("op_1", "Las ciudades\nintermedias son clave.")],
                       [Paragraph("op_1", "Las ciudades intermedias\nson esenciales.")])
    assert change.change == Change.MODIFIED
    assert change.ops == (
        Piece(Op.EQUAL, "Las ciudades intermedias\nson "), Piece(Op.DELETE, "clave"), Piece(Op.INSERT, "esenciales"),
        Piece(Op.EQUAL, "."),
    )


@st.composite
def rewrapped(draw, texts):
    """A text of `texts`, with each run of space (not a blank line) wrapped some other way, or not."""
    wraps = st.sampled_from([" ", "\n", "  ", "\t", " \n ", "\r\n"])
    return "".join(draw(wraps) if is_space(t) and line_ends(t) < 2 else t for t in tokens(draw(texts)))


@settings(max_examples=300, deadline=None)
@given(st.shared(texts, key="old"), st.one_of(texts, rewrapped(st.shared(texts, key="old"))))
def test_compare_reports_a_change_exactly_when_the_texts_read_differently(old, new):
    [change] = compare([Paragraph("op_1", old)], [Paragraph("op_1", new)])
    assert (change.change == Change.UNCHANGED) == (normalize_space(old) == normalize_space(new))
    assert result_of(change.ops) == new
    assert normalize_space(source_of(change.ops)) == normalize_space(old)
    pieces = list(change.ops) + [Piece(Op.EQUAL, "")]
    deleted = inserted = ""
    for piece in pieces:  # no change is only a difference of wrapping
        if piece.op == Op.EQUAL:
            assert not (deleted or inserted) or normalize_space(deleted) != normalize_space(inserted), change.ops
            deleted = inserted = ""
        elif piece.op == Op.DELETE:
            deleted += piece.text
        else:
            inserted += piece.text


# Patches: what an amendment carries from the text it was made on to the current text.
kept_sentence = st.lists(st.sampled_from(["ciudades", "intermedias", "gobiernos", "locales", "Kütahya", "résilience",
                                          "territorio", "cohesión", "«clave»", "2030", "مدن", "e\u0301lu"]),
                         min_size=4, max_size=10, unique=True)
other_sentence = st.lists(st.sampled_from(["agua", "saneamiento", "vivienda", "movilidad", "cultura", "salud"]),
                          min_size=2, max_size=6, unique=True)
MIDDLE = ". Por otra parte, en todo caso, "


@st.composite
def edited(draw, words):
    """`words` joined, and the same with one word replaced, deleted, or followed by an inserted one; and where."""
    chosen = draw(words)
    at = draw(st.integers(0, len(chosen) - 1))
    how = draw(st.sampled_from(["replace", "delete", "insert"]))
    changed = list(chosen)
    if how == "replace":
        changed[at] = "nuevo"
    elif how == "delete":
        del changed[at]
    else:
        changed.insert(at + 1, "nuevo")
    return " ".join(chosen), " ".join(changed), chosen[at]


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_a_patch_applied_to_its_own_old_text_gives_the_new(old, new):
    patch = make_patch(old, new)
    assert apply_patch(patch, old) == new
    assert Patch.from_text(patch.as_text()) == patch
    assert apply_patch(Patch.from_text(patch.as_text()), old) == new


@settings(max_examples=200, deadline=None)
@given(edited(kept_sentence), edited(other_sentence), st.booleans())
def test_a_patch_still_applies_when_another_sentence_changed(amended, elsewhere, amended_first):
    (old, new, _), (other, other_now, _) = amended, elsewhere
    def text(mine, theirs):
        return mine + MIDDLE + theirs if amended_first else theirs + MIDDLE + mine
    assert apply_patch(make_patch(text(old, other), text(new, other)), text(old, other_now)) == text(new, other_now)


@settings(max_examples=200, deadline=None)
@given(edited(kept_sentence), st.sampled_from(["viejo", "distinto"]))
def test_a_patch_whose_words_changed_meanwhile_is_refused_and_never_misapplied(amended, meanwhile):
    old, new, word = amended
    current = old.replace(word, meanwhile)
    with pytest.raises(PatchFailed) as caught:
        apply_patch(make_patch(old, new), current)
    assert [f.index for f in caught.value.failed] == [0]
    assert word in caught.value.failed[0].expected


def test_a_failed_patch_names_each_hunk_that_failed_and_what_it_expected():
    old = "Uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce."
    new = "Uno DOS tres cuatro cinco seis siete ocho nueve diez once doce TRECE catorce."
    patch = make_patch(old, new)
    assert len(patch.hunks) == 2
    with pytest.raises(PatchFailed) as caught:
        apply_patch(patch, old.replace("trece", "13"))
    assert caught.value.failed == (FailedHunk(1, "diez once doce trece catorce."),)
    assert caught.value.detail == {"failed": [{"hunk": 1, "expected": "diez once doce trece catorce."}]}
