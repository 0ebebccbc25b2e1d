"""What holds on every page: sign-in, CSRF, 404/403 pages, the UI language, the process tabs.

SQLite only: these are decided above the store (redirects, CSRF, language, layout); every page
these tests open also runs on PostgreSQL in the tests of its own feature.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.web.conftest import PASSWORD, SQLITE_ONLY, csrf, form_post, sign_in
from tests.web.pages import test_pages_support as support
from tests.web.pages.test_pages_support import SLUG, html

pytestmark = SQLITE_ONLY

# Fixtures shared by the page tests (the first is autouse).
seeded = support.seeded

TABS = {
    "overview": f"/p/{SLUG}",
    "sessions": f"/p/{SLUG}/sessions",
    "recommendations": f"/p/{SLUG}/recommendations",
    "members": f"/p/{SLUG}/members",
    "activity": f"/p/{SLUG}/activity",
}


@pytest.mark.parametrize(
    "path", ["/processes", "/processes/new", f"/p/{SLUG}", f"/p/{SLUG}/recommendations", "/account"]
)
def test_an_unsigned_visitor_is_sent_to_sign_in(client, web_people, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == f"/signin?next={path}"


def test_an_unsigned_post_is_sent_to_sign_in_and_creates_nothing(client, web_people):
    response = form_post(
        client, "/processes/new", {"slug": "ghost", "title_es": "Fantasma", "source_language": "es", "languages": "es"}
    )
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/signin")


def test_a_post_without_the_csrf_token_is_refused(client, web_people):
    sign_in(client, web_people.committee.email)
    response = client.post(
        f"/p/{SLUG}/members", data={"email": "x@example.org", "role": "member"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert html(response).find("h1") is not None
    members = html(client.get(f"/p/{SLUG}/members")).select("table.members tbody tr")
    assert "x@example.org" not in [row.find("td").get_text(strip=True) for row in members]


@pytest.mark.parametrize(
    "path",
    [
        "/p/nowhere",
        "/p/nowhere/sessions",
        f"/p/{SLUG}/sessions/no-such-session",
        f"/p/{SLUG}/recommendations/no-such-ref",
        f"/p/{SLUG}/sessions/no-such-session/edit",
    ],
)
def test_unknown_things_get_a_404_page(client, web_people, path):
    sign_in(client, web_people.committee.email)
    response = client.get(path)
    assert response.status_code == 404
    page = html(response)
    assert page.find("h1").get_text(strip=True)
    assert "Traceback" not in response.text


def test_an_outsider_cannot_tell_a_process_exists(client, web_people):
    sign_in(client, web_people.outsider.email)
    assert client.get(f"/p/{SLUG}").status_code == 404
    assert client.get("/p/nowhere").status_code == 404


@pytest.mark.parametrize(
    "accept, lang", [("es-ES,es;q=0.9", "es"), ("fr-FR,fr;q=0.9,en;q=0.5", "fr"), ("en-GB", "en"), ("de-DE", "es")]
)
def test_pages_speak_the_language_the_browser_asks_for(client, web_people, accept, lang):
    """German is not offered: the process's source language (es) is the fallback on its pages."""
    sign_in(client, web_people.member.email)
    response = client.get(f"/p/{SLUG}", headers={"Accept-Language": accept})
    assert response.status_code == 200
    assert html(response).find("html")["lang"] == lang


def test_a_chosen_language_wins_over_the_browser(client, web_people):
    sign_in(client, web_people.member.email)
    assert form_post(client, "/language", {"locale": "fr", "next": "/account"}).status_code == 303
    response = client.get("/account", headers={"Accept-Language": "es"})
    page = html(response)
    assert page.find("html")["lang"] == "fr"
    assert page.find("select", id="a-locale").find("option", selected=True)["value"] == "fr"


@pytest.mark.parametrize("role", ["committee", "member", "translator", "observer", "admin"])
def test_every_tab_renders_for_every_role(client, web_people, seeded, role):
    sign_in(client, getattr(web_people, role).email)
    for tab, path in TABS.items():
        response = client.get(path)
        assert response.status_code == 200, tab
        page = html(response)
        current = page.select('nav.tabs a[aria-current="page"]')
        assert [a["href"] for a in current] == [path]
        assert len(page.find_all("h1")) == 1
        # Headings in order: nothing jumps from h1 to h3.
        levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4"])]
        assert all(b - a <= 1 for a, b in pairwise(levels)), (tab, levels)
        settings = [a for a in page.select("nav.tabs a") if a["href"] == f"/p/{SLUG}/edit"]
        assert bool(settings) == (role in ("committee", "admin"))


