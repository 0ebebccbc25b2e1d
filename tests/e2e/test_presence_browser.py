"""Presence in real Chromium (issue 63): two people reading one version see each other's names in the margin of the
paragraph each is at, and follow them when they move; a second member of the committee sees, in the working draft,
who has which paragraph open in an editor, and in the French edition which paragraph the translator types in; a
member never sees the committee's draft, in any language."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in
from workspace.domain.consultations.consultations import MemberDraft
from workspace.domain.people import JoinAsNew
from workspace.services import accounts, processes
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e

SLUG = "kutahya-2021"
MEMBER, FRENCH, SECOND = "miembro@demo.accord", "traductrice.fr@demo.accord", "redaccion@example.org"


def with_a_second_drafter(folder) -> str:
    url = demo_store(folder, MEMBER, FRENCH)
    store = make_store(url)
    try:
        committee = accounts.authenticate(store, COMMITTEE, PASSWORD)
        invited = processes.set_member(store, committee, SLUG, MemberDraft(email=SECOND, role="committee"))
        processes.create_account_and_accept(
            store, invited.invitation.rsplit("/", 1)[1], JoinAsNew(name="Amina Diallo", password=PASSWORD)
        )
    finally:
        store.dispose()
    return url


def test_readers_see_each_other_in_the_margin_and_drafters_see_who_edits_which_paragraph(tmp_path, browser):
    with running_server(tmp_path, with_a_second_drafter(tmp_path)) as server:
        version = f"{server.url}/p/{SLUG}/declaration/versions/2"
        member = signed_in(browser, server.url, MEMBER, locale="es-ES")
        member.goto(f"{version}#op_2")
        french = signed_in(browser, server.url, FRENCH, locale="fr-FR")
        french.goto(version)
        tomas = french.locator(".para#op_2 .presence-here")
        expect(tomas).to_have_text("Tomás Herrera (Gobierno local miembro) (CHE)")
        expect(french.locator(".presence-bar")).to_contain_text("Également ici en ce moment")
        expect(member.locator(".para#op_2 .presence-here")).to_have_count(0)  # never oneself
        # She is at no paragraph yet: named above the text only.
        alone = "También aquí ahora: Élise Martin (traductrice vers le français)"
        expect(member.locator(".presence-bar")).to_have_text(alone)
        expect(member.locator(".presence-here")).to_have_count(0)

        member.evaluate("location.hash = '#op_3'")  # the member moves on: the name follows at once
        expect(french.locator(".para#op_3 .presence-here")).to_have_text("Tomás Herrera (Gobierno local miembro) (CHE)")
        expect(french.locator(".para#op_2 .presence-here")).to_have_count(0)

        drafter = signed_in(browser, server.url, COMMITTEE, locale="es-ES")
        drafter.goto(f"{server.url}/p/{SLUG}/declaration/draft")
        second = signed_in(browser, server.url, SECOND, locale="en-GB")
        second.goto(f"{server.url}/p/{SLUG}/declaration/draft")
        drafter.locator("li#op_1 button[data-edit-here]").click()
        expect(drafter.locator("li#op_1 #edit-form")).to_be_visible()
        editing = second.locator("li#op_1 .presence-here.presence-editing")
        expect(editing).to_have_text("Lucía Fernández (Secretaría técnica) · editing")
        expect(drafter.locator(".presence-bar")).to_contain_text("Amina Diallo")
        # The readers of the version never learn that the committee is in its draft.
        expect(member.locator(".presence-bar")).to_have_text(alone)
        assert "Lucía" not in member.content() and "Amina" not in french.content()
        # The translation editor: the committee sees who types in which paragraph of the French edition of the draft.
        french.goto(f"{server.url}/p/{SLUG}/translations/fr?version=draft")
        french.locator("#tx-op_4").click()
        second.goto(f"{server.url}/p/{SLUG}/translations/fr?version=draft")
        typing = second.locator("li.trow#op_4 .trow-head .presence-here.presence-editing")
        expect(typing).to_have_text("Élise Martin (traductrice vers le français) · editing")
        french.locator("#tx-op_4").blur()  # she stops typing: still there, reading
        expect(second.locator("li.trow#op_4 .presence-here")).to_have_text(
            "Élise Martin (traductrice vers le français)"
        )
        # The page's heartbeat rides the session: without the page's CSRF token, another site's request is refused.
        forged = member.request.post(f"{server.url}/p/{SLUG}/presence", data={"where": {"version": 2}})
        assert forged.status == 403


NO_ROOMS = "delete window.WebSocket"  # a browser whose network lets no WebSocket through: no shared room, notices


def test_a_save_is_noticed_by_whoever_has_the_paragraph_open_who_takes_it_in_and_saves_both(tmp_path, browser):
    with running_server(tmp_path, with_a_second_drafter(tmp_path)) as server:
        draft_page = f"{server.url}/p/{SLUG}/declaration/draft"
        drafter = signed_in(browser, server.url, COMMITTEE, locale="es-ES")
        drafter.add_init_script(NO_ROOMS)
        drafter.goto(draft_page)
        drafter.locator("li#op_1 button[data-edit-here]").click()
        surface = drafter.locator("li#op_1 #edit-form .ProseMirror")
        expect(surface).to_be_focused()
        drafter.keyboard.press("Backspace")  # the final stop
        drafter.keyboard.type(", sin dejar a nadie atrás.")

        # Meanwhile the other drafter saves the same paragraph, changing its first words.
        second = signed_in(browser, server.url, SECOND, locale="en-GB")
        second.add_init_script(NO_ROOMS)
        second.goto(f"{draft_page}/op_1")
        second.locator("#edit-form .rich-toggle").click()  # the Markdown box
        box = second.locator("#edit-form textarea[name=text]")
        theirs = box.input_value()
        first_word = theirs.split()[0]
        box.fill(theirs.replace(first_word, "Reafirmamos y " + first_word.lower(), 1))
        second.locator("#edit-form button[type=submit]").first.click()
        second.wait_for_url("**/declaration/draft?at=op_1#op_1")

        notice = drafter.locator("li#op_1 .save-notice")
        printed = drafter.locator("li#op_1 .para-ref").inner_text()  # named as the page prints it, never op_1
        expect(notice).to_contain_text(f"Amina Diallo guardó {printed}.")
        expect(notice.locator("ins")).to_contain_text("Reafirmamos y")
        notice.locator("button").click()
        expect(notice).to_contain_text("Su cambio ya está en su texto")
        expect(surface).to_contain_text("Reafirmamos y")
        expect(surface).to_contain_text("sin dejar a nadie atrás.")
        drafter.locator("li#op_1 #edit-form button[type=submit]").first.click()
        drafter.wait_for_url("**/declaration/draft?at=op_1#op_1")
        saved = drafter.locator("li#op_1 .para-text")
        expect(saved).to_contain_text("Reafirmamos y")
        expect(saved).to_contain_text("sin dejar a nadie atrás.")


def test_in_a_shared_room_a_save_from_outside_enters_the_text_and_is_noticed(tmp_path, browser):
    """Writing in the paragraph's room, the drafter is told of a save made outside it (here through the API), whose
    change is already in the text being written: both changes end in the paragraph."""
    with running_server(tmp_path, with_a_second_drafter(tmp_path)) as server:
        draft_page = f"{server.url}/p/{SLUG}/declaration/draft"
        drafter = signed_in(browser, server.url, COMMITTEE, locale="es-ES")
        drafter.goto(draft_page)
        drafter.locator("li#op_1 button[data-edit-here]").click()
        expect(drafter.locator("li#op_1 .room-status")).to_contain_text("Nadie más está escribiendo este párrafo")
        surface = drafter.locator("li#op_1 #edit-form .ProseMirror")
        expect(surface).to_be_focused()
        drafter.keyboard.press("Backspace")  # the final stop
        drafter.keyboard.type(", sin dejar a nadie atrás.")
        api = f"{server.url}/api/processes/{SLUG}"
        token = httpx.post(f"{server.url}/api/auth/token", json={"email": SECOND, "password": PASSWORD, "name": "t"})
        bearer = {"Authorization": f"Bearer {token.json()['token']}"}

        def op_1() -> dict:
            listed = httpx.get(f"{api}/draft", headers=bearer, timeout=30).json()["paragraphs"]
            return next(p for p in listed if p["eid"] == "op_1")

        for _ in range(100):  # the room writes what was typed once typing stops
            if op_1()["text"].endswith("sin dejar a nadie atrás."):
                break
            drafter.wait_for_timeout(100)
        now = op_1()
        first_word = now["text"].split()[0]
        edited = now["text"].replace(first_word, "Reafirmamos y " + first_word.lower(), 1)
        saved = httpx.put(
            f"{api}/draft/paragraphs/op_1", headers=bearer, json={"base_revision": now["revision"], "text": edited}
        )
        assert saved.status_code == 200, saved.text
        notice = drafter.locator("li#op_1 .save-notice")
        printed = drafter.locator("li#op_1 .para-ref").inner_text()
        expect(notice).to_contain_text(f"Amina Diallo guardó {printed}.")
        expect(notice).to_contain_text("Su cambio ya está en el texto que escriben juntos")
        expect(surface).to_contain_text("Reafirmamos y")
        expect(surface).to_contain_text("sin dejar a nadie atrás.")
        drafter.keyboard.type(" Hoy.")
        for _ in range(100):
            if op_1()["text"].endswith("Hoy."):
                break
            drafter.wait_for_timeout(100)
        assert op_1()["text"].startswith("Reafirmamos y") and op_1()["text"].endswith("atrás. Hoy.")


def test_a_translation_saved_is_noticed_by_whoever_has_it_open_who_takes_it_in_and_saves_both(tmp_path, browser):
    """On a circulated version's translation (no shared room there): Élise, translating into French, is typing when
    the committee saves the same paragraph's translation; she is told at once, with the change, takes it into her
    text, and saves both."""
    with running_server(tmp_path, with_a_second_drafter(tmp_path)) as server:
        page = f"{server.url}/p/{SLUG}/translations/fr?version=2"
        box = "li#op_2 form.tform textarea[name=text]"
        elise = signed_in(browser, server.url, FRENCH, locale="fr-FR")
        elise.goto(page)
        mine = elise.locator(box)
        theirs = mine.input_value()
        assert theirs  # the demo's French translation of OP 2
        mine.fill(theirs + " Sans exception.")

        lucia = signed_in(browser, server.url, COMMITTEE, locale="es-ES")
        lucia.goto(page)
        first_word = theirs.split()[0]
        lucia.locator(box).fill(theirs.replace(first_word, "Ensemble, " + first_word.lower(), 1))
        lucia.locator("li#op_2 form.tform button[name=state][value=draft]").click()
        lucia.wait_for_url("**/translations/fr?**")

        notice = elise.locator("li#op_2 .save-notice")
        printed = elise.locator("li#op_2 .trow-head strong").inner_text()
        expect(notice).to_contain_text(f"Lucía Fernández (Secretaría técnica) a enregistré {printed}.")
        expect(notice.locator("ins")).to_contain_text("Ensemble,")
        notice.locator("button").click()
        expect(notice).to_contain_text("Sa modification est maintenant dans votre texte")
        expect(mine).to_have_value(
            theirs.replace(first_word, "Ensemble, " + first_word.lower(), 1) + " Sans exception."
        )
        elise.locator("li#op_2 form.tform button[name=state][value=draft]").click()
        elise.wait_for_url("**/translations/fr?**")
        saved = elise.locator(box).input_value()
        assert saved.startswith("Ensemble, ") and saved.endswith("Sans exception."), saved
