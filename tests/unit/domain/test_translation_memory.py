"""Translation memory suggestions (pure, no database)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.diffing import Op, Piece, result_of, similarity, source_of
from workspace.domain.translations.translation_memory import Suggestion, ranked, suggest, word_keys

SOURCE = "Los gobiernos locales y regionales de las ciudades intermedias refuerzan la cooperación."
MEMORY = [
    (
        "Los gobiernos locales de las ciudades intermedias refuerzan la cooperación.",
        "Local governments of intermediary cities strengthen cooperation.",
    ),
    ("Una frase sin ninguna relación con el resto.", "An unrelated sentence."),
    (SOURCE, "Local and regional governments of intermediary cities strengthen cooperation."),
    (
        "Los gobiernos regionales refuerzan la cooperación cultural.",
        "Regional governments strengthen cultural cooperation.",
    ),
]


def test_exact_first_then_similar_best_first_with_the_source_diff() -> None:
    found = suggest(SOURCE, MEMORY)
    assert [s.target for s in found] == [
        "Local and regional governments of intermediary cities strengthen cooperation.",
        "Local governments of intermediary cities strengthen cooperation.",
        "Regional governments strengthen cultural cooperation.",
    ]
    assert found[0].similarity == 1.0 and found[0].diff == (Piece(Op.EQUAL, SOURCE),)
    assert 1.0 > found[1].similarity > found[2].similarity >= 0.5
    assert found[1].diff == (
        Piece(Op.EQUAL, "Los gobiernos locales "),
        Piece(Op.INSERT, "y regionales "),
        Piece(Op.EQUAL, "de las ciudades intermedias refuerzan la cooperación."),
    )


def test_a_rewrapped_source_is_an_exact_match_and_pairs_come_once() -> None:
    wrapped = SOURCE.replace(" de las ", "\nde las ")
    found = suggest(SOURCE, [(wrapped, "t"), (wrapped, "t"), (SOURCE, "t")], limit=5)
    assert [(s.source, s.similarity) for s in found] == [(wrapped, 1.0), (SOURCE, 1.0)]


def test_limit_threshold_and_nothing_alike() -> None:
    assert len(suggest(SOURCE, MEMORY, limit=2)) == 2
    assert [s.similarity for s in suggest(SOURCE, MEMORY, threshold=0.95)] == [1.0]
    assert suggest("Texto completamente distinto.", MEMORY) == []
    assert suggest(SOURCE, []) == []


def test_a_common_word_everywhere_does_not_hide_the_similar_entry() -> None:
    filler = [(f"La cooperación número {i} de la red.", f"t{i}") for i in range(400)]
    needle = ("Las ciudades intermedias de Kütahya refuerzan la cooperación.", "needle")
    found = suggest("Las ciudades intermedias de Kütahya refuerzan su cooperación.", [*filler, needle, *filler])
    assert found[0].target == "needle"


WORDS = st.sampled_from(
    ["ciudades", "intermedias", "gobiernos", "locales", "la", "de", "Kütahya", "résilience", "مدن", "2030"]
)
SENTENCES = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=examples(150), deadline=None)
@given(SENTENCES, st.lists(st.tuples(SENTENCES, st.sampled_from(["a", "b"])), max_size=12))
def test_small_memories_give_what_scoring_every_entry_gives(source: str, memory: list[tuple[str, str]]) -> None:
    """With fewer entries than candidates scored, the prefilter drops nothing that is alike."""
    found = suggest(source, memory, limit=50)
    unique = list(dict.fromkeys(memory))
    expected = sorted(
        ((1.0 if s == source else similarity(s, source), k, s, t) for k, (s, t) in enumerate(unique)),
        key=lambda item: (item[2] != source, -item[0], item[1]),
    )
    assert [(s.source, s.target) for s in found] == [(s, t) for score, _, s, t in expected if score >= 0.5]
    for s in found:
        assert isinstance(s, Suggestion)
        assert source_of(s.diff) == s.source and result_of(s.diff) == source


@settings(max_examples=examples(100), deadline=None)
@given(SENTENCES, st.lists(st.tuples(SENTENCES, st.sampled_from(["a", "b"])), max_size=12))
def test_candidates_chosen_by_the_store_are_ranked_as_suggest_ranks_them(
    source: str, memory: list[tuple[str, str]]
) -> None:
    """`ranked` over every entry that shares a word (what the store's index gives back, in memory order)
    is `suggest` over the memory; an entry sharing no word is never a candidate, and never alike."""
    keys = word_keys(source)
    sharing = [pair for pair in memory if word_keys(pair[0]) & keys]
    assert ranked(source, sharing, limit=50) == suggest(source, memory, limit=50)


@given(SENTENCES)
def test_word_keys_ignore_case_and_repetition(text: str) -> None:
    assert word_keys(text) == word_keys(text.upper() + " " + text) and all(
        -(2**63) <= k < 2**63 for k in word_keys(text)
    )
