"""An archived process (issue 36), through the API on both backends: read-only for all, whoever asks and whatever
they write (every write use case asks for its process first: services.access.process_for); reads still answer;
taken out of the archive by its committee, it takes writes again."""

from __future__ import annotations

from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures


def test_an_archived_process_is_read_only_for_all_and_comes_back(client, tokens, zero):  # noqa: F811
    committee, member, translator = tokens["committee"], tokens["member"], tokens["translator"]
    assert client.post(f"{P}/archive", headers=member).status_code == 403
    archived = client.post(f"{P}/archive", headers=committee)
    assert archived.status_code == 200, archived.text
    body = archived.json()
    assert body["archived_at"] and set(body["can"]) <= {"read", "read_draft", "export"}, body
    assert client.post(f"{P}/archive", headers=committee).status_code == 409  # archived already

    writes = [
        ("post", f"{P}/threads", {"version": "1", "eid": "op_1", "body": "¿Y esto?"}, member),
        ("post", f"{P}/amendments", {"version": "1", "eid": "op_2", "kind": "modify", "text": "Otra."}, member),
        ("post", f"{P}/draft/paragraphs", {"kind": "operative", "text": "Nuevo."}, committee),
        ("put", f"{P}/glossary", {"revision": "x", "terms": []}, committee),
    ]
    for method, path, body_, who in writes:
        answer = getattr(client, method)(path, json=body_, headers=who)
        assert answer.status_code == 409 and "archived" in answer.json()["error"], (path, answer.text)
    for path, who in ((P, member), (f"{P}/versions/1", translator), (f"{P}/draft", committee)):
        assert client.get(path, headers=who).status_code == 200, path
    assert client.get(f"{P}/activity", headers=committee).json()[0]["verb"] == "process.archived"

    back = client.delete(f"{P}/archive", headers=committee)
    assert back.status_code == 200 and back.json()["archived_at"] is None and "comment" in back.json()["can"]
    assert client.delete(f"{P}/archive", headers=committee).status_code == 409
    made = client.post(f"{P}/threads", json={"version": "1", "eid": "op_1", "body": "¿Y esto?"}, headers=member)
    assert made.status_code == 201, made.text


def test_outsiders_learn_nothing_of_an_archived_process(client, tokens, zero):  # noqa: F811
    client.post(f"{P}/archive", headers=tokens["committee"]).raise_for_status()
    assert client.post("/api/processes/nowhere/archive", headers=tokens["committee"]).status_code == 404
    assert client.post(f"{P}/archive", headers={}).status_code in (401, 403)


def test_the_committee_archives_from_the_overview_and_every_page_says_so(client, web_people, zero):  # noqa: F811
    from tests.web.conftest import form_post, sign_in
    from tests.web.pages.test_pages_support import html

    sign_in(client, web_people.member.email)
    assert not html(client.get("/p/kutahya")).select("#archive-form")  # the committee's
    sign_in(client, web_people.committee.email)
    form = html(client.get("/p/kutahya")).select_one("#archive-form")
    assert form["data-confirm"] and form.select_one("input[name=archived]")["value"] == "1"
    done = form_post(client, "/p/kutahya/archive", {"archived": "1"})
    assert done.status_code == 303, done.text
    page = html(client.get("/p/kutahya/threads", headers={"Accept-Language": "fr"}))
    assert "peut être lu, pas modifié" in page.select_one("p.archived").get_text()
    assert not page.select("form[method=post][action$='/threads']")  # no thread to open
    assert html(client.get("/p/kutahya")).select_one("#archive-form input[name=archived]")["value"] == "0"
    assert form_post(client, "/p/kutahya/archive", {"archived": "0"}).status_code == 303
    assert not html(client.get("/p/kutahya")).select("p.archived")
