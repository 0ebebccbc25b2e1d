"""Amendment pages: propose with a preview, co-sponsor, decide, compromise, compilation, disposition, status."""

from __future__ import annotations

import csv
import io

import pytest

from tests.web.api.test_api_amendments import amend
from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import (
    SLUG,
    error_message,
    field_value,
    form_at,
    html,
    import_zero,
)

A = f"/p/{SLUG}/amendments"
API = f"/api/processes/{SLUG}"
OP_2 = "Pedimos a los gobiernos nacionales apoyar la financiación local."
FIRMER = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."


@pytest.fixture
def zero(client, web_people):
    return import_zero(client, web_people)


def test_a_member_proposes_by_editing_the_paragraph_and_previews_the_change(client, web_people, zero):
    sign_in(client, web_people.member.email)
    page = html(client.get(f"{A}/new?version=1&eid=op_2"))
    form = page.select_one("#propose-form")
    assert field_value(page, "text", form) == OP_2  # one starts from the paragraph as it reads
    preview = form_post(
        client,
        f"{A}/new",
        {
            "version": "1",
            "eid": "op_2",
            "kind": "modify",
            "text": FIRMER,
            "rationale": "Más claro.",
            "action": "preview",
        },
    )
    assert preview.status_code == 200
    shown = html(preview).select_one("#preview")
    assert [i.get_text() for i in shown.find_all("ins")] == ["con firmeza "]
    assert (
        field_value(html(preview), "text", html(preview).select_one("#propose-form")) == FIRMER
    )  # the typed text is kept
    assert client.get(f"{API}/amendments").json() == []  # a preview files nothing

    made = form_post(
        client,
        f"{A}/new",
        {
            "version": "1",
            "eid": "op_2",
            "kind": "modify",
            "text": FIRMER,
            "rationale": "Más claro.",
            "action": "propose",
        },
    )
    assert made.status_code == 303 and made.headers["location"] == f"{A}/1"
    detail = html(client.get(f"{A}/1"))
    assert "A1" in detail.find("h1").get_text()
    assert [i.get_text() for i in detail.select("#proposed-title ~ p.diff ins")] == ["con firmeza "]
    assert form_at(detail, f"{A}/1/withdraw") is not None  # its proposer may withdraw it
    assert form_at(detail, f"{A}/1/decision") is None  # but not decide it
    assert form_at(detail, f"{A}/1/cosponsor") is None  # nor co-sponsor their own


def test_an_unchanged_modify_is_refused_on_the_form_with_the_text_kept(client, web_people, zero):
    sign_in(client, web_people.member.email)
    refused = form_post(
        client,
        f"{A}/new",
        {"version": "1", "eid": "op_2", "kind": "modify", "text": OP_2, "rationale": "", "action": "propose"},
    )
    assert refused.status_code == 422
    assert error_message(html(refused))
    assert field_value(html(refused), "text", html(refused).select_one("#propose-form")) == OP_2


def test_cosponsor_then_the_committee_accepts_and_the_draft_reads_the_new_text(client, web_people, zero):
    assert amend(client, token_headers(client, web_people.member.email)).status_code == 201
    sign_in(client, web_people.committee.email)
    detail = html(client.get(f"{A}/1"))
    assert form_at(detail, f"{A}/1/cosponsor") is not None
    assert form_post(client, f"{A}/1/cosponsor", {}).status_code == 303
    assert web_people.committee.name in html(client.get(f"{A}/1")).select_one("dl.meta").get_text()

    no_reason = form_post(client, f"{A}/1/decision", {"decision": "accepted", "reason": "", "text": ""})
    assert no_reason.status_code == 422 and error_message(html(no_reason))
    accepted = form_post(client, f"{A}/1/decision", {"decision": "accepted", "reason": "Más firme.", "text": ""})
    assert accepted.status_code == 303
    draft = client.get(f"{API}/draft", headers=zero).json()
    assert next(p["text"] for p in draft["paragraphs"] if p["eid"] == "op_2") == FIRMER
    page = html(client.get(f"{A}/1"))
    assert "Más firme." in page.select_one("dl.meta").get_text()
    assert form_at(page, f"{A}/1/decision") is None  # decided: nothing left to decide


