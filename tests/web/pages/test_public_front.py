"""The public side at once: whoever comes by the sign-in page finds the declarations published (the demo's
Córdoba key messages), in the language of the page, and nothing of the processes not published."""

from __future__ import annotations

from tests.integration.services.transfer.test_transfer import DRAFTS, admin_of
from tests.web.pages.test_pages_support import html
from workspace.domain.consultations.consultations import ProcessSettings
from workspace.services import processes, transfer


def test_the_sign_in_page_lists_the_published_declarations_and_only_those(client, web_store):
    transfer.import_folder(web_store, None, DRAFTS / "kutahya-2021")  # not published: never named
    assert "Published declarations" not in client.get("/signin").text
    transfer.import_folder(web_store, None, DRAFTS / "cordoba-led-2021")
    english = html(client.get("/signin"))
    links = [(a["href"], a.get_text(strip=True)) for a in english.select(".published-list a")]
    assert links == [("/p/cordoba-led-2021/en", "5th World Forum of Local Economic Development — Córdoba 2021")]
    assert "CGLU/FMDEL/2021/1.1.1" in english.select_one(".published-list").get_text() and "1 June 2021" in english.text
    assert "kutahya" not in english.text.lower() and "Kütahya" not in english.text
    french = html(client.get("/signin", headers={"Accept-Language": "fr"}))
    assert french.select_one(".published-list h2").get_text() == "Déclarations publiées"
    assert french.select_one(".published-list a")["href"] == "/p/cordoba-led-2021/fr"
    reading = client.get("/p/cordoba-led-2021/en")  # and the link leads to the text, for anyone
    assert reading.status_code == 200 and "Guarantee the balanced participation" in reading.text


def test_what_the_committee_changes_after_publishing_never_shows_on_the_public_list(client, web_store):
    transfer.import_folder(web_store, None, DRAFTS / "cordoba-led-2021")
    admin = admin_of(web_store)
    now = processes.get_process(web_store, admin, "cordoba-led-2021")
    processes.update_process(
        web_store,
        admin,
        "cordoba-led-2021",
        ProcessSettings(
            titles={**now.titles, "en": "Second round: Córdoba 2022, not circulated"},
            source_language=now.source_language,
            languages=now.languages,
            timezone=now.timezone,
            places=now.places,
            phase="published",
        ),
    )  # it stays published (issue 30)
    listed = html(client.get("/signin")).select_one(".published-list")
    assert "Second round" not in listed.get_text()
    assert (
        listed.a.get_text(strip=True) == "5th World Forum of Local Economic Development — Córdoba 2021"
    )  # as published
