"""A published process stays published; only publishing makes a process published."""

from __future__ import annotations

import pytest

from workspace.domain.errors import Conflict
from workspace.domain.processes.process_phase import check_phase_change
from workspace.domain.vocabulary import Phase

PHASES = [phase.value for phase in Phase]


@pytest.mark.parametrize("wanted", [p for p in PHASES if p != "published"])
def test_a_process_with_a_publication_never_goes_back(wanted):
    with pytest.raises(Conflict) as refused:
        check_phase_change("published", wanted, published=True)
    assert refused.value.message.startswith("This process is published, so it stays in the published phase")
    assert refused.value.detail == {"field": "phase"}
    check_phase_change("published", "published", published=True)  # its other settings still change


@pytest.mark.parametrize("current", [None, *[p for p in PHASES if p != "published"]])
def test_no_setting_makes_a_process_published(current):
    with pytest.raises(Conflict) as refused:
        check_phase_change(current, "published", published=False)
    assert "when one of its versions is published" in refused.value.message


@pytest.mark.parametrize("current", [None, *PHASES])
@pytest.mark.parametrize("wanted", [p for p in PHASES if p != "published"])
def test_an_unpublished_process_moves_freely_between_the_other_phases(current, wanted):
    check_phase_change(current, wanted, published=False)
