"""Properties of the word diff and of the structure-aware compare (pure, no database)."""

from __future__ import annotations

import unicodedata
from itertools import accumulate, pairwise

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.compare_render import (
    as_read,
    html_inline,
    html_sides,
    markdown_inline,
    markdown_sides,
    text_inline,
)
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
    merge,
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
    [
        *"abcdeéèñçüöışğ ÉÑ.,;:«»“”'-*_\n\r",
        "\r\n",
        "e\u0301",
        "a\u0300",
        "\u0301",
        "مدينة",
        "مَدِينَة",
        "\u064e",
        "שלום",
        "  ",
        "\t",
        "—",
        "\u00a0",
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


words = st.sampled_from(
    ["ciudades", "intermedias", "gobiernos", "locales", "territorio", "Kütahya", "résilience", "مدن"]
)
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=examples(300), deadline=None)
@given(revisions())
def test_applying_the_diff_to_the_old_text_gives_the_new(texts_):
    old, new = texts_
    pieces = word_diff(old, new)
    assert source_of(pieces) == old
    assert apply(old, pieces) == new


@settings(max_examples=examples(100), deadline=None)
@given(texts)
def test_the_diff_of_identical_texts_is_one_equal_piece(text):
    assert word_diff(text, text) == ((Piece(Op.EQUAL, text),) if text else ())
    assert similarity(text, text) == 1.0


def boundaries(pieces, side):
    """Offsets in the old (side=Op.DELETE) or new (Op.INSERT) text where the pieces cut it."""
    return list(accumulate(len(p.text) for p in pieces if p.op != -side))


@settings(max_examples=examples(400), deadline=None)
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


@settings(max_examples=examples(200), deadline=None)
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
    st.tuples(
        st.lists(kept_words, min_size=1, max_size=4), st.lists(gone_words, max_size=3), st.lists(new_words, max_size=3)
    ),
    min_size=1,
    max_size=6,
)


def short(word):
    return len(unicodedata.normalize("NFC", word)) <= 3


@settings(max_examples=examples(300), deadline=None)
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
    assert (
        text_inline(word_diff("el apoyo de la red", "un apoyo firme de la red"))
        == "[-el-]{+un+} apoyo {+firme +}de la red"
    )
    assert text_inline(word_diff("A y B", "C y D")) == "[-A y B-]{+C y D+}"
    assert text_inline(word_diff("A, B", "C, D")) == "[-A, B-]{+C, D+}"
    assert text_inline(word_diff("A para B", "C para D")) == "[-A-]{+C+} para [-B-]{+D+}"


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        # The Kütahya Rev.1: never half a word changed.
        (
            "Pedimos al G20 que dé continuidad",
            "Pedimos a las próximas Presidencias del G20 que den continuidad",
            "Pedimos [-al-]{+a las próximas Presidencias del+} G20 que [-dé-]{+den+} continuidad",
        ),
        # A kept run of words stays kept: not one big replacement.
        (
            "Acceso universal al agua potable",
            "Acceso universal, asequible y seguro al agua potable y al saneamiento",
            "Acceso universal{+, asequible y seguro+} al agua potable{+ y al saneamiento+}",
        ),
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
        (Op.EQUAL, "Las ciudades intermedias son "),
        (Op.DELETE, "clave"),
        (Op.INSERT, "esenciales"),
        (Op.EQUAL, "."),
    ]


def test_pieces_travel_as_op_and_text_pairs_as_the_api_always_sent_them():
    pieces = word_diff("Dos", "Dos y más")
    assert msgspec.json.encode(pieces) == b'[[0,"Dos"],[1," y m\xc3\xa1s"]]'
    assert msgspec.json.decode(b'[[0,"Dos"],[1," y m\xc3\xa1s"]]', type=list[Piece]) == list(pieces)
    assert compare([Paragraph("op_2", "Dos")], [Paragraph("op_2", "Dos y más")])[0].as_json()["ops"] == [
        [0, "Dos"],
        [1, " y más"],
    ]


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


@settings(max_examples=examples(100), deadline=None)
@given(paragraph_lists)
def test_comparing_a_version_with_itself_reports_nothing_changed(doc):
    assert {c.change for c in compare(doc, doc)} <= {Change.UNCHANGED}


@settings(max_examples=examples(100), deadline=None)
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


