"""A deleted process's texts go with it: the removal job (services/processes/deletion.py) removes every paragraph text
nothing names any more, keeps the ones another process holds, and never breaks a writer of another process that names
one of them at that moment (it holds the text on PostgreSQL; SQLite's writers are serial). Both backends; the writer
and the removal run in threads released together, and each chunk that removes texts is held open until the writer has
asked for one of them, so that the race is run at every such chunk rather than left to chance."""

from __future__ import annotations

import queue
import threading
import time

import pytest
from sqlalchemy import func, select

from tests.backends import BACKENDS_DIFFER
from workspace.domain.amendments.amendment_commands import ProposeAmendment
from workspace.domain.consultations.consultations import ProcessDraft
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, EditParagraph
from workspace.domain.declaration.document import revision_id
from workspace.services import amendments, processes
from workspace.services.declaration import draft
from workspace.services.processes import deletion
from workspace.store.models import ParagraphRevision, Process

pytestmark = BACKENDS_DIFFER  # the writers' locks and the removal's chunks are each backend's own

WORDS = 12  # paragraphs of the deleted process
HELD_OPEN = 0.05  # seconds a chunk stays uncommitted once it has removed texts


def race(*actions) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Run the actions in threads released at the same instant: what they raised."""
    barrier, failures = threading.Barrier(len(actions)), []

    def run(action) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            action()
        except BaseException as exc:  # noqa: BLE001 - the test's own report
            failures.append(exc)

    racers = [threading.Thread(target=run, args=(action,)) for action in actions]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)
    return failures


def make_process(store, people, slug: str, texts: list[str]) -> None:
    processes.create_process(
        store, people.committee, ProcessDraft(slug=slug, titles={"es": slug}, source_language="es")
    )
    for text in texts:
        draft.add_paragraph(store, people.committee, slug, AddParagraph(kind="operative", text=text))
    draft.circulate(store, people.committee, slug, Circulate(label="Borrador cero"))


def deleted(store, people, slug: str) -> int:
    processes.delete_process(store, people.admin, slug, slug)
    with store() as tx:
        return tx.scalar(select(Process.id).where(Process.slug == slug))


def stored(store, texts: list[str]) -> set[str]:
    """Which of `texts` the store still holds."""
    with store() as tx:
        found = set(tx.scalars(select(ParagraphRevision.sha).where(ParagraphRevision.sha.in_(map(revision_id, texts)))))
    return {text for text in texts if revision_id(text) in found}


def unnamed(store) -> int:
    """Texts that nothing names."""
    with store() as tx:
        named = [select(column).where(column.is_not(None)) for column in deletion.TEXT_NAMES]
        return tx.scalar(
            select(func.count())
            .select_from(ParagraphRevision)
            .where(ParagraphRevision.sha.not_in(named[0].union(*named[1:])))
        )


def test_the_texts_only_a_deleted_process_named_go_and_the_shared_ones_stay(store, people):
    own = [f"Solo la declaración borrada dice esto, párrafo {k}." for k in range(5)]
    shared = ["Reconociendo el papel de las ciudades intermedias."]
    make_process(store, people, "viva", shared)
    make_process(store, people, "borrada", own + shared)
    assert stored(store, own + shared) == set(own + shared)

    removed = deletion.remove_deleted_process(store, deleted(store, people, "borrada"))

    assert stored(store, own + shared) == set(shared)
    assert removed is not None and removed.rows["paragraph_revisions"] == len(own)
    assert unnamed(store) == 0
    assert [p.text for p in draft.get_draft(store, people.committee, "viva").paragraphs] == shared
    again = deletion.remove_deleted_process(store, deleted(store, people, "viva"))
    assert again is not None and again.rows["paragraph_revisions"] == 1  # the last one to name it is gone
    assert stored(store, shared) == set()


def test_a_writer_naming_texts_a_removal_is_taking_keeps_them(store, people, monkeypatch):
    """Each time a chunk of the removal has removed texts, and before it commits, the committee of another process
    edits one of its paragraphs with one of those texts: the writer is never refused (it waits for the chunk, then
    stores the text again), every text it named stays, and the others go."""
    texts = [f"Párrafo {k}: las ciudades y su gente." for k in range(2 * WORDS)]
    make_process(store, people, "borrada", texts)
    eid = draft.add_paragraph(store, people.committee, "kutahya", AddParagraph(kind="operative", text="Kütahya.")).eid
    pid = deleted(store, people, "borrada")
    monkeypatch.setattr(deletion, "CHUNK", 2)
    taking: queue.Queue[str | None] = queue.Queue()
    real = deletion._remove_unnamed

    def removing(tx, shas: set[str]) -> int:  # type: ignore[no-untyped-def]
        count = real(tx, shas)
        left = set(tx.scalars(select(ParagraphRevision.sha).where(ParagraphRevision.sha.in_(shas))))
        gone = [words for words in texts if revision_id(words) in shas - left]
        if gone:
            taking.put(gone[0])
            time.sleep(HELD_OPEN)  # the chunk, its texts removed, commits after the writer has asked for one of them
        return count

    monkeypatch.setattr(deletion, "_remove_unnamed", removing)
    named, current = [], "Kütahya."

    def remove() -> None:
        try:
            deletion.remove_deleted_process(store, pid)
        finally:
            taking.put(None)

    def write() -> None:
        nonlocal current
        while (words := taking.get(timeout=60)) is not None:
            draft.edit_paragraph(
                store, people.committee, "kutahya", eid, EditParagraph(base_revision=revision_id(current), text=words)
            )
            current = words
            named.append(words)

    failures = race(remove, write)
    assert not failures, failures
    assert len(named) >= WORDS // 2  # chunks of two rows: a text went in many of them
    assert stored(store, texts) == set(named)
    assert draft.get_draft_paragraph(store, people.committee, "kutahya", eid).text == current
    assert unnamed(store) == 0


@pytest.mark.parametrize("chunk", [1, 500])
def test_a_text_goes_with_the_last_row_that_named_it_whatever_the_chunk(store, people, monkeypatch, chunk):
    """A text named by the draft, a version, the history and an amendment goes when the last of them goes, in whatever
    chunk that is; one named by nothing else stays until then, and none is left."""
    monkeypatch.setattr(deletion, "CHUNK", chunk)
    texts = [f"Párrafo {k} de la declaración borrada." for k in range(4)]
    make_process(store, people, "borrada", texts)
    view = draft.get_draft(store, people.committee, "borrada").paragraphs[0]
    draft.edit_paragraph(
        store, people.committee, "borrada", view.eid, EditParagraph(base_revision=view.revision, text="Nuevo.")
    )
    amendments.propose(
        store,
        people.committee,
        "borrada",
        ProposeAmendment(version="1", eid=view.eid, kind="modify", text="Enmendado.", rationale="Mejor."),
    )
    everything = [*texts, "Nuevo.", "Enmendado."]
    assert stored(store, everything) == set(everything)
    removed = deletion.remove_deleted_process(store, deleted(store, people, "borrada"))
    assert removed is not None and removed.rows["paragraph_revisions"] == len(everything)
    assert stored(store, everything) == set()
    assert unnamed(store) == 0
