"""The room's pages (issue 66) through the app: the list, the delegate's page, the screen and the console, each to who
may read it (an informal's to those invited alone, a public plenary's screen signed out too, the console to its
facilitators), and the forms those pages send, answered as JSON to their script."""

from __future__ import annotations

from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_meetings import M, plenary  # noqa: F401 - fixture
from tests.web.api.test_api_negotiation import room  # noqa: F401 - fixture
from tests.web.conftest import another_browser, csrf, form_post, sign_in
from tests.web.pages.test_pages_support import SLUG, html

PAGES = f"/p/{SLUG}/meetings"
JSON = {"Accept": "application/json"}


def test_each_page_to_those_who_may_read_it_and_the_console_to_its_facilitators(client, web_people, plenary):  # noqa: F811
    client.put(f"{M}/1/pointer", json={"eid": "OP 2"}, headers=plenary["committee"])
    sign_in(client, web_people.member.email)
    listed = html(client.get(PAGES))
    assert [a["href"] for a in listed.select("tr#meeting-1 th a")][:2] == [f"{PAGES}/1", f"{PAGES}/1/screen"]
    assert listed.select_one("#schedule-form") is None  # the committee schedules
    tabs = html(client.get(f"/p/{SLUG}")).select("nav.tabs a")
    assert f"/p/{SLUG}/meetings" in [a["href"] for a in tabs]
    delegate = html(client.get(f"{PAGES}/1"))
    assert delegate.find("h1").get_text(strip=True) == "Plenary"
    assert delegate.select_one("#room-text h2").get_text(" ", strip=True).startswith("We are on OP")
    assert delegate.select_one("#room-said")["data-pointer"].replace("\u00a0", " ") == "Now on OP 2"
    assert delegate.select_one("#room-floor form")["action"] == f"{PAGES}/1/floor"  # for ARG, its own
    assert [d["lang"] for d in delegate.select("#room-text details")] == [
        "es",
        "fr",
    ]  # English read, the others a click
    words = delegate.find("template", class_="room-words").find_all(attrs={"data-w": True})  # what events fill in
    script = {w["data-w"]: str(w.string) for w in words}  # bs4 leaves a template's strings out of get_text()
    assert [script[w] for w in ("now_on", "has_floor", "light.green", "intent.point_of_order", "stands")] == [
        "Now on {ref}",
        "{delegation} has the floor",
        "Green",
        "Point of order",
        "Where ARG stands on {ref}",
    ]
    ballot = delegate.find("template", id="ballot-form").find("form")
    assert ballot["data-room-ballot-action"] == f"{PAGES}/1/votes/{{number}}/ballot"
    screen = html(client.get(f"{PAGES}/1/screen"))
    assert screen.select_one("header.bar") is None and screen.select_one("article.current")["id"] == "para-op_2"
    assert [s["lang"] for s in screen.select("article.current .side")] == ["es", "en", "fr"]
    one = html(client.get(f"{PAGES}/1/screen?lang=fr"))
    assert [s["lang"] for s in one.select("article.current .side")] == ["fr"]
    assert client.get(f"{PAGES}/1/chair").status_code == 403
    sign_in(client, web_people.committee.email)
    chair = html(client.get(f"{PAGES}/1/chair"))
    assert chair.select_one("#type-form")["action"] == f"{PAGES}/1/text/op_2"
    assert [b["data-key"] for b in chair.select("#light-form button")] == ["w", "g", "y", "r"]


def test_an_informal_is_no_page_to_someone_not_invited(client, web_people, room):  # noqa: F811
    made = client.post(
        M,
        json={"title": "Amigos de la Presidencia", "kind": "informal", "delegations": ["EU"]},
        headers=room["committee"],
    )
    number = made.json()["id"]
    sign_in(client, web_people.member.email)
    for path in ("", "/screen", "/chair", "/screen/events"):
        assert client.get(f"{PAGES}/{number}{path}").status_code == 404, path
    assert html(client.get(PAGES)).select(f"tr#meeting-{number}") == []
    assert form_post(client, f"{PAGES}/{number}/floor", {"intent": "support"}, headers=JSON).status_code == 404
    sign_in(client, web_people.committee.email)
    assert client.get(f"{PAGES}/{number}/chair").status_code == 200


def test_a_public_plenarys_screen_is_read_signed_out_and_no_other(app, client, room):  # noqa: F811
    c = room["committee"]
    public = client.post(M, json={"title": "Plenaria", "public": True}, headers=c).json()["id"]
    private = client.post(M, json={"title": "Plenaria cerrada"}, headers=c).json()["id"]
    stranger = another_browser(app)
    screen = stranger.get(f"{PAGES}/{public}/screen")
    assert screen.status_code == 200
    assert html(screen).select_one("main[data-room]")["data-room-events"].startswith(f"{PAGES}/{public}/screen/events")
    assert stranger.get(f"{PAGES}/{private}/screen").status_code == 404
    assert stranger.get(f"{PAGES}/{private}/screen/events").status_code == 404
    for path in ("", "/chair"):  # the delegate's page and the console: signed in only
        asked = stranger.get(f"{PAGES}/{public}{path}", follow_redirects=False)
        assert (asked.status_code, asked.headers["location"]) == (302, f"/signin?next={PAGES}/{public}{path}")


