"""The Declaration tab is the reading page, in real Chromium (issue 35): in Spanish, English and French a member opens
the tab from the process's overview, lands on the latest circulated version, selects words with the mouse, sees
Comment and Suggest, comments on them, suggests a change of them, and finds the downloads; the committee lands on
the working draft, with its edit links and the same bar, and comments and suggests there."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, running_server, signed_in
from tests.e2e.test_amendments_browser import MEMBER, SLUG, with_two_members

chromium_or_skip()

pytestmark = pytest.mark.e2e

# The interface's words in each language (the catalogs'), as a reader sees them.
WORDS = {
    "es-ES": {
        "tab": "Declaración",
        "draft": "Borrador de trabajo",
        "comment": "Comentar",
        "suggest": "Sugerir un cambio",
        "open": "Abrir un hilo",
        "file": "Presentar la enmienda",
        "downloads": "Descargar este texto",
        "lang": "es",
    },
    "en-US": {
        "tab": "Declaration",
        "draft": "Working draft",
        "comment": "Comment",
        "suggest": "Suggest a change",
        "open": "Open a thread",
        "file": "File the amendment",
        "downloads": "Download this text",
        "lang": "en",
    },
    "fr-FR": {
        "tab": "Déclaration",
        "draft": "Projet de travail",
        "comment": "Commenter",
        "suggest": "Suggérer une modification",
        "open": "Ouvrir un fil",
        "file": "Déposer l’amendement",
        "downloads": "Télécharger ce texte",
        "lang": "fr",
    },
}


def open_the_tab(page: Page, url: str, words: dict[str, str]) -> None:
    """From the process's overview, the Declaration tab (a click, as a reader does)."""
    page.goto(f"{url}/p/{SLUG}")
    page.locator("nav.tabs").get_by_role("link", name=words["tab"], exact=True).click()
    page.wait_for_url(f"**/p/{SLUG}/declaration")


def select_with_the_mouse(page: Page, eid: str) -> None:
    """Press the mouse at the start of the paragraph's first line and drag along it: its first words selected."""
    line = page.locator(f".para#{eid} .para-text > *").first
    line.scroll_into_view_if_needed()
    box = line.bounding_box()
    assert box is not None
    y = box["y"] + 8
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + min(160, box["width"] - 2), y, steps=8)
    page.mouse.up()


def the_bar(page: Page, words: dict[str, str]):
    bar = page.locator(".in-text-box .in-text-bar")
    expect(bar).to_be_visible()
    expect(bar.get_by_role("button", name=words["comment"], exact=True)).to_be_visible()
    expect(bar.get_by_role("button", name=words["suggest"], exact=True)).to_be_visible()
    return bar


def comment_and_suggest(page: Page, url: str, words: dict[str, str], eid: str, ref: str, said: str) -> None:
    """Select words of `eid`, comment on them; select again, suggest a change of them: each lands where it is kept."""
    select_with_the_mouse(page, eid)
    the_bar(page, words).get_by_role("button", name=words["comment"], exact=True).click()
    quote = page.locator(".in-text-box .in-text-quote").inner_text().strip()
    text = " ".join((page.locator(f".para#{eid}").get_attribute("data-text") or "").split())
    assert quote and quote in text, (quote, text[:80])
    page.locator(".in-text-box textarea[name=body]").fill(said)
    page.locator(".in-text-box").get_by_role("button", name=words["open"]).click()
    page.wait_for_url(f"**#{eid}")  # back at the paragraph, with the text (issue 67), not on the discussion page
    page.goto(page.url.split("/p/")[0] + f"/p/{SLUG}/discuss/{eid}?version={ref}")
    expect(page.locator("#threads-panel")).to_contain_text(said)
    expect(page.locator("#threads-panel")).to_contain_text(quote)

    open_the_tab(page, url, words)
    select_with_the_mouse(page, eid)
    the_bar(page, words).get_by_role("button", name=words["suggest"], exact=True).click()
    box = page.locator(".in-text-box textarea[name=text]")
    expect(box).to_be_focused()
    page.keyboard.type("Nosotras, las ciudades,")  # over the words selected: the change shown as one types
    expect(page.locator(".in-text-box .in-text-diff ins")).to_contain_text("Nosotras, las ciudades,")
    page.locator(".in-text-box textarea[name=rationale]").fill(said)
    page.locator(".in-text-box").get_by_role("button", name=words["file"]).click()
    page.wait_for_url("**/amendments/*")
    expect(page.locator("#proposed-title ~ p.diff ins").first).to_contain_text("Nosotras, las ciudades,")


