"""Bulk steps and their safety nets on the pages (issue 19): paragraphs ticked and set agreed at once, every
translated paragraph that passes its checks approved, a decision reopened, each irreversible step asking
first, and a version's downloads."""

from __future__ import annotations

import pytest

from tests.web.api.test_api_amendments import amend
from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, html, import_zero

A = f"/p/{SLUG}/amendments"
API = f"/api/processes/{SLUG}"
FIRMER = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."


@pytest.fixture
def zero(client, web_people):
    return import_zero(client, web_people)


def test_the_committee_ticks_paragraphs_and_sets_them_agreed_at_once(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"{A}/status"))
    boxes = page.select('input[type=checkbox][name=eids][form="bulk-status"]')
    assert {b["value"] for b in boxes} >= {"op_1", "op_2"} and page.select_one("input[data-select-all=eids]")
    done = form_post(client, f"{A}/status", {"eids": ["op_1", "op_2"], "status": "agreed", "note": "Plenaria del 8"})
    assert done.status_code == 303, done.text
    statuses = {s["eid"]: s["status"] for s in client.get(f"{API}/status", headers=zero).json()["holding_back"]}
    assert "op_1" not in statuses and "op_2" not in statuses  # agreed: nothing holds them back any more
    nothing = form_post(client, f"{A}/status", {"status": "agreed"})
    assert nothing.status_code == 422 and html(nothing).select_one("#form-error")

    sign_in(client, web_people.member.email)
    assert not html(client.get(f"{A}/status")).select("#bulk-status")  # the form is the committee's


def test_a_decision_asks_first_and_is_reopened_from_its_page(client, web_people, zero):
    number = amend(client, token_headers(client, web_people.member.email), text=FIRMER).json()["number"]
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"{A}/{number}"))
    assert f"A{number}" in page.select_one("#decision-form")["data-confirm"]
    assert not page.select("#reopen-form")  # open: nothing to reopen
    form_post(client, f"{A}/{number}/decision", {"decision": "accepted", "reason": "Consenso."})
    page = html(client.get(f"{A}/{number}"))
    assert page.select_one("#reopen-form")["data-confirm"]
    reopened = form_post(client, f"{A}/{number}/reopen", {})
    assert reopened.status_code == 303
    assert client.get(f"{API}/amendments/{number}", headers=zero).json()["status"] == "open"
    again = form_post(client, f"{A}/{number}/reopen", {})
    assert again.status_code == 409 and html(again).select_one("#form-error")


def test_the_reviewer_approves_every_translated_paragraph_that_passes_its_checks(client, web_people, zero):
    translator = token_headers(client, web_people.translator.email)
    rows = client.get(f"{API}/translations/en", params={"version": "1"}, headers=translator).json()
    texts = {
        "op_1": "We commit to strengthening multilevel governance.",
        "op_2": "Pedimos a los gobiernos nacionales apoyar la financiación local.",
    }
    for row in rows:
        if row["eid"] in texts:
            saved = client.put(
                f"{API}/translations/en/{row['eid']}",
                params={"version": "1"},
                headers=translator,
                json={"text": texts[row["eid"]], "source_revision": row["source_revision"], "state": "translated"},
            )
            assert saved.status_code == 200, saved.text
    sign_in(client, web_people.committee.email)
    editor = html(client.get(f"/p/{SLUG}/translations/en?version=1"))
    assert editor.select_one('form[action$="/translations/en/approve"][data-confirm]')
    done = form_post(client, f"/p/{SLUG}/translations/en/approve", {"version": "1", "all_translated": "true"})
    assert done.status_code == 303
    assert "state=translated" in done.headers["location"]  # what was held back, shown next
    states = {
        t["eid"]: t["state"] for t in client.get(f"{API}/translations/en", params={"version": "1"}, headers=zero).json()
    }
    assert states["op_1"] == "approved" and states["op_2"] == "translated"  # the source left untranslated: held back
    shown = html(client.get(done.headers["location"]))
    assert (
        shown.select_one(".flash")
        .get_text(strip=True)
        .startswith("1 paragraph approved. 1 paragraph is left for a reviewer's look")
    )
    assert [row["id"] for row in shown.select("li.trow")] == ["op_2"]  # what was held back, with its checks
    assert shown.select("#op_2 ul.checks li")


