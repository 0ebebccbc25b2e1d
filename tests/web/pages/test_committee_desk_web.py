"""The committee's desk through the API and the pages: an amendment filed on the working draft, its
activity and a paragraph only in the draft answer 404 (or are absent) for members, observers and
translators; a forged `Last-Event-ID` is a 400 with its reason, not a 500. On both backends."""

from __future__ import annotations

import pytest

from tests.web.api.test_api_amendments import ZERO, amend
from tests.web.conftest import sign_in, token_headers

P = "/api/processes/kutahya"
PAGES = "/p/kutahya"
OTHERS = ("member", "observer", "translator")


@pytest.fixture
def tokens(client, web_people):
    return {role: token_headers(client, getattr(web_people, role).email) for role in ("committee", *OTHERS)}


@pytest.fixture
def desk(client, tokens):
    """A version, then the committee's amendment D1 on the draft and a paragraph only in the draft."""
    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"},
        headers=tokens["committee"],
    )
    assert answer.status_code == 201, answer.text
    filed = amend(client, tokens["committee"], version="draft", rationale="Solo para el comité.")
    assert filed.status_code == 201, filed.text
    added = client.post(
        f"{P}/draft/paragraphs",
        json={"kind": "operative", "text": "Un párrafo nuevo.", "after": "op_2"},
        headers=tokens["committee"],
    )
    assert added.status_code == 201, added.text
    return added.json()["eid"]


def test_the_drafts_amendments_activity_and_paragraphs_are_404_or_absent_for_others(client, tokens, desk):
    assert client.get(f"{P}/amendments/D1", headers=tokens["committee"]).json()["rationale"] == "Solo para el comité."
    assert client.get(f"{P}/amendments/1", headers=tokens["committee"]).status_code == 404  # A1: nobody filed one yet
    assert client.get(f"{P}/paragraphs/{desk}/history", headers=tokens["committee"]).status_code == 200
    for role in OTHERS:
        headers = tokens[role]
        assert client.get(f"{P}/amendments/D1", headers=headers).status_code == 404
        assert client.get(f"{P}/amendments", headers=headers).json() == []
        assert client.get(f"{P}/amendments?version=draft", headers=headers).status_code == 404
        assert client.get(f"{P}/paragraphs/{desk}/history", headers=headers).status_code == 404
        activity = client.get(f"{P}/activity", headers=headers).json()
        assert "version.imported" in [e["verb"] for e in activity]
        assert not [e for e in activity if e["verb"].startswith(("amendment.", "paragraph."))], role
        assert "Solo para el comité" not in client.get(f"{P}/activity", headers=headers).text


@pytest.mark.parametrize("role", OTHERS)
def test_the_drafts_amendment_pages_are_404_for_others(client, web_people, desk, role):
    sign_in(client, getattr(web_people, role).email)
    assert client.get(f"{PAGES}/amendments/D1").status_code == 404
    listed = client.get(f"{PAGES}/amendments")
    assert (
        listed.status_code == 200 and "Solo para el comité" not in listed.text and '/amendments/D1"' not in listed.text
    )


@pytest.mark.parametrize("value", ["9" * 5000, "abc", "-1", "1.5", "²".encode(), "2147483648", "1 2"])
def test_a_forged_last_event_id_is_a_400_with_its_reason(client, tokens, value):
    answer = client.get(f"{P}/events", headers={**tokens["member"], "Last-Event-ID": value})
    assert answer.status_code == 400, answer.text
    assert "Last-Event-ID" in answer.text


def test_a_forged_after_is_a_400_too(client, tokens):
    for value in ("9" * 5000, "2147483648", "-1"):
        assert client.get(f"{P}/events?after={value}", headers=tokens["member"]).status_code == 400, value


def test_an_outsider_still_gets_404_whatever_the_header(client, web_people):
    headers = token_headers(client, web_people.outsider.email)
    assert client.get(f"{P}/events", headers={**headers, "Last-Event-ID": "9" * 5000}).status_code == 404
