"""Two people writing one paragraph at once in real Chromium (issue 63), one reading Accord in Spanish, the other in
French: each sees the other's words as they are typed and where the other's caret is, neither loses a word, and the
revision the room writes once typing stops holds both and names both in the paragraph's history."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, running_server, signed_in
from tests.e2e.test_presence_browser import FRENCH, SECOND, SLUG, with_a_second_drafter

chromium_or_skip()

pytestmark = pytest.mark.e2e


def test_two_people_write_one_paragraph_at_once_in_two_languages(tmp_path, browser):
    with running_server(tmp_path, with_a_second_drafter(tmp_path)) as server:
        page = f"{server.url}/p/{SLUG}/declaration/draft/op_1"
        lucia = signed_in(browser, server.url, COMMITTEE, locale="es-ES")
        amina = signed_in(browser, server.url, SECOND, locale="fr-FR")
        said: list[str] = []  # what the pages' consoles said: no script error, nothing the page's CSP refused
        for writer in (lucia, amina):
            writer.on("console", lambda message: said.append(message.text))
            writer.on("pageerror", lambda error: said.append(f"error: {error}"))
            writer.goto(page)
        mine, hers = lucia.locator("#edit-form .ProseMirror"), amina.locator("#edit-form .ProseMirror")
        expect(lucia.locator(".room-status")).to_contain_text("Escribiendo juntos con Amina Diallo")
        expect(amina.locator(".room-status")).to_contain_text("Écriture commune avec Lucía Fernández")
        box = "#edit-form textarea[name=text]"  # the Markdown each editor writes (the carets shown are no text)
        before = lucia.locator(box).input_value()

        # Lucía at the end, Amina at the start: their keystrokes interleaved.
        mine.click()
        lucia.keyboard.press("Control+End")
        hers.click()
        amina.keyboard.press("Control+Home")
        for mine_words, hers_words in ((" sin", "Nous "), (" dejar a", "réaffirmons"), (" nadie atrás", " que ")):
            lucia.keyboard.type(mine_words)
            amina.keyboard.type(hers_words)
        for surface in (mine, hers):
            expect(surface).to_contain_text("Nous réaffirmons que ")
            expect(surface).to_contain_text("sin dejar a nadie atrás")
        # A word just finished (a space at the end of the text, which Markdown would drop) while the other's words come
        # in: the space stays where it was typed, and so does the caret.
        lucia.keyboard.type(" con ")
        expect(hers).to_contain_text("atrás con")
        amina.keyboard.type("aussi ")
        expect(mine).to_contain_text("que aussi")
        lucia.keyboard.type("fuerza")
        for surface in (mine, hers):
            expect(surface).to_contain_text("nadie atrás con fuerza")
        expect(amina.locator(".room-caret-name")).to_have_text("Lucía Fernández (Secretaría técnica)")
        expect(lucia.locator(".room-caret-name")).to_have_text("Amina Diallo")
        expect(amina.locator(box)).to_have_value(lucia.locator(box).input_value())
        after = lucia.locator(box).input_value()
        assert after == "Nous réaffirmons que aussi " + before + " sin dejar a nadie atrás con fuerza"

        assert not [m for m in said if "Content Security Policy" in m or m.startswith("error:")], said
        # Once typing stops the room writes the paragraph: both words, both names.
        history = f"{server.url}/p/{SLUG}/declaration/paragraphs/op_1"

        def written() -> bool:
            answer = httpx.get(history, cookies=_cookies(lucia), timeout=30)
            return "Nous réaffirmons que" in answer.text and "sin dejar a nadie atrás" in answer.text

        for _ in range(100):
            if written():
                break
            lucia.wait_for_timeout(100)
        lucia.goto(history)
        entry = lucia.locator(".writers").first
        expect(entry).to_contain_text("Lucía Fernández (Secretaría técnica)")
        expect(entry).to_contain_text("Amina Diallo")
        expect(lucia.locator("main")).to_contain_text("escribiendo juntos")


def _cookies(page) -> dict[str, str]:
    return {c["name"]: c["value"] for c in page.context.cookies()}


def test_two_people_translate_one_paragraph_at_once_in_two_languages(tmp_path, browser):
    """The translation editor's plain boxes join the paragraph's room of the French edition when reached: Élise
    (translating into French, reading Accord in French) and Lucía (of the committee, reading it in Spanish) type in one
    translation at once; the room saves the translation made from the draft's source, both their words in it."""
    with running_server(tmp_path, with_a_second_drafter(tmp_path)) as server:
        page = f"{server.url}/p/{SLUG}/translations/fr?version=draft"
        lucia = signed_in(browser, server.url, COMMITTEE, locale="es-ES")
        elise = signed_in(browser, server.url, FRENCH, locale="fr-FR")
        said: list[str] = []
        box = "li#op_1 form.tform textarea[name=text]"
        for writer in (lucia, elise):
            writer.on("pageerror", lambda error: said.append(f"error: {error}"))
            writer.on("console", lambda message: said.append(message.text))
            writer.goto(page)
            writer.locator(box).click()  # reaching the box joins its room
        expect(lucia.locator("li#op_1 .room-status")).to_contain_text("Escribiendo juntos con Élise Martin")
        expect(elise.locator("li#op_1 .room-status")).to_contain_text("Écriture commune avec Lucía Fernández")
        before = elise.locator(box).input_value()
        assert before  # the demo's French translation of OP 1, the room's seed
        lucia.keyboard.press("Control+End")
        elise.keyboard.press("Control+Home")
        for mine, hers in ((" Ensemble", "Nous "), (" et", "affirmons"), (" sans exception.", " que ")):
            lucia.keyboard.type(mine)
            elise.keyboard.type(hers)
        together = "Nous affirmons que " + before + " Ensemble et sans exception."
        for writer in (lucia, elise):
            expect(writer.locator(box)).to_have_value(together)
        assert not [m for m in said if "Content Security Policy" in m or m.startswith("error:")], said

        def saved() -> str:
            answer = httpx.get(
                f"{server.url}/api/processes/{SLUG}/translations/fr?version=draft", cookies=_cookies(elise)
            )
            return next(t["text"] for t in answer.json() if t["eid"] == "op_1")

        for _ in range(100):
            if saved() == together.strip():
                break
            elise.wait_for_timeout(100)
        assert saved() == together.strip()
