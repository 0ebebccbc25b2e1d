"""The doors that take a file with YAML front matter (issue 30, findings 5 and 12): a version import
(committee), a translation's Markdown import (translators), a concept note (whoever records sessions).
An impossible date in any key, a deep nesting, a tag, an alias bomb: the file is read (a date where text
is expected is that text; a version's date that is no day is set aside with a notice, as any date Accord
cannot read), or refused 422 with the file, the line and the key — never a 500, never "the request body".
Through the real app, both backends; nothing written by a refusal."""

from __future__ import annotations

import logging

import pytest

from tests.integration.support import dump
from tests.web.conftest import token_headers

P = "/api/processes/kutahya"
ZERO = """# Preámbulo {#hdg_1}

Reconociendo que las ciudades intermedias son polos de intermediación. {#pre_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local. {#op_2}
"""
EDITION = "# Preamble {#hdg_1}\n\nRecognising that intermediary cities are hubs. {#pre_1}\n\n1. We commit. {#op_1}\n"
NOTE = (
    'title: "Nota"\nstarts_at: "2021-10-07T10:00:00+03:00"\nends_at: "2021-10-07T11:00:00+03:00"\n'
    'capacity: 30\ntheme: "Clima"\n'
)
DATES = ["2021-13-45", "2021-02-30"]
# Refused wherever they stand, with the line and the key they stand under.
REFUSED = {
    "deep": ("[" * 3000, "nests lists and mappings more than 16 levels deep"),
    "deep-mapping": ("{a: " * 400 + "1" + "}" * 400, "nests lists and mappings more than 16 levels deep"),
    "tag": ("!!python/object/apply:os.system [ls]", "has the tag “!!python/object/apply:os.system”"),
    "binary": ("!!binary AAAA", "has the tag “!!binary”"),
    "bomb": (
        "[&a [x, x, x, x, x, x, x, x, x, x], "
        + ", ".join(f"&b{n} [" + ", ".join([f"*{'a' if n == 0 else f'b{n - 1}'}"] * 10) + "]" for n in range(7))
        + "]",
        "repeat more than 100000 characters",
    ),
    "digits": ("9" * 5000, "cannot be read"),
}


@pytest.fixture
def server_errors(caplog):
    caplog.set_level(logging.ERROR, logger="accord")
    return caplog


@pytest.fixture
def committee(client, web_people):
    headers = token_headers(client, web_people.committee.email)
    answer = client.post(
        f"{P}/versions/import", json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return headers


def refused_at(answer, file: str, line: int, says: str) -> None:
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"].startswith(f"{file}:{line}: ") and says in body["error"], body
    assert (body["detail"]["file"], body["detail"]["line"]) == (file, line), body
    assert "request body" not in body["error"]


def front(key: str, value: str, other: str = "") -> str:
    return f"---\n{other}{key}: {value}\n---\n"


def test_a_version_file_reads_a_date_in_any_key_or_refuses_it_at_its_line(client, web_store, committee, server_errors):
    def preview(text: str):
        return client.post(
            f"{P}/versions/import", json={"filename": "rev1.md", "text": text, "preview": True}, headers=committee
        )

    for value in DATES:
        for key in ("label", "note", "title", "number", "layout", "tags"):
            answer = preview(front(key, value, "label: Rev.1\n" if key != "label" else "") + ZERO)
            assert answer.status_code == 201, (key, value, answer.text)
        answer = preview(front("date", value, "label: Rev.1\n") + ZERO)
        assert answer.status_code == 201, answer.text
        notice = next(n for n in answer.json()["notices"] if n["line"] == 3)
        assert value in notice["message"] and "dated today" in notice["message"], notice
        assert preview(front("labels", f"{{en: {value}}}", "label: Rev.1\n") + ZERO).status_code == 201
    assert preview(front("note", "2021-13-45", "label: Rev.1\n") + ZERO).json()["label"] == "Rev.1"
    assert preview(front("label", "2021-13-45") + ZERO).json()["label"] == "2021-13-45"  # a date is the text it reads
    before = dump(web_store)
    for value, says in REFUSED.values():
        for key in ("note", "layout"):  # Accord's key, and a foreign one that would be set aside
            refused_at(preview(front(key, value, "label: Rev.1\n") + ZERO), "rev1.md", 3, says)
            refused_at(
                client.post(
                    f"{P}/versions/import",
                    json={"filename": "rev1.md", "text": front(key, value, "label: Rev.1\n") + ZERO},
                    headers=committee,
                ),
                "rev1.md",
                3,
                says,
            )
    assert dump(web_store) == before
    assert not server_errors.records


def test_a_concept_note_with_an_impossible_date_is_refused_at_its_line(client, web_store, committee, server_errors):
    def note(text: str):
        return client.post(f"{P}/sessions/import", json={"filename": "nota.md", "text": text}, headers=committee)

    before = dump(web_store)
    for value in DATES:
        for key, line in (("starts_at", 3), ("ends_at", 4), ("capacity", 5)):
            text = (
                "---\n"
                + "\n".join(f"{key}: {value}" if row.startswith(f"{key}:") else row for row in NOTE.split("\n"))
                + "---\nTexto\n"
            )
            answer = note(text)
            assert answer.status_code == 422, answer.text
            assert answer.json()["error"].startswith(f"nota.md:{line}: ") and key in answer.json()["error"], answer.text
    for value, says in REFUSED.values():
        refused_at(note(f"---\n{NOTE}organisers: {value}\n---\nTexto\n"), "nota.md", 7, says)
    assert dump(web_store) == before
    dated = NOTE.replace('theme: "Clima"', "theme: 2021-02-30")
    answer = note(f"---\n{dated}---\nTexto\n")
    assert answer.status_code == 201 and answer.json()["theme"] == "2021-02-30", (
        answer.text
    )  # text where text is expected
    assert not server_errors.records


def test_a_translations_markdown_reads_a_date_in_its_front_matter_or_refuses_it_at_its_line(
    client, web_store, committee, server_errors
):
    def edition(text: str):
        return client.post(
            f"{P}/translations/en/import?version=1&filename=en.md",
            content=text.encode(),
            headers={**committee, "content-type": "text/markdown"},
        )

    for value in DATES:
        answer = edition(f'---\nlabel: "Zero draft"\ndate: {value}\nnote: {value}\n---\n{EDITION}')
        assert answer.status_code == 201, answer.text
    before = dump(web_store)
    for value, says in REFUSED.values():
        refused_at(edition(f'---\nlabel: "Zero draft"\nmade_from: {value}\n---\n{EDITION}'), "en.md", 3, says)
    assert dump(web_store) == before
    assert not server_errors.records
