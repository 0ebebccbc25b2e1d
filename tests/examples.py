"""How many examples a hypothesis property tries: a quarter of its full amount in the ordinary run
(`make test`), the full amount with ACCORD_EXAMPLES=all (by hand, or a nightly run). Outside CI
hypothesis draws other examples at each run (and replays any that failed, from .hypothesis), so
ordinary runs still wander over the whole space; the full amounts are there for a long hunt."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

ALL = os.environ.get("ACCORD_EXAMPLES") == "all"
SHARE = 1 if ALL else 4
FLOOR = 10


def examples(full: int) -> int:
    """`full` under ACCORD_EXAMPLES=all, else a quarter of it (never fewer than 10, nor more than `full`)."""
    return full if ALL else min(full, max(FLOOR, full // SHARE))


# The same share for the properties that keep hypothesis's own count (100); the rest as the profile
# hypothesis chose (its "ci" one on a CI machine: derandomized, the same examples at each run). No deadline and no
# "too slow" health check: a property checks what is true, not how fast a busy machine makes its examples (speed
# lives in tests/bench); both failed properties at random on a loaded machine.
settings.register_profile(
    "accord",
    parent=settings.default,
    max_examples=examples(settings.default.max_examples),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("accord")
