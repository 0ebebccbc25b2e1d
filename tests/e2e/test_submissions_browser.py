"""A submission window in real Chromium, in three languages (issue 33): the committee opens it in Spanish,
Chefchaouen's delegate proposes new wording for PD 10 in French, the committee compiles the proposals and circulates
the compilation, agrees on an option of the bracket the proposal brought in, and the provenance of the compilation
reads in English."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_amendments_browser import MEMBER, SLUG
from tests.e2e.test_dialogs_browser import answer_in_page

chromium_or_skip()

pytestmark = pytest.mark.e2e
AGREED = "Nos comprometemos a desarrollar de consuno modelos que respondan a la despoblación rural."
PROPOSED = "Nos comprometemos a desarrollar [juntos][de consuno] modelos que respondan a la despoblación."


def test_a_window_a_proposal_the_compilation_its_bracket_and_the_provenance(tmp_path, browser):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER)) as server:
        try:
            committee = signed_in(browser, server.url, COMMITTEE)  # Spanish
            committee.goto(f"{server.url}/p/{SLUG}/amendments")
            committee.get_by_role("link", name="Propuestas de las delegaciones").click()
            now = datetime.now(ZoneInfo("Europe/Istanbul"))
            committee.get_by_label("Se abre").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
            committee.get_by_label("Se cierra").fill((now + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
            committee.get_by_role("button", name="Abrir un plazo").click()
            expect(committee.locator(".flash")).to_contain_text("El plazo de presentación está abierto.")
            expect(committee.locator("li.window.open")).to_contain_text("abierto")

            delegate = signed_in(browser, server.url, MEMBER, locale="fr-FR")
            delegate.goto(f"{server.url}/p/{SLUG}/submissions")
            expect(delegate.locator("#propose-title")).to_contain_text("Chefchaouen")
            delegate.get_by_label("Proposition", exact=True).select_option("modify")
            delegate.get_by_label("Paragraphe", exact=True).select_option("op_9")
            delegate.get_by_label("Texte", exact=True).fill(PROPOSED)
            delegate.get_by_role("button", name="Soumettre la proposition").click()
            expect(delegate.locator(".flash")).to_contain_text("La proposition 1 est soumise.")
            expect(delegate.locator("tr#s1")).to_contain_text(re.compile(r"PD\s10"))

            committee.goto(f"{server.url}/p/{SLUG}/submissions")
            committee.get_by_label("Distribuirla como (opcional)").fill("Compilación")
            committee.get_by_role("button", name="Compilar las propuestas").click()
            committee.wait_for_url("**/declaration/draft")
            expect(committee.locator(".flash")).to_contain_text("1 propuesta compilada en el borrador de trabajo.")

            committee.goto(f"{server.url}/p/{SLUG}/brackets?version=draft")
            item = committee.locator("li.bracket-open").filter(
                has=committee.locator("code", has_text="[juntos][de consuno]")
            )
            item.get_by_label("Resolver").select_option(label="acordar «de consuno»")
            item.get_by_role("button", name="Aplicar").click()
            expect(committee.locator(".flash")).to_contain_text("El corchete está acordado.")

            reader = signed_in(browser, server.url, MEMBER, locale="en-US")
            reader.goto(f"{server.url}/p/{SLUG}/declaration/versions/3/provenance")
            expect(reader.get_by_role("heading", level=1)).to_contain_text("Provenance · Compilación")
            new = reader.locator("tbody tr", has_text="new")
            expect(new).to_have_count(1)
            expect(new).to_contain_text("CHE")  # the compiled proposal, Chefchaouen's
            assert reader.locator("tbody tr", has_text="kept").count() > 10

            # The facilitator streamlines (es): Chefchaouen's wording, agreed, goes into PD 10 and the compiled
            # paragraph goes; the streamlined text circulates.
            committee.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            compiled_eid = committee.locator("li.para", has_text="(CHE)").first.get_attribute("id")
            committee.goto(f"{server.url}/p/{SLUG}/declaration/draft/{compiled_eid}")
            committee.locator("#delete-title + form button[type=submit]").click()
            answer_in_page(committee)
            # Back on the draft itself (the paragraph's own address matches "draft**" too: waiting for that raced
            # the deletion's redirect, and the next page's load was aborted by it).
            committee.wait_for_url(re.compile(r"/declaration/draft(\?|#|$)"))
            committee.goto(f"{server.url}/p/{SLUG}/declaration/draft/op_9")
            committee.locator("#edit-form .rich-toggle").click()  # the Markdown box, one click from the rich editor
            committee.locator("#edit-form textarea[name=text]").fill(AGREED)
            committee.locator("#edit-form button[type=submit]").click()
            committee.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            committee.locator("input[name=label]").fill("Rev.2")
            committee.locator("form[action$='/draft/circulate'] button[type=submit]").click()
            answer_in_page(committee)
            committee.wait_for_url("**/declaration/versions/4")

            reader.goto(f"{server.url}/p/{SLUG}/declaration/versions/4/provenance")
            merged = reader.locator("tbody tr", has_text="merged")
            expect(merged).to_have_count(1)
            expect(merged).to_contain_text("CHE")
            reader.goto(f"{server.url}/p/{SLUG}/brackets/clean?version=4&lang=es")
            expect(reader.locator("main")).to_contain_text(AGREED)
            expect(reader.locator("main")).not_to_contain_text("[juntos]")

            # Where Chefchaouen's proposal went, as its delegate reads it (fr).
            delegate.goto(f"{server.url}/p/{SLUG}/submissions?delegation=CHE")
            went = delegate.locator("tr#s1 td.went")
            expect(went).to_contain_text("fusionnée")
            expect(went).to_contain_text(re.compile(r"PD\s10 \(Rev\.2\)"))
        finally:
            browser.close()
