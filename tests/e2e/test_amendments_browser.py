"""Amendments in real Chromium: a member proposes by editing a paragraph, a second member
co-sponsors, the committee accepts, the working draft reads the new text, the compilation downloads."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.server import (
    COMMITTEE,
    PASSWORD,
    chromium_or_skip,
    demo_store,
    running_server,
    signed_in,
)
from tests.e2e.test_dialogs_browser import answer_in_page
from workspace.domain.consultations.consultations import MemberDraft
from workspace.domain.people import JoinAsNew
from workspace.services import accounts, processes
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
MEMBER = "miembro@demo.accord"
SECOND = "segunda@demo.accord"
ADDED = "y de las redes de ciudades hermanas"


def with_two_members(folder) -> str:
    """The demo store, with passwords for its member and a second member who accepted an invitation."""
    url = demo_store(folder, MEMBER)
    store = make_store(url)
    try:
        committee = accounts.authenticate(store, COMMITTEE, PASSWORD)
        invited = processes.set_member(store, committee, SLUG, MemberDraft(email=SECOND, role="member"))
        processes.create_account_and_accept(
            store, invited.invitation.rsplit("/", 1)[1], JoinAsNew(name="Amina Diallo", password=PASSWORD)
        )
    finally:
        store.dispose()
    return url


def test_propose_cosponsor_accept_and_download_the_compilation(tmp_path, browser):
    with running_server(tmp_path, with_two_members(tmp_path)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER)
            member.goto(f"{server.url}/p/{SLUG}/amendments")
            member.get_by_role("link", name="Proponer una enmienda").first.click()
            member.locator("#c-eid").select_option("op_9")
            member.locator("#choose-form button[type=submit]").click()
            box = member.locator("#propose-form textarea[name=text]")
            box.fill(box.input_value().rstrip(".") + f", {ADDED}.")
            member.locator("#propose-form textarea[name=rationale]").fill("La cooperación descentralizada lo pide.")
            member.locator("#propose-form button[value=preview]").click()
            expect(member.locator("#preview ins")).to_contain_text(ADDED)
            member.locator("#propose-form button[value=propose]").click()
            member.wait_for_url("**/amendments/11")
            expect(member.locator("h1")).to_contain_text("A11")

            second = signed_in(browser, server.url, SECOND)
            second.goto(f"{server.url}/p/{SLUG}/amendments/11")
            second.locator("#cosponsor-form button").click()
            expect(second.locator("dl.meta")).to_contain_text("Amina Diallo")

            committee = signed_in(browser, server.url, COMMITTEE)
            committee.goto(f"{server.url}/p/{SLUG}/amendments/11")
            committee.locator("#d-decision").select_option("accepted")
            committee.locator("#d-reason").fill("Refuerza la cooperación entre ciudades.")
            committee.locator("#decision-form button[type=submit]").click()
            asked = answer_in_page(committee)  # the decision asks for confirmation first
            expect(committee.locator("h1 ~ .badge").first).to_have_text("Aceptada")
            assert asked == "¿Registrar esta decisión sobre A11?"

            committee.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            expect(committee.locator("li#op_9 .para-text").first).to_contain_text(ADDED)

            committee.goto(f"{server.url}/p/{SLUG}/amendments/compilation")
            with committee.expect_download() as download:
                committee.locator(".heading-row a[download]").click()  # the source text's; the languages below
            path = tmp_path / "compilacion.docx"
            download.value.save_as(path)
            with zipfile.ZipFile(path) as docx:
                body = docx.read("word/document.xml").decode("utf-8")
            assert "<w:ins " in body and "Tomás Herrera" in body
        finally:
            browser.close()


def test_the_committee_selects_rows_by_a_filter_and_agrees_them_at_once(tmp_path, browser):
    """In English: the negotiation list's rows without open amendments or brackets selected by one click, then set
    agreed together; those with open amendments stay."""
    with running_server(tmp_path, with_two_members(tmp_path)) as server:
        try:
            committee = signed_in(browser, server.url, COMMITTEE, locale="en-US")
            committee.goto(f"{server.url}/p/{SLUG}/amendments/status")
            rows = committee.locator("tr[data-status]")
            quiet = committee.locator("tr[data-unamended=yes]")
            held = committee.locator("tr[data-unamended=no]")
            quiet_count, held_count = quiet.count(), held.count()
            assert quiet_count and held_count and rows.count() == quiet_count + held_count
            committee.get_by_role("button", name="those without open amendments or brackets").click()
            assert committee.locator("tr[data-unamended=yes] input[name=eids]:checked").count() == quiet_count
            assert committee.locator("tr[data-unamended=no] input[name=eids]:checked").count() == 0
            committee.locator("#bulk-status-value").select_option("agreed")
            committee.get_by_role("button", name="Set for the selected paragraphs").click()
            committee.wait_for_url("**/amendments/status")
            expect(committee.locator(".flash")).to_contain_text(f"{quiet_count} paragraphs")
            expect(committee.locator("tr[data-status]")).to_have_count(held_count)  # what is agreed holds nothing back
        finally:
            browser.close()
