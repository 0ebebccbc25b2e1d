"""A person's data (issue 36): everything Accord holds about them, downloaded as one JSON document, through the API
on both backends: their account, memberships, comments, amendments; never a secret, never someone else's record or
address."""

from __future__ import annotations

import json

from tests.web.api.test_api_amendments import P, amend, tokens, zero  # noqa: F401 - fixtures


def test_a_person_downloads_everything_accord_holds_about_them(client, tokens, zero, web_people):  # noqa: F811
    member, committee = tokens["member"], tokens["committee"]
    opened = client.post(
        f"{P}/threads", json={"version": "1", "eid": "op_1", "body": "Una pregunta mía."}, headers=member
    )
    assert opened.status_code == 201, opened.text
    client.post(
        f"{P}/threads", json={"version": "1", "eid": "op_2", "body": "Una nota del comité."}, headers=committee
    ).raise_for_status()
    proposed = amend(client, member)
    assert proposed.status_code == 201, proposed.text

    answer = client.get("/api/me/data", headers=member)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].startswith('attachment; filename="accord-data-')
    data = answer.json()
    text = json.dumps(data, ensure_ascii=False)
    assert data["format"] == "accord-personal-data/1" and data["account"]["email"] == web_people.member.email
    records = data["records"]
    assert [m["process"] for m in records["memberships"]] == ["kutahya"]
    assert "Una pregunta mía." in text and "Una nota del comité." not in text  # theirs, not others'
    [amendment] = records["amendments"]
    assert data["texts"][amendment["text_sha"]] == proposed.json()["text"]
    assert "password_hash" not in text and "token_hash" not in text
    assert web_people.committee.email not in text  # nobody else's address
    assert client.get("/api/me/data").status_code == 401
