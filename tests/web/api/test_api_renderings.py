"""Amendments in every language through the JSON API (issue 34): a member proposes on the French edition; the
committee renders it into Spanish (the source) and the English translator into English, from each edition's own
paragraph; the amendment is decided once and its renderings become the new translations, waiting for a
translator's confirmation."""

from __future__ import annotations

import pytest

from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures

FR = "Nous demandons aux gouvernements nationaux de soutenir le financement local."
EN = "We call on national governments to support local finance."
FR_AMENDED = "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local."
ES_RENDERED = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
EN_RENDERED = "We call on national governments to support local finance firmly."


def translated(client, tokens) -> None:  # noqa: F811 - the fixture
    for lang, text in (("fr", FR), ("en", EN)):
        row = next(
            r for r in client.get(f"{P}/translations/{lang}", headers=tokens["committee"]).json() if r["eid"] == "op_2"
        )
        saved = client.put(
            f"{P}/translations/{lang}/op_2",
            json={"text": text, "source_revision": row["source_revision"], "state": "translated"},
            headers=tokens["committee"],
        )
        assert saved.status_code == 200, saved.text


def queue(client, headers, lang):
    return client.get(f"{P}/translations/{lang}/amendments", headers=headers)


def test_proposed_in_french_rendered_in_spanish_and_english_decided_once(client, tokens, zero):  # noqa: F811
    translated(client, tokens)
    member, committee, translator = tokens["member"], tokens["committee"], tokens["translator"]
    untranslated = client.post(
        f"{P}/amendments",
        json={"version": "1", "eid": "op_1", "kind": "modify", "text": "Nous nous engageons.", "lang": "fr"},
        headers=member,
    )
    assert untranslated.status_code == 422 and "French" in untranslated.json()["error"], untranslated.text
    made = client.post(
        f"{P}/amendments",
        json={"version": "1", "eid": "op_2", "kind": "modify", "text": FR_AMENDED, "lang": "fr"},
        headers=member,
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["lang"] == "fr" and body["renderings"]["fr"]["state"] == "original"
    assert body["renderings"]["fr"]["text"] == FR_AMENDED
    assert body["text"] == body["base_text"]  # nothing in Spanish until it is rendered
    label = body["label"]
    early = client.post(
        f"{P}/amendments/{label}/decision", json={"decision": "accepted", "reason": "Sí."}, headers=committee
    )
    assert early.status_code == 409 and "not rendered into Spanish" in early.json()["error"], early.text

    # The English translator's queue: the change in French, the English paragraph to render it from.
    assert queue(client, translator, "es").status_code == 403  # not a language they translate into
    [item] = queue(client, translator, "en").json()
    assert (item["label"], item["lang"], item["state"], item["base"], item["text"]) == (
        label,
        "fr",
        "to_render",
        EN,
        EN,
    )
    assert any(op[0] == 1 and "fermement" in op[1] for op in item["origin_ops"])
    assert item["ref"].replace("\u00a0", " ") == "OP 2"  # as English prints it, not its eId
    refused = client.put(
        f"{P}/amendments/{label}/renderings/es",
        json={"text": ES_RENDERED, "state": "rendered", "base_revision": item["revision"]},
        headers=translator,
    )
    assert refused.status_code == 403
    rendered = client.put(
        f"{P}/amendments/{label}/renderings/en",
        json={"text": EN_RENDERED, "state": "rendered", "base_revision": item["revision"]},
        headers=translator,
    )
    assert rendered.status_code == 200, rendered.text
    assert rendered.json()["state"] == "rendered" and rendered.json()["outside"] is False
    stale = client.put(
        f"{P}/amendments/{label}/renderings/en",
        json={"text": EN_RENDERED + " Now.", "state": "rendered", "base_revision": item["revision"]},
        headers=translator,
    )
    assert stale.status_code == 409 and stale.json()["detail"]["diff"], stale.text
    own = client.put(
        f"{P}/amendments/{label}/renderings/fr",
        json={"text": FR, "state": "rendered", "base_revision": item["revision"]},
        headers=committee,
    )
    assert own.status_code == 422  # its French words are the amendment's own

    # The committee renders it into the source: the amendment's wording there.
    [source] = queue(client, committee, "es").json()
    assert source["base"].startswith("Pedimos") and source["state"] == "to_render"
    into_source = client.put(
        f"{P}/amendments/{label}/renderings/es",
        json={"text": ES_RENDERED, "state": "approved", "base_revision": source["revision"]},
        headers=committee,
    )
    assert into_source.status_code == 200, into_source.text
    assert queue(client, committee, "es").json() == []  # approved: nothing left to do in Spanish
    now = client.get(f"{P}/amendments/{label}", headers=member).json()
    assert now["text"] == ES_RENDERED and any(op[0] == 1 and "firmeza" in op[1] for op in now["ops"])
    assert set(now["renderings"]) == {"es", "en", "fr"}

    # Words changed far from where the French changed them: taken, flagged for the reviewer.
    [again] = queue(client, translator, "en").json()
    far = client.put(
        f"{P}/amendments/{label}/renderings/en",
        json={
            "text": "They call on national governments to support local finance firmly.",
            "state": "rendered",
            "base_revision": again["revision"],
        },
        headers=translator,
    )
    assert far.status_code == 200 and far.json()["outside"] is True, far.text

    decided = client.post(
        f"{P}/amendments/{label}/decision", json={"decision": "accepted", "reason": "Sí."}, headers=committee
    )
    assert decided.status_code == 201, decided.text
    for lang, text in (
        ("en", "They call on national governments to support local finance firmly."),
        ("fr", FR_AMENDED),
    ):
        row = next(
            r
            for r in client.get(f"{P}/translations/{lang}", params={"version": "draft"}, headers=committee).json()
            if r["eid"] == "op_2"
        )
        assert (row["state"], row["text"]) == ("draft", text)  # offered: a translator confirms it
    assert queue(client, translator, "en").json() == []  # decided: off the queue
    # Until a translator confirms them, the editions are not what the source now says: the gate refuses them.
    assert client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=committee).status_code == 201
    gate = client.get(f"{P}/gate", params={"version": "2", "kind": "translation"}, headers=committee).json()
    held = {(b["eid"], b["language"]) for b in gate["blockers"]}
    assert {("op_2", "en"), ("op_2", "fr")} <= held and not gate["clear"]