@settings(max_examples=examples(100), deadline=None)
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
    old = [
        Paragraph("pre_1", "Reconociendo"),
        Paragraph("op_1", "Uno"),
        Paragraph("op_2", "Dos"),
        Paragraph("op_3", "Tres"),
    ]
    new = [
        Paragraph("pre_1", "Reconociendo"),
        Paragraph("op_3", "Tres"),
        Paragraph("op_1", "Uno"),
        Paragraph("op_2", "Dos y más"),
    ]
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
    old = [
        Paragraph("op_1", "Las ciudades intermedias\nson clave."),
        Paragraph("op_2", "Dos."),
        Paragraph("op_3", "Tres."),
    ]
    new = [
        Paragraph("op_2", "Dos."),
        Paragraph("op_3", "Tres."),
        Paragraph("op_1", "Las ciudades\nintermedias son  clave."),
    ]
    changes = {c.eid: c for c in compare(old, new)}
    assert changes["op_1"].change == Change.MOVED
    assert source_of(changes["op_1"].ops) == old[0].text and result_of(changes["op_1"].ops) == new[2].text
    assert as_read(changes["op_1"].ops) == [Piece(Op.EQUAL, "Las ciudades\nintermedias son  clave.")]
    assert compare(old[:1], new[2:])[0].change == Change.UNCHANGED


def test_inside_a_modified_paragraph_a_rewrap_is_kept_in_the_ops_and_not_shown():
    [change] = compare(
        [Paragraph("op_1", "Las ciudades\nintermedias son clave.")],
        [Paragraph("op_1", "Las ciudades intermedias\nson esenciales.")],
    )
    assert change.change == Change.MODIFIED
    assert change.ops == (
        Piece(Op.EQUAL, "Las ciudades"),
        Piece(Op.DELETE, "\n"),
        Piece(Op.INSERT, " "),
        Piece(Op.EQUAL, "intermedias"),
        Piece(Op.DELETE, " "),
        Piece(Op.INSERT, "\n"),
        Piece(Op.EQUAL, "son "),
        Piece(Op.DELETE, "clave"),
        Piece(Op.INSERT, "esenciales"),
        Piece(Op.EQUAL, "."),
    )
    assert as_read(change.ops) == [
        Piece(Op.EQUAL, "Las ciudades intermedias\nson "),
        Piece(Op.DELETE, "clave"),
        Piece(Op.INSERT, "esenciales"),
        Piece(Op.EQUAL, "."),
    ]


def test_a_rewrap_next_to_a_change_is_one_change_in_the_ops_and_kept_spaces_when_shown():
    # The old line break after "clave" joins the change (one deletion, then one insertion) …
    [change] = compare([Paragraph("op_1", "Son clave\npara todos.")], [Paragraph("op_1", "Son esenciales para todos.")])
    assert change.ops == (
        Piece(Op.EQUAL, "Son "),
        Piece(Op.DELETE, "clave\n"),
        Piece(Op.INSERT, "esenciales "),
        Piece(Op.EQUAL, "para todos."),
    )
    # … and is shown as the new space, outside it, as before the ops kept both texts.
    assert text_inline(change.ops) == "Son [-clave-]{+esenciales+} para todos."


@pytest.mark.parametrize(
    ("ops", "shown"),
    [
        ([(0, "a"), (-1, " "), (1, "\n"), (0, "b")], "a\nb"),  # a line break for a space
        ([(0, "a"), (-1, "\n"), (1, "\r\n  "), (0, "b")], "a\r\n  b"),
        ([(0, "a"), (-1, " "), (1, "\n\n"), (0, "b")], "a[- -]{+\n\n+}b"),  # a new blank line is a new paragraph
        ([(0, "a"), (1, " "), (0, ",b")], "a{+ +},b"),  # a space where there was none reads differently
        ([(0, "a "), (-1, "x\n"), (1, "y "), (0, "b")], "a [-x-]{+y+} b"),
        ([(-1, "\nx"), (1, " y")], " [-x-]{+y+}"),
        ([(-1, "x y"), (1, "x\ny")], "x\ny"),  # a change that only re-wraps is none
        ([(-1, "x\ny "), (1, "z y\n")], "[-x\ny-]{+z y+}\n"),  # inside a change, the old text as it was
    ],
)
def test_what_is_shown_of_a_change_of_spaces(ops, shown):
    pieces = [Piece(Op(op), text) for op, text in ops]
    assert text_inline(pieces) == shown
    assert result_of(as_read(pieces)) == result_of(pieces)


