"""Live pages in real Chromium: three people read a circulated version, in Spanish, English and French, while the
committee replies over the API in a thread they follow, then opens another, and a member files an amendment: in each
language the reply is counted under its paragraph, the new thread and the amendment show on theirs, the header's Inbox
link counts the unread reply, and a polite status says what changed, all without a reload. A translator's thread list
(en) takes a new thread in and counts a reply in the header; the committee's voting list (fr) takes an amendment filed
meanwhile as a new row, what the chair typed in the others kept."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
MEMBER = "miembro@demo.accord"
TRANSLATOR = "traductor.en@demo.accord"
TRANSLATRICE = "traductrice.fr@demo.accord"
API = f"/api/processes/{SLUG}"
LIVE = 15000  # ms: what an event changes is on the page within this (a busy machine runs many browsers at once)


def token(url: str, email: str) -> dict[str, str]:
    answer = httpx.post(f"{url}/api/auth/token", json={"email": email, "password": PASSWORD, "name": "e2e"}, timeout=30)
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def post(url: str, headers: dict[str, str], path: str, body: dict | None = None) -> dict:
    answer = httpx.post(f"{url}{API}{path}", headers=headers, json=body or {}, timeout=30)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def unread(url: str, headers: dict[str, str]) -> int:
    return int(httpx.get(f"{url}/api/inbox", headers=headers, timeout=30).json()["unread"])


def following_live(page: Page) -> None:
    """The page's stream is connected: what happens from now on reaches it."""
    expect(page.locator("[data-live][data-live-open]")).to_have_count(1, timeout=LIVE)


def never_reloaded(page: Page) -> None:
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"


# What each reader's page says, in their language.
WORDS = {
    "es": {
        "locale": "es-ES",
        "discuss": "Comentar",
        "open": "1 hilo abierto",
        "replies": "1 respuesta nueva",
        "inbox": "Bandeja de entrada",
        "unread": lambda n: f"Bandeja de entrada, {n} sin leer",
        "said": "Actualizado en directo: {}.",
        "thread": "1 hilo nuevo",
        "amendment": "1 enmienda nueva",
    },
    "en": {
        "locale": "en-GB",
        "discuss": "Discuss",
        "open": "1 open thread",
        "replies": "1 new reply",
        "inbox": "Inbox",
        "unread": lambda n: f"Inbox, {n} unread",
        "said": "Updated live: {}.",
        "thread": "1 new thread",
        "amendment": "1 new amendment",
    },
    "fr": {
        "locale": "fr-FR",
        "discuss": "Commenter",
        "open": "1 fil ouvert",
        "replies": "1 nouvelle réponse",
        "inbox": "Boîte de réception",
        "unread": lambda n: f"Boîte de réception, {n} non lu" + ("s" if n > 1 else ""),
        "said": "Mis à jour en direct\u00a0: {}.",
        "thread": "1 nouveau fil de discussion",
        "amendment": "1 nouvel amendement",
    },
}


def test_a_reading_page_shows_replies_threads_and_amendments_as_they_come_in_es_en_fr(tmp_path, browser):
    """The member (es) and the translators into English and French read Rev.1, each following a thread on OP 9
    (op_7); the committee replies in it, opens a thread on op_3, the member files an amendment to op_9."""
    with running_server(tmp_path, demo_store(tmp_path, MEMBER, TRANSLATOR, TRANSLATRICE)) as server:
        url = server.url
        people = {"es": MEMBER, "en": TRANSLATOR, "fr": TRANSLATRICE}
        tokens = {lang: token(url, email) for lang, email in people.items()}
        committee = token(url, COMMITTEE)
        thread = post(
            url, tokens["es"], "/threads", {"version": "Rev.1", "eid": "op_7", "quote": None, "body": "¿Y los jóvenes?"}
        )
        for lang in ("en", "fr"):
            post(url, tokens[lang], f"/threads/{thread['id']}/follow")
        before = {lang: unread(url, tokens[lang]) for lang in people}
        try:
            readers = {}
            for lang, email in people.items():
                said = WORDS[lang]
                reader = readers[lang] = signed_in(browser, url, email, said["locale"])
                reader.goto(f"{url}/p/{SLUG}/declaration/versions/2")
                following_live(reader)
                n = before[lang]
                expect(reader.locator("header a[data-inbox]")).to_have_text(
                    f"{said['inbox']} ({n})" if n else said["inbox"], timeout=LIVE
                )
                expect(reader.locator("#op_7 a.discuss-link")).to_have_text(said["open"], timeout=LIVE)
                expect(reader.locator("#op_3 a.discuss-link")).to_have_text(said["discuss"], timeout=LIVE)

            post(url, committee, f"/threads/{thread['id']}/comments", {"body": "Sí, y las mujeres también."})
            for lang, reader in readers.items():
                said, n = WORDS[lang], before[lang] + 1
                expect(reader.locator("#op_7 .live-news")).to_have_text(said["replies"], timeout=LIVE)
                inbox = reader.locator("header a[data-inbox]")
                expect(inbox).to_have_text(f"{said['inbox']} ({n})", timeout=LIVE)
                expect(inbox).to_have_attribute("aria-label", said["unread"](n))
                status = reader.locator("[data-live]")
                expect(status).to_have_attribute("aria-live", "polite")
                expect(status).to_have_text(said["said"].format(said["replies"]), timeout=LIVE)

            post(
                url, committee, "/threads", {"version": "Rev.1", "eid": "op_3", "quote": None, "body": "¿Qué campañas?"}
            )
            for lang, reader in readers.items():
                expect(reader.locator("#op_3 a.discuss-link")).to_have_text(WORDS[lang]["open"], timeout=LIVE)
                expect(reader.locator("[data-live]")).to_have_text(
                    WORDS[lang]["said"].format(WORDS[lang]["thread"]), timeout=LIVE
                )

            filed = post(
                url,
                tokens["es"],
                "/amendments",
                {
                    "version": "Rev.1",
                    "eid": "op_9",
                    "kind": "modify",
                    "text": "Nos comprometemos a responder a la despoblación.",
                },
            )
            for lang, reader in readers.items():
                amendment = reader.locator("#op_9 .para-marks li[data-kind=amendment]")
                expect(amendment).to_have_count(1, timeout=LIVE)
                expect(amendment.locator("a")).to_have_text(filed["label"], timeout=LIVE)
                expect(reader.locator("[data-live]")).to_have_text(
                    WORDS[lang]["said"].format(WORDS[lang]["amendment"]), timeout=LIVE
                )
                # The reply counted under op_7 is still there: putting op_9 in place took nothing else away.
                expect(reader.locator("#op_7 .live-news")).to_have_text(WORDS[lang]["replies"])
                never_reloaded(reader)
        finally:
            browser.close()