def test_the_queue_is_paged_and_a_deletion_has_nothing_to_render(client, tokens, zero):  # noqa: F811
    translated(client, tokens)
    for n in range(3):
        text = f"Pedimos a los gobiernos nacionales apoyar la financiación local ({n})."
        assert (
            client.post(
                f"{P}/amendments",
                json={"version": "1", "eid": "op_2", "kind": "modify", "text": text},
                headers=tokens["member"],
            ).status_code
            == 201
        )
    gone = client.post(
        f"{P}/amendments", json={"version": "1", "eid": "op_1", "kind": "delete"}, headers=tokens["member"]
    )
    assert gone.status_code == 201
    first = queue(client, tokens["translator"], "en")
    assert [i["label"] for i in first.json()] == ["A1", "A2", "A3"]  # not the deletion
    part = client.get(f"{P}/translations/en/amendments", params={"limit": 2}, headers=tokens["translator"])
    assert len(part.json()) == 2 and 'rel="next"' in part.headers["link"]
    nothing = client.put(
        f"{P}/amendments/A4/renderings/en",
        json={"text": "Deleted.", "state": "rendered", "base_revision": "x"},
        headers=tokens["committee"],
    )
    assert nothing.status_code == 422
    assert queue(client, tokens["observer"], "en").status_code == 403
    assert client.get(f"{P}/translations/de/amendments", headers=tokens["committee"]).status_code in (400, 404, 422)


