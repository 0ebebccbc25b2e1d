"""The bracket dashboard and the clean text (issue 33): what is left per article and in all, the burn-down, and the
committee resolving a bracket of the working draft from the page; in the page's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_support import SLUG, html
from workspace.services.declaration import importing

DRAFT = (Path(__file__).parents[2] / "fixtures" / "negotiation" / "bracketed-draft.md").read_text(encoding="utf-8")
PAGE = f"/p/{SLUG}/brackets"


@pytest.fixture
def bracketed(web_store, web_people):
    from workspace.domain.declaration.declaration_commands import ImportVersion

    importing.import_version(
        web_store, web_people.committee, SLUG, ImportVersion(filename="b.md", text=DRAFT, label="Entre corchetes")
    )


def test_a_member_reads_what_is_left_per_article_in_french(client, web_people, bracketed):
    sign_in(client, web_people.member.email)
    page = html(client.get(PAGE, params={"version": "1"}, headers={"Accept-Language": "fr"}))
    assert page.select_one("h1").get_text(" ", strip=True).startswith("Crochets")
    rows = {r.select_one("th").get_text(strip=True).replace("\u00a0", " "): r for r in page.select("tbody tr")}
    assert {"PD 2", "PD 3", "PD 4"} <= set(rows)  # as French names operative paragraphs
    assert page.select_one("img[src$='burndown.svg?lang=es']")["alt"].startswith("Crochets ouverts par version")
    assert page.select("form[action*='/resolve?']") == []  # a member resolves nothing
    clean = html(client.get(f"{PAGE}/clean", params={"version": "1"}))
    assert "[shall]" not in clean.get_text() and "shall review" in clean.get_text()


def test_the_committee_resolves_a_bracket_of_the_draft_from_the_page(client, web_people, bracketed):
    sign_in(client, web_people.committee.email)
    page = html(client.get(PAGE, params={"version": "draft"}))
    form = next(f for f in page.select("form[action*='/resolve?']") if "agree on “should”" in f.get_text())
    choice = next(o["value"] for o in form.select("option") if "“should”" in o.get_text())
    fields = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    done = form_post(client, form["action"], {**fields, "option": choice})
    assert done.status_code == 303, done.text
    again = html(client.get(PAGE, params={"version": "draft"}))
    assert any("should" in li.get_text() and "bracket-agreed" in li["class"] for li in again.select("li.bracket"))
    stale = form_post(client, form["action"], {**fields, "option": "0"})  # resolved already: said, nothing changes
    assert stale.status_code == 409 and "already" in html(stale).select_one("[role=alert]").get_text()


def test_a_bracket_resolved_from_the_page_with_a_wrong_value_is_shown_again_with_its_reason(
    client, web_people, bracketed
):
    sign_in(client, web_people.committee.email)
    page = html(client.get(PAGE, params={"version": "draft"}))
    form = page.select("form[action*='/resolve?']")[0]
    fields = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    for sent, reason in (
        ({"option": "first"}, "whole number"),  # what no option is: the command's type refuses it
        ({"option": "100"}, "from 0 to 99"),  # past the options a bracket may have: the command's rule
        ({"option": "0", "drop": "true"}, "not both"),  # the rule that joins two fields
        ({}, "not both"),
    ):
        again = form_post(client, form["action"], {**fields, **sent})
        assert again.status_code == 422, (sent, again.status_code)
        shown = html(again)
        assert reason in shown.select_one("[role=alert]").get_text(), sent
        assert shown.select("li.bracket")  # the dashboard, as it was asked (the draft), shown again
        assert shown.select_one("#b-version option[selected]")["value"] == "draft"
    dropped = form_post(client, form["action"], {**fields, "drop": "true"})
    assert dropped.status_code == 303 and "version=draft" in dropped.headers["location"]


def test_a_member_opens_a_thread_on_a_bracket_from_the_dashboard(client, web_people, bracketed):
    sign_in(client, web_people.member.email)
    page = html(client.get(PAGE, params={"version": "1"}))
    item = next(li for li in page.select("li.bracket") if li.select_one("code").get_text() == "[shall][should]")
    link = item.find("a", string="Discuss this bracket")["href"]
    discuss = html(client.get(link))
    form = discuss.select_one("form#open-form")
    fields = {i["name"]: i.get("value", "") for i in form.select("input")}
    assert fields["exact"] == "[shall][should]" and fields["prefix"] and fields["version"] == "1"
    made = form_post(client, form["action"], {**fields, "body": "Prefer should."})
    assert made.status_code == 303, made.text
    assert "[shall][should]" in html(client.get(made.headers["location"])).select_one(".discuss-threads").get_text()
    # A place the paragraph does not have puts nothing in the form.
    wrong = html(client.get(link.replace("start=", "start=9").replace("end=", "end=99999")))
    assert wrong.select_one("form#open-form input[name=exact]").get("value", "") == ""
