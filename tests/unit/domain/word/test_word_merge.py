"""The words a Word file changed, carried into the version's own Markdown (domain/word/word_merge.py): placed where
the same words stand, refused rather than guessed where the two spell the paragraph otherwise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.word.word_merge import carry_edits

SOURCE = "Pedimos a los [gobiernos](https://example.org/g) nacionales *apoyar* la financiación local."
WRITTEN = "Pedimos a los gobiernos nacionales apoyar la financiación local."


def test_an_edit_of_shared_words_keeps_the_rest_of_the_markdown():
    edited = WRITTEN.replace("financiación local", "financiación de lo local")
    assert carry_edits(WRITTEN, edited, SOURCE) == SOURCE.replace("financiación local", "financiación de lo local")


def test_an_insertion_and_a_deletion_are_both_carried():
    edited = WRITTEN.replace("Pedimos a", "Pedimos con firmeza a").replace(" nacionales", "")
    assert carry_edits(WRITTEN, edited, SOURCE) == (
        "Pedimos con firmeza a los [gobiernos](https://example.org/g) *apoyar* la financiación local."
    )


def test_an_edit_inside_emphasis_is_carried_and_one_across_a_link_is_refused():
    assert carry_edits(WRITTEN, WRITTEN.replace("apoyar", "sostener"), SOURCE) == SOURCE.replace("apoyar", "sostener")
    # the link's words and its address are spelled otherwise in the two: no place to put the edit safely
    assert carry_edits(WRITTEN, WRITTEN.replace("gobiernos nacionales", "estados"), SOURCE) is None


def test_a_file_that_comes_back_unchanged_changes_nothing():
    assert carry_edits(WRITTEN, WRITTEN, SOURCE) == SOURCE


@settings(max_examples=examples(200))
@given(st.lists(st.sampled_from(["la", "ciudad", "de", "los", "gobiernos", "locales", "y"]), min_size=1, max_size=12))
def test_when_word_and_markdown_spell_it_alike_the_edit_is_the_edited_text(words):
    written = " ".join(words)
    edited = " ".join(reversed(words))
    assert carry_edits(written, edited, written) == edited