def test_a_version_and_the_draft_offer_their_downloads_in_each_language(client, web_people, zero):
    sign_in(client, web_people.member.email)
    links = [a["href"] for a in html(client.get(f"/p/{SLUG}/declaration/versions/1")).select(".downloads a")]
    assert (
        f"{API}/versions/1/download?format=docx&lang=en" in links
        and f"{API}/versions/1/download?format=pdf&lang=es-en-fr" in links
    )
    got = client.get(f"{API}/versions/1/download?format=docx&lang=fr")
    assert got.status_code == 200 and got.content[:2] == b"PK"
    sign_in(client, web_people.committee.email)
    links = [a["href"] for a in html(client.get(f"/p/{SLUG}/declaration/draft")).select(".downloads a")]
    assert f"{API}/versions/draft/download?format=docx&lang=es" in links


def test_the_committee_decides_a_voting_list_in_the_order_it_gives_all_or_none(client, web_people, zero):
    member = token_headers(client, web_people.member.email)
    first = amend(client, member, text=FIRMER).json()["number"]
    rival = amend(client, member, text="Pedimos a los gobiernos nacionales garantizar la financiación local.").json()[
        "number"
    ]
    other = amend(
        client, member, eid="op_1", text="Nos comprometemos a fortalecer decididamente la gobernanza multinivel."
    ).json()["number"]
    sign_in(client, web_people.member.email)
    assert client.get(f"{A}/voting").status_code == 403
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"{A}/voting"))
    assert page.select_one("#voting-form")["data-confirm"]
    assert {s["name"] for s in page.select("#voting-form select")} == {f"decision-{n}" for n in (first, rival, other)}

    # In this order the rival, accepted first, leaves the first no longer applying: nothing is taken.
    refused = form_post(
        client,
        f"{A}/voting",
        {
            f"decision-{rival}": "accepted",
            f"reason-{rival}": "Mayoría.",
            f"order-{rival}": "1",
            f"decision-{first}": "accepted",
            f"reason-{first}": "También.",
            f"order-{first}": "2",
            f"decision-{other}": "",
            f"order-{other}": "3",
        },
    )
    assert refused.status_code == 409
    assert (
        html(refused).select_one("#form-error")
        and html(refused).select_one(f"#v-reason-{rival}")["value"] == "Mayoría."
    )
    statuses = {a["number"]: a["status"] for a in client.get(f"{API}/amendments", headers=zero).json()}
    assert set(statuses.values()) == {"open"}

    done = form_post(
        client,
        f"{A}/voting",
        {
            f"decision-{rival}": "moot",
            f"reason-{rival}": "Superada.",
            f"order-{rival}": "2",
            f"decision-{first}": "accepted",
            f"reason-{first}": "Consenso.",
            f"order-{first}": "1",
            f"decision-{other}": "",
            f"order-{other}": "3",
        },
    )
    assert done.status_code == 303
    statuses = {a["number"]: a["status"] for a in client.get(f"{API}/amendments", headers=zero).json()}
    assert statuses == {first: "accepted", rival: "moot", other: "open"}  # "not now": left open


@pytest.mark.parametrize("typed", ["²", "9" * 5000, "-3", "tres"])
def test_a_vote_typed_on_the_voting_list_that_is_no_count_is_refused_with_its_reason(client, web_people, zero, typed):
    number = amend(client, token_headers(client, web_people.member.email), text=FIRMER).json()["number"]
    sign_in(client, web_people.committee.email)
    refused = form_post(
        client,
        f"{A}/voting",
        {
            f"decision-{number}": "accepted",
            f"reason-{number}": "Votada.",
            f"for-{number}": typed,
            f"against-{number}": "1",
        },
    )
    assert refused.status_code == 422  # never a 500
    assert "whole number" in html(refused).select_one("#form-error").get_text()
    assert html(refused).select_one(f"#v-for-{number}")["value"] == typed  # what was typed stays
