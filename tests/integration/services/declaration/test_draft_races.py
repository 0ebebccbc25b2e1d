"""Writes of the working draft that really race: two threads released together, many trials, both backends.

In each trial two people act on the same paragraph (or the same order) from the same base. Exactly one
wins; the other gets 409 with what changed; the history matches the text; nothing else changes.
Run with `-s` to see the figures.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from workspace.domain.declaration.declaration_commands import (
    AddParagraph,
    DeleteParagraph,
    EditParagraph,
    MoveParagraph,
)
from workspace.domain.errors import Conflict
from workspace.services.declaration import draft
from workspace.store.models import DraftParagraph, ParagraphEdit

TRIALS = 50
P = "kutahya"


@dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None


def race(*actions: Callable[[], object]) -> list[Outcome]:
    """Run the actions in threads released at the same instant; what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes = [Outcome() for _ in actions]

    def run(i: int, action: Callable[[], object]) -> None:
        barrier.wait()
        time.sleep(random.random() * 0.004)  # so that each of them goes first in some trials
        try:
            outcomes[i].value = action()
        except BaseException as exc:  # noqa: BLE001 - the test looks at every outcome
            outcomes[i].error = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def draft_state(store) -> dict[str, tuple[str, str]]:
    with store() as tx:
        return {r.eid: (r.revision_sha, r.kind) for r in tx.scalars(select(DraftParagraph))}


def draft_order(store) -> list[str]:
    with store() as tx:
        return list(tx.scalars(select(DraftParagraph.eid).order_by(DraftParagraph.position)))


def last_edit(store, eid: str) -> ParagraphEdit:
    with store() as tx:
        return tx.scalars(
            select(ParagraphEdit).where(ParagraphEdit.eid == eid).order_by(ParagraphEdit.id.desc())
        ).first()


def edits_of(store, eid: str) -> int:
    with store() as tx:
        return len(list(tx.scalars(select(ParagraphEdit.id).where(ParagraphEdit.eid == eid))))


@pytest.fixture
def base(store, people):
    """A short draft; each trial adds its own paragraph to fight over."""
    for text in ("Preámbulo.", "Primero.", "Segundo."):
        draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text=text))
    return store


def one_winner(outcomes: list[Outcome]) -> tuple[Outcome, Outcome]:
    won = [o for o in outcomes if o.error is None]
    lost = [o for o in outcomes if o.error is not None]
    assert len(won) == 1 and len(lost) == 1, [o.error for o in outcomes]
    assert isinstance(lost[0].error, Conflict), repr(lost[0].error)
    return won[0], lost[0]


def test_edit_against_edit(base, people, db_url):
    store, tally = base, Counter()
    for trial in range(TRIALS):
        p = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text=f"Texto {trial}."))
        others = {k: v for k, v in draft_state(store).items() if k != p.eid}
        texts = [f"Versión A {trial}.", f"Versión B {trial}."]
        outcomes = race(
            *(
                (
                    lambda t=t, p=p: draft.edit_paragraph(
                        store, people.committee, P, p.eid, EditParagraph(base_revision=p.revision, text=t)
                    )
                )
                for t in texts
            )
        )
        won, lost = one_winner(outcomes)
        tally["winner"] += 1
        tally["409"] += 1
        assert lost.error.detail["current_text"] == won.value.text and lost.error.detail["diff"]  # type: ignore[union-attr]
        state = draft_state(store)
        assert state[p.eid][0] == won.value.revision
        assert last_edit(store, p.eid).new_sha == won.value.revision and edits_of(store, p.eid) == 2  # created, edited
        assert {k: v for k, v in state.items() if k != p.eid} == others
        tally["lost writes"] += 0 if won.value.text in texts else 1
    print(f"\n[{db_url.split(':')[0]}] edit vs edit: {TRIALS} trials, {dict(tally)}")


