"""A version whose French edition holds a character that no font of the PDF can show is refused by the
gate before it is published, naming the paragraph and the character, not after it in its rendering job
(Typst refuses such a PDF/A); once the translation replaces it, the publication goes through with its
PDFs. Both backends."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.demo_data import settled_kutahya
from tests.integration.services.publication.test_publication import SYMBOL
from tests.integration.services.transfer.test_transfer import admin_of
from tests.integration.support import dump
from workspace.domain.consultations.consultations import ProcessSettings
from workspace.domain.errors import Conflict, InvalidInput, NotFound
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import processes, publication, translations
from workspace.services.declaration import versions
from workspace.services.publication import downloads
from workspace.services.publication.rendering import rendered

S = "kutahya-2021"
HAN = "\u4e00"  # 一: no DejaVu font has an ideograph
NO_FONT = "\U00092f38"  # a character of a private use plane: no font at all


def translate(store, admin, eid: str, text: str) -> None:
    row = next(r for r in translations.list_translations(store, admin, S, "fr", "Rev.1") if r.eid == eid)
    translations.save_translation(
        store,
        admin,
        S,
        "fr",
        eid,
        SaveTranslation(text=text, source_revision=row.source_revision, state="translated"),
        "Rev.1",
    )
    translations.approve(store, admin, S, "fr", eid, "Rev.1")


def test_a_character_no_font_shows_is_refused_by_the_gate_until_it_is_replaced(store, people):
    settled_kutahya(store)
    admin = admin_of(store)
    rows = [r for r in translations.list_translations(store, admin, S, "fr", "Rev.1") if r.eid.startswith("op_")]
    first, second = rows[0], rows[1]
    translate(store, admin, first.eid, f"Nous nous engageons avec Zhōngguó ({HAN}) et {NO_FONT}.")
    translate(store, admin, second.eid, f"La ville de {HAN}{HAN}\u202f: un engagement\u00a0ferme.")

    gate = publication.check_gate(store, admin, S, "Rev.1")
    printed = {p.eid: p.ref for p in versions.get_version(store, admin, S, "Rev.1").paragraphs}
    assert not gate.clear and gate.counts == {"glyph": 2}
    assert [(b.kind, b.eid, b.language, b.message, b.fix) for b in gate.blockers] == [
        (
            "glyph",
            first.eid,
            "fr",
            f"{printed[first.eid]} holds a character that no font of the PDF can show (U+4E00) in French.",
            f"/p/{S}/translations/fr?version=2&at={first.eid}#{first.eid}",
        ),
        (
            "glyph",
            second.eid,
            "fr",
            f"{printed[second.eid]} holds a character that no font of the PDF can show (U+4E00) in French.",
            f"/p/{S}/translations/fr?version=2&at={second.eid}#{second.eid}",
        ),
    ]
    assert publication.check_gate(store, admin, S, "Rev.1", kind="glyph").total == 2

    before = dump(store)
    with pytest.raises(Conflict) as caught:
        publication.publish(store, admin, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    assert [(b["kind"], b["eid"], b["language"]) for b in caught.value.detail["blockers"]] == [
        ("glyph", first.eid, "fr"),
        ("glyph", second.eid, "fr"),
    ]
    assert "U+4E00" in caught.value.detail["blockers"][0]["message"]
    assert dump(store) == before  # nothing published, no rendering job
    with pytest.raises(NotFound):
        publication.publications(store, S)

    translate(store, admin, first.eid, "Nous nous engageons avec Zhōngguó (la Chine).")
    gate = publication.check_gate(store, admin, S, "Rev.1")
    assert [(b.kind, b.eid) for b in gate.blockers] == [("glyph", second.eid)]
    translate(store, admin, second.eid, "La ville de Yi\u202f: un engagement\u00a0ferme.")
    assert publication.check_gate(store, admin, S, "Rev.1").clear

    made = publication.publish(store, admin, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    assert made.number == 1 and made.rendering is None
    pdf = next(f for f in publication.publication_files(store, S, 1) if f.name == f"{S}.fr.pdf")
    with publication.file_content(store, pdf) as body:
        assert body.read(5) == b"%PDF-"


def test_a_title_or_place_no_font_shows_is_refused_too_with_the_way_to_fix_it(store, people):
    settled_kutahya(store)
    admin = admin_of(store)
    now = processes.get_process(store, admin, S)
    processes.update_process(
        store,
        admin,
        S,
        ProcessSettings(
            titles={**now.titles, "en": f"Kütahya Declaration ({HAN})"},
            source_language=now.source_language,
            languages=now.languages,
            timezone=now.timezone,
            places={**now.places, "fr": f"Kütahya ({NO_FONT})"},
            phase=now.phase,
        ),
    )
    gate = publication.check_gate(store, admin, S, "Rev.1")
    assert [(b.kind, b.eid, b.language, b.message, b.fix) for b in gate.blockers] == [
        (
            "glyph",
            None,
            "en",
            "The title in English holds a character that no font of the PDF can show (U+4E00).",
            f"/p/{S}/edit#p-title-en",
        ),
        (
            "glyph",
            None,
            "fr",
            "The place in French holds a character that no font of the PDF can show (U+92F38).",
            f"/p/{S}/edit#p-place-fr",
        ),
    ]
    with pytest.raises(Conflict):
        publication.publish(store, admin, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))


def test_a_symbol_no_font_shows_is_refused_before_publishing_and_a_renderer_refusal_is_a_conflict(store, people):
    settled_kutahya(store)
    admin = admin_of(store)
    before = dump(store)
    with pytest.raises(InvalidInput) as refused:
        publication.publish(
            store, admin, S, publication.Publish(version="Rev.1", symbol=f"CGLU/{HAN}/2021", date="2021-10-08")
        )
    assert refused.value.params["code"] == "4E00" and refused.value.detail == {"field": "symbol"}
    with pytest.raises(InvalidInput) as refused:
        publication.publish(
            store,
            admin,
            S,
            publication.Publish(
                version="Rev.1", symbol=SYMBOL, date="2021-10-08", corrigendum_of=1, corrects=f"Le nom {HAN}."
            ),
        )
    assert refused.value.detail == {"field": "corrects"}
    assert dump(store) == before  # nothing published, no rendering job

    # What the gate could not know (a publication frozen before it looked) is the renderer's refusal: a 409, not a
    # crash.
    model, _codes = downloads.download_model(store, admin, S, "Rev.1", "es")
    with pytest.raises(Conflict) as said, rendered(replace(model, symbol=f"CGLU/{HAN}")):
        pass
    assert "U+4E00" in said.value.render()
