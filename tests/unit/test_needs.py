"""Each skip for something missing from the machine has its own switch that turns it into a failure."""

from __future__ import annotations

import re

import pytest
from _pytest.outcomes import Failed, Skipped

from tests import needs
from workspace.settings import ROOT

THINGS = sorted(needs.SWITCHES)


@pytest.mark.parametrize("thing", THINGS)
def test_each_switch_is_set_by_ci_and_documented_in_the_readme(thing):
    switch = needs.SWITCHES[thing]
    assert re.search(rf"^export {switch}=1$", (ROOT / ".ci" / "run").read_text(), re.MULTILINE)
    assert f"`{switch}=1`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_switches_are_one_per_thing():
    assert len(set(needs.SWITCHES.values())) == len(needs.SWITCHES)
    assert set(needs.PROGRAMS) <= set(needs.SWITCHES) and set(needs.PACKAGES) == set(needs.PROGRAMS)


@pytest.mark.parametrize("thing", sorted(needs.PROGRAMS))
def test_a_missing_program_skips_and_fails_only_under_its_own_switch(thing, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no program at all
    for switch in needs.SWITCHES.values():
        monkeypatch.delenv(switch, raising=False)
    with pytest.raises(Skipped):
        needs.check_marker(thing)
    for other in set(needs.SWITCHES) - {thing}:  # another thing's switch changes nothing
        monkeypatch.setenv(needs.SWITCHES[other], "1")
    with pytest.raises(Skipped):
        needs.program(thing)
    monkeypatch.setenv(needs.SWITCHES[thing], "1")
    with pytest.raises(Failed, match=needs.SWITCHES[thing]):
        needs.check_marker(thing)
    with pytest.raises(Failed, match=needs.PACKAGES[thing]):
        needs.program(thing)


def test_a_redis_that_does_not_answer_skips_and_fails_under_its_switch(monkeypatch):
    monkeypatch.delenv("ACCORD_REQUIRE_REDIS", raising=False)
    monkeypatch.setenv("ACCORD_REQUIRE_POSTGRES", "1")  # which once stood for Redis too
    with pytest.raises(Skipped):
        needs.redis_server("redis://127.0.0.1:1/0")
    monkeypatch.setenv("ACCORD_REQUIRE_REDIS", "1")
    with pytest.raises(Failed, match=re.escape("ACCORD_REQUIRE_REDIS=1 but no Redis at redis://127.0.0.1:1/0")):
        needs.redis_server("redis://127.0.0.1:1/0")
