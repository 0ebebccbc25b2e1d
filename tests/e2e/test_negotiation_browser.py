"""The room's own terms in real Chromium, in three languages (issue 32): Chefchaouen's delegate proposes an
amendment in French (filed on behalf of Chefchaouen, its paragraph op_9 named as printed, PD 10), Kütahya's delegate
co-sponsors it in English and records Kütahya's objection on the consensus page, and the committee, in Spanish, reads
the room's levels of agreement with who holds what, downloads them, and renumbers the working draft, asked first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_amendments_browser import ADDED, MEMBER, SLUG
from tests.e2e.test_dialogs_browser import answer_in_page
from workspace.domain.consultations.consultations import MemberChange, MemberDraft
from workspace.domain.people import JoinAsNew
from workspace.services import accounts, processes
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
KUTAHYA = "kutahya.delegado@demo.accord"


def with_two_delegations(folder) -> str:
    """The demo (its member speaks for Chefchaouen, CHE), and a second member who speaks for Kütahya (KUT)."""
    url = demo_store(folder, MEMBER)
    store = make_store(url)
    try:
        committee = accounts.authenticate(store, COMMITTEE, PASSWORD)
        invited = processes.set_member(store, committee, SLUG, MemberDraft(email=KUTAHYA, role="member"))
        processes.create_account_and_accept(
            store, invited.invitation.rsplit("/", 1)[1], JoinAsNew(name="Ayşe Yılmaz", password=PASSWORD)
        )
        processes.update_member(store, committee, SLUG, KUTAHYA, MemberChange(delegation="KUT"))
    finally:
        store.dispose()
    return url


def test_delegations_propose_co_sponsor_take_positions_and_the_committee_reads_consensus_and_renumbers(
    tmp_path, browser
):
    with running_server(tmp_path, with_two_delegations(tmp_path)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER, locale="fr-FR")
            member.goto(f"{server.url}/p/{SLUG}/amendments")
            member.get_by_role("link", name="Proposer un amendement").first.click()
            member.locator("#c-eid").select_option("op_9")
            member.locator("#choose-form button[type=submit]").click()
            box = member.locator("#propose-form textarea[name=text]")
            box.fill(box.input_value().rstrip(".") + f", {ADDED}.")
            member.locator("#propose-form button[value=propose]").click()
            member.wait_for_url("**/amendments/11")
            meta = member.locator("dl.meta")
            expect(meta).to_contain_text("Chefchaouen (CHE)")  # on behalf of the delegation the member speaks for
            expect(meta).to_contain_text(re.compile(r"PD\s10"))  # op_9, as printed, in French usage

            delegate = signed_in(browser, server.url, KUTAHYA, locale="en-US")
            delegate.goto(f"{server.url}/p/{SLUG}/amendments/11")
            delegate.locator("#cosponsor-form button").click()
            expect(delegate.locator("dl.meta")).to_contain_text("Ayşe Yılmaz (Kütahya)")
            delegate.goto(f"{server.url}/p/{SLUG}/amendments?status=open")
            expect(delegate.locator("article#A11")).to_contain_text("for Chefchaouen")

            delegate.goto(f"{server.url}/p/{SLUG}/consensus")
            expect(delegate.get_by_role("heading", name="Where Kütahya stands")).to_be_visible()
            delegate.get_by_label("Paragraph", exact=True).select_option("op_9")
            delegate.get_by_label("Position", exact=True).select_option("objects")
            delegate.get_by_label("Explanation of position").fill("The wording must name sister cities' networks.")
            delegate.get_by_role("button", name="Record the position").click()
            row = delegate.locator("tr#op_9")
            expect(row.locator("th .badge")).to_have_text("Objects")
            expect(row).to_contain_text("KUT")

            committee = signed_in(browser, server.url, COMMITTEE)  # Spanish
            committee.goto(f"{server.url}/p/{SLUG}/consensus")
            expect(committee.get_by_role("heading", name=re.compile("^Consenso"))).to_be_visible()
            expect(committee.locator("tr#op_9")).to_contain_text("KUT")  # who objects, named
            expect(committee.locator("p", has_text="Se oponen:")).to_contain_text("KUT")
            expect(committee.locator("tr#op_1 th")).to_contain_text(re.compile(r"PD\s1"))
            with committee.expect_download() as download:
                committee.get_by_role("link", name="Descargar en CSV").click()
            path = tmp_path / "consenso.csv"
            download.value.save_as(path)
            assert "KUT" in path.read_text(encoding="utf-8-sig")

            committee.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            committee.get_by_role("button", name="Renumerar ahora").click()
            asked = answer_in_page(committee)
            committee.wait_for_url("**/declaration/draft")
            expect(committee.locator(".flash")).to_contain_text("Numerado de corrido")
            assert asked.startswith("¿Numerar ahora")
        finally:
            browser.close()