def test_the_forms_of_the_room_answer_their_script_in_json(client, web_people, plenary):  # noqa: F811
    sign_in(client, web_people.committee.email)
    moved = form_post(client, f"{PAGES}/1/pointer", {"eid": "OP 1"}, headers=JSON)
    assert moved.status_code == 200 and moved.json()["eid"] == "op_1"
    refused = form_post(client, f"{PAGES}/1/pointer", {"eid": "OP 99"}, headers=JSON)
    assert refused.status_code == 422 and "OP 99" in refused.json()["error"]
    lit = form_post(
        client, f"{PAGES}/1/lights", {"eid": "op_1", "light": "yellow", "delegations": "arg, eu"}, headers=JSON
    )
    assert lit.status_code == 200 and lit.json()["delegations"] == ["ARG", "EU"]
    back = form_post(client, f"{PAGES}/1/lights", {"eid": "op_1", "light": "green", "back": "chair"})
    assert (back.status_code, back.headers["location"]) == (303, f"{PAGES}/1/chair")
    chair = html(client.get(f"{PAGES}/1/chair"))
    revision = chair.select_one("#type-form input[name=base_revision]")["value"]
    text = chair.select_one("#type-form textarea").get_text().replace("multinivel", "[multinivel][territorial]")
    typed = form_post(
        client, f"{PAGES}/1/text/op_1", {"text": text, "base_revision": revision, "delegation": "ARG"}, headers=JSON
    )
    assert typed.status_code == 200 and typed.json()["brackets"][0]["delegation"] == "ARG"
    late = form_post(
        client,
        f"{PAGES}/1/text/op_1",
        {"text": text + " x", "base_revision": revision, "delegation": "ARG"},
        headers=JSON,
    )
    assert late.status_code == 409 and late.json()["detail"]["current_text"] == text
    screen = html(client.get(f"{PAGES}/1/screen"))
    marks = screen.select("article.current .side[lang=es] mark.bracket")
    assert [m.select_one(".by").get_text() for m in marks] == ["ARG"]
    opened = form_post(client, f"{PAGES}/1/votes", {"eid": "op_1", "recorded": "on"}, headers=JSON)
    assert opened.status_code == 200 and opened.json()["state"] == "open"

    sign_in(client, web_people.member.email)
    assert form_post(client, f"{PAGES}/1/pointer", {"eid": "OP 2"}, headers=JSON).status_code == 403
    asked = form_post(client, f"{PAGES}/1/floor", {"intent": "object"}, headers=JSON)
    assert asked.status_code == 200 and asked.json()["delegation"] == "ARG"
    other = form_post(client, f"{PAGES}/1/floor", {"intent": "object", "delegation": "EU"}, headers=JSON)
    assert other.status_code == 403
    cast = form_post(client, f"{PAGES}/1/votes/1/ballot", {"vote": "yes"}, headers=JSON)
    assert cast.status_code == 200 and cast.json()["roll_call"] == {"ARG": "yes"}
    page = html(client.get(f"{PAGES}/1"))
    assert page.select_one("#room-floor form")["action"] == f"{PAGES}/1/floor/1/remove"  # its request: withdrawn here
    assert page.select_one("#room-said")["data-floor"] == ""
    assert csrf(client)


def test_a_delegate_answers_the_slot_asked_of_its_delegation(client, web_people, plenary):  # noqa: F811
    sign_in(client, web_people.committee.email)
    asked = form_post(
        client, f"{PAGES}/1/slots", {"eid": "op_2", "due_at": "2099-01-01T10:00", "delegations": "ARG"}, headers=JSON
    )
    assert asked.status_code == 200, asked.text
    sign_in(client, web_people.member.email)
    form = html(client.get(f"{PAGES}/1")).select_one("#room-slot form")
    assert form is not None and form.select_one("input[name=window]")["value"] == str(asked.json()["number"])
    window = asked.json()["number"]
    french = {"window": window, "eid": "op_2", "lang": "fr", "text": "Nous demandons un financement local."}
    refused = form_post(client, f"{PAGES}/1/answer", french, headers=JSON)  # no French edition of it to propose on
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "lang"
    spanish = {"window": window, "eid": "op_2", "lang": "es", "text": "Pedimos financiación local directa."}
    sent = form_post(client, f"{PAGES}/1/answer", spanish, headers=JSON)
    assert sent.status_code == 200, sent.text
    sign_in(client, web_people.committee.email)
    answer = html(client.get(f"{PAGES}/1/chair")).select_one("#room-slot .slot-answer")
    assert answer.select_one("span[lang=es]").get_text() == "Pedimos financiación local directa."


def test_the_committee_schedules_an_informal_from_the_list_and_a_refusal_keeps_what_was_typed(client, web_people, room):  # noqa: F811
    sign_in(client, web_people.committee.email)
    refused = form_post(client, PAGES, {"kind": "informal", "title_es": "Amigos de la Presidencia"})
    assert refused.status_code == 422
    page = html(refused)
    assert page.select_one("#schedule-form").find_previous("p", class_="error-message") is not None
    assert page.select_one("#m-title-es")["value"] == "Amigos de la Presidencia"
    made = form_post(
        client, PAGES, {"kind": "informal", "title_es": "Amigos de la Presidencia", "delegations": "EU", "eids": "op_2"}
    )
    assert (made.status_code, made.headers["location"]) == (303, f"{PAGES}/1/chair")
    row = html(client.get(PAGES)).select_one("tr#meeting-1")
    assert "EU" in row.get_text(" ", strip=True)