def test_every_form_carries_the_csrf_token_and_every_field_a_label(client, web_people, seeded):
    sign_in(client, web_people.committee.email)
    session_ref, rec_ref = seeded
    for path in [
        "/processes/new",
        f"/p/{SLUG}/edit",
        f"/p/{SLUG}/members",
        f"/p/{SLUG}/sessions/new",
        f"/p/{SLUG}/sessions/{session_ref}",
        f"/p/{SLUG}/sessions/{session_ref}/edit",
        f"/p/{SLUG}/recommendations/{rec_ref}",
        "/account",
    ]:
        page = html(client.get(path))
        for form in page.find_all("form", method="post"):
            assert form.find("input", attrs={"name": "_csrf_token"}), (path, form.get("action"))
        for field in page.select("input:not([type=hidden]):not([type=checkbox]):not([hidden]), select, textarea"):
            labelled = field.get("id") and page.find("label", attrs={"for": field["id"]})
            assert labelled, (path, field.get("name"))


def test_selects_apply_only_on_an_explicit_choice(client, web_people, seeded):
    """Arrow keys on a select fire `change` in Chromium: no select submits its form on change by itself (the
    language select only on a pointer's choice: tests/e2e/test_layout_browser.py tries the keyboard); each form has
    a button (not only in <noscript>)."""
    sign_in(client, web_people.member.email)
    for path in ("/account", f"/p/{SLUG}/recommendations"):
        page = html(client.get(path))
        assert page.select("[data-autosubmit]") == [], path
        form = page.find("select", id="ui-language").find_parent("form")
        assert form.find("button", type="submit").find_parent("noscript") is None
    script = "".join(
        client.get(f"/static/accord/{path.name}").text
        for path in (Path(__file__).resolve().parents[3] / "workspace/web/static/accord").glob("*.js")
    )
    # Submitting from script: the in-page dialog's confirmation, and the language chosen with a pointer only.
    assert script.count("requestSubmit(") == 4, script.count("requestSubmit(")


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_activity_page_reads_as_sentences_in_every_language(client, web_people, web_store, seeded, lang):
    from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, EditParagraph
    from workspace.services.declaration import draft

    added = draft.add_paragraph(
        web_store, web_people.committee, SLUG, AddParagraph(kind="operative", text="Nos comprometemos.")
    )
    draft.edit_paragraph(
        web_store,
        web_people.committee,
        SLUG,
        added.eid,
        EditParagraph(base_revision=added.revision, text="Nos comprometemos hoy."),
    )
    draft.circulate(web_store, web_people.committee, SLUG, Circulate(label="Rev.1"))
    sign_in(client, web_people.committee.email)
    table = html(client.get(f"/p/{SLUG}/activity", headers={"Accept-Language": lang})).select_one(
        "table.activity tbody"
    )
    text = table.get_text(" ", strip=True)
    import re

    assert not re.search(r"\b(process|member|session|recommendation|paragraph|version|amendment)\.[a-z_]+", text), text
    assert not re.search(r"\b(version|paragraph|user|session|recommendation):\S+", text), text
    assert table.select_one(f"a[href$='/declaration/paragraphs/{added.eid}']") is not None
    assert table.select_one("a[href$='/declaration/versions/1']").get_text(strip=True) == "Rev.1"


def test_a_refused_page_keeps_the_process_navigation(client, web_people):
    sign_in(client, web_people.member.email)
    response = client.get(f"/p/{SLUG}/edit")
    assert response.status_code == 403
    page = html(response)
    assert [a["href"] for a in page.select("nav.tabs a")][:2] == [f"/p/{SLUG}", f"/p/{SLUG}/sessions"]
    assert page.find("h1").get_text(strip=True)
    # An outsider learns nothing of the process: no tabs.
    sign_in(client, web_people.outsider.email)
    response = client.get(f"/p/{SLUG}/edit")
    assert response.status_code == 404 and html(response).select("nav.tabs") == []


def test_a_form_of_the_wrong_shape_is_refused_as_the_api_refuses_a_body(client, web_people):
    """A field sent twice where the form takes one: 400, as the API answers a JSON body of the wrong shape, the
    page in the reader's language; and nothing is done (nobody is signed in)."""
    client.headers["Accept-Language"] = "fr"
    body = urlencode(
        [("email", web_people.committee.email), ("email", "x"), ("password", PASSWORD), ("_csrf_token", csrf(client))]
    )
    refused = client.post(
        "/signin", content=body, headers={"content-type": "application/x-www-form-urlencoded"}, follow_redirects=False
    )
    assert refused.status_code == 400
    assert html(refused).find("h1").get_text(strip=True) == "La requête n’a pas pu être comprise."
    assert client.get("/processes", follow_redirects=False).status_code in (302, 303)
