"""An amendment in three languages, in real Chromium (issue 34): a member reads Rev.1 in French and suggests a change
there, from the keyboard; the English translator renders it in the workbench's amendment queue (in English), the
committee into Spanish (in Spanish); the committee decides it once in the voting list, in English, where it reads in
English; the French and English editions of the working draft are offered its words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_amendments_browser import MEMBER, SLUG
from tests.e2e.test_dialogs_browser import answer_in_page
from tests.e2e.test_in_text_browser import select_first_words

chromium_or_skip()

pytestmark = pytest.mark.e2e
TRANSLATOR = "traductor.en@demo.accord"


def test_proposed_in_french_rendered_in_english_and_spanish_decided_once_in_english(tmp_path, browser):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER, TRANSLATOR)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER, locale="fr-FR")
            member.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            member.locator("nav.edition-switch a[lang=fr]").click()
            paragraph = member.locator(".para#op_1")
            expect(paragraph).to_have_attribute("lang", "fr")
            select_first_words(member, "op_1", 2)
            member.locator(".in-text-bar button[data-in-text=suggest]").click()
            text = member.locator(".in-text-form textarea[name=text]")
            expect(text).to_be_focused()
            member.keyboard.type("Nous, les villes,")  # in place of the two words selected
            expect(member.locator(".in-text-diff ins")).to_contain_text("Nous, les villes,")
            member.locator(".in-text-form[data-form=suggest] button[value=propose]").click()
            member.wait_for_url(re.compile(r".*/amendments/\d+$"))
            label = re.search(r"\bA\d+\b", member.locator("h1").inner_text()).group(0)
            renderings = member.locator("section[aria-labelledby=renderings-title]")
            expect(renderings).to_contain_text("Proposé en français")
            expect(renderings.locator("#rendering-fr ins")).to_contain_text("les villes")

            translator = signed_in(browser, server.url, TRANSLATOR, locale="en-US")
            translator.goto(f"{server.url}/p/{SLUG}/translations/en")
            translator.get_by_role("link", name="Amendments to render into English").click()
            item = translator.locator("li.rendering-item", has_text=label)
            expect(item.locator("p.diff ins")).to_contain_text("les villes")
            box = item.locator("textarea[name=text]")
            english = box.input_value()
            words = english.split()
            box.fill(" ".join(["We, the cities,", *words[2:]]))
            item.get_by_role("button", name="Save the rendering").click()
            expect(translator.locator(".flash")).to_contain_text(f"Amendment {label} is rendered.")

            committee = signed_in(browser, server.url, COMMITTEE)  # Spanish
            committee.goto(f"{server.url}/p/{SLUG}/amendments/{label.lstrip('A')}")
            committee.get_by_role("link", name="Traducirla").click()
            item = committee.locator("li.rendering-item", has_text=label)
            box = item.locator("textarea[name=text]")
            spanish = box.input_value().split()
            box.fill(" ".join(["Nosotras, las ciudades,", *spanish[2:]]))
            item.get_by_role("button", name="Guardar y aprobar").click()
            expect(committee.locator(".flash")).to_contain_text(f"La enmienda {label} está traducida y aprobada.")

            room = signed_in(browser, server.url, COMMITTEE, locale="en-US")
            room.goto(f"{server.url}/p/{SLUG}/amendments/voting")
            row = room.locator("#voting-form tr", has_text=label)
            expect(row.locator("p.rendering ins")).to_contain_text("the cities")  # as it reads in English
            expect(row.locator("td.diff > ins").first).to_contain_text("las ciudades")
            row.locator("select").select_option("accepted")
            row.locator("input[name^=reason]").fill("Agreed by the room.")
            room.get_by_role("button", name="Take the decisions in this order").click()
            answer_in_page(room)
            expect(room.locator(".flash")).to_be_visible()

            # The working draft changed in Spanish; French and English are offered the amendment's words.
            room.goto(f"{server.url}/p/{SLUG}/declaration/aligned?version=draft")
            aligned = room.locator("main")
            expect(aligned).to_contain_text("Nosotras, las ciudades,")
            expect(aligned).to_contain_text("We, the cities,")
            expect(aligned).to_contain_text("Nous, les villes,")

            # The disposition table, the three languages side by side, as the room takes it away.
            room.goto(f"{server.url}/p/{SLUG}/amendments/disposition?version=2")
            with room.expect_download() as taken:
                room.locator("#disposition-languages").get_by_role("link", name="all side by side").click()
            table = Path(taken.value.path()).read_text(encoding="utf-8-sig")
            row = next(line for line in table.splitlines() if line.startswith(f"{label},") or f",{label}," in line)
            for words in ("las ciudades", "the cities", "les villes"):
                assert words in row, (words, row)
        finally:
            browser.close()
