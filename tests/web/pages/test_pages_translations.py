"""Translation pages: progress, the editor (save, mark translated, approve, send back, a stale save),
the aligned view and the glossary."""

from __future__ import annotations

from sqlalchemy import event

from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, error_message, html, import_zero

API = f"/api/processes/{SLUG}"
T = f"/p/{SLUG}/translations"


def test_a_translator_translates_and_the_committee_approves(client, web_people):
    committee = import_zero(client, web_people)
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"{T}/en?version=1"))
    rows = page.select("li.trow")
    assert [r["id"] for r in rows][:2] == ["hdg_1", "pre_1"] and all("state-missing" in r["class"] for r in rows)
    form = page.select_one("li#op_1 form.tform")
    revision = form.find("input", attrs={"name": "source_revision"})["value"]
    saved = form_post(
        client,
        f"{T}/en/op_1",
        {
            "text": "We commit to strengthening multilevel governance.",
            "source_revision": revision,
            "version": "1",
            "state": "translated",
            "go": "next",
            "next_eid": "op_2",
        },
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("#op_2")
    assert html(client.get(f"{T}/en?version=1")).select_one("li#op_1 .badge").get_text(strip=True) == "Translated"
    assert html(client.get(f"{T}/en?version=1")).select_one("li#op_1 form.review") is None  # translators do not review

    stale = form_post(
        client, f"{T}/en/op_2", {"text": "We ask.", "source_revision": "0" * 64, "version": "1", "state": "draft"}
    )
    assert stale.status_code == 409 and error_message(html(stale))
    assert html(stale).select_one("li#op_2 textarea").get_text() == "We ask."  # the typed text is kept

    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    assert form_post(client, f"{T}/en/op_1/review", {"version": "1", "action": "approve"}).status_code == 303
    progress = html(client.get(T))
    english = progress.select("table.progress")[1].find("a", string="English").find_parent("tr")
    assert "25 % (1/4)" in english.get_text(" ", strip=True)
    assert client.get(f"{API}/editions/en?version=1", headers=committee).json()["paragraphs"][2]["state"] == "approved"
    aligned = html(client.get(f"/p/{SLUG}/declaration/aligned?version=1"))
    assert aligned.select_one("tr#op_1").get_text().count("multilevel governance") == 1


def test_the_editor_saves_in_one_transaction_and_makes_no_view_it_would_throw_away(app, client, web_people):
    """Who is asking and the process's language are read in the save's own transaction (one connection for the
    request), and the page, which goes on to the next paragraph, never makes the saved one's view (its glossary)."""
    import_zero(client, web_people)
    sign_in(client, web_people.translator.email)
    form = html(client.get(f"{T}/en?version=1")).select_one("li#op_1 form.tform")
    revision = form.find("input", attrs={"name": "source_revision"})["value"]
    engine = app.state.db.engine
    connections: list[object] = []
    statements: list[str] = []

    def checkout(*args):
        connections.append(args)

    def execute(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine.pool, "checkout", checkout)
    event.listen(engine, "before_cursor_execute", execute)
    try:
        saved = form_post(
            client,
            f"{T}/en/op_1",
            {
                "text": "We commit.",
                "source_revision": revision,
                "version": "1",
                "state": "translated",
                "go": "next",
                "next_eid": "op_2",
            },
        )
    finally:
        event.remove(engine.pool, "checkout", checkout)
        event.remove(engine, "before_cursor_execute", execute)
    assert saved.status_code == 303 and saved.headers["location"].endswith("#op_2")
    assert len(connections) == 1
    assert not [s for s in statements if "glossary_terms" in s]


def test_the_glossary_is_edited_by_the_committee_and_read_by_all(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/glossary"))
    revision = page.find("input", attrs={"name": "revision"})["value"]
    saved = form_post(
        client,
        f"/p/{SLUG}/glossary",
        {
            "revision": revision,
            "terms": "Ciudades Intermedias = en: Intermediary Cities; fr: Villes intermédiaires; !en: Middle Cities",
        },
    )
    assert saved.status_code == 303
    again = form_post(client, f"/p/{SLUG}/glossary", {"revision": revision, "terms": ""})
    assert again.status_code == 409 and error_message(html(again))
    bad = form_post(
        client,
        f"/p/{SLUG}/glossary",
        {
            "revision": html(client.get(f"/p/{SLUG}/glossary")).find("input", attrs={"name": "revision"})["value"],
            "terms": "Sin traducción",
        },
    )
    assert bad.status_code == 422
    client.cookies.clear()
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"/p/{SLUG}/glossary"))
    assert "Intermediary Cities" in page.get_text() and page.select_one("#glossary-form") is None


def test_the_overview_shows_how_far_each_language_is(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.observer.email)
    panel = html(client.get(f"/p/{SLUG}")).select_one("section[aria-labelledby=translated-title]")
    assert panel is not None and "Borrador cero" in panel.get_text()
    assert [a.get_text(strip=True) for a in panel.select("li a")] == ["English", "French"]
    assert "0 %" in panel.get_text()


