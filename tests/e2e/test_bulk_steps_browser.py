"""Bulk steps and their safety nets in real Chromium (issue 19): a reviewer approves every translated paragraph
that passes its checks (in French), the committee decides a voting list all or nothing (in Spanish) and reopens a
decision (in English), and a member takes a circulated version away as Word and PDF (in English). Each
irreversible step asks first in the page's own dialog, from the form's `data-confirm`, in the page's language."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Locator, Page, expect

from tests.e2e.server import (
    COMMITTEE,
    PASSWORD,
    chromium_or_skip,
    demo_store,
    running_server,
    signed_in,
)
from tests.e2e.test_amendments_browser import MEMBER, SLUG
from tests.e2e.test_dialogs_browser import answer_in_page
from workspace.domain.amendments.amendment_commands import DecideAmendment
from workspace.domain.consultations.consultations import MemberDraft
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import accounts, amendments, processes, translations
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
TRANSLATOR = "traductrice.fr@demo.accord"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Rev.1's French, made from its source as it reads now: op_14 faithful; op_17 without the source's "2022".
FAITHFUL = (
    "Nous demandons aux prochaines présidences du G20 de maintenir l’attention portée aux villes intermédiaires sous "
    "la présidence italienne et de consolider la synergie entre CGLU et le G20 en tant qu’espace stable de dialogue "
    "avec les gouvernements locaux et régionaux."
)
NUMBER_LOST = (
    "Nous nous engageons à porter le message de Kütahya au Congrès mondial de CGLU à Daejeon (République de Corée) et "
    "à intégrer la présente Déclaration dans le Pacte pour le futur."
)


def with_a_french_reviewer(folder: Path) -> str:
    """The demo, its French translator also a reviewer of French, with two more Rev.1 paragraphs marked translated:
    op_14 passing its checks, op_17 not (op_12 is translated in the demo and passes)."""
    url = demo_store(folder, TRANSLATOR)
    store = make_store(url)
    try:
        committee = accounts.authenticate(store, COMMITTEE, PASSWORD)
        processes.set_member(
            store,
            committee,
            SLUG,
            MemberDraft(email=TRANSLATOR, role="translator", languages=("fr",), reviews=("fr",)),
        )
        translator = accounts.authenticate(store, TRANSLATOR, PASSWORD)
        sources = {r.eid: r.source_revision for r in translations.list_translations(store, translator, SLUG, "fr", "2")}
        for eid, text in (("op_14", FAITHFUL), ("op_17", NUMBER_LOST)):
            translations.save_translation(
                store,
                translator,
                SLUG,
                "fr",
                eid,
                SaveTranslation(text=text, source_revision=sources[eid], state="translated"),
                "2",
            )
    finally:
        store.dispose()
    return url


def test_a_reviewer_approves_every_translated_paragraph_that_passes_its_checks_in_french(tmp_path, browser):
    with running_server(tmp_path, with_a_french_reviewer(tmp_path)) as server:
        try:
            page = signed_in(browser, server.url, TRANSLATOR, locale="fr-FR")
            editor = f"{server.url}/p/{SLUG}/translations/fr?version=2"
            page.goto(editor)
            for eid in ("op_12", "op_14", "op_17"):
                expect(page.locator(f"li#{eid} .badge").first).to_have_text("Traduite")
            approve = page.get_by_role(
                "button", name="Approuver tous les paragraphes traduits qui passent leurs contrôles"
            )

            approve.click()
            asked = answer_in_page(page, confirm=False)  # cancelled: nothing is approved, the page stays
            expect(page.get_by_role("alertdialog")).to_be_hidden()
            expect(page.locator("li#op_14 .badge").first).to_have_text("Traduite")
            # the question, in French, naming the language
            assert asked == "Approuver tous les paragraphes traduits en français qui passent leurs contrôles\u202f?"
            assert page.url == editor

            approve.click()
            answer_in_page(page)
            page.wait_for_url("**state=translated**")  # what was held back, shown next
            expect(page.locator(".flash")).to_have_text(
                re.compile(r"^2 paragraphes approuvés\. 1 paragraphe est laissé à la révision")
            )
            held = page.locator("li.trow")
            expect(held).to_have_count(1)
            expect(held).to_have_id("op_17")
            expect(held.locator("ul.checks li")).to_have_text(
                re.compile("Le nombre 2022 de l’original ne figure pas dans la traduction")
            )

            page.goto(editor)
            for eid in ("op_12", "op_14"):
                expect(page.locator(f"li#{eid} .badge").first).to_have_text("Approuvée")
            expect(page.locator("li#op_17 .badge").first).to_have_text("Traduite")
            expect(page.locator("li#op_17 form.review")).to_have_count(1)  # still the reviewer's, one by one
        finally:
            browser.close()


def drafted(page: Page, eid: str = "") -> Locator:
    """A paragraph's text in the working draft (or every paragraph's), without the actions beside it."""
    return page.locator(f"li{'#' + eid if eid else '.para'} .para-text > p:not(.para-actions)")


def texts_of(url: str, *numbers: int) -> dict[int, str]:
    store = make_store(url)
    try:
        return {n: amendments.get_amendment(store, SYSTEM, SLUG, n).text for n in numbers}
    finally:
        store.dispose()


def test_the_committee_decides_a_voting_list_in_its_order_all_or_nothing_in_spanish(tmp_path, browser):
    """The demo's open amendments: A6 (op_17), A7 and A8 (both op_12), A9 (a paragraph after op_16). A7 accepted before
    A8 leaves A8 no longer applying: refused, naming its place, and nothing taken. Then A9, A7, A8 in that order."""
    url = demo_store(tmp_path)
    wording = texts_of(url, 7, 9)
    with running_server(tmp_path, url) as server:
        try:
            page = signed_in(browser, server.url, COMMITTEE)  # Spanish
            page.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            op_12 = drafted(page, "op_12").inner_text()
            assert op_12 and op_12 != wording[7]
            page.goto(f"{server.url}/p/{SLUG}/amendments")
            page.get_by_role("link", name="Pronunciarse sobre ellas como lista de votación").click()
            page.wait_for_url("**/amendments/voting")
            expect(page.get_by_role("heading", name="Lista de votación")).to_be_visible()
            expect(page.locator("#voting-form select")).to_have_count(4)

            def decide(number: int, order: int, decision: str, reason: str = "") -> None:
                page.get_by_label(f"Lugar de A{number} en la lista").fill(str(order))
                page.get_by_label(f"Decisión sobre A{number}").select_option(label=decision)
                page.get_by_label(f"Motivo de A{number}").fill(reason)

            decide(7, 1, "Aceptada", "Mayoría en la plenaria.")
            decide(8, 2, "Aceptada", "También.")
            decide(6, 3, "Ahora no")
            decide(9, 4, "Ahora no")
            page.get_by_role("button", name="Tomar las decisiones en este orden").click()
            asked = answer_in_page(page)
            expect(page.locator("#form-error")).to_contain_text(
                "La decisión 2 de la lista (A8) fue rechazada, por lo que no se tomó ninguna"
            )
            assert asked == "¿Tomar estas decisiones en este orden?"
            expect(page.get_by_label("Motivo de A7")).to_have_value("Mayoría en la plenaria.")  # what was typed stays
            expect(page.locator("#voting-form select")).to_have_count(4)  # all four still open
            page.goto(f"{server.url}/p/{SLUG}/amendments/7")
            expect(page.locator("h1 ~ .badge").first).to_have_text("Abierta")
            page.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            expect(drafted(page, "op_12")).to_have_text(op_12)  # A7, first, was not taken either

            page.goto(f"{server.url}/p/{SLUG}/amendments/voting")
            decide(9, 1, "Aceptada", "Consenso sobre el seguimiento.")
            decide(7, 2, "Aceptada", "Mayoría en la plenaria.")
            decide(8, 3, "Sin objeto", "Superada por A7.")
            decide(6, 4, "Ahora no")
            page.get_by_role("button", name="Tomar las decisiones en este orden").click()
            answer_in_page(page)
            page.wait_for_url("**/amendments?status=open")
            expect(page.locator(".flash")).to_have_text("3 decisiones tomadas, en este orden: A9, A7, A8.")

            for number, status, reason in (
                (9, "Aceptada", "Consenso sobre el seguimiento."),
                (7, "Aceptada", "Mayoría en la plenaria."),
                (8, "Sin objeto", "Superada por A7."),
                (6, "Abierta", None),
            ):
                page.goto(f"{server.url}/p/{SLUG}/amendments/{number}")
                expect(page.locator("h1 ~ .badge").first).to_have_text(status)
                if reason:
                    expect(page.locator("dl.meta")).to_contain_text(reason)
            page.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            expect(drafted(page, "op_12")).to_have_text(wording[7])
            expect(drafted(page).filter(has_text=wording[9])).to_have_count(1)  # the paragraph A9 inserts
            page.goto(f"{server.url}/p/{SLUG}/amendments/voting")  # the last one: none left open
            decide(6, 1, "Rechazada", "Sin apoyo.")
            page.get_by_role("button", name="Tomar las decisiones en este orden").click()
            answer_in_page(page)
            page.wait_for_url("**/amendments?status=open")
            cards = page.locator("#amendment-cards")
            expect(cards).to_contain_text("Ninguna enmienda corresponde a estos filtros.")
            expect(cards).not_to_contain_text("Todavía no hay enmiendas.")
            cards.get_by_role("link", name="Todas las enmiendas").click()
            expect(page.locator("#amendment-cards > article")).not_to_have_count(0)
        finally:
            browser.close()


def with_a_decision(folder: Path) -> tuple[str, str, str]:
    """The demo with A7 (op_12) accepted on the working draft: its url, op_12's text before and after."""
    url = demo_store(folder)
    store = make_store(url)
    try:
        before = draft.get_draft_paragraph(store, SYSTEM, SLUG, "op_12").text
        amendments.decide_amendment(store, SYSTEM, SLUG, 7, DecideAmendment(decision="accepted", reason="Consenso."))
        after = draft.get_draft_paragraph(store, SYSTEM, SLUG, "op_12").text
    finally:
        store.dispose()
    assert before != after
    return url, before, after


