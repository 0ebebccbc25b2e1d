"""Brackets through the JSON API (issue 33): listed with the names of the interface, resolved on the working draft
with the compare-and-set of any edit, counted per article, burnt down over the versions, and the clean text."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.web.api.test_api_amendments import P, tokens  # noqa: F401 - fixtures

DRAFT = (Path(__file__).parents[2] / "fixtures" / "negotiation" / "bracketed-draft.md").read_text(encoding="utf-8")


@pytest.fixture
def bracketed(client, tokens):  # noqa: F811 - the fixture above
    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "bracketed.md", "text": DRAFT, "label": "Bracketed text"},
        headers=tokens["committee"],
    )
    assert answer.status_code == 201, answer.text
    return tokens


def test_the_brackets_of_a_version_with_the_fields_of_the_interface(client, bracketed):
    listed = client.get(f"{P}/brackets", params={"version": "1"}, headers=bracketed["member"])
    assert listed.status_code == 200, listed.text
    found = listed.json()
    assert set(found[0]) >= {"id", "eid", "ref", "lang", "start", "end", "text", "options", "parent", "state"}
    assert set(found[0]) >= {"delegation", "chosen"}
    choice = next(b for b in found if b["options"] == ["shall", "should", "other"])
    assert choice["text"] == "[shall][should][other]" and choice["state"] == "open" and choice["kind"] == "choice"
    assert choice["parent"] is None  # "[Each Party …" before it is never closed: unbalanced, not a bracket
    costed = next(b for b in found if b["options"] == ["costed", "financed"])
    outer = next(b for b in found if b["id"] == costed["parent"])
    assert outer["options"] == ["Be [costed][financed] and time-bound;"] and outer["kind"] == "optional"
    assert any(b["kind"] == "placeholder" for b in found)
    assert not any("Resolution 70/1" in b["text"] and b["text"].startswith("[^") for b in found)  # footnotes never
    assert all(b["lang"] == "es" for b in found)
    # Paged like the other lists.
    first = client.get(f"{P}/brackets", params={"version": "1", "limit": 2}, headers=bracketed["member"])
    assert len(first.json()) == 2 and 'rel="next"' in first.headers.get("link", "")
    assert client.get(f"{P}/brackets", params={"state": "shut"}, headers=bracketed["member"]).status_code == 422


def test_the_committee_resolves_a_bracket_on_the_draft_and_a_stale_one_is_409(client, bracketed):
    draft = client.get(f"{P}/brackets", params={"version": "draft"}, headers=bracketed["committee"]).json()
    shall = next(b for b in draft if b["options"] == ["shall", "should"])
    paragraph = client.get(f"{P}/draft", headers=bracketed["committee"]).json()
    revision = next(p["revision"] for p in paragraph["paragraphs"] if p["eid"] == shall["eid"])
    refused = client.post(
        f"{P}/brackets/{shall['id']}/resolve",
        json={"option": 1, "base_revision": revision},
        headers=bracketed["member"],
    )
    assert refused.status_code == 403
    agreed = client.post(
        f"{P}/brackets/{shall['id']}/resolve",
        json={"option": 1, "base_revision": revision},
        headers=bracketed["committee"],
    )
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["state"] == "agreed" and agreed.json()["chosen"] == 1
    listed = client.get(f"{P}/brackets", params={"version": "draft"}, headers=bracketed["committee"]).json()
    said = next(b for b in listed if b["id"] == shall["id"])["updated_by"]
    assert said and agreed.json()["updated_by"] == said  # who did it, in the answer as in the list
    text = next(
        p["text"]
        for p in client.get(f"{P}/draft", headers=bracketed["committee"]).json()["paragraphs"]
        if p["eid"] == shall["eid"]
    )
    assert "should review" in text and "[shall]" not in text
    again = client.post(
        f"{P}/brackets/{shall['id']}/resolve",
        json={"option": 0, "base_revision": revision},
        headers=bracketed["committee"],
    )
    assert again.status_code == 409  # resolved already
    other = next(b for b in draft if b["eid"] == shall["eid"] and b["id"] != shall["id"] and b["parent"] is None)
    stale = client.post(
        f"{P}/brackets/{other['id']}/resolve",
        json={"drop": True, "base_revision": revision},
        headers=bracketed["committee"],
    )
    assert stale.status_code == 409 and "diff" in stale.json().get("detail", {}), stale.text
    assert other["ref"] in stale.json()["error"]  # the paragraph named as printed, not by its eId
    both = client.post(
        f"{P}/brackets/{other['id']}/resolve",
        json={"drop": True, "option": 0, "base_revision": revision},
        headers=bracketed["committee"],
    )
    assert both.status_code == 422
    listed = client.get(f"{P}/brackets", params={"version": "draft", "state": "agreed"}, headers=bracketed["committee"])
    assert [b["id"] for b in listed.json()] == [shall["id"]]
    assert client.get(f"{P}/brackets", params={"version": "draft"}, headers=bracketed["member"]).status_code == 404


def test_the_summary_counts_per_article_and_the_burndown_is_an_svg(client, bracketed):
    summary = client.get(f"{P}/brackets/summary", params={"version": "1"}, headers=bracketed["member"]).json()
    assert summary["totals"]["open"] == sum(a["counts"]["open"] for a in summary["articles"]) > 10
    assert [(u["ref"].replace("\u00a0", " "), u["char"]) for u in summary["unbalanced"]] == [("OP 2, para. 2", "[")]
    assert {a["ref"].replace("\u00a0", " ") for a in summary["articles"]} >= {"OP 2", "OP 3", "OP 4"}
    chart = client.get(f"{P}/brackets/burndown.svg", headers=bracketed["member"])
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    svg = etree.fromstring(chart.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and len(svg.findall("{http://www.w3.org/2000/svg}rect")) == 1
    # Its words in the reader's language, as the page around it: its name and the working draft's bar.
    for language, name, draft in (
        ("fr", "Crochets ouverts par version", "projet de travail"),
        ("es", "Corchetes abiertos por versión", "borrador de trabajo"),
    ):
        shown = client.get(
            f"{P}/brackets/burndown.svg", headers={**bracketed["committee"], "accept-language": language}
        ).text
        assert f">{name}</title>" in shown and f">{draft}</text>" in shown and ">draft<" not in shown, shown
    points = client.get(f"{P}/brackets/burndown", headers=bracketed["committee"]).json()
    assert [p["version"] for p in points] == ["Bracketed text", "draft"] and points[0]["open"] == summary["totals"][
        "open"
    ]


def test_the_clean_text_preview_resolves_every_bracket_in_json_and_markdown(client, bracketed):
    clean = client.get(f"{P}/versions/1/clean", headers=bracketed["member"])
    assert clean.status_code == 200, clean.text
    texts = [p["text"] for p in clean.json()["paragraphs"]]
    assert clean.json()["resolved"] > 10
    assert any("Each Party shall report on its *plan* every two years:" in t for t in texts)  # its "[" unbalanced stays
    assert not any("Placeholder" in t for t in texts)  # a placeholder is dropped
    markdown = client.get(f"{P}/versions/1/clean.md", headers=bracketed["member"])
    assert markdown.status_code == 200 and markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert "[shall]" not in markdown.text and "{#" in markdown.text


def test_setting_a_status_answers_what_the_dashboard_then_says_of_the_paragraph(client, bracketed):
    board = client.get(f"{P}/status", headers=bracketed["committee"]).json()["paragraphs"]
    held = next(p for p in board if p["brackets"] and p["eid"].startswith("op_"))
    body = {"version": "draft", "eid": held["eid"], "kind": "modify", "text": "Otra redacción entera."}
    assert client.post(f"{P}/amendments", json=body, headers=bracketed["committee"]).status_code == 201
    set_ = client.put(
        f"{P}/paragraphs/{held['eid']}/status", json={"status": "pending"}, headers=bracketed["committee"]
    )
    assert set_.status_code == 200, set_.text
    now = next(
        p
        for p in client.get(f"{P}/status", headers=bracketed["committee"]).json()["paragraphs"]
        if p["eid"] == held["eid"]
    )
    answered = set_.json()
    assert (answered["status"], answered["brackets"], answered["open_amendments"]) == (
        now["status"],
        now["brackets"],
        now["open_amendments"],
    )
    assert answered["brackets"] and answered["open_amendments"] >= 1


def test_the_publication_gate_sends_each_bracketed_paragraph_to_the_dashboard(client, bracketed):
    gate = client.get(f"{P}/gate", params={"version": "1"}, headers=bracketed["committee"])
    assert gate.status_code == 200, gate.text
    found = [b for b in gate.json()["blockers"] if b["kind"] == "brackets"]
    assert found and all(b["fix"].startswith("/p/kutahya/brackets?version=1") for b in found)
    assert all(b["fix"].endswith("#" + b["eid"]) for b in found)


def test_a_choice_among_whole_paragraphs_is_one_bracket_and_agreeing_keeps_one_paragraph(client, bracketed):
    draft = client.get(f"{P}/brackets", params={"version": "draft"}, headers=bracketed["committee"]).json()
    options = next(b for b in draft if b["kind"] == "options")
    assert options["options"][0] == "Each Party shall establish a national forum of local governments."
    assert options["options"][1].startswith("Each Party [may][is encouraged to] establish")
    paragraphs = client.get(f"{P}/draft", headers=bracketed["committee"]).json()["paragraphs"]
    first = next(i for i, p in enumerate(paragraphs) if p["eid"] == options["eid"])
    second = paragraphs[first + 1]
    # Until the choice is made, both options hold the text back: bracketed, and each named by the gate.
    held = {
        p["eid"]: p["status"] for p in client.get(f"{P}/status", headers=bracketed["committee"]).json()["paragraphs"]
    }
    assert held[options["eid"]] == held[second["eid"]] == "bracketed"
    gate = client.get(f"{P}/gate", params={"version": "1"}, headers=bracketed["committee"]).json()["blockers"]
    chosen_yet = {b["eid"] for b in gate if b["kind"] == "brackets" and "options" in b["message"]}
    assert {options["eid"], second["eid"]} <= chosen_yet, gate
    stale = client.post(  # based on the bracket's paragraph, the first one (as a page reads it from the list)
        f"{P}/brackets/{options['id']}/resolve",
        json={"option": 1, "base_revision": second["revision"]},
        headers=bracketed["committee"],
    )
    assert stale.status_code == 409
    agreed = client.post(
        f"{P}/brackets/{options['id']}/resolve",
        json={"option": 1, "base_revision": paragraphs[first]["revision"]},
        headers=bracketed["committee"],
    )
    assert agreed.status_code == 200, agreed.text
    after = client.get(f"{P}/draft", headers=bracketed["committee"]).json()["paragraphs"]
    eids = [p["eid"] for p in after]
    assert options["eid"] not in eids and second["eid"] in eids  # the other option is gone, this one stays
    kept = next(p for p in after if p["eid"] == second["eid"])
    assert kept["text"].startswith("Each Party [may][is encouraged to]") and "Option" not in kept["text"]
    clean = client.get(f"{P}/versions/1/clean", headers=bracketed["member"]).json()
    taken = [p["text"] for p in clean["paragraphs"] if "national forum" in p["text"]]
    assert taken == ["Each Party shall establish a national forum of local governments."]  # the first, the leading


def test_a_bracket_brought_in_by_a_delegation_s_accepted_amendment_is_that_delegation_s(client, bracketed):
    made = client.post(
        f"{P}/delegations", json={"code": "ARG", "names": {"es": "Argentina"}}, headers=bracketed["committee"]
    )
    assert made.status_code == 201, made.text
    client.put(f"{P}/members/member@example.org", json={"delegation": "ARG"}, headers=bracketed["committee"])
    version = client.get(f"{P}/versions/1", headers=bracketed["member"]).json()
    first = next(p for p in version["paragraphs"] if p["text"] == "The Parties to this Declaration,")
    proposed = client.post(
        f"{P}/amendments",
        json={
            "version": "1",
            "eid": first["eid"],
            "kind": "modify",
            "text": "The Parties [and observers] to this Declaration,",
        },
        headers=bracketed["member"],
    )
    assert proposed.status_code == 201, proposed.text
    accepted = client.post(
        f"{P}/amendments/{proposed.json()['number']}/decision",
        json={"decision": "accepted", "reason": "Para negociar."},
        headers=bracketed["committee"],
    )
    assert accepted.status_code == 201, accepted.text
    listed = client.get(
        f"{P}/brackets", params={"version": "draft", "delegation": "arg"}, headers=bracketed["committee"]
    ).json()
    assert [(b["text"], b["delegation"]["code"]) for b in listed] == [("[and observers]", "ARG")]
    marked = client.put(f"{P}/brackets/{listed[0]['id']}", json={"delegation": None}, headers=bracketed["committee"])
    assert marked.status_code == 200 and marked.json()["delegation"]["code"] == "ARG"  # no one said otherwise


def test_a_thread_opened_on_a_bracket_follows_its_words_once_agreed(client, bracketed):
    """A thread on a bracket is a thread on its place (`start`, `end` of the list); agreeing on an option and
    circulating keeps it on the words left, fuzzy, never outdated."""
    shall = next(
        b
        for b in client.get(f"{P}/brackets", params={"version": "1"}, headers=bracketed["member"]).json()
        if b["options"] == ["shall", "should"]
    )
    opened = client.post(
        f"{P}/threads",
        json={
            "version": "1",
            "eid": shall["eid"],
            "body": "We can live with *should*.",
            "quote": {"exact": shall["text"], "start": shall["start"], "end": shall["end"]},
        },
        headers=bracketed["member"],
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["quote"]["exact"] == shall["text"]
    draft = client.get(f"{P}/brackets", params={"version": "draft"}, headers=bracketed["committee"]).json()
    same = next(b for b in draft if b["id"] == shall["id"])  # the same bracket, the same id on the draft
    revision = next(
        p["revision"]
        for p in client.get(f"{P}/draft", headers=bracketed["committee"]).json()["paragraphs"]
        if p["eid"] == same["eid"]
    )
    agreed = client.post(
        f"{P}/brackets/{same['id']}/resolve",
        json={"option": 1, "base_revision": revision},
        headers=bracketed["committee"],
    )
    assert agreed.status_code == 200, agreed.text
    assert client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=bracketed["committee"]).status_code == 201
    number = opened.json()["label"]
    later = client.get(f"{P}/threads/{number}", params={"version": "2"}, headers=bracketed["member"]).json()
    assert later["anchor"]["state"] == "fuzzy" and later["anchor"]["text"] == "should", later["anchor"]
