"""Amendments, pure: decisions that exist, and rebasing that never lands a change on other words."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.amendments.amendments import (
    AmendmentKind,
    Decision,
    Proposal,
    RebaseState,
    Status,
    decide,
    overlap,
    rebase,
    touched,
)
from workspace.domain.diffing import result_of
from workspace.domain.errors import Conflict, InvalidInput

WORDS = [
    "ciudades",
    "intermedias",
    "gobernanza",
    "financiación",
    "clima",
    "agua",
    "saneamiento",
    "acción",
    "territorios",
    "desarrollo",
    "sostenible",
    "cooperación",
    "resiliencia",
    "género",
    "vivienda",
    "educación",
    "niñas",
    "participación",
    "ciudadana",
    "Kütahya",
    "región",
    "transición",
    "ecológica",
    "servicios",
]
word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=6, max_size=10)
paragraph = st.lists(sentence, min_size=5, max_size=8)


def text(sentences: list[list[str]]) -> str:
    return " ".join(" ".join(s).capitalize() + "." for s in sentences)


def change(words: list[str], draw_index: int, new_words: list[str], how: str) -> list[str]:
    """One edit inside a sentence: a word replaced, words inserted, or a word dropped."""
    i = draw_index % len(words)
    if how == "replace":
        return [*words[:i], *new_words[:1], *words[i + 1 :]]
    if how == "insert":
        return [*words[:i], *new_words, *words[i:]]
    return [*words[:i], *words[i + 1 :]]


edit = st.tuples(
    st.integers(0, 50), st.lists(word, min_size=1, max_size=3), st.sampled_from(["replace", "insert", "drop"])
)


def changed(sentences: list[list[str]], where: int, spec: tuple[int, list[str], str]) -> list[list[str]]:
    out = [list(s) for s in sentences]
    out[where] = change(out[where], *spec)
    return out


@settings(max_examples=examples(150), deadline=None)
@given(paragraph, st.data())
def test_on_an_untouched_paragraph_it_rebases_to_exactly_the_proposed_text(sentences, data):
    where = data.draw(st.integers(0, len(sentences) - 1))
    base, proposed = text(sentences), text(changed(sentences, where, data.draw(edit)))
    assume(base != proposed)
    rebased = rebase(Proposal(AmendmentKind.MODIFY, base, proposed), base)
    assert rebased.state == RebaseState.APPLIES and rebased.text == proposed
    assert result_of(rebased.ops) == proposed


@settings(max_examples=examples(150), deadline=None)
@given(paragraph, st.data())
def test_an_edit_elsewhere_leaves_it_applying_with_both_changes(sentences, data):
    mine = data.draw(st.integers(0, len(sentences) - 1))
    theirs = data.draw(st.integers(0, len(sentences) - 1).filter(lambda j: abs(j - mine) >= 2))
    my_edit, their_edit = data.draw(edit), data.draw(edit)
    base = text(sentences)
    proposed = text(changed(sentences, mine, my_edit))
    current = text(changed(sentences, theirs, their_edit))
    assume(base not in (proposed, current))
    both = text(changed(changed(sentences, mine, my_edit), theirs, their_edit))
    rebased = rebase(Proposal(AmendmentKind.MODIFY, base, proposed), current)
    assert rebased.state == RebaseState.APPLIES, (base, proposed, current, rebased)
    assert rebased.text == both


@settings(max_examples=examples(150), deadline=None)
@given(paragraph, st.data())
def test_when_its_words_were_replaced_it_is_a_conflict_never_a_misapply(sentences, data):
    where = data.draw(st.integers(0, len(sentences) - 1))
    base = text(sentences)
    proposed = text(changed(sentences, where, data.draw(edit)))
    rewritten = [list(s) for s in sentences]
    rewritten[where] = data.draw(st.lists(word, min_size=6, max_size=10))
    current = text(rewritten)
    assume(base != proposed and rewritten[where] != sentences[where])
    rebased = rebase(Proposal(AmendmentKind.MODIFY, base, proposed), current)
    if rebased.state == RebaseState.APPLIES:
        # Only acceptable if the amendment's own words still stand exactly where it changes them:
        # then its result is the current text with the same insertions and deletions it asked.
        assert rebased.text != current
        assert sum(1 for p in rebased.ops if p.op != 0) == sum(
            1 for p in Proposal(AmendmentKind.MODIFY, base, proposed).ops() if p.op != 0
        )
    else:
        assert rebased.state == RebaseState.CONFLICT and rebased.text is None


def test_a_replaced_target_is_a_conflict_naming_the_missing_words():
    base = "Pedimos a los gobiernos nacionales apoyar la financiación local de las ciudades intermedias."
    proposed = (
        "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local de las ciudades intermedias."
    )
    current = "Pedimos a los gobiernos nacionales garantizar la financiación local de las ciudades intermedias."
    rebased = rebase(Proposal(AmendmentKind.MODIFY, base, proposed), current)
    assert rebased.state == RebaseState.CONFLICT and rebased.text is None and rebased.failed


def test_deleted_paragraphs_make_amendments_obsolete_and_a_delete_of_changed_words_conflicts():
    base = "Las ciudades intermedias son polos de desarrollo."
    assert rebase(Proposal(AmendmentKind.MODIFY, base, base + " Y más."), None).state == RebaseState.OBSOLETE
    assert rebase(Proposal(AmendmentKind.DELETE, base, ""), base).state == RebaseState.APPLIES
    assert (
        rebase(Proposal(AmendmentKind.DELETE, base, ""), base.replace("polos", "motores")).state == RebaseState.CONFLICT
    )
    assert (
        rebase(Proposal(AmendmentKind.INSERT, None, "Nuevo párrafo."), None, anchor_present=False).state
        == RebaseState.OBSOLETE
    )
    assert rebase(Proposal(AmendmentKind.INSERT, None, "Nuevo párrafo."), None).text == "Nuevo párrafo."


def test_proposals_that_ask_nothing_are_refused():
    with pytest.raises(InvalidInput):
        Proposal(AmendmentKind.MODIFY, "El texto.", "El  texto.").check()
    with pytest.raises(InvalidInput):
        Proposal(AmendmentKind.INSERT, None, "   ").check()


def test_only_an_open_amendment_is_decided():
    assert decide(Status.OPEN, Decision.ACCEPTED) == Status.ACCEPTED
    assert decide(Status.OPEN, Status.WITHDRAWN) == Status.WITHDRAWN
    for done in (Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.MERGED, Status.MOOT):
        with pytest.raises(Conflict):
            decide(done, Decision.REJECTED)


def test_two_changes_of_the_same_words_overlap_and_changes_of_different_words_do_not():
    current = "Pedimos apoyo a la financiación local de las ciudades intermedias y a su cooperación."
    a = rebase(Proposal(AmendmentKind.MODIFY, current, current.replace("apoyo", "apoyo firme")), current)
    b = rebase(Proposal(AmendmentKind.MODIFY, current, current.replace("apoyo a", "respaldo a")), current)
    c = rebase(Proposal(AmendmentKind.MODIFY, current, current.replace("cooperación", "cooperación mutua")), current)
    assert overlap(touched(current, a.ops), touched(current, b.ops))
    assert not overlap(touched(current, a.ops), touched(current, c.ops))