def test_the_committee_reopens_an_accepted_amendment_and_the_draft_reads_as_before_in_english(tmp_path, browser):
    url, before, after = with_a_decision(tmp_path)
    with running_server(tmp_path, url) as server:
        try:
            page = signed_in(browser, server.url, COMMITTEE, locale="en-US")
            page.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            expect(drafted(page, "op_12")).to_have_text(after)
            page.goto(f"{server.url}/p/{SLUG}/amendments/7")
            badge = page.locator("h1 ~ .badge").first
            expect(badge).to_have_text("Accepted")
            reopen = page.get_by_role("button", name="Reopen A7")

            reopen.click()
            dialog = page.get_by_role("alertdialog")
            expect(dialog).to_have_accessible_description(re.compile("what accepting it changed in the working draft"))
            asked = answer_in_page(page, confirm=False)  # cancelled: still decided
            expect(dialog).to_be_hidden()
            expect(badge).to_have_text("Accepted")
            assert asked == "Reopen A7?"

            reopen.click()
            answer_in_page(page)
            expect(page.locator(".flash")).to_have_text(
                "Amendment A7 is open again; what accepting it changed in the working draft is undone."
            )
            expect(badge).to_have_text("Open")
            expect(page.locator("#reopen-form")).to_have_count(0)  # open: nothing to reopen
            expect(page.locator("#decision-form")).to_be_visible()  # to be decided again

            page.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            expect(drafted(page, "op_12")).to_have_text(before)
        finally:
            browser.close()


