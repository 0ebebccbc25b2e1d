"""The delegations page and the consensus page (issue 32): the committee keeps the delegations and says who speaks
for whom; a delegate records where their delegation stands, in the page's language, and sees the room's levels."""

from __future__ import annotations

import pytest

from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_support import SLUG, error_message, field_value, form_at, html
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.services.declaration import draft

DELEGATIONS, CONSENSUS = f"/p/{SLUG}/delegations", f"/p/{SLUG}/consensus"


@pytest.fixture
def circulated(web_store, web_people):
    """Version 1: a preambular and two operative paragraphs; their eIds."""
    made = [
        draft.add_paragraph(web_store, web_people.committee, SLUG, AddParagraph(kind=kind, text=text)).eid
        for kind, text in (("operative", "Decide dos."), ("operative", "Decide uno."), ("preambular", "Recordando."))
    ]
    draft.circulate(web_store, web_people.committee, SLUG, Circulate(label="Borrador cero"))
    return made


def test_the_committee_adds_a_delegation_and_names_who_speaks_for_it_in_spanish(client, web_people, circulated):
    sign_in(client, web_people.committee.email)
    refused = form_post(client, DELEGATIONS, {"code": "x", "name_es": "", "kind": "member_state"})
    assert refused.status_code == 422
    page = html(refused)
    assert "x" in error_message(page) and field_value(page, "code", form_at(page, DELEGATIONS)) == "x"
    added = form_post(
        client, DELEGATIONS, {"code": "arg", "name_es": "Argentina", "name_fr": "Argentine", "kind": "member_state"}
    )
    assert added.status_code == 303
    spoken = form_post(client, f"/p/{SLUG}/members/delegation", {"email": web_people.member.email, "delegation": "ARG"})
    assert spoken.status_code == 303
    page = html(client.get(DELEGATIONS, headers={"Accept-Language": "es"}))
    row = page.select_one("#delegation-ARG")
    assert [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])[:4]] == [
        "ARG",
        "Argentina",
        "Estado miembro",
        "1",
    ]
    assert page.find("h1").get_text(strip=True) == "Delegaciones"


def test_a_member_sees_the_delegations_but_no_form(client, web_people):
    sign_in(client, web_people.member.email)
    page = html(client.get(DELEGATIONS))
    assert page.find("form", attrs={"action": DELEGATIONS}) is None
    assert form_post(client, DELEGATIONS, {"code": "ARG", "name_es": "Argentina"}).status_code == 403


def test_a_delegate_records_a_position_and_the_page_shows_the_room_in_french(client, web_people, circulated, web_store):
    sign_in(client, web_people.committee.email)
    form_post(client, DELEGATIONS, {"code": "ARG", "name_es": "Argentina", "name_fr": "Argentine"})
    form_post(client, f"/p/{SLUG}/members/delegation", {"email": web_people.member.email, "delegation": "ARG"})
    client.cookies.clear()
    sign_in(client, web_people.member.email)
    page = html(client.get(CONSENSUS, headers={"Accept-Language": "fr"}))
    form = form_at(page, f"/p/{SLUG}/positions")
    assert page.find(id="position-title").get_text(strip=True) == "Position de Argentine"
    refs = [o.get_text(strip=True) for o in form.select("select[name=eid] option")]
    assert refs == ["AP\u00a01", "PD\u00a01", "PD\u00a02"]
    first = form_post(
        client, f"/p/{SLUG}/positions", {"eid": circulated[1], "position": "objects", "seen": "", "note": "Vago."}
    )
    assert first.status_code == 303 and first.headers["location"].endswith(f"#{circulated[1]}")
    stale = form_post(client, f"/p/{SLUG}/positions", {"eid": circulated[1], "position": "supports", "seen": ""})
    assert stale.status_code == 409  # the page it came from had not seen the position: the member reads it first
    shown = html(client.get(CONSENSUS, headers={"Accept-Language": "fr"}))
    seen = field_value(shown, "seen", form_at(shown, f"/p/{SLUG}/positions"))
    assert seen == f"{circulated[1]}:1"
    changed = form_post(client, f"/p/{SLUG}/positions", {"eid": circulated[1], "position": "supports", "seen": seen})
    assert changed.status_code == 303
    row = html(client.get(CONSENSUS, headers={"Accept-Language": "fr"})).find(id=circulated[1])
    assert row["class"] == ["level-under_negotiation"]
    assert row.find("th").get_text(" ", strip=True) == "PD\u00a01 Appuie"
    assert row.find("th").a["href"] == f"/p/{SLUG}/declaration/versions/1#{circulated[1]}"
    assert row.find("td").get_text(strip=True) == "En cours de négociation"


