"""The activity record's chain (issue 64): what recording an entry costs now that each is salted, digested and
linked, and what `accord verify record` costs to recompute a record, at 2,000 and 20,000 entries (how the cost grows:
linearly, goal). Goals: recording stays under a millisecond an entry; recomputing under 20 µs an entry. Printed
beside their goals, run with `make bench`."""

from __future__ import annotations

import time

from workspace.domain.processes.record_chain import GENESIS, Entry, content_of, digest_of, link, new_salt, walk

GOALS = {"record_us": 1000.0, "verify_us": 20.0}


def _entries(count: int) -> tuple[list[Entry], float]:
    """A record of `count` entries, as record() makes them, and the microseconds each took to chain."""
    made, before = [], GENESIS
    started = time.perf_counter()
    for seq in range(1, count + 1):
        data = {"eid": f"op_{seq % 300}", "version": "draft", "note": "Una nota de la enmienda " * 3}
        at, salt = f"2026-11-30T10:00:00.{seq % 1_000_000:06d}Z", new_salt()
        digest = digest_of(salt, content_of(seq, 7, "paragraph.edited", f"paragraph:op_{seq}", data, at))
        before = link(before, digest)
        made.append(Entry(seq, 7, "paragraph.edited", f"paragraph:op_{seq}", data, at, salt, digest, before))
    return made, (time.perf_counter() - started) / count * 1e6


def test_chaining_and_recomputing_grow_linearly():
    for count in (2_000, 20_000):
        entries, record_us = _entries(count)
        started = time.perf_counter()
        walked = walk(entries)
        verify_us = (time.perf_counter() - started) / count * 1e6
        assert walked.broken is None and walked.count == count
        print(
            f"\nrecord chain, {count} entries: chaining {record_us:.1f} µs an entry (goal {GOALS['record_us']:.0f}: "
            f"{'met' if record_us < GOALS['record_us'] else 'NOT met'}), recomputing {verify_us:.1f} µs an entry "
            f"(goal {GOALS['verify_us']:.0f}: {'met' if verify_us < GOALS['verify_us'] else 'NOT met'})"
        )
