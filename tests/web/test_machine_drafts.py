"""Machine drafts in the translation editor (issue 19): Apertium (Debian's packages) drafts a paragraph for its
translators on demand, English and French through Spanish; the draft is a labelled suggestion, never saved
nor counted as translated by itself; who may not translate the language gets none."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.web.conftest import sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, html, import_zero
from workspace.services.translations.machine import Apertium, engine_from

API = f"/api/processes/{SLUG}"
pytestmark = pytest.mark.needs("apertium")


@pytest.fixture
def zero(client, web_people):
    return import_zero(client, web_people)


def test_a_translator_gets_a_machine_draft_that_saves_nothing(client, web_people, zero, web_store):
    translator = token_headers(client, web_people.translator.email)
    got = client.get(f"{API}/translations/en/op_1/machine", params={"version": "1"}, headers=translator)
    assert got.status_code == 200, got.text
    draft = got.json()
    assert draft["machine"] is True and draft["engine"] == "Apertium" and draft["eid"] == "op_1"
    assert "strengthen" in draft["text"] and "Nos " not in draft["text"]  # English words, from the Spanish source
    states = {
        t["eid"]: t["state"]
        for t in client.get(f"{API}/translations/en", params={"version": "1"}, headers=translator).json()
    }
    assert states["op_1"] == "missing"  # nothing saved: a person saves what they make of it

    assert (
        client.get(f"{API}/translations/fr/op_1/machine", params={"version": "1"}, headers=translator).status_code
        == 403
    )  # not their language
    assert (
        client.get(f"{API}/translations/fr/op_1/machine", params={"version": "1"}, headers=zero)
        .json()["text"]
        .startswith("Nous")
    )
    observer = token_headers(client, web_people.observer.email)
    assert (
        client.get(f"{API}/translations/en/op_1/machine", params={"version": "1"}, headers=observer).status_code == 403
    )
    outsider = token_headers(client, web_people.outsider.email)
    assert (
        client.get(f"{API}/translations/en/op_1/machine", params={"version": "1"}, headers=outsider).status_code == 404
    )
    assert (
        client.get(f"{API}/translations/en/op_99/machine", params={"version": "1"}, headers=translator).status_code
        == 404
    )

    sign_in(client, web_people.translator.email)
    editor = html(client.get(f"/p/{SLUG}/translations/en?version=1"))
    assert "Apertium" in editor.select_one("ol.translation-rows")["data-label-machine"]
    assert editor.select("button[data-machine-draft]")


def test_english_and_french_go_through_spanish_and_no_engine_means_none(app, client, web_people, zero):
    apertium = Apertium()
    assert {("en", "fr"), ("fr", "en")} <= apertium.pairs()
    assert "finance locale" in apertium.translate("We commit to strengthening local finance.", "en", "fr")
    assert engine_from(replace(app.state.settings, machine="none")) is None
    app.state.settings = replace(app.state.settings, machine="none")
    translator = token_headers(client, web_people.translator.email)
    assert (
        client.get(f"{API}/translations/en/op_1/machine", params={"version": "1"}, headers=translator).status_code
        == 404
    )
    sign_in(client, web_people.translator.email)
    assert not html(client.get(f"/p/{SLUG}/translations/en?version=1")).select("button[data-machine-draft]")