def test_a_thread_list_takes_a_new_thread_in_and_the_header_counts_a_reply_in_english(tmp_path, browser):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER, TRANSLATOR, TRANSLATRICE)) as server:
        url = server.url
        translator, member, committee = token(url, TRANSLATOR), token(url, MEMBER), token(url, COMMITTEE)
        thread = post(
            url, member, "/threads", {"version": "Rev.1", "eid": "op_10", "quote": None, "body": "¿Qué diálogo?"}
        )
        post(url, translator, f"/threads/{thread['id']}/follow")
        before = unread(url, translator)
        try:
            reader = signed_in(browser, url, TRANSLATOR, "en-GB")
            reader.goto(f"{url}/p/{SLUG}/threads")
            following_live(reader)
            cards = reader.locator("#thread-cards > article[id]")
            shown = cards.count()

            made = post(
                url, committee, "/threads", {"version": "Rev.1", "eid": "op_11", "quote": None, "body": "Financiación."}
            )
            expect(reader.locator(f"#thread-cards > article#t{made['label']}")).to_be_visible(timeout=LIVE)
            expect(cards).to_have_count(shown + 1)
            expect(reader.locator("[data-live]")).to_have_text("Updated live: 1 new thread.", timeout=LIVE)

            post(url, member, f"/threads/{thread['id']}/comments", {"body": "Un diálogo permanente."})
            inbox = reader.locator("header a[data-inbox]")
            expect(inbox).to_have_text(f"Inbox ({before + 1})", timeout=LIVE)
            expect(inbox).to_have_attribute("aria-label", f"Inbox, {before + 1} unread")
            expect(reader.locator("[data-live]")).to_have_text("Updated live: 1 new reply.", timeout=LIVE)
            never_reloaded(reader)
        finally:
            browser.close()


def test_the_voting_list_takes_an_amendment_filed_meanwhile_as_a_new_row_in_french(tmp_path, browser):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER, TRANSLATOR, TRANSLATRICE)) as server:
        url = server.url
        member, committee = token(url, MEMBER), token(url, COMMITTEE)
        thread = post(
            url, member, "/threads", {"version": "Rev.1", "eid": "op_13", "quote": None, "body": "¿Qué agendas?"}
        )
        post(url, committee, f"/threads/{thread['id']}/follow")
        before = unread(url, committee)
        try:
            chair = signed_in(browser, url, COMMITTEE, "fr-FR")
            chair.goto(f"{url}/p/{SLUG}/amendments/voting")
            following_live(chair)
            rows = chair.locator("#voting-rows tbody > tr[id]")
            shown = rows.count()
            assert shown, "the demo has open amendments"
            chair.locator("#voting-rows tbody > tr[id] input[name^=reason-]").first.fill("Consenso en sala.")  # kept

            filed = post(
                url,
                member,
                "/amendments",
                {
                    "version": "Rev.1",
                    "eid": "op_13",
                    "kind": "modify",
                    "text": "Pedimos reconocer a las Ciudades Intermedias.",
                },
            )
            number = filed["label"].lstrip("A")
            expect(chair.locator(f"#voting-rows tr#v-row-{number}")).to_be_visible(timeout=LIVE)
            expect(rows).to_have_count(shown + 1)
            expect(chair.locator("[data-live]")).to_have_text(
                "Mis à jour en direct\u00a0: 1 nouvel amendement.", timeout=LIVE
            )
            if shown:
                expect(chair.locator("#voting-rows tbody > tr[id] input[name^=reason-]").first).to_have_value(
                    "Consenso en sala."
                )

            post(url, member, f"/threads/{thread['id']}/comments", {"body": "Las de París y de la Agenda 2030."})
            inbox = chair.locator("header a[data-inbox]")
            expect(inbox).to_have_text(f"Boîte de réception ({before + 1})", timeout=LIVE)
            never_reloaded(chair)
        finally:
            browser.close()
