"""Dead ends and missing news (issue 67, item 9), in real Chromium on the demo:

- after publishing, the committee lands on the publications signed in (its name in the header), on the right tab,
  the files named by kind and language ("PDF (français)"), while a member's inbox takes the publication in live;
- a thread's page is live (a reply, a resolution put in place), and so is the inbox, which shows a decision on one's
  amendment beside the replies, with the process's title and the time in the process's zone;
- `/admin` is an administrator's door and, for anyone else, a 404 page that still names who is signed in;
- an invitation's link sits in a field that shows it whole, copied with its button (the hint says how without
  script);
- a comment opened from the reading page brings the reader back to the paragraph, the flash saying it is opened."""

from __future__ import annotations

import re
from datetime import datetime

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_dialogs_browser import answer_in_page
from tests.e2e.test_in_text_browser import select_first_words
from tests.e2e.test_live_pages_browser import LIVE, following_live, never_reloaded, post, token
from tests.integration.services.publication.test_publication import SYMBOL, settle
from workspace import i18n
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
MEMBER = "miembro@demo.accord"
ADMIN = "admin@demo.accord"
TITLE = "II Foro Mundial de Ciudades Intermedias de CGLU — Declaración de Kütahya 2021"
ZONE = "Europe/Istanbul"


def with_people(folder, settled: bool = False) -> str:
    """The demo (settled for publishing, if asked), the member's password, and an administrator."""
    url = demo_store(folder)
    store = make_store(url)
    try:
        if settled:
            settle(store, SYSTEM)
        accounts.set_password(store, SYSTEM, MEMBER, PASSWORD)
        accounts.add_user(store, SYSTEM, ADMIN, "Ada Admin", PASSWORD, is_admin=True)
    finally:
        store.dispose()
    return url


def header_names(page: Page, name: str) -> None:
    """The page's header names who is signed in and offers no sign-in."""
    expect(page.locator("header.bar a[href='/account']")).to_have_text(name)
    expect(page.locator("header.bar a[href='/signin']")).to_have_count(0)


def test_publishing_lands_signed_in_on_the_files_by_kind_while_a_members_inbox_takes_it_in(tmp_path, browser):
    with running_server(tmp_path, with_people(tmp_path, settled=True)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER)  # Spanish
            member.goto(f"{server.url}/inbox")
            following_live(member)
            before = member.locator("#inbox-items > li[id]").count()

            committee = signed_in(browser, server.url, COMMITTEE, "fr-FR")
            name = committee.locator("header.bar a[href='/account']").inner_text()
            committee.goto(f"{server.url}/p/{SLUG}/publish?version=2")
            committee.locator("#p-symbol").fill(SYMBOL)
            committee.locator("#p-date").fill("2021-10-08")
            committee.locator("#publish-form button[type=submit]").click()
            answer_in_page(committee)
            committee.wait_for_url("**/publications")
            header_names(committee, name)
            expect(committee.locator(".lang-switch a[aria-current=page]")).to_have_text(
                "Publications et téléchargements"
            )
            downloads = committee.locator("ul.downloads a")
            expect(downloads.first).to_be_visible(timeout=LIVE)  # made by a worker meanwhile, put in by the page
            french = committee.locator("ul.downloads a", has_text="PDF (français)")
            expect(french).to_have_count(1)
            assert french.get_attribute("href").endswith(f"/{SLUG}.fr.pdf")
            expect(committee.locator("ul.downloads a", has_text="Word (espagnol, anglais et français)")).to_have_count(
                1
            )
            assert not [text for text in downloads.all_inner_texts() if text.startswith(SLUG)]  # no bare file name

            news = member.locator("#inbox-items > li.news-publication")
            expect(news).to_have_count(1, timeout=LIVE)
            expect(news.locator("a")).to_have_text(f"{name} publicó {SYMBOL}")
            assert news.locator("a").get_attribute("href") == f"/p/{SLUG}/publications"
            expect(member.locator("#inbox-items > li[id]")).to_have_count(before + 1)
            expect(member.locator("[data-live]")).to_have_text(
                "Actualizado en directo: 1 novedad en su bandeja de entrada."
            )
            never_reloaded(member)
        finally:
            browser.close()


def test_a_threads_page_and_the_inbox_follow_replies_decisions_and_resolutions_live(tmp_path, browser):
    with running_server(tmp_path, with_people(tmp_path)) as server:
        url = server.url
        mine, committee = token(url, MEMBER), token(url, COMMITTEE)
        thread = post(
            url, mine, "/threads", {"version": "Rev.1", "eid": "op_7", "quote": None, "body": "¿Y las redes?"}
        )
        amendment = post(
            url,
            mine,
            "/amendments",
            {"version": "2", "eid": "op_7", "kind": "modify", "text": "Otra redacción del párrafo.", "rationale": "."},
        )
        try:
            page = signed_in(browser, url, MEMBER)
            page.goto(f"{url}/p/{SLUG}/threads/{thread['label']}")
            following_live(page)
            inbox = signed_in(browser, url, MEMBER)
            inbox.goto(f"{url}/inbox")
            following_live(inbox)

            post(url, committee, f"/threads/{thread['id']}/comments", {"body": "Sí, las redes también."})
            comments = page.locator("#thread-comments > li.comment")
            expect(comments).to_have_count(2, timeout=LIVE)
            expect(comments.last).to_contain_text("Sí, las redes también.")
            expect(page.locator("[data-live]")).to_have_text("Actualizado en directo: 1 respuesta nueva.", timeout=LIVE)
            expect(inbox.locator("#inbox-items > li.news-reply").first).to_contain_text("Sí, las redes", timeout=LIVE)

            answer = httpx.post(
                f"{url}/api/processes/{SLUG}/amendments/{amendment['number']}/decision",
                json={"decision": "rejected", "reason": "Ya lo dice el párrafo."},
                headers=committee,
                timeout=30,
            )
            assert answer.status_code in (200, 201), answer.text
            decision = inbox.locator("#inbox-items > li.news-decision")
            expect(decision).to_have_count(1, timeout=LIVE)
            expect(decision.locator("a")).to_contain_text(f"A{amendment['number']}")
            expect(decision.locator("a")).to_contain_text("Rechazada")
            told = httpx.get(f"{url}/api/inbox", params={"kind": "decision"}, headers=mine, timeout=30).json()["items"]
            with i18n.locale_scope("es"):
                when = i18n.format_datetime(datetime.fromisoformat(told[0]["at"]), ZONE)
            expect(decision.locator("span.muted")).to_have_text(f"{TITLE} · {when}")  # not the slug, not UTC
            expect(inbox.locator("header a[data-inbox]")).to_contain_text("(", timeout=LIVE)

            post(url, committee, f"/threads/{thread['id']}/resolve")
            expect(page.locator("#thread-head .badge.tstatus-resolved")).to_have_count(1, timeout=LIVE)
            expect(page.locator("#thread-status button")).to_have_text("Reabrir el hilo")
            never_reloaded(page)
            never_reloaded(inbox)
        finally:
            browser.close()