def test_the_activity_names_paragraphs_as_printed_and_the_committee_renumbers_from_the_draft_page(
    client, web_people, web_store, circulated
):
    later = draft.add_paragraph(
        web_store, web_people.committee, SLUG, AddParagraph(kind="operative", text="Decide tres.")
    )
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/activity", headers={"Accept-Language": "en"}))
    linked = [a.get_text(strip=True) for a in page.select(f'a[href="/p/{SLUG}/declaration/paragraphs/{later.eid}"]')]
    assert linked and all(text.replace("\u00a0", " ").startswith("OP ") for text in linked), linked
    renumbered = form_post(client, f"/p/{SLUG}/declaration/draft/renumber", {})
    assert renumbered.status_code == 303
    flash = html(client.get(f"/p/{SLUG}/declaration/draft", headers={"Accept-Language": "en"})).select_one(".flash")
    assert flash is not None and "Numbered cleanly" in flash.get_text()


def test_the_crosswalk_page_says_how_each_reference_moved(client, web_people, web_store, circulated):
    first = circulated[0]  # printed OP 2 in version 1 (each paragraph was added on top)
    draft.add_paragraph(web_store, web_people.committee, SLUG, AddParagraph(kind="operative", text="Decide tres."))
    draft.circulate(web_store, web_people.committee, SLUG, Circulate(label="Rev.1", renumber=True))
    sign_in(client, web_people.member.email)
    page = html(client.get(f"/p/{SLUG}/declaration/versions/2/crosswalk", headers={"Accept-Language": "en"}))
    rows = {  # each paragraph by its printed references only (issue 67); its link's address keeps the eId
        tr.select_one("a")["href"].split("?at=")[1].split("#")[0]: tuple(td.get_text(strip=True) for td in tr("td"))
        for tr in page.select("tbody tr")
        if tr.select_one("a")
    }
    assert rows[first] == ("OP\u00a02", "OP\u00a03")  # the new paragraph on top moved it down
    assert not page.select("td.eid") and "eId" not in [th.get_text(strip=True) for th in page.select("th")]
    assert page.select_one('a[href$="/versions/2/crosswalk.csv"]') is not None
    assert client.get(f"/p/{SLUG}/declaration/versions/9/crosswalk").status_code == 404
    french = html(client.get(f"/p/{SLUG}/declaration/versions/2/crosswalk", headers={"Accept-Language": "fr"}))
    said = " ".join(french.select_one("p.muted").get_text().split())
    assert "par rapport à Borrador cero. Numérotée en continu" in said, said  # "cero.Numérotée" before


def test_the_translation_editor_the_aligned_texts_a_discussion_and_a_history_name_paragraphs_as_printed(
    client, web_people, circulated
):
    second, preamble = circulated[0], circulated[2]  # each added goes first: OP 2, then OP 1 above it, PP 1
    sign_in(client, web_people.translator.email)
    editor = html(client.get(f"/p/{SLUG}/translations/en", params={"version": "1"}, headers={"Accept-Language": "fr"}))
    shown = [" ".join(li.select_one("strong").get_text(" ").split()) for li in editor.select(".translation-rows > li")]
    assert "PD 2" in [s.replace("\u00a0", " ") for s in shown], shown  # its printed reference alone (issue 67)
    aligned = html(client.get(f"/p/{SLUG}/declaration/aligned", params={"version": "1"}))
    assert aligned.select_one(f"tr[id='{preamble}'] th").get_text(" ").replace("\u00a0", " ").split()[:2] == ["PP", "1"]
    sign_in(client, web_people.member.email)
    discussion = html(client.get(f"/p/{SLUG}/discuss/{second}", params={"version": "1"}))
    assert discussion.select_one("h1").get_text(" ").replace("\u00a0", " ").startswith("OP 2")
    history = html(client.get(f"/p/{SLUG}/declaration/paragraphs/{second}", headers={"Accept-Language": "es"}))
    assert "PD 2" in history.select_one("h1").get_text(" ").replace("\u00a0", " ")
    sign_in(client, web_people.committee.email)
    paragraph = html(client.get(f"/p/{SLUG}/declaration/draft/{second}"))
    assert paragraph.select_one("h1").get_text(" ").replace("\u00a0", " ").startswith("Paragraph OP 2")
