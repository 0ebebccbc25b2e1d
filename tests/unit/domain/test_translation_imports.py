"""What an imported translation may change (pure): a file given back as it went out changes nothing,
only a reviewer approves, a state never goes back; a translation keeps its source's Markdown blocks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace.domain.declaration.document import Kind
from workspace.domain.errors import InvalidInput
from workspace.domain.translations.translations import Stored, check_blocks, imported_state

STORED = st.sampled_from(list(Stored))
CLAIMS = st.one_of(st.none(), STORED)


@given(STORED, st.booleans())
def test_a_file_giving_back_the_stored_state_and_text_changes_nothing(stored: Stored, reviewer: bool) -> None:
    # What the export writes for a stored state (initial, translated, final) reads back as that state.
    assert imported_state(stored, True, stored, reviewer) is None
    assert imported_state(stored, True, None, reviewer) is None  # a Markdown edition claims no state


@given(st.one_of(st.none(), STORED), st.booleans(), CLAIMS, st.booleans())
def test_only_a_reviewer_approves_and_an_unchanged_text_never_goes_back(stored, same, claimed, reviewer) -> None:
    state = imported_state(stored, same, claimed, reviewer)
    if state == Stored.APPROVED:
        assert reviewer and claimed == Stored.APPROVED
    if stored is not None and same and state is not None:
        order = list(Stored)
        assert order.index(state) > order.index(stored)
    if stored is None or not same:
        assert state is not None  # a new or changed text is always written


def test_the_states_a_changed_text_is_saved_in() -> None:
    assert imported_state(Stored.APPROVED, False, Stored.APPROVED, False) == Stored.TRANSLATED
    assert imported_state(Stored.APPROVED, False, Stored.APPROVED, True) == Stored.APPROVED
    assert imported_state(None, False, Stored.DRAFT, True) == Stored.DRAFT
    assert imported_state(Stored.DRAFT, False, None, False) == Stored.TRANSLATED
    assert imported_state(Stored.DRAFT, True, Stored.TRANSLATED, False) == Stored.TRANSLATED  # marked done in the tool
    assert imported_state(Stored.TRANSLATED, True, Stored.APPROVED, True) == Stored.APPROVED  # a reviewer's `final`


@pytest.mark.parametrize(
    ("kind", "source", "target"),
    [
        (Kind.HEADING, "Preámbulo", "1. Preamble"),
        (Kind.HEADING, "Preámbulo", "- Preamble"),
        (Kind.HEADING, "Preámbulo", "Preamble\n==="),
        (Kind.PREAMBULAR, "Considerando que 2030 es el plazo;", "2030. Considering the deadline;"),
        (Kind.OPERATIVE, "Nos comprometemos.\n\nY además.", "We commit. And also."),
        (Kind.OPERATIVE, "Nos comprometemos.", "We commit.\n\n```\ncode"),
    ],
)
def test_a_translation_with_other_markdown_blocks_than_its_source_is_refused(
    kind: Kind, source: str, target: str
) -> None:
    with pytest.raises(InvalidInput):
        check_blocks(kind, source, target)


@pytest.mark.parametrize(
    ("kind", "source", "target"),
    [
        (Kind.HEADING, "1. Introducción", "1. Introduction"),
        (Kind.HEADING, "Preámbulo", "Preamble"),
        (
            Kind.OPERATIVE,
            "Nos comprometemos a **apoyar** [la CGLU](https://uclg.org).\n\nY además.",
            "We commit to **support** [UCLG](https://uclg.org).\n\nAnd also.",
        ),
        (Kind.PREAMBULAR, "مَدِينَة «الكوتاهية»", "Ville « Kütahya »"),
    ],
)
def test_a_translation_with_its_sources_blocks_passes(kind: Kind, source: str, target: str) -> None:
    check_blocks(kind, source, target)