def test_edit_against_delete(base, people, db_url):
    store, tally = base, Counter()
    for trial in range(TRIALS):
        p = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text=f"Texto {trial}."))
        others = {k: v for k, v in draft_state(store).items() if k != p.eid}
        outcomes = race(
            lambda p=p, trial=trial: draft.edit_paragraph(
                store, people.committee, P, p.eid, EditParagraph(base_revision=p.revision, text=f"Editado {trial}.")
            ),
            lambda p=p: draft.delete_paragraph(
                store, people.committee, P, p.eid, DeleteParagraph(base_revision=p.revision)
            ),
        )
        won, lost = one_winner(outcomes)
        state = draft_state(store)
        if outcomes[0] is won:  # the edit won: the text is there, and the delete was told what changed
            tally["edit won"] += 1
            assert state[p.eid][0] == won.value.revision
            assert last_edit(store, p.eid).action == "edited"
            assert lost.error.detail["current_text"] == f"Editado {trial}."  # type: ignore[union-attr]
        else:  # the delete won: the paragraph is gone, and the edit knows it
            tally["delete won"] += 1
            assert p.eid not in state
            assert last_edit(store, p.eid).action == "deleted"
            assert lost.error.detail["current_text"] is None  # type: ignore[union-attr]
        tally["409"] += 1
        assert edits_of(store, p.eid) == 2
        assert {k: v for k, v in state.items() if k != p.eid} == others
    print(f"\n[{db_url.split(':')[0]}] edit vs delete: {TRIALS} trials, {dict(tally)}, lost writes 0")


def test_move_against_add_from_the_same_order(base, people, db_url):
    store, tally = base, Counter()
    for trial in range(TRIALS):
        seen = draft.get_draft(store, people.committee, P)
        before = [p.eid for p in seen.paragraphs]
        moving, anchor = before[0], before[-1]
        outcomes = race(
            lambda moving=moving, anchor=anchor, seen=seen: draft.move_paragraph(
                store, people.committee, P, moving, MoveParagraph(after=anchor, base_order=seen.order)
            ),
            lambda trial=trial, before=before, seen=seen: draft.add_paragraph(
                store,
                people.committee,
                P,
                AddParagraph(kind="operative", text=f"Nuevo {trial}.", after=before[1], base_order=seen.order),
            ),
        )
        won, lost = one_winner(outcomes)
        assert "current_order" in lost.error.detail  # type: ignore[union-attr]
        after = draft_order(store)
        if outcomes[0] is won:
            tally["move won"] += 1
            assert after == [*before[1:], moving]
        else:
            tally["add won"] += 1
            added = won.value.eid  # type: ignore[union-attr]
            assert after == [before[0], before[1], added, *before[2:]]
            assert draft_state(store)[added][0] == won.value.revision  # type: ignore[union-attr]
        tally["409"] += 1
    print(f"\n[{db_url.split(':')[0]}] move vs add: {TRIALS} trials, {dict(tally)}, lost writes 0")


def test_adds_without_a_base_all_land_where_asked_and_name_what_they_created(base, people, db_url):
    store = base
    for trial in range(TRIALS // 5):
        anchors = draft_order(store)[:4]
        outcomes = race(
            *(
                (
                    lambda a=a, i=i, trial=trial: draft.add_paragraph(
                        store,
                        people.committee,
                        P,
                        AddParagraph(kind="operative", text=f"Añadido {trial}-{i}.", after=a),
                    )
                )
                for i, a in enumerate(anchors)
            )
        )
        assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
        created = [o.value for o in outcomes]
        assert len({c.eid for c in created}) == len(created)  # type: ignore[union-attr]
        order = draft_order(store)
        for anchor, paragraph in zip(anchors, created, strict=True):
            assert order.index(paragraph.eid) > order.index(anchor)  # type: ignore[union-attr]
            assert draft_state(store)[paragraph.eid][0] == paragraph.revision  # type: ignore[union-attr]