@st.composite
def rewrapped(draw, texts):
    """A text of `texts`, with each run of space (not a blank line) wrapped some other way, or not."""
    wraps = st.sampled_from([" ", "\n", "  ", "\t", " \n ", "\r\n"])
    return "".join(draw(wraps) if is_space(t) and line_ends(t) < 2 else t for t in tokens(draw(texts)))


def change_groups(pieces):
    """Each run of changes between two kept runs, as (deleted, inserted)."""
    groups, deleted, inserted = [], "", ""
    for piece in [*pieces, Piece(Op.EQUAL, "")]:
        if piece.op == Op.EQUAL:
            if deleted or inserted:
                groups.append((deleted, inserted))
            deleted = inserted = ""
        elif piece.op == Op.DELETE:
            deleted += piece.text
        else:
            inserted += piece.text
    return groups


def rebuilds_both(change):
    assert source_of(change.ops) == (change.old_text or ""), change
    assert result_of(change.ops) == (change.new_text or ""), change


def shown_unchanged(ops):
    """Nothing marked as inserted or deleted, in any way a compare is shown."""
    marked = [html_inline(ops), *html_sides(ops), markdown_inline(ops), *markdown_sides(ops)]
    return not any(tag in html for html in marked for tag in ("<ins>", "<del>")) and "[-" not in text_inline(ops)


@st.composite
def revised_and_rewrapped(draw):
    """Two texts as `revisions` makes them, the newer one also re-wrapped, or not."""
    old, new = draw(revisions())
    return old, draw(st.one_of(st.just(new), rewrapped(st.just(new))))


@settings(max_examples=examples(300), deadline=None)
@given(
    st.one_of(
        st.shared(texts, key="old").flatmap(
            lambda old: st.tuples(st.just(old), st.one_of(texts, rewrapped(st.just(old))))
        ),
        revised_and_rewrapped(),
    )
)
def test_compare_reports_a_change_exactly_when_the_texts_read_differently(texts_):
    old, new = texts_
    [change] = compare([Paragraph("op_1", old)], [Paragraph("op_1", new)])
    assert (change.change == Change.UNCHANGED) == (normalize_space(old) == normalize_space(new))
    rebuilds_both(change)  # the ops keep both texts, spaces and line breaks included
    assert all(a != b for a, b in pairwise(p.op for p in change.ops))
    assert all((a, b) != (Op.INSERT, Op.DELETE) for a, b in pairwise(p.op for p in change.ops))
    shown = as_read(change.ops)
    assert result_of(shown) == new and normalize_space(source_of(shown)) == normalize_space(old)
    for deleted, inserted in change_groups(shown):  # no change shown is only a difference of wrapping
        assert normalize_space(deleted) != normalize_space(inserted), change.ops
    if change.change == Change.UNCHANGED:
        assert shown_unchanged(change.ops), change.ops


@settings(max_examples=examples(300), deadline=None)
@given(st.shared(texts, key="rewrap"), rewrapped(st.shared(texts, key="rewrap")))
def test_a_rewrap_is_shown_as_no_change_whichever_diff_made_it(old, new):
    [change] = compare([Paragraph("op_1", old)], [Paragraph("op_1", new)])
    assert change.change == Change.UNCHANGED
    assert shown_unchanged(change.ops), change.ops
    assert shown_unchanged(word_diff(old, new)), word_diff(old, new)  # as an amendment's own diff too


multiline = st.lists(st.sampled_from([*ALPHABET.elements, "ciudades", "intermedias"]), max_size=40).map("".join)


@st.composite
def revised_documents(draw):
    """Two versions of a document of texts with line breaks: each paragraph kept, re-wrapped, revised,
    re-wrapped and revised, or deleted; new ones added; and the order shuffled."""
    old = [Paragraph(f"op_{i}", text) for i, text in enumerate(draw(st.lists(multiline, max_size=8)))]
    new = []
    for p in old:
        how = draw(st.sampled_from(["keep", "rewrap", "revise", "both", "delete"]))
        if how == "delete":
            continue
        text = p.text if how in ("keep", "revise") else draw(rewrapped(st.just(p.text)))
        if how in ("revise", "both"):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(multiline) + text[at + draw(st.integers(0, 6)) :]
        new.append(Paragraph(p.eid, text))
    new += [Paragraph(f"new_{i}", text) for i, text in enumerate(draw(st.lists(multiline, max_size=3)))]
    return old, draw(st.permutations(new))