def test_a_member_works_in_the_latest_version_from_the_tab_in_three_languages(tmp_path, browser):
    with running_server(tmp_path, with_two_members(tmp_path)) as server:
        try:
            for locale, words in WORDS.items():
                member = signed_in(browser, server.url, MEMBER, locale=locale)
                open_the_tab(member, server.url, words)
                expect(member.locator("html")).to_have_attribute("lang", words["lang"])
                # The latest circulated version, named in the switcher at the top, latest first.
                switch = member.locator("form.reading-switch select")
                expect(switch).to_have_value("2")
                assert (
                    member.locator("form.reading-switch option")
                    .all_inner_texts()[0]
                    .startswith(member.locator("h1").inner_text().strip())
                )
                expect(member.locator("form.reading-compare select[name=old]")).to_have_value("1")
                expect(member.locator("form.reading-compare select[name=new]")).to_have_value("2")
                # The downloads: each language and all side by side.
                member.get_by_text(words["downloads"], exact=True).click()
                links = member.locator("details.downloads a")
                expect(links.first).to_be_visible()
                hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
                assert all("/versions/2/download?" in href for href in hrefs) and any("es-en-fr" in h for h in hrefs)
                if locale == "es-ES":  # one taken away for real: a Word file
                    with member.expect_download() as taken:
                        links.first.click()
                    assert taken.value.suggested_filename.endswith(".docx")
                    with open(taken.value.path(), "rb") as handle:
                        assert handle.read(2) == b"PK"

                comment_and_suggest(member, server.url, words, "op_1", "2", f"¿Por qué? ({locale})")

                # Back on the tab: the words commented on and amended are marked in the text.
                open_the_tab(member, server.url, words)
                expect(member.locator("#op_1 .para-marks li[data-kind=thread]").first).to_be_visible()
                expect(member.locator("#op_1 .para-marks li[data-kind=amendment]").first).to_be_visible()
                expect(member.locator("a.edit-link")).to_have_count(0)
        finally:
            browser.close()


def test_the_committee_lands_on_the_working_draft_with_the_same_bar(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            words = WORDS["es-ES"]
            committee = signed_in(browser, server.url, COMMITTEE)
            open_the_tab(committee, server.url, words)
            expect(committee.locator("h1")).to_have_text(words["draft"])
            expect(committee.locator("form.reading-switch select")).to_have_value("draft")
            expect(committee.locator("form.reading-compare select[name=new]")).to_have_value("draft")
            expect(committee.locator(".para#op_1 a.edit-link")).to_have_attribute(
                "href", f"/p/{SLUG}/declaration/draft/op_1"
            )
            comment_and_suggest(committee, server.url, words, "op_1", "draft", "Revisar con la secretaría.")

            # The circulated versions stay a choice away: the switcher opens one, with its own bar.
            open_the_tab(committee, server.url, words)
            committee.locator("form.reading-switch select").select_option("1")
            committee.locator("form.reading-switch button").click()
            committee.wait_for_url(f"**/p/{SLUG}/declaration/versions/1")
            expect(committee.locator("form.reading-switch select")).to_have_value("1")
            select_with_the_mouse(committee, "op_1")
            the_bar(committee, words)
            expect(committee.locator("a.edit-link")).to_have_count(0)
        finally:
            browser.close()
