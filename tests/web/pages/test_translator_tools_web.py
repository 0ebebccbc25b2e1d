"""Translators' tools over HTTP (issue 35): glossary proposals (API and the glossary page), search and replace in a
language (API and the editor's form), and the memory asked for a paragraph."""

from __future__ import annotations

from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, error_message, html, import_zero

API = f"/api/processes/{SLUG}"
T = f"/p/{SLUG}/translations"
OP1_EN = "We commit to strengthening multilevel governance."


def _translate(client, headers, eid: str, text: str, state: str = "translated", version: str = "draft") -> dict:
    now = next(
        r for r in client.get(f"{API}/translations/en?version={version}", headers=headers).json() if r["eid"] == eid
    )
    saved = client.put(
        f"{API}/translations/en/{eid}?version={version}",
        headers=headers,
        json={"text": text, "source_revision": now["source_revision"], "state": state},
    )
    assert saved.status_code == 200, saved.text
    return saved.json()


def test_glossary_proposals_over_the_api(client, web_people):
    committee = import_zero(client, web_people)
    translator = token_headers(client, web_people.translator.email)
    member = token_headers(client, web_people.member.email)
    body = {"source": "ciudades intermedias", "translations": {"en": "intermediary cities"}, "note": "UCLG usage."}
    made = client.post(f"{API}/glossary/proposals", headers=translator, json=body)
    assert made.status_code == 201, made.text
    proposal = made.json()
    assert (proposal["state"], proposal["proposed_by"]) == ("proposed", "Translator")
    assert client.post(f"{API}/glossary/proposals", headers=translator, json=body).status_code == 409  # twice
    assert client.post(f"{API}/glossary/proposals", headers=member, json=body).status_code == 403
    bad = client.post(f"{API}/glossary/proposals", headers=translator, json={"source": "ciudad", "translations": {}})
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "translations"
    # A refusal names the language its term is missing or wrong in, under the field that holds it.
    for translations, field, words in [
        ({"fr": "  "}, "translations.fr", "The field “translations.fr” is required."),
        ({"en": "x" * 201}, "translations.en", "The field “translations.en” is too long (at most 200 characters)."),
        ({"de": "Stadt"}, "translations", "“de” is not a language this process is translated into."),
    ]:
        refused = client.post(
            f"{API}/glossary/proposals", headers=translator, json={"source": "ciudad", "translations": translations}
        )
        assert refused.status_code == 422 and refused.json()["detail"]["field"] == field, refused.text
        assert refused.json()["error"] == words
    assert client.get(f"{API}/glossary", headers=translator).json()["terms"] == []  # not a term yet
    listed = client.get(f"{API}/glossary/proposals", headers=translator)
    assert [p["source"] for p in listed.json()] == ["ciudades intermedias"]
    assert client.get(f"{API}/glossary/proposals", headers=member).status_code == 403

    assert client.post(f"{API}/glossary/proposals/{proposal['id']}/approve", headers=translator).status_code == 403
    approved = client.post(f"{API}/glossary/proposals/{proposal['id']}/approve", headers=committee)
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert client.get(f"{API}/glossary", headers=translator).json()["terms"][0]["translations"] == {
        "en": "intermediary cities"
    }
    again = client.post(f"{API}/glossary/proposals/{proposal['id']}/reject", headers=committee, json={"reason": "No."})
    assert again.status_code == 409
    assert client.post(f"{API}/glossary/proposals/9999/approve", headers=committee).status_code == 404


def test_the_glossary_page_takes_a_proposal_and_the_committee_approves_it(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"/p/{SLUG}/glossary"))
    form = page.select_one("#propose-form")
    assert [i["name"] for i in form.select("input[name]") if i["name"] != "_csrf_token"] == ["source", "en", "fr"]
    refused = form_post(client, f"/p/{SLUG}/glossary/proposals", {"source": "gobernanza", "note": "x"})
    assert refused.status_code == 422 and "one language at least" in error_message(html(refused))
    assert html(refused).select_one("#pr-source")["value"] == "gobernanza"  # what was typed is kept
    made = form_post(
        client,
        f"/p/{SLUG}/glossary/proposals",
        {"source": "gobernanza multinivel", "en": "multilevel governance", "fr": "", "note": "UN usage."},
    )
    assert made.status_code == 303
    page = html(client.get(f"/p/{SLUG}/glossary"))
    item = page.select_one("#proposals li.proposal")
    assert item.select_one(".badge").get_text(strip=True) == "Proposed"
    assert "multilevel governance" in item.get_text() and item.select_one("form.decide") is None
    assert page.select_one("table.table tbody").get_text(strip=True) == "No term yet."

    client.cookies.clear()
    sign_in(client, web_people.member.email)
    assert html(client.get(f"/p/{SLUG}/glossary")).select_one("#proposals") is None  # members do not see proposals

    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    item = html(client.get(f"/p/{SLUG}/glossary")).select_one("#proposals li.proposal")
    action = item.select_one("form.decide")["action"]
    assert form_post(client, action, {"action": "approve"}).status_code == 303
    page = html(client.get(f"/p/{SLUG}/glossary"))
    assert page.select_one("table.table tbody th").get_text(strip=True) == "gobernanza multinivel"
    assert page.select_one("#proposals .badge").get_text(strip=True) == "Approved"
    assert page.select_one("#proposals form.decide") is None


