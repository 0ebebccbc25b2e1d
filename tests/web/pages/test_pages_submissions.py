"""The submissions page (issue 33): the committee opens a window on the process's clock, a delegate files a proposal
on behalf of their delegation, the committee compiles it into the working draft and circulates it, and the
provenance page of the text after it says where its paragraphs came from."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_support import SLUG, error_message, html
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.delegations.delegations import AddDelegation
from workspace.services import delegations, processes
from workspace.services.declaration import draft

PAGE = f"/p/{SLUG}/submissions"


@pytest.fixture
def circulated(web_store, web_people):
    eid = draft.add_paragraph(
        web_store, web_people.committee, SLUG, AddParagraph(kind="operative", text="Decide actuar.")
    ).eid
    draft.circulate(web_store, web_people.committee, SLUG, Circulate(label="Borrador cero"))
    delegations.add_delegation(
        web_store, web_people.committee, SLUG, AddDelegation(code="ARG", names={"es": "Argentina"})
    )
    processes.update_member(
        web_store, web_people.committee, SLUG, web_people.member.email, MemberChange(delegation="ARG")
    )
    return eid


def test_a_window_a_proposal_a_compilation_and_the_provenance_from_the_pages(client, web_people, web_store, circulated):
    sign_in(client, web_people.committee.email)
    hint = html(client.get(PAGE)).select_one("#window-form .hint").get_text()
    assert "(Türkiye Time)" in hint  # the process's clock in words, never its IANA name
    zone = ZoneInfo(processes.get_process(web_store, web_people.committee, SLUG).timezone)
    now = datetime.now(zone)
    fmt = "%Y-%m-%dT%H:%M"
    refused = form_post(
        client, f"{PAGE}/windows", {"opens": now.strftime(fmt), "closes": (now - timedelta(hours=1)).strftime(fmt)}
    )
    assert refused.status_code == 422 and "closes after it opens" in error_message(html(refused))
    opened = form_post(
        client,
        f"{PAGE}/windows",
        {"opens": (now - timedelta(hours=1)).strftime(fmt), "closes": (now + timedelta(hours=2)).strftime(fmt)},
    )
    assert opened.status_code == 303, opened.text
    windows = html(client.get(PAGE)).select("li.window")
    assert windows and "open" in windows[0]["class"], [w.get_text(" ", strip=True) for w in windows]

    sign_in(client, web_people.member.email)
    page = html(client.get(PAGE, headers={"Accept-Language": "fr"}))
    assert "Argentina" in page.select_one("#propose-title").get_text()
    filed = form_post(client, PAGE, {"kind": "modify", "eid": circulated, "text": "Decide actuar ya."})
    assert filed.status_code == 303, filed.text
    empty = form_post(client, PAGE, {"kind": "modify", "eid": circulated, "text": ""})
    assert empty.status_code == 422
    assert page.select("#compile-form") == []  # the committee's

    sign_in(client, web_people.committee.email)
    compiled = form_post(client, f"{PAGE}/compile", {"circulate": "Compilación"})
    assert compiled.status_code == 303, compiled.text
    listed = html(client.get(PAGE))
    assert listed.select_one("tr#s1").get_text(" ").count("ARG") == 1
    assert "(Compilación)" in listed.select_one("tr#s1 td.went").get_text()  # where it went: kept
    mine = html(client.get(PAGE, params={"delegation": "arg"}))
    assert [tr["id"] for tr in mine.select("tbody tr")] == ["s1"]
    assert mine.select_one("#f-delegation option[selected]")["value"] == "ARG"
    assert client.get(PAGE, params={"delegation": "ZZZ"}).status_code == 422
    assert client.get(PAGE, params={"page": "nought"}).status_code == 422
    table = html(client.get(f"/p/{SLUG}/declaration/versions/2/provenance"))
    rows = {tr.select_one("th").get_text(strip=True).replace("\u00a0", " "): tr for tr in table.select("tbody tr")}
    assert rows["OP 1"].get_text(" ").strip().endswith("kept")
    assert "ARG" not in rows["OP 1"].get_text()  # the original holds no proposal; its new neighbour does
    assert any("new" in tr.get_text() for tr in rows.values())


def test_a_new_paragraph_from_the_page_names_the_one_it_goes_after_as_the_api_does(
    client, web_people, web_store, circulated
):
    """The page decodes the API's own command: a new paragraph goes `after` a paragraph; one that names it as the
    paragraph it is about is refused and shown again with what was typed."""
    from workspace.domain.submissions.submissions import OpenWindow
    from workspace.services import submissions

    now = datetime.now(ZoneInfo("UTC"))
    window = OpenWindow(opens=(now - timedelta(hours=1)).isoformat(), closes=(now + timedelta(hours=2)).isoformat())
    submissions.open_window(web_store, web_people.committee, SLUG, window)
    sign_in(client, web_people.member.email)
    form = html(client.get(PAGE)).select_one("#proposal-form")
    assert form.select_one("#p-after") is not None and form.select_one("#p-eid option")["value"] == ""
    wrong = form_post(client, PAGE, {"kind": "insert", "eid": circulated, "after": "", "text": "Un párrafo nuevo."})
    assert wrong.status_code == 422, wrong.text
    shown = html(wrong)
    assert "(“after”)" in error_message(shown)
    assert shown.select_one("#p-text").get_text() == "Un párrafo nuevo."  # what was typed, shown again
    assert shown.select_one("#p-eid option[selected]")["value"] == circulated
    filed = form_post(client, PAGE, {"kind": "insert", "eid": "", "after": circulated, "text": "Un párrafo nuevo."})
    assert filed.status_code == 303, filed.text
    (made,) = submissions.list_submissions(web_store, web_people.committee, SLUG)
    assert (made.kind, made.eid, made.after) == ("insert", None, circulated)


def test_a_proposal_written_in_french_is_rendered_from_the_page_then_compiled(
    client, web_people, web_store, circulated
):
    from workspace.domain.submissions.submissions import OpenWindow
    from workspace.domain.translations.translations import SaveTranslation
    from workspace.services import submissions, translations

    row = next(
        r
        for r in translations.list_translations(web_store, web_people.committee, SLUG, "fr", "1")
        if r.eid == circulated
    )
    translations.save_translation(
        web_store,
        web_people.committee,
        SLUG,
        "fr",
        circulated,
        SaveTranslation(text="Décide d'agir.", source_revision=row.source_revision, state="translated"),
        "1",
    )
    now = datetime.now(ZoneInfo("UTC"))
    submissions.open_window(
        web_store,
        web_people.committee,
        SLUG,
        OpenWindow(opens=(now - timedelta(hours=1)).isoformat(), closes=(now + timedelta(hours=2)).isoformat()),
    )
    sign_in(client, web_people.member.email)
    form = html(client.get(PAGE, headers={"Accept-Language": "fr"})).select_one("#proposal-form")
    assert {o["value"] for o in form.select("#p-lang option")} == {"es", "en", "fr"}
    filed = form_post(client, PAGE, {"kind": "modify", "eid": circulated, "text": "Décide d'agir vite.", "lang": "fr"})
    assert filed.status_code == 303, filed.text
    assert not html(client.get(PAGE)).select("form.rendering-form")  # the committee's to render

    sign_in(client, web_people.committee.email)
    waiting = form_post(client, f"{PAGE}/compile", {"circulate": ""})
    assert waiting.status_code == 409 and "render" in error_message(html(waiting))
    page = html(client.get(PAGE, headers={"Accept-Language": "en"}))
    cell = page.select_one("tr#s1 td.proposal")
    assert cell.select_one("p.proposal-text[lang=fr]").get_text() == "Décide d'agir vite."
    assert "Written in French" in cell.get_text() and "not rendered into Spanish yet" in cell.get_text()
    rendering = cell.select_one("form.rendering-form")
    fields = {i["name"]: i["value"] for i in rendering.select("input[type=hidden]")}
    done = form_post(client, rendering["action"], {**fields, "text": "Decide actuar pronto."})
    assert done.status_code == 303, done.text
    stale = form_post(client, rendering["action"], {**fields, "text": "Decide actuar muy pronto."})
    assert stale.status_code == 409
    compiled = form_post(client, f"{PAGE}/compile", {"circulate": ""})
    assert compiled.status_code == 303, compiled.text
    texts = [p.text for p in draft.get_draft(web_store, web_people.committee, SLUG).paragraphs]
    assert "Decide actuar pronto. (ARG)" in texts
