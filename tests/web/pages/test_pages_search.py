"""The search pages (issue 68): the header's box, a process's search with its filters, `/search` across processes
and published declarations, a refused query shown again with its reason, in the reader's language."""

from __future__ import annotations

import pytest

from tests.web.conftest import sign_in
from tests.web.pages.test_pages_support import SLUG, html
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.services.declaration import draft


@pytest.fixture
def texts(web_store, web_people):
    """A version with a paragraph on climate finance, and a paragraph only in the working draft."""
    store, committee = web_store, web_people.committee
    draft.add_paragraph(store, committee, SLUG, AddParagraph(kind="operative", text="Pedimos financiación climática."))
    draft.circulate(store, committee, SLUG, Circulate(label="Borrador cero"))
    draft.add_paragraph(store, committee, SLUG, AddParagraph(kind="operative", text="Nota interna sobre financiación."))


def test_the_header_box_searches_the_process_and_a_member_finds_only_what_was_circulated(client, web_people, texts):
    sign_in(client, web_people.member.email)
    process = html(client.get(f"/p/{SLUG}"))
    assert process.select_one("header form[role=search]")["action"] == f"/p/{SLUG}/search"
    page = html(client.get(f"/p/{SLUG}/search", params={"q": "financiacion"}))
    hits = page.select("ol.hits > li")
    assert len(hits) == 1 and "climática" in hits[0].get_text()
    assert hits[0].select_one(".snippet mark").get_text() == "financiación"
    assert hits[0].select_one("a")["href"].startswith(f"/p/{SLUG}/declaration/versions/1?")
    assert "Nota interna" not in page.get_text()


def test_the_committee_finds_the_working_draft_and_filters_by_kind(client, web_people, texts):
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/search", params={"q": "financiación", "kind": "paragraph"}))
    shown = [li.get_text(" ", strip=True) for li in page.select("ol.hits > li")]
    assert len(shown) == 2 and any("Working draft" in s and "Nota interna" in s for s in shown)
    assert (
        html(client.get(f"/p/{SLUG}/search", params={"q": "financiación", "kind": "amendment"})).select("ol.hits > li")
        == []
    )


def test_a_refused_query_is_shown_again_with_its_reason_in_french(client, web_people, texts):
    sign_in(client, web_people.member.email)
    response = client.get(f"/p/{SLUG}/search", params={"q": "-- !!"}, headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    page = html(response)
    assert page.select_one("#s-q")["value"] == "-- !!" and page.select_one("#s-q")["aria-invalid"] == "true"
    assert page.select_one("#form-error").get_text(strip=True) == "Saisissez un mot à chercher."


def test_everywhere_signed_out_finds_no_unpublished_text_and_an_outsider_learns_nothing(client, web_people, texts):
    page = html(client.get("/search", params={"q": "financiación"}))
    assert page.select("ol.hits > li") == [] and "Nothing found" in page.get_text()
    sign_in(client, web_people.outsider.email)
    assert client.get(f"/p/{SLUG}/search", params={"q": "financiación"}).status_code == 404
    sign_in(client, web_people.observer.email)
    found = html(client.get("/search", params={"q": "financiación"})).select("ol.hits > li")
    assert len(found) == 1 and SLUG in found[0].get_text()