@settings(max_examples=examples(300), deadline=None)
@given(revised_documents())
def test_the_ops_of_every_change_kind_rebuild_both_texts_exactly(documents):
    old, new = documents
    changes = compare(old, new)
    for c in changes:
        rebuilds_both(c)
        assert all(a != b for a, b in pairwise(p.op for p in c.ops)), c.ops  # tidy: a change is one deletion,
        assert all((a, b) != (Op.INSERT, Op.DELETE) for a, b in pairwise(p.op for p in c.ops)), (
            c.ops
        )  # then one insertion
        assert msgspec.json.decode(msgspec.json.encode(c.as_json()))["ops"] == [[int(p.op), p.text] for p in c.ops]
    assert {c.change for c in changes} <= {
        Change.ADDED,
        Change.DELETED,
        Change.MOVED,
        Change.MODIFIED,
        Change.UNCHANGED,
    }


@settings(max_examples=examples(300), deadline=None)
@given(revised_and_rewrapped())
def test_word_diff_rebuilds_both_texts_with_their_line_breaks(texts_):
    old, new = texts_
    pieces = word_diff(old, new)
    assert source_of(pieces) == old and result_of(pieces) == new
    assert all(a != b for a, b in pairwise(p.op for p in pieces)), pieces
    assert all((a, b) != (Op.INSERT, Op.DELETE) for a, b in pairwise(p.op for p in pieces)), pieces


# Patches: what an amendment carries from the text it was made on to the current text.
kept_sentence = st.lists(
    st.sampled_from(
        [
            "ciudades",
            "intermedias",
            "gobiernos",
            "locales",
            "Kütahya",
            "résilience",
            "territorio",
            "cohesión",
            "«clave»",
            "2030",
            "مدن",
            "e\u0301lu",
        ]
    ),
    min_size=4,
    max_size=10,
    unique=True,
)
other_sentence = st.lists(
    st.sampled_from(["agua", "saneamiento", "vivienda", "movilidad", "cultura", "salud"]),
    min_size=2,
    max_size=6,
    unique=True,
)
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


@settings(max_examples=examples(200), deadline=None)
@given(texts, texts)
def test_a_patch_applied_to_its_own_old_text_gives_the_new(old, new):
    patch = make_patch(old, new)
    assert apply_patch(patch, old) == new
    assert Patch.from_text(patch.as_text()) == patch
    assert apply_patch(Patch.from_text(patch.as_text()), old) == new


@settings(max_examples=examples(200), deadline=None)
@given(edited(kept_sentence), edited(other_sentence), st.booleans())
def test_a_patch_still_applies_when_another_sentence_changed(amended, elsewhere, amended_first):
    (old, new, _), (other, other_now, _) = amended, elsewhere

    def text(mine, theirs):
        return mine + MIDDLE + theirs if amended_first else theirs + MIDDLE + mine

    assert apply_patch(make_patch(text(old, other), text(new, other)), text(old, other_now)) == text(new, other_now)


@settings(max_examples=examples(200), deadline=None)
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


# Three-way merge: a stale edit of the draft offered combined with the change made meanwhile ---------------


def test_two_edits_of_different_words_merge_and_edits_of_the_same_words_do_not():
    base = "Nos comprometemos a fortalecer la gobernanza multinivel y la financiación local."
    mine = "Nos comprometemos a fortalecer decididamente la gobernanza multinivel y la financiación local."
    theirs = "Nos comprometemos a fortalecer la gobernanza multinivel y la financiación local sostenible."
    assert (
        merge(base, mine, theirs)
        == "Nos comprometemos a fortalecer decididamente la gobernanza multinivel y la financiación local sostenible."
    )
    rival = "Nos comprometemos a impulsar la gobernanza multinivel y la financiación local."
    assert merge(base, mine, rival) is None  # both changed "fortalecer": the person decides


@given(base=st.text(alphabet="abc ", max_size=40), mine=st.text(alphabet="abc ", max_size=40))
def test_a_merge_with_an_unchanged_side_is_the_other_side(base, mine):
    assert merge(base, mine, base) == mine
    assert merge(base, base, mine) == mine
    assert merge(base, mine, mine) == mine
