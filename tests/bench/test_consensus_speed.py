"""The consensus view and one position, at the UN's size (issue 32's goal): 190 delegations and 20,000 positions on a
3,000-paragraph version, the consensus view and its CSV under 150 ms, one position recorded under 15 ms, flat from
300 to 3,000 paragraphs. Each figure is the median of several rounds, for the committee (every delegation's
positions) and a member (their own). Run with `make bench`."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from sqlalchemy import insert, select

from tests.bench.test_draft_speed import loaded, quick  # noqa: F401  (the fixture, autouse)
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.delegations.positions import SetPosition, Stance
from workspace.services import delegations, positions, processes
from workspace.store.models import Delegation, Position, PositionChange, Process

SLUG = "kutahya"
DELEGATIONS = 190
POSITIONS = 20_000
ROUNDS = 9
GOALS = {"consensus view": 150.0, "consensus CSV": 150.0, "one position": 15.0}


def median_ms(action: Callable[[int], object], rounds: int = ROUNDS) -> float:
    times = []
    for n in range(rounds):
        started = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def room(url: str, paragraphs: int):
    """Version Rev.1 of `paragraphs` operative paragraphs, 190 delegations, 20,000 positions on its paragraphs
    (written straight to the store: recording them one by one is what is measured, once each, below)."""
    store, people, _ = loaded(url, paragraphs)
    for n in range(DELEGATIONS):
        delegations.add_delegation(
            store, people.committee, SLUG, AddDelegation(code=f"D{n:03}", names={"es": f"Delegación {n}"})
        )
    processes.update_member(store, people.committee, SLUG, people.member.email, MemberChange(delegation="D000"))
    chooser = random.Random(32)
    with store.writer() as tx:
        process = tx.scalar(select(Process.id).where(Process.slug == SLUG))
        ids = list(tx.scalars(select(Delegation.id).where(Delegation.process_id == process).order_by(Delegation.code)))
        pairs = set()
        while len(pairs) < POSITIONS:
            pairs.add((chooser.choice(ids[1:]), f"op_{chooser.randint(1, paragraphs)}"))  # D000's are the member's own
        rows = [
            {
                "process_id": process,
                "delegation_id": d,
                "target": f"paragraph:{eid}",
                "eid": eid,
                "stance": chooser.choice(list(Stance)).value,
                "note": "",
                "revision": 1,
            }
            for d, eid in sorted(pairs)
        ]
        tx.execute(insert(Position), rows)
        made = tx.execute(select(Position.id, Position.process_id, Position.stance)).all()
        tx.execute(
            insert(PositionChange),
            [{"position_id": i, "process_id": p, "revision": 1, "stance": s, "note": ""} for i, p, s in made],
        )
        tx.commit()
    return store, people


def figures(store, people, paragraphs: int) -> dict[str, float]:
    def view(_: int) -> object:
        return positions.consensus(store, people.committee, SLUG, "Rev.1")

    def spreadsheet(_: int) -> object:
        return positions.consensus_csv(positions.consensus(store, people.committee, SLUG, "Rev.1"))

    def member_view(_: int) -> object:
        return positions.consensus(store, people.member, SLUG, "Rev.1")

    def one(n: int) -> object:  # the member's delegation takes a first position on a paragraph each time
        return positions.set_position(
            store, people.member, SLUG, SetPosition(eid=f"op_{n * paragraphs // 40 + 1}", position="supports")
        )

    return {
        "consensus view": median_ms(view),
        "consensus CSV": median_ms(spreadsheet),
        "member's view": median_ms(member_view),
        "one position": median_ms(one, 20),
    }


def test_the_consensus_view_and_one_position_at_the_un_s_size_flat_from_300_to_3000_paragraphs(db_url, fresh_store):
    small_store, small_people = room(db_url, 300)
    small = figures(small_store, small_people, 300)
    small_store.dispose()
    other = fresh_store()
    large_store, large_people = room(str(other.engine.url.render_as_string(hide_password=False)), 3000)
    large = figures(large_store, large_people, 3000)
    backend = large_store.engine.dialect.name
    print(f"\nconsensus at {DELEGATIONS} delegations and {POSITIONS:,} positions ({backend}), median ms:")
    for name in small:
        goal = GOALS.get(name)
        print(
            f"  {name:15} 300 paragraphs {small[name]:7.1f}   3,000 paragraphs {large[name]:7.1f}"
            + (f"   goal {goal:.0f}: {'met' if large[name] < goal else 'NOT met'}" if goal else "")
        )
    for name, goal in GOALS.items():
        assert large[name] < goal, (name, large[name])
    assert large["one position"] < small["one position"] * 2 + 2  # flat: one position never reads the text
