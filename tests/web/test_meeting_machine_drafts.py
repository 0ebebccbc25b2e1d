"""Words typed in the room get their machine drafts in the process's other languages (issue 66): made by the outbox
with Apertium (never inside the typist's request), told to the room as a `meeting.text` event, and shown in the room
labelled as machine output; words typed since show no draft of the words they replaced."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_meetings import M, plenary  # noqa: F401 - fixture
from tests.web.api.test_api_negotiation import room  # noqa: F401 - fixture
from workspace.services import outbox
from workspace.services.notifications.outward import Outward
from workspace.services.translations.machine import engine_from

pytestmark = pytest.mark.needs("apertium")


def followed(client, app, headers, last: int) -> list[dict]:
    """The meeting's events after `last`, as a browser resuming with Last-Event-ID gets them (a stream of a second)."""
    settings = app.state.settings
    app.state.settings = replace(settings, stream_seconds=1)
    try:
        answer = client.get(f"{M}/1/events", headers={**headers, "Last-Event-ID": str(last)})
    finally:
        app.state.settings = settings
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/event-stream")
    events = []
    for block in answer.text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "id" in fields:
            sent = json.loads(fields["data"])
            assert (sent["id"], sent["type"]) == (int(fields["id"]), fields["event"])
            events.append(sent)
    return events


def relay(app, web_store) -> None:
    settings = app.state.settings
    engine = engine_from(settings)
    assert engine is not None and engine.name == "Apertium"
    outbox.relay(web_store, Outward(settings.public_url, settings.secret_key), engine=engine)


def test_a_typed_edit_gets_machine_drafts_in_english_and_french_labelled_so(app, client, plenary, web_store):  # noqa: F811
    c, m = plenary["committee"], plenary["member"]
    assert client.put(f"{M}/1/pointer", json={"eid": "OP 1"}, headers=c).status_code == 200
    paragraph = next(p for p in client.get(f"{P}/draft", headers=c).json()["paragraphs"] if p["eid"] == "op_1")
    text = paragraph["text"].replace("multinivel", "[multinivel][local]")
    typed = client.put(
        f"{M}/1/text/op_1", json={"text": text, "base_revision": paragraph["revision"], "delegation": "ARG"}, headers=c
    )
    assert typed.status_code == 200, typed.text
    assert {lang: d["state"] for lang, d in typed.json()["machine"].items()} == {"en": "pending", "fr": "pending"}
    seq = client.get(f"{M}/1", headers=c).json()["seq"]
    before = client.get(f"{M}/1/room", headers=m).json()
    shown = next(p for p in before["paragraphs"] if p["eid"] == "op_1")
    assert shown["texts"]["es"] == text and shown["machine"] == {"es": False, "en": False, "fr": False}

    relay(app, web_store)

    [told] = followed(client, app, m, seq)
    assert (told["id"], told["type"], told["data"]["eid"], told["data"]["delegation"]) == (
        seq + 1,
        "meeting.text",
        "op_1",
        "ARG",
    )
    drafts = told["data"]["typed"]["machine"]
    assert drafts["en"]["state"] == "done" and drafts["fr"]["state"] == "done", drafts
    assert drafts["en"]["engine"] == drafts["fr"]["engine"] == "Apertium"
    assert "strengthen" in drafts["en"]["text"] and "Nos " not in drafts["en"]["text"]
    assert "Nous nous engageons" in drafts["fr"]["text"]
    assert told["data"]["typed"]["text"] == text

    after = client.get(f"{M}/1/room", headers=m).json()
    shown = next(p for p in after["paragraphs"] if p["eid"] == "op_1")
    assert shown["machine"] == {"es": False, "en": True, "fr": True}  # labelled machine output
    assert (shown["texts"]["en"], shown["texts"]["fr"]) == (drafts["en"]["text"], drafts["fr"]["text"])
    assert shown["texts"]["es"] == text and shown["brackets"][0]["delegation"] == "ARG"
    # Nothing saved as a translation: the edition of the draft still has none for the new words.
    rows = client.get(f"{P}/translations/en", params={"version": "draft"}, headers=c).json()
    assert next(r for r in rows if r["eid"] == "op_1")["state"] in ("missing", "outdated")

    # Words typed since: the room shows no machine draft of the words they replaced, until the outbox makes theirs.
    again = client.put(
        f"{M}/1/text/op_1",
        json={"text": text.replace("[local]", "[territorial]"), "base_revision": shown["revision"]}
        | {"delegation": "EU"},
        headers=c,
    )
    assert again.status_code == 200, again.text
    shown = next(p for p in client.get(f"{M}/1/room", headers=m).json()["paragraphs"] if p["eid"] == "op_1")
    assert shown["machine"] == {"es": False, "en": False, "fr": False}
    relay(app, web_store)
    shown = next(p for p in client.get(f"{M}/1/room", headers=m).json()["paragraphs"] if p["eid"] == "op_1")
    assert shown["machine"] == {"es": False, "en": True, "fr": True} and "territori" in shown["texts"]["en"]