def test_admin_is_an_administrators_door_and_a_404_that_names_who_is_signed_in(tmp_path, browser):
    with running_server(tmp_path, with_people(tmp_path)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER)
            name = member.locator("header.bar a[href='/account']").inner_text()
            for path in ("/admin", "/una/direccion/que/no/existe"):
                answer = member.goto(f"{server.url}{path}")
                assert answer is not None and answer.status == 404
                expect(member.locator("h1")).to_have_text("Esta página no existe.")
                header_names(member, name)
                expect(member.get_by_role("button", name="Cerrar sesión")).to_be_visible()

            admin = signed_in(browser, server.url, ADMIN)
            admin.goto(f"{server.url}/admin")
            admin.wait_for_url("**/admin/accounts")
            header_names(admin, "Ada Admin")
        finally:
            browser.close()


def test_an_invitation_link_is_shown_whole_and_copied_with_its_button(tmp_path, browser):
    with running_server(tmp_path, with_people(tmp_path)) as server:
        try:
            context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
            committee = context.new_page()
            committee.goto(f"{server.url}/signin")
            committee.locator("#email").fill(COMMITTEE)
            committee.locator("#password").fill(PASSWORD)
            committee.locator("#password").press("Enter")
            committee.wait_for_url("**/processes")
            committee.goto(f"{server.url}/p/{SLUG}/members")
            committee.locator("#m-email").fill("nueva@ejemplo.org")
            committee.locator("#invite-form button[type=submit]").click()
            field = committee.locator("#invitation-url")
            expect(field).to_be_visible()
            link = field.input_value()
            assert link.startswith("http") and "/invitations/" in link
            box = field.bounding_box()
            assert box is not None and box["width"] >= 600, box  # the link read whole, not in 220 pixels
            assert committee.evaluate("(f) => f.scrollWidth <= f.clientWidth", field.element_handle())
            expect(committee.locator("#invitation-hint")).to_be_hidden()  # the button says it all
            committee.get_by_role("button", name="Copiar el enlace").click()
            expect(committee.locator("#invitation-link .copy-said")).to_have_text(
                "El enlace está copiado: péguelo en su mensaje."
            )
            assert committee.evaluate("navigator.clipboard.readText()") == link

            # Without script: no button that would do nothing; the hint says how to copy the link.
            plain = browser.new_context(locale="es-ES", java_script_enabled=False).new_page()
            plain.goto(f"{server.url}/signin")
            plain.locator("#email").fill(COMMITTEE)
            plain.locator("#password").fill(PASSWORD)
            plain.locator("form[action='/signin'] button[type=submit]").click()
            plain.goto(f"{server.url}/p/{SLUG}/members")
            plain.locator("#m-email").fill("otra@ejemplo.org")
            plain.locator("#invite-form button[type=submit]").click()
            expect(plain.locator("#invitation-url")).to_be_visible()
            expect(plain.get_by_role("button", name="Copiar el enlace")).to_be_hidden()
            expect(plain.locator("#invitation-hint")).to_have_text(
                "Seleccione el enlace y cópielo (Ctrl+C, o ⌘+C en un Mac)."
            )
        finally:
            browser.close()


def test_a_comment_from_the_reading_page_stays_on_the_text(tmp_path, browser):
    with running_server(tmp_path, with_people(tmp_path)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER)
            member.set_viewport_size({"width": 1280, "height": 700})
            member.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            expect(member.locator("#op_9 a.discuss-link")).to_have_text("Comentar")
            select_first_words(member, "op_9", 3)
            member.locator(".in-text-bar").get_by_role("button", name="Comentar").click()
            member.locator(".in-text-form textarea[name=body]").fill("¿Qué plazo?")
            member.locator(".in-text-form[data-form=comment] button[type=submit]").click()
            member.wait_for_url(f"**/p/{SLUG}/declaration/versions/2?*#op_9")
            expect(member.locator("p.flash")).to_have_text(re.compile(r"^Hilo \d+ abierto\.$"))
            expect(member.locator("#op_9")).to_be_in_viewport()
            expect(member.locator("#op_9 a.discuss-link")).to_have_text("1 hilo abierto")
            expect(member.locator("#op_9 mark.mark-thread")).to_have_count(1)
        finally:
            browser.close()
