"""A published process stays published (issue 30): the committee's settings cannot move it back to another
phase, not even while the version is being published at the same instant. Both backends; run with `-s` to see
the figures."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select

from tests.integration.services.declaration.test_draft_races import race
from workspace.domain.amendments.amendment_commands import SetParagraphStatus
from workspace.domain.consultations.consultations import ProcessDraft, ProcessSettings
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.errors import Conflict
from workspace.domain.publication.publication_commands import Publish
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import amendments, processes, translations
from workspace.services.declaration import draft
from workspace.services.publication import publishing
from workspace.store.db import transaction
from workspace.store.models import Process, Publication

TRIALS = 8
TITLES = {"es": "Declaración", "en": "Declaration", "fr": "Déclaration"}
PLACES = {"es": "Kütahya", "en": "Kütahya", "fr": "Kütahya"}


def ready_to_publish(store, committee, slug: str) -> None:
    """A process of one paragraph, translated, approved and agreed: Rev.1 may be published."""
    processes.create_process(
        store, committee, ProcessDraft(slug=slug, titles=TITLES, source_language="es", places=PLACES)
    )
    eid = draft.add_paragraph(store, committee, slug, AddParagraph(kind="operative", text="Nos comprometemos.")).eid
    draft.circulate(store, committee, slug, Circulate(label="Rev.1"))
    for lang, wording in (("en", "We commit."), ("fr", "Nous nous engageons.")):
        (row,) = translations.list_translations(store, committee, slug, lang, "Rev.1")
        translations.save_translation(
            store,
            committee,
            slug,
            lang,
            eid,
            SaveTranslation(text=wording, source_revision=row.source_revision, state="translated"),
            "Rev.1",
        )
        translations.approve(store, committee, slug, lang, eid, "Rev.1")
    amendments.set_paragraph_status(store, committee, slug, eid, SetParagraphStatus(status="agreed"))


def back_to(phase: str) -> ProcessSettings:
    return ProcessSettings(titles=TITLES, source_language="es", places=PLACES, phase=phase)


def phase_and_publications(store, slug: str) -> tuple[str, int]:
    with store() as tx:
        process = tx.scalar(select(Process).where(Process.slug == slug))
        return process.phase, len(list(tx.scalars(select(Publication.id).where(Publication.process_id == process.id))))


def test_a_published_process_refuses_to_go_back_and_keeps_its_other_settings(store, people):
    ready_to_publish(store, people.committee, "uno")
    with pytest.raises(Conflict) as early:  # no setting makes a process published
        processes.update_process(store, people.committee, "uno", back_to("published"))
    assert early.value.detail == {"field": "phase"}
    publishing.publish(store, people.committee, "uno", Publish(version="Rev.1", symbol="UCLG/T/1"), files_later=True)
    for phase in ("consultation", "drafting", "negotiation", "translation"):
        with pytest.raises(Conflict) as refused:
            processes.update_process(store, people.committee, "uno", back_to(phase))
        assert "corrigendum" in refused.value.render() and refused.value.detail == {"field": "phase"}
    assert phase_and_publications(store, "uno") == ("published", 1)
    kept = processes.update_process(
        store,
        people.committee,
        "uno",
        ProcessSettings(
            titles={**TITLES, "en": "The Declaration"}, source_language="es", places=PLACES, phase="published"
        ),
    )
    assert kept.phase == "published" and kept.titles["en"] == "The Declaration"


def test_moving_back_while_the_version_is_published_never_leaves_a_published_process_in_another_phase(store, people):
    outcomes = Counter()
    for trial in range(TRIALS):
        slug = f"carrera-{trial}"
        ready_to_publish(store, people.committee, slug)
        late = random.random() * 0.08  # publishing takes tens of milliseconds: the move lands anywhere within it

        def move_back(slug: str = slug, late: float = late) -> object:
            time.sleep(late)
            return processes.update_process(store, people.committee, slug, back_to("consultation"))

        def publish(slug: str = slug, symbol: str = f"UCLG/R/{trial}") -> object:
            return publishing.publish(
                store, people.committee, slug, Publish(version="Rev.1", symbol=symbol), files_later=True
            )

        published, moved = race(publish, move_back)
        assert published.error is None, published.error
        assert moved.error is None or isinstance(moved.error, Conflict), moved.error
        outcomes["moved back first, then published" if moved.error is None else "refused: published first"] += 1
        assert phase_and_publications(store, slug) == ("published", 1)
    print(
        f"\n{store.engine.dialect.name}: {TRIALS} trials of publish against a move back to consultation: "
        f"{dict(outcomes)}"
    )


def test_a_move_back_read_while_a_publication_is_being_made_waits_for_it_and_is_refused(store, people):
    """The interleaving that matters, made every time: the move back reads the process while the publication's
    transaction is open (its row not yet visible), then writes after it commits."""
    ready_to_publish(store, people.committee, "dos")
    moved: list[BaseException | None] = []

    def move_back() -> None:
        try:
            processes.update_process(store, people.committee, "dos", back_to("consultation"))
            moved.append(None)
        except Conflict as exc:
            moved.append(exc)

    with transaction(store) as tx:
        publishing.publish(tx, people.committee, "dos", Publish(version="Rev.1", symbol="UCLG/T/2"), files_later=True)
        mover = threading.Thread(target=move_back)
        mover.start()
        time.sleep(0.5)  # the move back has read what it could, and waits for this transaction
    mover.join(timeout=30)
    assert isinstance(moved[0], Conflict), moved
    assert phase_and_publications(store, "dos") == ("published", 1)