def test_search_and_replace_over_the_api(client, web_people):
    import_zero(client, web_people)
    translator = token_headers(client, web_people.translator.email)
    committee = token_headers(client, web_people.committee.email)
    _translate(client, translator, "op_1", OP1_EN)
    _translate(client, translator, "op_2", "We ask national governments to support local governance finance.")
    url = f"{API}/translations/en/replace?version=draft"
    asked = {"find": "governance", "replace": "government", "whole_word": True}
    preview = client.post(url, headers=translator, json=asked)
    assert preview.status_code == 200, preview.text
    changes = preview.json()["changes"]
    assert [c["eid"] for c in changes] == ["op_1", "op_2"] and preview.json()["applied"] == []
    assert [-1, "governance"] in changes[0]["diff"] and [1, "government"] in changes[0]["diff"]
    revisions = {c["eid"]: c["text_revision"] for c in changes}

    _translate(client, committee, "op_2", "We ask governments to fund local governance.")  # changed meanwhile
    applied = client.post(url, headers=translator, json={**asked, "preview": False, "revisions": revisions})
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] == ["op_1"]
    assert [(s["eid"], s["reason"]) for s in applied.json()["skipped"]] == [("op_2", "stale")]
    rows = {r["eid"]: r for r in client.get(f"{API}/translations/en?version=draft", headers=translator).json()}
    assert rows["op_1"]["text"] == "We commit to strengthening multilevel government."
    assert rows["op_2"]["text"] == "We ask governments to fund local governance."  # not overwritten

    assert client.post(url, headers=translator, json={**asked, "find": ""}).status_code == 422
    assert client.post(f"{API}/translations/fr/replace", headers=translator, json=asked).status_code == 403
    member = token_headers(client, web_people.member.email)
    assert client.post(url, headers=member, json=asked).status_code == 403
    made = client.post(
        "/api/processes",
        headers=committee,
        json={"slug": "otro", "titles": {"es": "Otro"}, "source_language": "es", "languages": ["es", "en"]},
    )
    assert made.status_code == 201, made.text
    assert client.post("/api/processes/otro/translations/fr/replace", headers=committee, json=asked).status_code == 404


def test_the_editor_previews_a_replacement_and_applies_the_ticked_changes(client, web_people):
    import_zero(client, web_people)
    translator = token_headers(client, web_people.translator.email)
    _translate(client, translator, "op_1", OP1_EN)
    _translate(client, translator, "op_2", "We ask for governance of local finance.", state="draft")
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"{T}/en?version=draft"))
    assert page.select_one("#replace-form") is not None
    preview = form_post(
        client,
        f"{T}/en/replace",
        {"find": "Governance", "replace": "government", "version": "draft", "action": "preview"},
    )
    assert preview.status_code == 200
    shown = html(preview)
    items = shown.select("ul.replace-changes li")
    assert [li["id"] for li in items] == ["rp-op_1", "rp-op_2"]
    assert (
        items[0].select_one("del").get_text() == "governance" and items[0].select_one("ins").get_text() == "government"
    )
    fields = {
        "find": "Governance",
        "replace": "government",
        "version": "draft",
        "action": "apply",
        "only": ["op_2"],  # the first one unticked
        "revisions": [i["value"] for i in shown.select("#replace-apply input[name=revisions]")],
    }
    applied = form_post(client, f"{T}/en/replace", fields)
    assert applied.status_code == 303
    page = html(client.get(applied.headers["location"]))
    assert "Replaced in 1 paragraph." in page.get_text()
    assert page.select_one("li#op_2 textarea").get_text() == "We ask for government of local finance."
    assert page.select_one("li#op_2 .badge").get_text(strip=True) == "Draft"  # a draft stays a draft
    assert page.select_one("li#op_1 textarea").get_text() == OP1_EN
    empty = form_post(client, f"{T}/en/replace", {"find": " ", "replace": "x", "version": "draft", "action": "preview"})
    assert empty.status_code == 422 and error_message(html(empty))


def test_the_memory_asked_for_an_outdated_paragraph_names_its_previous_translation(client, web_people):
    committee = import_zero(client, web_people)
    translator = token_headers(client, web_people.translator.email)
    _translate(client, translator, "op_1", OP1_EN)
    assert client.post(f"{API}/translations/en/op_1/approve?version=draft", headers=committee).status_code == 201
    paragraph = next(
        p for p in client.get(f"{API}/draft", headers=committee).json()["paragraphs"] if p["eid"] == "op_1"
    )
    own = client.get(
        f"{API}/memory", headers=translator, params={"text": paragraph["text"], "lang": "en", "eid": "op_1"}
    )
    assert own.status_code == 200 and own.json() == []  # its own translation, never a suggestion
    edited = client.put(
        f"{API}/draft/paragraphs/op_1",
        headers=committee,
        json={
            "text": "Nos comprometemos a fortalecer decididamente la gobernanza multinivel.",
            "base_revision": paragraph["revision"],
        },
    )
    assert edited.status_code == 200
    text = edited.json()["text"]
    [previous] = client.get(
        f"{API}/memory", headers=translator, params={"text": text, "lang": "en", "eid": "op_1"}
    ).json()
    assert (previous["text"], previous["previous"]) == (OP1_EN, True)
    [news] = client.get(f"{API}/memory", headers=translator, params={"text": text, "lang": "en"}).json()
    assert news["previous"] is False
    sign_in(client, web_people.translator.email)
    workbench = html(client.get(f"{T}/en?version=draft")).select_one("ol.translation-rows")
    assert workbench["data-label-previous"] == "Previous translation of this paragraph"
