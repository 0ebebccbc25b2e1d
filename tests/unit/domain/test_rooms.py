"""The room's pure parts: a change made outside the room merges with concurrent typing and loses neither (any text,
emoji and accents included: Yrs counts bytes), and a browser from another life of the room is told apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pycrdt import Doc, Text

from workspace.domain.rooms import TEXT, Joining, admits, knows_more, merged, outside_change, seeded, text_of

texts = st.text(alphabet=st.sampled_from(list("ab cdé😀[]*_\n")), max_size=30)


def _doc(state: bytes) -> Doc:
    doc: Doc = Doc()
    doc.apply_update(state)
    return doc


@given(base=texts, outside=texts, at=st.integers(0, 40), typed=st.sampled_from(["XY", "Ω", "😀Z"]))
def test_an_outside_change_and_concurrent_typing_both_survive(base, outside, at, typed):
    seed = seeded(base)
    room = _doc(seed)
    text = room.get(TEXT, type=Text)
    place = len(base[: min(at, len(base))].encode())
    text.insert(place, typed)
    change = outside_change(seed, base, outside)
    assert text_of(merged([seed, change])) == outside  # alone, it is exactly the outside text
    room.apply_update(change)
    result = str(text)
    assert typed in result  # what was typed is kept
    assert result.replace(typed, "", 1) == outside  # and the rest is the outside text


@given(base=texts, new=texts)
def test_the_outside_change_is_exact_from_its_base(base, new):
    seed = seeded(base)
    assert text_of(merged([seed, outside_change(seed, base, new)])) == new


def test_a_browser_from_another_life_is_refused():
    old = seeded("Texto.")
    browser = _doc(old)
    browser.get(TEXT, type=Text).insert(0, "Ya ")
    new = seeded("Texto.")  # the room's new life: the same words, other writers' items
    assert knows_more(browser.get_state(), new)
    assert not admits(Joining(None), "e2", browser.get_state(), new)
    assert not admits(Joining("e1"), "e2", Doc().get_state(), new)
    assert admits(Joining("e2"), "e2", browser.get_state(), new)  # same life: what it typed cut off is welcome
    assert admits(Joining(None), "e2", Doc().get_state(), new)  # a fresh document
    same = _doc(new)
    assert not knows_more(same.get_state(), new)
