"""Text as search compares it (domain/search.py): accents, case and spacing set aside."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.search import fold, words


def test_accents_case_and_spaces_are_set_aside():
    assert fold("Financiación  LOCAL") == fold("financiacion local") == "financiacion local"
    assert fold("Collectivités\u00a0territoriales") == "collectivites territoriales"
    assert fold("") == "" and fold(None) == ""  # type: ignore[arg-type]


def test_a_query_is_its_folded_words():
    assert words("  Gobiernos   LOCALES y regionales ") == ["gobiernos", "locales", "y", "regionales"]
    assert words("   ") == []


@settings(max_examples=examples(200))
@given(st.text(max_size=60))
def test_folding_twice_changes_nothing_and_leaves_one_space_between_words(text):
    once = fold(text)
    assert fold(once) == once
    assert "  " not in once and once == once.strip()
