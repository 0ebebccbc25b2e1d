"""The record's hash chain (domain.processes.record_chain), property-tested: a record built as the store builds it
walks clean; any one change to any one entry (its content, its digest, its link), a removed or a moved entry, is
named at the first entry the chain no longer holds; an entry whose content was erased (its salt gone) stands."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from workspace.domain.processes.record_chain import GENESIS, Entry, content_of, digest_of, link, walk

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
contents = st.lists(
    st.tuples(st.sampled_from(["paragraph.edited", "member.added", "amendment.filed"]), words, words),
    min_size=1,
    max_size=25,
)


def built(items: list[tuple[str, str, str]]) -> list[Entry]:
    entries, before = [], GENESIS
    for seq, (verb, subject, value) in enumerate(items, 1):
        data, at, salt = {"value": value, "n": seq}, f"2026-11-30T10:00:{seq:02d}.000000Z", f"{seq:032x}"
        digest = digest_of(salt, content_of(seq, seq % 3 or None, verb, subject, data, at))
        before = link(before, digest)
        entries.append(Entry(seq, seq % 3 or None, verb, subject, data, at, salt, digest, before))
    return entries


@given(contents)
def test_a_record_built_as_the_store_builds_it_walks_clean(items):
    entries = built(items)
    walked = walk(entries)
    assert walked.broken is None and walked.count == len(entries) and walked.head == entries[-1].chain
    assert walked.heads == {e.seq: e.chain for e in entries}


@given(contents, st.data())
def test_any_one_change_is_named_at_its_entry(items, data):
    entries = built(items)
    at = data.draw(st.integers(0, len(entries) - 1))
    entry = entries[at]
    change = data.draw(st.sampled_from(["verb", "subject", "data", "at", "actor", "digest", "chain"]))
    changed = {
        "verb": replace(entry, verb=entry.verb + "x"),
        "subject": replace(entry, subject=entry.subject + "x"),
        "data": replace(entry, data={**entry.data, "value": str(entry.data["value"]) + "x"}),
        "at": replace(entry, created_at=entry.created_at.replace("Z", "1Z")),
        "actor": replace(entry, actor_id=(entry.actor_id or 0) + 7),
        "digest": replace(entry, digest=("1" if entry.digest[0] == "0" else "0") + entry.digest[1:]),
        "chain": replace(entry, chain=("1" if entry.chain[0] == "0" else "0") + entry.chain[1:]),
    }[change]
    walked = walk([*entries[:at], changed, *entries[at + 1 :]])
    assert walked.broken is not None and walked.broken.seq == entry.seq
    assert walked.broken.reason == ("link" if change == "chain" else "content")
    assert walked.count == at


@given(contents.filter(lambda items: len(items) >= 2), st.data())
def test_a_removed_or_moved_entry_breaks_the_link_after_it(items, data):
    entries = built(items)
    at = data.draw(st.integers(0, len(entries) - 2))
    removed = walk([*entries[:at], *entries[at + 1 :]])
    assert removed.broken is not None and removed.broken.seq == entries[at + 1].seq and removed.broken.reason == "link"
    swapped = [*entries[:at], entries[at + 1], entries[at], *entries[at + 2 :]]
    assert walk(swapped).broken is not None


@given(contents, st.data())
def test_an_erased_entry_stands_unopened_and_is_counted(items, data):
    entries = built(items)
    at = data.draw(st.integers(0, len(entries) - 1))
    erased = replace(entries[at], salt=None, data={"value": "—"})  # its values scrubbed, its salt gone
    walked = walk([*entries[:at], erased, *entries[at + 1 :]])
    assert walked.broken is None and walked.erased == 1 and walked.head == entries[-1].chain
