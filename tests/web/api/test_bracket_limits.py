"""Brackets past what a reader can follow (issue 65, finding 1): refused where a text is written, with a 422 naming the
paragraph as printed and the limit; a text stored before the limits never breaks a reader (it reads as one unread
bracket); a version's brackets are read once per revision and kept; a GET is never told that its body (it has none)
is nested too deeply (finding 8)."""

from __future__ import annotations

from sqlalchemy import event, text

from tests.integration.support import dump
from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_bulk_steps import save
from workspace.domain.brackets.brackets import MAX_DEPTH, MAX_MARKS
from workspace.domain.declaration.document import revision_id
from workspace.services import brackets as bracket_views
from workspace.services.brackets import readings

DEEP = "[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1)
MANY = "[a] " * (MAX_MARKS + 1)


def test_past_the_limits_a_write_is_refused_with_a_422_naming_the_paragraph(client, tokens, zero, web_store):  # noqa: F811
    before = dump(web_store)
    op_1 = next(
        p for p in client.get(f"{P}/draft", headers=tokens["committee"]).json()["paragraphs"] if p["eid"] == "op_1"
    )
    edited = client.put(
        f"{P}/draft/paragraphs/op_1",
        json={"text": f"Nos comprometemos {DEEP}.", "base_revision": op_1["revision"]},
        headers=tokens["committee"],
    )
    assert edited.status_code == 422, edited.text
    assert edited.json()["error"].replace("\u00a0", " ") == (
        f"OP 1 nests brackets more than {MAX_DEPTH} levels deep: a paragraph may nest them {MAX_DEPTH} levels deep "
        "at most."
    )
    added = client.post(
        f"{P}/draft/paragraphs",
        json={"kind": "operative", "text": MANY.strip(), "after": "op_2"},
        headers=tokens["committee"],
    )
    assert added.status_code == 422 and added.json()["error"].replace("\u00a0", " ").startswith(
        f"OP 2 bis holds more than {MAX_MARKS} brackets"  # the paragraph it would have been
    )
    source = client.get(f"{P}/translations/en", params={"version": "1"}, headers=tokens["translator"]).json()
    revision = next(t["source_revision"] for t in source if t["eid"] == "op_2")
    saved = client.put(
        f"{P}/translations/en/op_2",
        params={"version": "1"},
        json={"text": f"We ask {DEEP}.", "source_revision": revision, "state": "translated"},
        headers={**tokens["translator"], "Accept-Language": "fr"},
    )
    assert saved.status_code == 422 and f"plus de {MAX_DEPTH} niveaux" in saved.json()["error"]
    imported = client.post(
        f"{P}/translations/en/import",
        params={"version": "1", "filename": "en.md"},
        content=f"2. We ask {MANY.strip()} {{#op_2}}\n".encode(),
        headers={**tokens["translator"], "Content-Type": "text/markdown"},
    )
    assert imported.status_code == 422 and imported.json()["error"].replace("\u00a0", " ").startswith(
        f"en.md:1: OP 2 holds more than {MAX_MARKS} brackets"
    )
    assert dump(web_store) == before  # nothing written by any of them


def test_a_text_stored_before_the_limits_never_breaks_a_reader(client, tokens, zero, web_store):  # noqa: F811
    save(client, tokens, "op_1", "We commit to strengthening multilevel governance.")
    deep, many = "[" * 1200 + "x" + "]" * 1200, "[a] " * 4999
    with web_store.engine.begin() as conn:  # as texts stored before the limits (their brackets never kept)
        for words in (deep, many):
            conn.execute(
                text("insert into paragraph_revisions (sha, text) values (:s, :t)"),
                {"s": revision_id(words), "t": words},
            )
        conn.execute(text("update translations set text_sha = :s where eid = 'op_1'"), {"s": revision_id(deep)})
        conn.execute(text("update draft_paragraphs set revision_sha = :s where eid = 'op_2'"), {"s": revision_id(many)})
    asked = {"version": "1", "lang": "en"}
    listed = client.get(f"{P}/brackets", params=asked, headers=tokens["member"])
    assert listed.status_code == 200, listed.text
    assert [(b["ref"].replace("\u00a0", " "), b["kind"]) for b in listed.json()] == [("OP 1", "unread")]
    summary = client.get(f"{P}/brackets/summary", params=asked, headers=tokens["member"])
    assert summary.status_code == 200 and summary.json()["totals"]["open"] == 1  # still not agreed
    clean = client.get(f"{P}/versions/1/clean", params={"lang": "en"}, headers=tokens["member"])
    assert clean.status_code == 200 and deep in [p["text"] for p in clean.json()["paragraphs"]]  # left as written
    on_draft = client.get(f"{P}/brackets", params={"version": "draft"}, headers=tokens["committee"]).json()
    assert [b["kind"] for b in on_draft] == ["unread"] and on_draft[0]["text"] == many.strip()
    resolving = client.post(
        f"{P}/brackets/{on_draft[0]['id']}/resolve",
        json={"option": 0, "base_revision": revision_id(many)},
        headers=tokens["committee"],
    )
    assert resolving.status_code == 422 and "edit the paragraph" in resolving.json()["error"]


def test_a_version_s_brackets_are_read_once_per_revision_and_kept(client, tokens, zero, web_store, monkeypatch):  # noqa: F811
    save(client, tokens, "op_1", "We commit [to strengthening][to fostering] multilevel governance.")
    readings._MEMORY.kept.clear()  # a worker that never read it (another one, or this one started again)
    parsed = []
    original = readings.kept
    monkeypatch.setattr(readings, "kept", lambda words: parsed.append(words) or original(words))
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(web_store.engine, "before_cursor_execute", seen)
    try:
        asked = {"version": "1", "lang": "en"}
        first = client.get(f"{P}/brackets/summary", params=asked, headers=tokens["member"])
        assert first.status_code == 200 and first.json()["totals"]["open"] == 1
        assert parsed == []  # kept beside the text when it was saved: taken from the store, not read again
        assert sum("paragraph_revisions.brackets" in s for s in statements) == 1
        statements.clear()
        again = client.get(f"{P}/brackets/summary", params=asked, headers=tokens["observer"])
        assert again.json() == first.json()
        assert not [s for s in statements if "translations" in s or "paragraph_revisions" in s]  # nothing read again
        listed = client.get(f"{P}/brackets", params=asked, headers={**tokens["member"], "Accept-Language": "fr"})
        assert listed.status_code == 200 and [b["options"] for b in listed.json()] == [
            ["to strengthening", "to fostering"]
        ]
        assert parsed == [] and sum("paragraph_revisions.brackets" in s for s in statements) == 0  # the worker's
    finally:
        event.remove(web_store.engine, "before_cursor_execute", seen)


def test_a_get_is_never_told_its_body_is_nested_too_deeply(client, tokens, zero, monkeypatch):  # noqa: F811
    def recursing(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(bracket_views, "bracket_summary", recursing)
    answer = client.get(f"{P}/brackets/summary", params={"version": "1"}, headers=tokens["member"])
    assert answer.status_code == 500 and "body" not in answer.text  # Accord's own error, logged: not the reader's
