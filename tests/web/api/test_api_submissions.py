"""Submission windows, proposals, the compilation "in full as submitted" and the provenance table through the JSON API
(issue 33), with the names of the interface."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.web.api.test_api_amendments import ZERO, P, tokens, zero  # noqa: F401 - fixtures


def moment(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat(timespec="minutes")


@pytest.fixture
def room(client, tokens, zero):  # noqa: F811 - the fixtures above
    for code, names in (("ARG", {"es": "Argentina"}), ("EU", {"es": "Unión Europea"})):
        made = client.post(f"{P}/delegations", json={"code": code, "names": names}, headers=tokens["committee"])
        assert made.status_code == 201, made.text
    client.put(f"{P}/members/member@example.org", json={"delegation": "ARG"}, headers=tokens["committee"])
    return tokens


def test_a_window_proposals_a_compilation_and_where_each_proposal_went(client, room):
    closed = client.post(
        f"{P}/submissions/windows", json={"opens": moment(-48), "closes": moment(-24)}, headers=room["committee"]
    )
    assert closed.status_code == 201 and closed.json()["open"] is False
    late = client.post(f"{P}/submissions", json={"kind": "delete", "eid": "op_2"}, headers=room["member"])
    assert late.status_code == 409 and late.json()["detail"]["closes"], late.text  # with the window's dates
    assert not re.search(r"\d{4}-\d\d-\d\d", late.json()["error"]), late.text  # said as people read dates
    assert (
        client.post(
            f"{P}/submissions/windows", json={"opens": moment(-1), "closes": moment(-2)}, headers=room["committee"]
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"{P}/submissions/windows", json={"opens": moment(-1), "closes": moment(1)}, headers=room["member"]
        ).status_code
        == 403
    )
    window = client.post(
        f"{P}/submissions/windows",
        json={"opens": moment(-1), "closes": moment(24), "eids": ["op_1", "op_2"]},
        headers=room["committee"],
    )
    assert window.status_code == 201 and window.json()["open"] is True and window.json()["number"] == 2
    mine = client.post(
        f"{P}/submissions",
        json={
            "kind": "modify",
            "eid": "op_2",
            "text": "Pedimos a los gobiernos nacionales [apoyar][financiar] lo local.",
        },
        headers=room["member"],
    )
    assert mine.status_code == 201, mine.text
    assert mine.json()["delegation"] == {"code": "ARG", "name": "Argentina"}
    # New wording that is the paragraph as it reads asks nothing; a place the kind does not read is not ignored.
    as_it_reads = client.get(f"{P}/versions/1", headers=room["member"]).json()
    op_1 = next(p["text"] for p in as_it_reads["paragraphs"] if p["eid"] == "op_1")
    for body, field, words in [
        ({"kind": "modify", "eid": "op_1", "text": f"  {op_1} "}, "text", "This proposal changes nothing"),
        ({"kind": "modify", "eid": "op_1", "after": "op_2", "text": "Otra."}, "after", "“modify” has no “after”"),
        ({"kind": "insert", "eid": "op_1", "after": "op_1", "text": "Otra."}, "eid", "“insert” has no “eid”"),
    ]:
        refused = client.post(f"{P}/submissions", json=body, headers=room["member"])
        assert refused.status_code == 422 and refused.json()["detail"]["field"] == field, refused.text
        assert words in refused.json()["error"]
    theirs = client.post(
        f"{P}/submissions",
        json={"kind": "insert", "after": "op_1", "text": "Promoveremos la cooperación.", "delegation": "EU"},
        headers=room["committee"],
    )
    assert theirs.status_code == 201, theirs.text
    gone = client.post(
        f"{P}/submissions", json={"kind": "delete", "eid": "op_2", "delegation": "eu"}, headers=room["committee"]
    )
    assert gone.status_code == 201, gone.text
    outside = client.post(f"{P}/submissions", json={"kind": "delete", "eid": "pre_1"}, headers=room["member"])
    assert outside.status_code == 422 and "PP\u00a01" in outside.json()["error"], outside.text  # not opened
    assert (
        client.post(f"{P}/submissions", json={"kind": "delete", "eid": "op_9"}, headers=room["member"]).status_code
        == 404
    )
    not_theirs = client.post(
        f"{P}/submissions", json={"kind": "delete", "eid": "op_2", "delegation": "EU"}, headers=room["member"]
    )
    assert not_theirs.status_code == 403

    compiled = client.post(f"{P}/compilations", json={"circulate": "Compilación"}, headers=room["committee"])
    assert compiled.status_code == 201, compiled.text
    body = compiled.json()
    assert body["version"] == "Compilación" and [p["delegation"] for p in body["paragraphs"]] == ["EU", "ARG", "EU"]
    texts = [p["text"] for p in body["paragraphs"]]
    assert texts[0] == "Promoveremos la cooperación. (EU)" and texts[1].endswith("lo local. (ARG)")
    assert texts[2] == "Suprimir (EU)"  # the text's own word, in its language
    version = client.get(f"{P}/versions/2", headers=room["member"]).json()
    order = [p["eid"] for p in version["paragraphs"]]
    assert order.index("op_1") < order.index(body["paragraphs"][0]["eid"]) < order.index("op_2")
    assert order.index("op_2") < order.index(body["paragraphs"][1]["eid"]) < order.index(body["paragraphs"][2]["eid"])
    listed = client.get(f"{P}/submissions", params={"delegation": "ARG"}, headers=room["observer"]).json()
    assert [(s["number"], s["compiled_eid"]) for s in listed] == [(1, body["paragraphs"][1]["eid"])]
    assert listed[0]["went"] == {
        "approach": "kept",
        "version": "Compilación",
        "eids": [body["paragraphs"][1]["eid"]],
        "refs": [listed[0]["went"]["refs"][0]],
    }
    part = client.get(f"{P}/submissions", params={"limit": 2}, headers=room["observer"])
    assert [s["number"] for s in part.json()] == [1, 2] and 'rel="next"' in part.headers["link"]
    rest = client.get(f"{P}/submissions", params={"limit": 2, "offset": 2}, headers=room["observer"])
    assert [s["number"] for s in rest.json()] == [3] and "link" not in rest.headers
    again = client.post(f"{P}/compilations", json={}, headers=room["committee"])
    assert again.status_code == 201 and again.json()["paragraphs"] == []  # each proposal compiled once

    # The facilitator streamlines: ARG's wording merged into op_2, the deletion and EU's paragraph dropped.
    draft = client.get(f"{P}/draft", headers=room["committee"]).json()
    revisions = {p["eid"]: p["revision"] for p in draft["paragraphs"]}
    edited = client.put(
        f"{P}/draft/paragraphs/op_2",
        json={
            "text": "Pedimos a los gobiernos nacionales [apoyar][financiar] la financiación local.",
            "base_revision": revisions["op_2"],
        },
        headers=room["committee"],
    )
    assert edited.status_code == 200, edited.text
    for compiled_paragraph in body["paragraphs"]:
        eid = compiled_paragraph["eid"]
        draft = client.get(f"{P}/draft", headers=room["committee"]).json()
        revision = next(p["revision"] for p in draft["paragraphs"] if p["eid"] == eid)
        assert (
            client.delete(
                f"{P}/draft/paragraphs/{eid}", params={"base_revision": revision}, headers=room["committee"]
            ).status_code
            == 204
        )
    assert client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=room["committee"]).status_code == 201
    table = client.get(f"{P}/versions/3/provenance", headers=room["member"]).json()
    assert table["previous"] == "Compilación"
    rows = {r["eid"]: r for r in table["rows"] if r["eid"]}
    assert rows["op_2"]["approach"] == "merged" and "ARG" in rows["op_2"]["delegations"]
    assert rows["op_1"]["approach"] == "kept"
    dropped = [r for r in table["rows"] if r["approach"] == "dropped"]
    assert {s["eid"] for r in dropped for s in r["sources"]} >= {body["paragraphs"][0]["eid"]}
    # Where each delegation's proposals went, over the versions: ARG's wording merged into op_2, EU's dropped.
    went = {s["number"]: s["went"] for s in client.get(f"{P}/submissions", headers=room["member"]).json()}
    assert went[1]["approach"] == "merged" and went[1]["eids"] == ["op_2"] and went[1]["version"] == "Rev.1"
    assert went[2]["approach"] == went[3]["approach"] == "dropped" and went[2]["eids"] == []
    spreadsheet = client.get(f"{P}/versions/3/provenance.csv", headers=room["member"])
    assert spreadsheet.status_code == 200
    cells = list(csv.reader(io.StringIO(spreadsheet.text.removeprefix("\ufeff"))))
    assert (
        cells[0] == ["eId", "Paragraph", "Sources", "Delegations", "Approach"] and len(cells) == len(table["rows"]) + 1
    )


def test_a_delegation_s_text_as_markdown_becomes_its_proposals_and_other_files_are_named(client, room):
    client.post(f"{P}/submissions/windows", json={"opens": moment(-1), "closes": moment(24)}, headers=room["committee"])
    version = client.get(f"{P}/versions/1", headers=room["member"]).json()
    lines = [
        f"{p['text']} {{#{p['eid']}}}" if p["kind"] != "heading" else f"# {p['text']} {{#{p['eid']}}}"
        for p in version["paragraphs"]
        if p["eid"] != "op_2"
    ]
    lines[2] = lines[2].replace("gobernanza", "gobernanza [local][territorial]")
    lines.append("Una propuesta nueva al final.")
    text = "\n\n".join(line if not line.startswith("Nos comprometemos") else "1. " + line for line in lines) + "\n"
    filed = client.post(
        f"{P}/submissions/import",
        content=text.encode("utf-8"),
        params={"filename": "argentina.md"},
        headers={**room["member"], "Content-Type": "text/markdown"},
    )
    assert filed.status_code == 201, filed.text
    kinds = sorted((s["kind"], s["eid"] or s["after"]) for s in filed.json())
    assert kinds == [("delete", "op_2"), ("insert", "op_1"), ("modify", "op_1")], kinds
    assert all(s["delegation"]["code"] == "ARG" for s in filed.json())
    pdf = client.post(
        f"{P}/submissions/import",
        content=b"%PDF-1.7 whatever",
        params={"filename": "propuesta.pdf"},
        headers={**room["member"], "Content-Type": "application/pdf"},
    )
    assert pdf.status_code == 415 and "a PDF file" in pdf.json()["error"], pdf.text
    # A content type no proposals come in is refused, not read as Markdown, in the reader's language.
    xml = client.post(
        f"{P}/submissions/import",
        content=text.encode("utf-8"),
        params={"filename": "argentina.xml"},
        headers={**room["member"], "Content-Type": "application/xml", "Accept-Language": "fr"},
    )
    assert xml.status_code == 415 and xml.json()["detail"] == {"content_type": "application/xml"}, xml.text
    assert xml.json()["error"].startswith("argentina.xml est envoyé comme «\u00a0application/xml\u00a0»"), xml.text
    assert len(client.get(f"{P}/submissions", headers=room["member"]).json()) == 3
    same = client.post(
        f"{P}/submissions/import",
        content=ZERO.encode("utf-8"),
        params={"filename": "nada.md"},
        headers={**room["member"], "Content-Type": "text/markdown"},
    )
    assert same.status_code == 422 and "asks nothing" in same.json()["error"], same.text