def test_roles_see_only_the_forms_they_may_use(client, web_people, zero):
    assert amend(client, token_headers(client, web_people.member.email)).status_code == 201
    sign_in(client, web_people.observer.email)
    page = html(client.get(f"{A}/1"))
    assert not page.find("form", attrs={"method": "post", "action": lambda a: a and a.startswith(A)})
    assert not html(client.get(A)).find("a", attrs={"href": f"{A}/new"})
    refused = form_post(client, f"{A}/1/cosponsor", {})
    assert refused.status_code == 403
    assert client.get(f"{API}/amendments/1", headers=zero).json()["cosponsors"] == []


def test_a_compromise_merges_two_proposals_shown_side_by_side(client, web_people, zero):
    member = token_headers(client, web_people.member.email)
    assert amend(client, member).status_code == 201
    assert (
        amend(
            client, member, text="Pedimos a los gobiernos nacionales apoyar la financiación local directa."
        ).status_code
        == 201
    )
    sign_in(client, web_people.committee.email)
    queue = html(client.get(A))
    assert [b["value"] for b in queue.select("input[name=amendment]")] == ["1", "2"]
    page = html(client.get(f"{A}/compromise?amendment=1&amendment=2"))
    assert len(page.select(".side-by-side section")) == 2
    wording = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local directa."
    # The form is the API's command: an amendment it cannot name is refused with its reason (it was left out), the
    # page shown again with the amendments it names and what was typed.
    odd = form_post(client, f"{A}/compromise", {"amendments": ["1", "2", "x"], "text": wording, "reason": "Ambas."})
    assert odd.status_code == 422
    assert "“x” names no amendment" in error_message(html(odd))
    assert len(html(odd).select(".side-by-side section")) == 2
    assert field_value(html(odd), "reason") == "Ambas."
    done = form_post(client, f"{A}/compromise", {"amendments": ["1", "2"], "text": wording, "reason": "Ambas ideas."})
    assert done.status_code == 303
    statuses = {a["label"]: a["status"] for a in client.get(f"{API}/amendments", headers=zero).json()}
    assert statuses == {
        "A1": "merged",
        "A2": "merged",
        "D1": "accepted",
    }  # the compromise: the committee's, on the draft


def test_compilation_disposition_and_status_pages(client, web_people, zero):
    member = token_headers(client, web_people.member.email)
    assert amend(client, member).status_code == 201
    assert amend(client, member, eid="op_1", kind="delete", text="").status_code == 201
    sign_in(client, web_people.committee.email)
    assert (
        form_post(client, f"{A}/2/decision", {"decision": "rejected", "reason": "Se mantiene.", "text": ""}).status_code
        == 303
    )

    compiled = html(client.get(f"{A}/compilation"))
    under = compiled.select_one("section#op_2 .compiled-amendment")
    assert under is not None and [i.get_text() for i in under.find_all("ins")] == ["con firmeza "]
    assert web_people.member.name in under.get_text()
    assert compiled.select_one("section#op_1 .compiled-amendment") is None  # decided ones are not compiled
    docx = compiled.find("a", attrs={"download": True})["href"]
    assert client.get(docx).headers["content-type"].startswith("application/vnd.openxmlformats")

    table = html(client.get(f"{A}/disposition?version=1"))
    rows = [[c.get_text(" ", strip=True) for c in r.find_all("td")] for r in table.select("tbody tr")]
    assert [r[0].split()[0] for r in rows] == ["A1", "A2"] and "Se mantiene." in rows[1][4]
    csv_link = table.find("a", attrs={"download": True})["href"]
    lines = list(csv.reader(io.StringIO(client.get(csv_link).text.lstrip("\ufeff"))))
    assert lines[0][0] == "amendment" and [line[0] for line in lines[1:]] == ["A1", "A2"]

    status = html(client.get(f"{A}/status"))
    assert form_at(status, f"{A}/status/op_2") is not None
    set_ = form_post(client, f"{A}/status/op_2", {"status": "agreed_ad_ref", "note": "Pendiente de capital."})
    assert set_.status_code == 303
    dashboard = client.get(f"{API}/status", headers=zero).json()
    assert dashboard["counts"]["agreed_ad_ref"] == 1
    bad = form_post(client, f"{A}/status/op_2", {"status": "nonsense", "note": ""})
    assert bad.status_code == 422 and error_message(html(bad))
