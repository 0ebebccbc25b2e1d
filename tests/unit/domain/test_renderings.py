"""An amendment's rendering in another language (pure, issue 34): where a change lies in a paragraph, and whether a
rendering changes words outside the span the original changes; the command a translator sends."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.amendments.renderings import RenderingState, SetRendering, changed_span, outside_span
from workspace.domain.errors import InvalidInput

WORDS = st.lists(
    st.sampled_from(["los", "gobiernos", "locales", "apoyan", "la", "financiación", "ciudades", "y"]),
    min_size=1,
    max_size=30,
)


def test_a_change_lies_where_its_words_are_in_the_paragraph():
    base = "uno dos tres cuatro cinco seis siete ocho nueve diez"
    assert changed_span(base, base) is None
    assert changed_span(base, base.replace("cuatro", "CUATRO")) == (0.3, 0.4)
    assert changed_span(base, base + " once") == (1.0, 1.0)  # added at the end: a point at the end
    assert changed_span(base, "cero " + base) == (0.0, 0.0)
    assert changed_span(base, base.replace("dos", "").replace("nueve", "")) == pytest.approx((0.1, 0.9))


def test_a_rendering_changing_other_words_than_the_original_is_flagged():
    es = "Pedimos a los gobiernos nacionales que apoyen la financiación local de las ciudades intermedias del mundo."
    es_amended = es.replace("apoyen", "apoyen con firmeza")
    en = "We call on national governments to support the local finance of intermediary cities of the world."
    assert not outside_span(es, es_amended, en, en.replace("support", "firmly support"))
    assert outside_span(es, es_amended, en, en.replace("of the world", "of every continent"))
    assert not outside_span(es, es_amended, en, en)  # not rendered yet: nothing outside
    assert outside_span(es, es, en, en.replace("We", "They"))  # the original changes nothing: any change is


@settings(max_examples=examples(300), deadline=None)
@given(WORDS, st.data())
def test_a_rendering_that_makes_the_same_change_at_the_same_place_is_never_flagged(base_words, data):
    """Word for word the same change in a paragraph of the same length is inside the span, wherever it is."""
    at = data.draw(st.integers(0, len(base_words)))
    inserted = data.draw(st.sampled_from(["firmemente", "también", "pronto"]))
    base = " ".join(base_words)
    amended = " ".join([*base_words[:at], inserted, *base_words[at:]])
    other = " ".join(w.upper() for w in base_words)  # another language, as far as words go
    rendered = " ".join(
        [*(w.upper() for w in base_words[:at]), inserted.upper(), *(w.upper() for w in base_words[at:])]
    )
    assert not outside_span(base, amended, other, rendered)
    span = changed_span(base, amended)
    assert span is not None and 0.0 <= span[0] <= span[1] <= 1.0


@settings(max_examples=examples(300), deadline=None)
@given(WORDS, WORDS)
def test_a_span_is_a_share_of_the_paragraph_in_order(base_words, new_words):
    span = changed_span(" ".join(base_words), " ".join(new_words))
    assert span is None or 0.0 <= span[0] <= span[1] <= 1.0
    assert (span is None) == (base_words == new_words)


def test_what_a_translator_sends_is_checked_where_it_comes_in():
    made = SetRendering(text="  Le texte.  ", state="approved", base_revision=" abc ")
    assert (made.text, made.state, made.base_revision) == ("Le texte.", RenderingState.APPROVED, "abc")
    for text, state, base, field in (
        ("", "rendered", "abc", "text"),
        ("Texte.", "original", "abc", "state"),
        ("Texte.", "to_render", "abc", "state"),
        ("Texte.", "rendered", " ", "base_revision"),
    ):
        with pytest.raises(InvalidInput) as refused:
            SetRendering(text=text, state=state, base_revision=base)
        assert refused.value.detail["field"] == field