OP1_EN = "We commit to strengthening multilevel governance."


def _outdated_op_1(client, web_people) -> tuple[dict[str, str], dict[str, str]]:
    """op_1 translated, then its Spanish source changed in the working draft: the committee's and the translator's
    headers."""
    committee = import_zero(client, web_people)
    translator = token_headers(client, web_people.translator.email)
    now = next(
        r for r in client.get(f"{API}/translations/en?version=draft", headers=translator).json() if r["eid"] == "op_1"
    )
    assert (
        client.put(
            f"{API}/translations/en/op_1?version=draft",
            headers=translator,
            json={"text": OP1_EN, "source_revision": now["source_revision"], "state": "translated"},
        ).status_code
        == 200
    )
    paragraph = next(
        p for p in client.get(f"{API}/draft", headers=committee).json()["paragraphs"] if p["eid"] == "op_1"
    )
    assert (
        client.put(
            f"{API}/draft/paragraphs/op_1",
            headers=committee,
            json={
                "text": "Nos comprometemos a fortalecer decididamente la gobernanza multinivel.",
                "base_revision": paragraph["revision"],
            },
        ).status_code
        == 200
    )
    return committee, translator


def test_a_save_from_the_editor_with_a_state_no_translator_saves_is_shown_again_with_its_reason(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.translator.email)
    form = html(client.get(f"{T}/en?version=1")).select_one("li#op_1 form.tform")
    revision = form.find("input", attrs={"name": "source_revision"})["value"]
    typed = {"text": "We commit.", "source_revision": revision, "version": "1"}
    for sent, reason in (
        ({"state": "approved"}, "approved by a reviewer"),  # once saved as a draft, silently: the command refuses it
        ({"state": "done"}, "Unknown state"),
        ({"state": "translated", "still_correct": "maybe"}, "true or false"),
        ({"state": "translated", "text": " "}, "is required"),
    ):
        again = form_post(client, f"{T}/en/op_1", {**typed, **sent})
        assert again.status_code == 422, (sent, again.status_code)
        shown = html(again)
        assert reason in error_message(shown), sent
        assert shown.select_one("li#op_1 textarea").get_text() == sent.get("text", "We commit.")  # as typed
    assert "state-missing" in html(client.get(f"{T}/en?version=1")).select_one("li#op_1")["class"]  # nothing saved


def test_the_api_refuses_an_outdated_translation_saved_unchanged_unless_still_correct(client, web_people):
    _, translator = _outdated_op_1(client, web_people)
    outdated = next(
        r for r in client.get(f"{API}/translations/en?version=draft", headers=translator).json() if r["eid"] == "op_1"
    )
    assert outdated["state"] == "outdated"
    body = {"text": OP1_EN, "source_revision": outdated["source_revision"], "state": "translated"}
    refused = client.put(f"{API}/translations/en/op_1?version=draft", headers=translator, json=body)
    assert refused.status_code == 409
    assert [1, "decididamente "] in refused.json()["detail"]["source_diff"]
    wrong = client.put(
        f"{API}/translations/en/op_1?version=draft", headers=translator, json={**body, "still_correct": "maybe"}
    )
    assert wrong.status_code == 400 and "still_correct" in str(
        wrong.json()["detail"]
    )  # a body of the wrong shape, as everywhere
    confirmed = client.put(
        f"{API}/translations/en/op_1?version=draft", headers=translator, json={**body, "still_correct": True}
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["state"] == "translated" and confirmed.json()["confirmed_over"] == outdated["made_from"]


def test_the_editor_offers_still_correct_beside_the_source_change_and_the_reviewer_sees_it(client, web_people):
    _outdated_op_1(client, web_people)
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"{T}/en?version=draft"))
    assert page.select_one("li#op_2 form.still-correct") is None  # only outdated rows offer it
    form = page.select_one("li#op_1 .source-diff form.still-correct")
    button = form.find("button", attrs={"name": "still_correct", "value": "true"})
    assert button.get_text(strip=True) == "Still correct"
    main = page.select_one("li#op_1 form.tform")
    untouched = form_post(
        client,
        f"{T}/en/op_1",
        {
            "text": OP1_EN,
            "version": "draft",
            "state": "translated",
            "source_revision": main.find("input", attrs={"name": "source_revision"})["value"],
        },
    )
    assert untouched.status_code == 409 and error_message(html(untouched))
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i["name"] != "_csrf_token"}
    assert fields["text"] == OP1_EN
    confirmed = form_post(client, f"{T}/en/op_1", {**fields, "still_correct": "true"})
    assert confirmed.status_code == 303, confirmed.text

    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    reviewed = html(client.get(f"{T}/en?version=draft")).select_one("li#op_1")
    assert "state-translated" in reviewed["class"]
    mark = reviewed.select_one(".source-diff.confirmed")
    assert mark.select_one(".badge").get_text(strip=True) == "Confirmed unchanged over a source change"
    assert mark.select_one("ins").get_text(strip=True) == "decididamente"
    assert reviewed.select_one("form.review") is not None
