"""Anchors of comment threads: properties of re-anchoring a quote, and the Kütahya drafts (pure, no database)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.comments.anchoring import FUZZY_THRESHOLD, Anchor, AnchorState, anchor
from workspace.domain.comments.quotes import CONTEXT, Quote, check_quote, quote_at
from workspace.domain.declaration.declaration_format import parse_declaration
from workspace.domain.diffing import Op, Piece, result_of, similarity, source_of, word_diff
from workspace.domain.errors import InvalidInput
from workspace.domain.words import tokens

DRAFTS = Path(__file__).parents[3] / "drafts" / "kutahya-2021" / "declaration"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Paragraph words (accents, a Turkish name, Arabic), and words only an edit brings: a quote of the
# first kind can never be mistaken for the second.
vocabulary = st.sampled_from(
    [
        "ciudades",
        "intermedias",
        "gobiernos",
        "locales",
        "de",
        "la",
        "y",
        "Kütahya",
        "résilience",
        "niñas",
        "coopération",
        "territorio",
        "مدن",
        "resiliencia",
        "Ciudades",
    ]
)
edit_words = st.lists(st.sampled_from(["nuevo", "añadido", "também", "économie", "según"]), min_size=1, max_size=4)


def joined(words: list[str]) -> tuple[str, list[int]]:
    """The words with one space between them, and where each word starts."""
    starts, at = [], 0
    for word in words:
        starts.append(at)
        at += len(word) + 1
    return " ".join(words), starts


def span_of(words: list[str], i: int, j: int) -> tuple[int, int]:
    """Offsets of words[i:j] in " ".join(words)."""
    _, starts = joined(words)
    return starts[i], starts[j - 1] + len(words[j - 1])


def shortest_edit(a: str, b: str) -> int:
    """Tokens deleted plus inserted by a shortest edit of `a` into `b` (longest common subsequence)."""
    x, y = tokens(a), tokens(b)
    row = [0] * (len(y) + 1)
    for token in x:
        diagonal, row[0] = 0, 0
        for j, other in enumerate(y):
            diagonal, row[j + 1] = row[j + 1], diagonal + 1 if token == other else max(row[j + 1], row[j])
    return len(x) + len(y) - 2 * row[-1]


@st.composite
def edits_around_a_quote(draw):
    """A paragraph of words, a quote of whole words, and an edit (insertion, deletion or replacement
    of words) strictly before or strictly after the quote: (old words, quote span, new words, new span)."""
    words = draw(st.lists(vocabulary, min_size=2, max_size=40))
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i + 1, min(len(words), i + 15)))
    before = draw(st.booleans())
    lo, hi = (0, i) if before else (j, len(words))
    a = draw(st.integers(lo, hi))
    b = draw(st.integers(a, hi))  # words[a:b] go (none: an insertion)
    added = draw(edit_words) if a == b or draw(st.booleans()) else []
    assume(a < b or added)
    new = words[:a] + added + words[b:]
    shift = len(added) - (b - a) if before else 0
    return words, (i, j), new, (i + shift, j + shift)


@settings(max_examples=examples(250), deadline=None)
@given(edits_around_a_quote())
def test_a_quote_on_words_untouched_by_an_edit_is_exact_at_the_shifted_offsets(case):
    old_words, (i, j), new_words, (k, m) = case
    old, new = " ".join(old_words), " ".join(new_words)
    quote = quote_at(old, *span_of(old_words, i, j))
    found = anchor(quote, old, new)
    assert found.state == AnchorState.EXACT, (old, new, quote, found)
    assert found.text == quote.exact and found.score == 1.0 and found.diff == ()
    if (found.start, found.end) != span_of(new_words, k, m):
        # Only where the edit reads two ways ("de la" deleted from "de la de la"): then another
        # equally short edit leaves the quote untouched where it was found.
        assert shortest_edit(old[: quote.start], new[: found.start]) + shortest_edit(
            old[quote.end :], new[found.end :]
        ) == shortest_edit(old, new), (old, new, quote, found)


@settings(max_examples=examples(250), deadline=None)
@given(st.lists(vocabulary, min_size=2, max_size=40), st.data())
def test_a_quote_whose_words_were_deleted_is_outdated_or_on_the_same_words(words, data):
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, min(len(words), i + 15)))
    a = data.draw(st.integers(0, i))  # the deletion takes the quote and maybe words around it
    b = data.draw(st.integers(j, len(words)))
    replaced = data.draw(st.lists(vocabulary, max_size=3))
    old, new = " ".join(words), " ".join(words[:a] + replaced + words[b:])
    quote = quote_at(old, *span_of(words, i, j))
    found = anchor(quote, old, new)
    assert_never_on_other_words(quote, old, new, found)
    if found.state != AnchorState.OUTDATED:
        assert found.state == AnchorState.FUZZY or found.text == quote.exact


def assert_never_on_other_words(quote: Quote, origin: str, current: str, found: Anchor) -> None:
    """Found, an anchor covers the quote's very characters, or words at least FUZZY_THRESHOLD similar;
    outdated, it says where nothing, and shows the diff since the thread was made."""
    if found.state == AnchorState.OUTDATED:
        assert (found.start, found.end, found.text) == (None, None, None)
        assert source_of(found.diff) == nfc(origin) and result_of(found.diff) == nfc(current)
        assert 0.0 <= found.score < FUZZY_THRESHOLD
        return
    assert found.text == current[found.start : found.end]
    if found.state == AnchorState.FUZZY:
        assert found.score == similarity(quote.exact, found.text) >= FUZZY_THRESHOLD
        assert found.text == found.text.strip() and found.diff == word_diff(nfc(origin), nfc(current))
    else:
        assert nfc(found.text) == nfc(quote.exact) and found.score == 1.0 and found.diff == ()


# Text our users write, as in the diff's properties: accents precomposed and combining, Arabic and
# Hebrew, quotes, CRLF, Markdown markup.
ALPHABET = st.sampled_from(
    [*"abcdeéèñçüöışğ ÉÑ.,;:«»“”'-*_\n\r", "\r\n", "e\u0301", "a\u0300", "\u0301", "مَدِينَة", "שלום", "  ", "—"]
)
texts = st.lists(ALPHABET, min_size=1, max_size=60).map("".join)


@st.composite
def quotes_in(draw, text_strategy=texts):
    """A text and a quote that quote_at accepts on it."""
    text = draw(text_strategy)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    try:
        return text, quote_at(text, start, end)
    except InvalidInput:
        assume(False)
        raise


@settings(max_examples=examples(200), deadline=None)
@given(quotes_in(), st.booleans())
def test_an_unchanged_text_anchors_the_quote_exactly_at_the_same_offsets(case, moved):
    text, quote = case
    found = anchor(quote, text, text, paragraph_moved=moved)
    assert found == Anchor(
        AnchorState.MOVED if moved else AnchorState.EXACT, quote.start, quote.end, quote.exact, 1.0, ()
    )


@settings(max_examples=examples(200), deadline=None)
@given(quotes_in(), texts)
def test_wherever_a_quote_lands_it_is_the_same_words_or_similar_enough(case, current):
    origin, quote = case
    for now in (current, origin + current, current + origin, origin.replace(quote.exact, current, 1)):
        assert_never_on_other_words(quote, origin, now, anchor(quote, origin, now))


@settings(max_examples=examples(150), deadline=None)
@given(edits_around_a_quote(), st.sampled_from([(nfc, nfd), (nfd, nfc), (nfd, nfd)]))
def test_anchoring_does_not_depend_on_how_accents_are_written(case, forms):
    old_words, (i, j), new_words, _ = case
    as_old, as_new = forms
    old, new = " ".join(old_words), " ".join(new_words)
    found = anchor(quote_at(old, *span_of(old_words, i, j)), old, new)  # both precomposed
    old_form, new_form = as_old(old), as_new(new)
    start = len(as_old(old[: span_of(old_words, i, j)[0]]))  # the same words, offsets in the other form
    end = start + len(as_old(old[slice(*span_of(old_words, i, j))]))
    other = anchor(quote_at(old_form, start, end), old_form, new_form)
    assert other.state == found.state == AnchorState.EXACT
    assert nfc(other.text) == found.text
    assert other.start == len(as_new(new[: found.start])) and other.end == len(as_new(new[: found.end]))


def test_a_quote_written_with_combining_accents_is_found_in_precomposed_text():
    origin = "La re\u0301silience des villes interme\u0301diaires."
    quote = quote_at(origin, 3, 14)
    assert quote.exact == "re\u0301silience"
    found = anchor(quote, origin, "Toute la résilience des villes intermédiaires.")
    assert (found.state, found.text, found.start, found.end) == (AnchorState.EXACT, "résilience", 9, 19)


phrases = st.sampled_from(["la red de ciudades", "gobiernos locales", "Kütahya", "résilience urbaine"])
markers = ["primero", "segundo", "tercero", "cuarto", "quinto", "sexto"]


@st.composite
def repeated_phrases(draw):
    """Sentences that each hold the same phrase between words of their own: (sentences, phrase)."""
    phrase = draw(phrases)
    n = draw(st.integers(2, 3))
    fillers = draw(st.lists(st.lists(vocabulary, max_size=3).map(" ".join), min_size=n, max_size=n))
    sentences = [
        " ".join(w for w in (markers[2 * k], phrase, markers[2 * k + 1], fillers[k]) if w).capitalize() + "."
        for k in range(n)
    ]
    return sentences, phrase


def phrase_in(sentences: list[str], k: int, phrase: str) -> tuple[int, int]:
    start = len(" ".join(sentences[:k])) + (1 if k else 0) + sentences[k].lower().index(phrase.lower())
    return start, start + len(phrase)


@settings(max_examples=examples(150), deadline=None)
@given(repeated_phrases(), st.data())
def test_prefix_and_suffix_pick_the_right_occurrence_of_a_repeated_phrase(case, data):
    sentences, phrase = case
    k = data.draw(st.integers(0, len(sentences) - 1))
    old = " ".join(sentences)
    quote = quote_at(old, *phrase_in(sentences, k, phrase))

    # An edit elsewhere: another sentence goes, or gains words. The quote is exact, on its own sentence.
    other = data.draw(st.sampled_from([n for n in range(len(sentences)) if n != k]))
    edited = list(sentences)
    if data.draw(st.booleans()):
        del edited[other]
    else:
        edited[other] = edited[other][:-1] + " " + " ".join(data.draw(edit_words)) + "."
    kept = edited.index(sentences[k])
    found = anchor(quote, old, " ".join(edited))
    assert found.state == AnchorState.EXACT
    assert (found.start, found.end) == phrase_in(edited, kept, phrase)

    # The sentences reordered: found on its own sentence, exact or moved.
    order = data.draw(st.permutations(range(len(sentences))))
    shuffled = [sentences[n] for n in order]
    found = anchor(quote, old, " ".join(shuffled))
    assert found.state in (AnchorState.EXACT, AnchorState.MOVED)
    assert (found.start, found.end) == phrase_in(shuffled, list(order).index(k), phrase)


# Checking a client's quote


@settings(max_examples=examples(200), deadline=None)
@given(quotes_in(), st.text(max_size=5), st.text(max_size=5))
def test_check_quote_accepts_a_quote_at_its_place_whatever_its_prefix_and_suffix(case, prefix, suffix):
    text, quote = case
    assert check_quote(text, Quote(quote.exact, prefix, suffix, quote.start, quote.end)) == quote
    assert check_quote(text, Quote(nfd(quote.exact), "", "", quote.start, quote.end)) == quote
    assert len(quote.prefix) <= CONTEXT and len(quote.suffix) <= CONTEXT
    assert text.endswith(quote.prefix, 0, quote.start) and text.startswith(quote.suffix, quote.end)


@settings(max_examples=examples(200), deadline=None)
@given(quotes_in(), st.integers(-70, 70).filter(bool))
def test_check_quote_refuses_a_quote_that_is_not_at_its_place(case, shift):
    text, quote = case
    start, end = quote.start + shift, quote.end + shift
    assume(not (0 <= start <= end <= len(text) and nfc(text[start:end]) == nfc(quote.exact)))
    with pytest.raises(InvalidInput) as refused:
        check_quote(text, Quote(quote.exact, quote.prefix, quote.suffix, start, end))
    assert refused.value.detail == {"field": "quote"}


@pytest.mark.parametrize(
    ("text", "quote", "message"),
    [
        ("Las ciudades intermedias.", Quote("", "", "", 4, 4), "The quote is empty"),
        ("Las ciudades intermedias.", Quote("  ", "", "", 3, 5), "The quote is empty"),
        ("Las ciudades.", Quote("Las ciudades intermedias.", "", "", 0, 25), "cannot be a phrase of it"),
        ("Las ciudades intermedias.", Quote("ciudades", "", "", 0, 8), "are not at characters 0 to 8"),
        ("Las ciudades intermedias.", Quote("ciudades", "", "", 20, 28), "are not at characters 20 to 28"),
        ("Las ciudades intermedias.", Quote("ciudades", "", "", -4, 4), "are not at characters -4 to 4"),
        ("Café y te\u0301", Quote("te", "", "", 7, 9), "between a letter and its accent"),
    ],
)
def test_check_quote_says_why_it_refuses(text, quote, message):
    with pytest.raises(InvalidInput) as refused:
        check_quote(text, quote)
    assert message in str(refused.value)
    assert refused.value.detail == {"field": "quote"}


@pytest.mark.parametrize(
    ("start", "end", "message"), [(3, 3, "empty"), (5, 2, "not within"), (0, 99, "not within"), (-1, 3, "not within")]
)
def test_quote_at_refuses_an_empty_or_out_of_range_span(start, end, message):
    with pytest.raises(InvalidInput, match=message):
        quote_at("Las ciudades intermedias.", start, end)


def test_a_quote_keeps_32_characters_of_context_and_never_half_a_letter():
    text = "x" * 40 + " ciudades " + "y" * 40
    assert quote_at(text, 41, 49) == Quote("ciudades", "x" * 31 + " ", " " + "y" * 31, 41, 49)
    accented = "e\u0301" * 20 + "ab"
    assert quote_at(accented, 40, 41).prefix == "e\u0301" * 16


# Whole-paragraph threads


def test_a_thread_on_the_whole_paragraph_is_exact_moved_fuzzy_or_outdated():
    text = "Las ciudades intermedias son polos de desarrollo."
    assert anchor(None, text, text) == Anchor(AnchorState.EXACT, 0, len(text), text, 1.0, ())
    assert anchor(None, text, text.replace(" ", "\n", 1), paragraph_moved=True).state == AnchorState.MOVED
    changed = "Las ciudades intermedias son polos de desarrollo sostenible."
    assert anchor(None, text, changed) == Anchor(
        AnchorState.FUZZY, 0, len(changed), changed, similarity(text, changed), word_diff(text, changed)
    )
    assert anchor(None, text, None) == Anchor(AnchorState.OUTDATED, None, None, None, 0.0, (Piece(Op.DELETE, text),))


# The Kütahya drafts: Borrador cero → Rev.1


def paragraphs(name: str) -> dict[str, str]:
    _, blocks = parse_declaration((DRAFTS / name).read_text(encoding="utf-8"), name)
    return {b.eid: b.text for b in blocks if b.eid}


@pytest.fixture(scope="module")
def drafts() -> tuple[dict[str, str], dict[str, str]]:
    return paragraphs("01-borrador-cero.es.md"), paragraphs("02-rev-1.es.md")


def quote_of(text: str, exact: str) -> Quote:
    start = text.index(exact)
    return quote_at(text, start, start + len(exact))


def test_kutahya_a_quote_before_an_insertion_is_exact_and_one_after_it_shifts(drafts):
    zero, rev1 = drafts
    before = anchor(quote_of(zero["pre_4"], "polos de intermediación"), zero["pre_4"], rev1["pre_4"])
    assert (before.state, before.start, before.text) == (
        AnchorState.EXACT,
        zero["pre_4"].index("polos"),
        "polos de intermediación",
    )
    after = anchor(
        quote_of(zero["op_2"], "en estrecha colaboración con las comunidades locales"), zero["op_2"], rev1["op_2"]
    )
    assert after.state == AnchorState.EXACT
    assert after.start == rev1["op_2"].index("en estrecha") > zero["op_2"].index("en estrecha")


def test_kutahya_a_quote_in_a_paragraph_that_moved_is_moved(drafts):
    zero, rev1 = drafts  # op_8 went from the eighth commitment to the second
    found = anchor(
        quote_of(zero["op_8"], "servicios públicos locales"), zero["op_8"], rev1["op_8"], paragraph_moved=True
    )
    assert (found.state, found.text) == (AnchorState.MOVED, "servicios públicos locales")


def test_kutahya_a_phrase_found_elsewhere_in_its_paragraph_is_moved(drafts):
    zero, _ = drafts
    origin = zero["pre_4"]
    # A committee rewrites the paragraph, moving the clause the thread is on to the front.
    current = (
        "Reconociendo que las Ciudades Intermedias son fundamentales para garantizar que el desarrollo sea "
        "equilibrado, resiliente e inclusivo, son polos de intermediación del desarrollo en los territorios y "
        "hacen de nexo entre las estrategias de desarrollo urbano y rural;"
    )
    found = anchor(quote_of(origin, "garantizar que el desarrollo sea equilibrado"), origin, current)
    assert (found.state, found.start) == (AnchorState.MOVED, current.index("garantizar"))


def test_kutahya_a_quote_with_words_added_inside_is_fuzzy_with_the_words_it_covers(drafts):
    zero, rev1 = drafts
    exact = "aumenta la presión sobre nuestros servicios y nuestras finanzas"
    found = anchor(quote_of(zero["pre_5"], exact), zero["pre_5"], rev1["pre_5"])
    assert found.state == AnchorState.FUZZY
    assert (
        found.text
        == "aumenta la presión sobre nuestros servicios públicos, nuestras infraestructuras y nuestras finanzas"
    )
    assert found.score == pytest.approx(18 / 21)  # 9 words of 9 kept, among 12
    assert Piece(Op.INSERT, "públicos, nuestras infraestructuras ") in found.diff


def test_kutahya_a_deleted_clause_and_a_deleted_paragraph_are_outdated_with_what_changed(drafts):
    zero, rev1 = drafts
    found = anchor(quote_of(zero["pre_3"], "el riesgo de disturbios es alto"), zero["pre_3"], rev1["pre_3"])
    assert (found.state, found.start, found.text) == (AnchorState.OUTDATED, None, None)
    assert Piece(Op.DELETE, " en el que el riesgo de disturbios es alto") in found.diff
    gone = anchor(quote_of(zero["pre_9"], "la recuperación que queremos"), zero["pre_9"], rev1.get("pre_9"))
    assert gone == Anchor(AnchorState.OUTDATED, None, None, None, 0.0, (Piece(Op.DELETE, zero["pre_9"]),))


def test_kutahya_every_quote_of_the_zero_draft_lands_on_its_words_or_is_outdated(drafts):
    zero, rev1 = drafts
    states = set()
    for eid, text in zero.items():
        words = text.split(" ")
        for i in range(0, len(words) - 4, 3):
            exact = " ".join(words[i : i + 4])
            quote = quote_at(text, len(" ".join(words[:i])) + (1 if i else 0), len(" ".join(words[: i + 4])))
            assert quote.exact == exact
            found = anchor(quote, text, rev1.get(eid))
            if eid in rev1:
                assert_never_on_other_words(quote, text, rev1[eid], found)
            states.add(found.state)
    assert states == {AnchorState.EXACT, AnchorState.FUZZY, AnchorState.OUTDATED}


def test_a_long_quote_is_found_by_its_start_and_its_end_when_it_moved_and_changed():
    # Longer than diff-match-patch's 32-character patterns; moved to the front and one word changed.
    origin = (
        "Nos comprometemos a promover la cultura. También a fortalecer la cooperación descentralizada "
        "entre las ciudades intermedias de todas las regiones del mundo. Y a rendir cuentas."
    )
    current = (
        "A fortalecer la cooperación descentralizada entre las ciudades intermedias de todas las "
        "regiones del planeta nos comprometemos. Y a rendir cuentas de la cultura."
    )
    exact = "fortalecer la cooperación descentralizada entre las ciudades intermedias de todas las regiones del mundo"
    found = anchor(quote_of(origin, exact), origin, current)
    assert found.state == AnchorState.FUZZY
    assert found.text == exact.replace("mundo", "planeta")
    assert found.score == pytest.approx(2 * 13 / 28)  # 13 of its 14 words kept, among 14


def test_a_quote_is_never_found_inside_a_longer_word():
    found = anchor(quote_at("la casa blanca", 3, 7), "la casa blanca", "la casamiento blanco")
    assert found.state == AnchorState.OUTDATED


# -- anchors that survive brackets (issue 33) -------------------------------------------------------------------------

_NEGOTIATED = st.lists(
    st.sampled_from(("Parties", "shall", "report", "register", "ciudades", "plan", "2030")), min_size=2, max_size=5
)


@settings(max_examples=examples(200))
@given(_NEGOTIATED, _NEGOTIATED, _NEGOTIATED, _NEGOTIATED, st.integers(0, 2))
# Dropped, where the options' words repeat after it: an approximate reading of an option matched three of four words
# ("Parties Parties Parties shall") before the dropped reading was looked for word for word ("report shall").
@example(["Parties", "report"], ["Parties", "Parties"], ["Parties", "Parties"], ["shall", *["Parties"] * 3, "shall"], 2)
def test_a_quote_on_bracketed_words_follows_them_when_the_bracket_is_resolved(before, first, second, after, how):
    """Agreed on either option or dropped, a bracket leaves its words in the text: a thread on words that crossed it
    is found on what is left of them (fuzzy), never outdated."""
    from workspace.domain.brackets.brackets import read_brackets, resolved

    text = " ".join(before) + f" [{' '.join(first)}][{' '.join(second)}] " + " ".join(after) + "."
    start = text.index(before[-1], len(" ".join(before[:-1])))
    end = text.index("] ") + 1 + len(" " + after[0])  # from the last word before it to the first after it
    quote = quote_at(text, start, end)
    bracket = read_brackets(text).brackets[0]
    current = resolved(text, bracket, None if how == 2 else how)
    found = anchor(quote, text, current)
    assert found.state in (AnchorState.FUZZY, AnchorState.EXACT, AnchorState.MOVED), (text, current)
    assert before[-1] in found.text and after[0] in found.text


def test_words_whose_brackets_were_dropped_keep_their_thread():
    origin = "Records shall be kept [in an electronic] register of the Party."
    quote = quote_at(origin, origin.index("kept"), origin.index("kept") + len("kept [in an"))
    kept = anchor(quote, origin, "Records shall be kept in an electronic register of the Party.")
    assert kept.state == AnchorState.FUZZY and kept.text == "kept in an"
    chosen = "Each Party [shall][should] report on its plan."
    on_choice = quote_at(chosen, chosen.index("[shall]"), chosen.index(" on"))
    assert anchor(on_choice, chosen, "Each Party should report on its plan.").text == "should report"
    assert anchor(on_choice, chosen, "Each Party reports yearly.").state == AnchorState.OUTDATED
