"""Publishing the Kütahya demo on both backends: the gate lists what blocks it, each with its fix;
once settled, the publication is frozen with its checksums; a second one is a corrigendum."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.demo_data import kutahya, settled_kutahya
from tests.integration.services.transfer.test_transfer import admin_of
from workspace.domain.amendments.amendment_commands import DecideAmendment, SetParagraphStatus
from workspace.domain.consultations.consultations import ProcessSettings
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from workspace.domain.publication.publication import checksum
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import accounts, amendments, processes, publication, translations
from workspace.services.actor import SYSTEM
from workspace.services.declaration import versions

S = "kutahya-2021"
SYMBOL = "UCLG/KUT/2021/DECL"


def settle(store, admin) -> None:
    """What the committee does before publishing Rev.1: every translation approved, the open
    amendments decided, every paragraph agreed."""
    for lang in ("en", "fr"):
        for row in translations.list_translations(store, admin, S, lang, "Rev.1"):
            if row.state == "approved":
                continue
            wording = (
                row.text if row.state in ("draft", "translated") else f"[{lang}] {row.eid}: " + row.source_text[:40]
            )
            translations.save_translation(
                store,
                admin,
                S,
                lang,
                row.eid,
                SaveTranslation(
                    text=wording.replace("[", "(").replace("]", ")"),
                    source_revision=row.source_revision,
                    state="translated",
                ),
                "Rev.1",
            )
            translations.approve(store, admin, S, lang, row.eid, "Rev.1")
    for a in amendments.list_amendments(store, admin, S, status="open"):
        amendments.decide_amendment(
            store,
            admin,
            S,
            a.number,
            DecideAmendment(decision="rejected", reason="Fuera de plazo para la versión final."),
        )
    for p in versions.get_version(store, admin, S, "Rev.1").paragraphs:
        amendments.set_paragraph_status(store, admin, S, p.eid, SetParagraphStatus(status="agreed"))


def test_the_gate_lists_each_blocking_item_with_its_fix(store, people):
    kutahya(store)
    admin = admin_of(store)
    gate = publication.check_gate(store, admin, S, "Rev.1")
    assert not gate.clear
    kinds = {b.kind for b in gate.blockers}
    assert {"translation", "amendment", "status"} <= kinds
    outdated = next(b for b in gate.blockers if b.kind == "translation" and b.language == "fr")
    assert outdated.fix.startswith(f"/p/{S}/translations/fr?version=2&at=")
    with pytest.raises(Conflict) as caught:
        publication.publish(store, admin, S, publication.Publish(version="Rev.1", symbol=SYMBOL))
    assert len(caught.value.detail["blockers"]) == len(gate.blockers)
    with pytest.raises(NotFound):
        publication.publications(store, S)  # nothing public yet


def test_the_gate_refuses_a_place_missing_in_a_language_until_the_process_or_the_publication_gives_it(store, people):
    settled_kutahya(store)
    admin = admin_of(store)
    now = processes.get_process(store, admin, S)
    processes.update_process(
        store,
        admin,
        S,
        ProcessSettings(
            titles=now.titles,
            source_language=now.source_language,
            languages=now.languages,
            timezone=now.timezone,
            places={"es": "Kütahya, Turquía", "en": "Kütahya, Türkiye"},
            phase=now.phase,
        ),
    )
    gate = publication.check_gate(store, admin, S, "Rev.1")
    assert [(b.kind, b.language, b.message, b.fix) for b in gate.blockers] == [
        ("place", "fr", "The place is missing in French.", f"/p/{S}/edit#p-place-fr")
    ]
    with pytest.raises(Conflict):
        publication.publish(store, admin, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    made = publication.publish(
        store,
        admin,
        S,
        publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08", places={"fr": "Kütahya, Turquie"}),
    )
    assert made.date_line["fr"] == "Kütahya, Turquie, le 8 octobre 2021"
    with pytest.raises(InvalidInput) as caught:
        publication.Publish(
            version="Rev.1", symbol=SYMBOL, date="2021-10-08", places="Kütahya"
        )  # one place for every edition: which language?
    assert caught.value.detail == {"field": "places"}


def test_the_settled_demo_is_published_frozen_and_corrected_by_a_corrigendum(store, people, db_url):
    settled_kutahya(store)
    admin = admin_of(store)
    assert publication.check_gate(store, admin, S, "Rev.1").clear
    # The process's place in each language, but for the English one, which this publication gives.
    made = publication.publish(
        store,
        admin,
        S,
        publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08", places={"en": "Kütahya, Turkey"}),
    )
    assert made.number == 1 and made.languages == ["es", "en", "fr"]
    assert made.date_line == {
        "es": "Kütahya, Turquía, 8 de octubre de 2021",
        "en": "Kütahya, Turkey, 8 October 2021",
        "fr": "Kütahya, Turquie, le 8 octobre 2021",
    }
    _summary, model = publication.publication_model(store, S)
    rev1 = versions.get_version(store, admin, S, "Rev.1")
    spanish = model.edition("es")
    assert [(p.eid, p.text) for p in spanish.paragraphs] == [(p.eid, p.text) for p in rev1.paragraphs]
    for edition in model.editions:
        assert made.checksums[edition.language] == checksum(edition.paragraphs) == edition.checksum
        assert [p.eid for p in edition.paragraphs] == [p.eid for p in rev1.paragraphs]
    with pytest.raises(Conflict):
        publication.publish(store, admin, S, publication.Publish(version="Rev.1", symbol=SYMBOL))
    with pytest.raises(InvalidInput):
        publication.Publish(version="Rev.1", symbol=SYMBOL + "/Corr.1", corrigendum_of=1)  # says what it corrects
    corrected = publication.publish(
        store,
        admin,
        S,
        publication.Publish(
            version="Rev.1",
            symbol=SYMBOL + "/Corr.1",
            date="2021-10-20",
            corrigendum_of=1,
            corrects="Párrafo 3 de la versión francesa.",
        ),
    )
    assert (corrected.number, corrected.corrigendum_of) == (2, 1)
    assert [p.number for p in publication.publications(store, S)] == [1, 2]
    for statement in ("UPDATE publications SET symbol = 'X'", "DELETE FROM publications"):
        with store.writer() as tx, pytest.raises(DBAPIError, match="immutable"):  # the store itself refuses
            tx.execute(text(statement))
    assert [p.symbol for p in publication.publications(store, S)] == [SYMBOL, SYMBOL + "/Corr.1"]
    accounts.set_password(store, SYSTEM, "miembro@demo.accord", "member password 123")
    member = accounts.authenticate(store, "miembro@demo.accord", "member password 123")
    with pytest.raises(Forbidden):
        publication.check_gate(store, member, S, "Rev.1")
