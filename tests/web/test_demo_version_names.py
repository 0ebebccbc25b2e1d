"""The demo names its versions in each of its languages (drafts/*/declaration, `labels`): a reader of the English or
French screens reads "Zero draft" or "Avant-projet", never the Spanish "Borrador cero" the version was circulated
as; and the publish question asks in the reader's language ("Publish Key messages for good?")."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.integration.services.transfer.test_transfer import DRAFTS
from tests.web.conftest import sign_in
from tests.web.pages.test_pages_support import html
from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM

COMMITTEE = "comite@demo.accord"
NAMES = {
    "es": ("Borrador cero", "Mensajes clave"),
    "en": ("Zero draft", "Key messages"),
    "fr": ("Avant-projet", "Messages clés"),
}


@pytest.fixture
def demo(client, web_store):
    for name in ("kutahya-2021", "cordoba-led-2021"):
        transfer.import_folder(web_store, None, DRAFTS / name)
    accounts.set_password(web_store, SYSTEM, COMMITTEE, PASSWORD)
    sign_in(client, COMMITTEE)


@pytest.mark.parametrize("language", ["es", "en", "fr"])
def test_the_demo_versions_read_in_the_language_of_the_screen(client, demo, language):
    zero, key_messages = NAMES[language]
    asked = {"Accept-Language": language}
    page = html(client.get("/p/kutahya-2021/declaration/versions/1", headers=asked))
    assert page.find("html")["lang"] == language
    assert page.find("h1").get_text(strip=True) == zero
    threads = html(client.get("/p/kutahya-2021/threads", headers=asked))
    assert zero in [o.get_text(strip=True) for o in threads.select("select option")]
    publish = html(client.get("/p/cordoba-led-2021/publish?version=1", headers=asked))
    question = publish.select_one("form#publish-form")["data-confirm"]
    assert key_messages in question
    if language != "es":
        assert "Mensajes clave" not in question
        assert "Borrador cero" not in [o.get_text(strip=True) for o in threads.select("select option")]


def test_any_of_its_names_finds_a_demo_version(client, demo):
    for name in ("Borrador cero", "Zero draft", "Avant-projet"):
        found = client.get(f"/p/kutahya-2021/declaration/versions/{name}", headers={"Accept-Language": "en"})
        assert found.status_code == 200 and html(found).find("h1").get_text(strip=True) == "Zero draft", name