def with_a_member(folder: Path) -> tuple[str, str]:
    """The demo with a password for its member, and op_1's French in Rev.1 (approved in the demo)."""
    url = demo_store(folder, MEMBER)
    store = make_store(url)
    try:
        french = {r.eid: r for r in translations.list_translations(store, SYSTEM, SLUG, "fr", "2")}["op_1"]
    finally:
        store.dispose()
    assert french.state == "approved" and "*" not in french.text  # plain text: the files read it as written
    return url, french.text


def paragraphs_by_bookmark(docx: Path) -> dict[str, str]:
    """Each bookmarked paragraph's text in the Word file, by the bookmark's name."""
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    found: dict[str, str] = {}
    for paragraph in body.iter(f"{W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        for mark in paragraph.iter(f"{W}bookmarkStart"):
            found[mark.get(f"{W}name")] = text
    return found


def test_a_member_downloads_a_version_in_french_as_word_and_pdf(tmp_path, browser):
    url, op_1 = with_a_member(tmp_path)
    with running_server(tmp_path, url) as server:
        try:
            page = signed_in(browser, server.url, MEMBER, locale="en-US")
            page.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            page.get_by_text("Download this text").click()
            french = page.locator(
                ".downloads li", has=page.locator(".downloads-language", has_text=re.compile("^French$"))
            )
            files: dict[str, Path] = {}
            for name in ("Word", "PDF", "PDF with numbered lines"):
                with page.expect_download() as download:
                    french.get_by_role("link", name=name, exact=True).click()
                files[name] = tmp_path / download.value.suggested_filename
                download.value.save_as(files[name])
            assert files["Word"].suffix == ".docx" and files["PDF"].suffix == ".pdf" and ".fr." in files["PDF"].name

            assert zipfile.is_zipfile(files["Word"])
            bookmarked = paragraphs_by_bookmark(files["Word"])
            assert {"op_1", "op_12", "op_20"} <= bookmarked.keys()
            assert op_1 in bookmarked["op_1"]  # the paragraph's French, under its eId

            assert files["PDF"].read_bytes().startswith(b"%PDF")
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(files["PDF"]), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert " ".join(op_1.split()[:8]) in " ".join(text.split())
            # for the room: the same text, each page's lines numbered from 1
            assert files["PDF with numbered lines"].name.endswith("-lines.fr.pdf")
            numbered = subprocess.run(
                ["pdftotext", "-layout", "-enc", "UTF-8", str(files["PDF with numbered lines"]), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            starts = [line.split()[0] for line in numbered.splitlines() if line.strip()]
            assert [int(s) for s in starts if s.isdigit()][:4] == [1, 2, 3, 4]
        finally:
            browser.close()