@pytest.mark.needs("apertium")
def test_a_translator_gets_a_machine_draft_of_the_amendment_s_words(client, tokens, zero):  # noqa: F811
    translated(client, tokens)
    made = client.post(
        f"{P}/amendments",
        json={"version": "1", "eid": "op_2", "kind": "modify", "text": FR_AMENDED, "lang": "fr"},
        headers=tokens["member"],
    ).json()
    got = client.get(f"{P}/amendments/{made['label']}/renderings/en/machine", headers=tokens["translator"])
    assert got.status_code == 200, got.text
    draft = got.json()
    assert draft["machine"] is True and draft["engine"] == "Apertium" and "governments" in draft["text"]
    assert client.get(f"{P}/amendments/{made['label']}", headers=tokens["member"]).json()["renderings"].keys() == {"fr"}
    assert (
        client.get(f"{P}/amendments/{made['label']}/renderings/es/machine", headers=tokens["translator"]).status_code
        == 403
    )
    page = client.get(
        "/p/kutahya/translations/en/amendments", params={"machine": made["number"]}, headers=tokens["translator"]
    )
    assert page.status_code == 200 and "Apertium" in page.text


def test_a_proposer_rewording_in_french_sends_every_rendering_back_to_the_queue(client, tokens, zero):  # noqa: F811
    translated(client, tokens)
    member, committee = tokens["member"], tokens["committee"]
    label = client.post(
        f"{P}/amendments",
        json={"version": "1", "eid": "op_2", "kind": "modify", "text": FR_AMENDED, "lang": "fr"},
        headers=member,
    ).json()["label"]
    [source] = queue(client, committee, "es").json()
    put = client.put(
        f"{P}/amendments/{label}/renderings/es",
        json={"text": ES_RENDERED, "state": "approved", "base_revision": source["revision"]},
        headers=committee,
    )
    assert put.status_code == 200, put.text
    again = FR_AMENDED.replace("fermement", "résolument")
    edited = client.put(f"{P}/amendments/{label}", json={"text": again}, headers=member)
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["renderings"]["fr"]["text"] == again and body["renderings"]["es"]["state"] == "rendered"
    assert body["text"] == body["base_text"]  # in Spanish, nothing until rendered again
    [back] = queue(client, committee, "es").json()
    assert back["label"] == label and back["text"] == ES_RENDERED and "résolument" in back["origin_text"]
    refused = client.post(
        f"{P}/amendments/{label}/decision", json={"decision": "accepted", "reason": "Sí."}, headers=committee
    )
    assert refused.status_code == 409


def test_the_memory_beside_a_rendering(client, tokens, zero):  # noqa: F811 - the fixtures
    """The translation memory for an amendment in English: approved translations of source texts like the
    amendment's Spanish wording; nothing for one proposed in French until it is rendered into Spanish; only for those
    who render into English."""
    translated(client, tokens)
    committee, member, translator = tokens["committee"], tokens["member"], tokens["translator"]
    approved = client.post(f"{P}/translations/en/op_2/approve", headers=committee)
    assert approved.status_code == 201, approved.text
    spanish = client.post(
        f"{P}/amendments",
        json={
            "version": "1",
            "eid": "op_1",
            "kind": "modify",
            "text": "Pedimos a los gobiernos nacionales apoyar la financiación local y regional.",
        },
        headers=member,
    ).json()["label"]
    found = client.get(f"{P}/amendments/{spanish}/renderings/en/memory", headers=translator)
    assert found.status_code == 200, found.text
    assert [s["text"] for s in found.json()] == [EN] and found.json()[0]["similarity"] > 0.7
    assert found.json()[0]["previous"] is False
    assert client.get(f"{P}/amendments/{spanish}/renderings/en/memory", headers=member).status_code == 403
    french = client.post(
        f"{P}/amendments",
        json={"version": "1", "eid": "op_2", "kind": "modify", "text": FR_AMENDED, "lang": "fr"},
        headers=member,
    ).json()["label"]
    assert client.get(f"{P}/amendments/{french}/renderings/en/memory", headers=translator).json() == []
    [source] = [i for i in queue(client, committee, "es").json() if i["label"] == french]
    client.put(
        f"{P}/amendments/{french}/renderings/es",
        json={"text": ES_RENDERED, "state": "rendered", "base_revision": source["revision"]},
        headers=committee,
    ).raise_for_status()
    # Rendered into Spanish: its paragraph's own English translation, made from the text before, is marked as such.
    [previous] = client.get(f"{P}/amendments/{french}/renderings/en/memory", headers=translator).json()
    assert previous["text"] == EN and previous["previous"] is True
