"""The foundation's pages, parsed: what each role sees and may do, forms that fail keep what was typed."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SESSION
from tests.web.conftest import form_post, sign_in
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.services import consultations

P = "/p/kutahya"


@pytest.fixture
def scene(web_store, web_people):
    session = consultations.create_session(web_store, web_people.committee, "kutahya", SESSION)
    first = consultations.add_recommendation(
        web_store,
        web_people.member,
        "kutahya",
        session.ref,
        RecommendationFields(text="Fortalecer la gobernanza multinivel", themes=("gobernanza",)),
    )
    second = consultations.add_recommendation(
        web_store,
        web_people.committee,
        "kutahya",
        session.ref,
        RecommendationFields(text="Financiación directa a las ciudades", themes=("financiación",)),
    )
    return session, first, second


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def test_a_visitor_is_sent_to_sign_in_and_a_form_without_csrf_is_refused(client, web_people):
    response = client.get(f"{P}/sessions", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/signin")
    sign_in(client, web_people.committee.email)
    refused = client.post(f"{P}/members", data={"email": "x@example.org", "role": "member"}, follow_redirects=False)
    assert refused.status_code == 403


@pytest.mark.parametrize("lang", ["es", "en", "fr"])
def test_pages_speak_the_browser_language(client, web_people, lang):
    page = soup(client.get("/signin", headers={"Accept-Language": f"{lang};q=1, de;q=0.5"}))
    assert page.html["lang"] == lang


def test_a_committee_member_creates_a_process_and_becomes_its_committee(client, web_people):
    sign_in(client, web_people.outsider.email)
    response = form_post(
        client,
        "/processes/new",
        {
            "slug": "rabat-2026",
            "title_es": "Declaración de Rabat",
            "title_en": "Rabat Declaration",
            "title_fr": "",
            "source_language": "es",
            "languages": ["es", "en", "fr"],
            "timezone": "Africa/Casablanca",
            "place_es": "Rabat, Marruecos",
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/p/rabat-2026"
    listed = [a.get_text(strip=True) for a in soup(client.get("/processes")).select("main a[href='/p/rabat-2026']")]
    assert listed == ["Declaración de Rabat"] or listed == ["Rabat Declaration"]


def test_the_ui_hides_what_a_role_cannot_do(client, web_people, scene):
    _, first, _ = scene
    sign_in(client, web_people.observer.email)
    session_page = soup(client.get(f"{P}/sessions/{scene[0].ref}"))
    assert session_page.select("form#add-recommendation") == []
    detail = soup(client.get(f"{P}/recommendations/{first.ref}"))
    assert detail.select("form#decision-form") == []
    assert soup(client.get(f"{P}/members")).select("form#invite-form") == []

    client.post("/signout", data={"_csrf_token": client.cookies.get("accord_csrf")})
    sign_in(client, web_people.member.email)
    assert soup(client.get(f"{P}/sessions/{scene[0].ref}")).select("form#add-recommendation")
    assert soup(client.get(f"{P}/recommendations/{first.ref}")).select("form#decision-form") == []


def test_a_forbidden_post_gives_a_403_page_and_changes_nothing(client, web_people, web_store, scene):
    _, first, _ = scene
    sign_in(client, web_people.member.email)
    response = form_post(client, f"{P}/recommendations/{first.ref}/decision", {"status": "incorporated", "reason": ""})
    assert response.status_code == 403 and soup(response).h1 is not None
    assert consultations.get_recommendation(web_store, web_people.committee, "kutahya", first.ref).status == "open"


def test_an_invalid_session_form_is_shown_again_with_the_message_and_the_values(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(
        client,
        f"{P}/sessions/new",
        {
            "title": "Diálogo sobre clima",
            "starts_at": "2021-10-06T15:30",
            "ends_at": "2021-10-06T14:00",
            "timezone": "Europe/Istanbul",
            "place": "Kütahya",
            "platform": "",
            "organisers": "CGLU",
            "capacity": "",
            "theme": "",
            "summary": "",
            "languages": ["es"],
        },
    )
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("[role=alert]") is not None
    assert page.select_one("input[name=title]")["value"] == "Diálogo sobre clima"


def test_a_concept_note_becomes_a_session_and_a_malformed_one_names_its_line(client, web_people):
    sign_in(client, web_people.committee.email)
    note = (
        '---\ntitle: "Justicia climática"\nstarts_at: "2021-10-06T14:00:00+02:00"\n'
        'ends_at: "2021-10-06T15:30:00+02:00"\nlanguages: ["es"]\n---\nResumen.\n'
    )
    ok = client.post(
        f"{P}/sessions/import",
        files={"file": ("clima.md", note.encode(), "text/markdown")},
        data={"_csrf_token": client.cookies.get("accord_csrf")},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"].startswith(f"{P}/sessions/")
    assert soup(client.get(ok.headers["location"])).h1.get_text(strip=True) == "Justicia climática"
    bad = note.replace('languages: ["es"]', 'languages: ["de"]')
    refused = client.post(
        f"{P}/sessions/import",
        files={"file": ("malo.md", bad.encode(), "text/markdown")},
        data={"_csrf_token": client.cookies.get("accord_csrf")},
    )
    assert refused.status_code == 422
    assert "malo.md:5" in soup(refused).get_text()


def test_filters_and_the_csv_download_show_the_same_recommendations(client, web_people, scene):
    _, first, second = scene
    sign_in(client, web_people.observer.email)
    page = soup(client.get(f"{P}/recommendations", params={"theme": "gobernanza"}))
    refs = [a.get_text(strip=True) for a in page.select("table.recommendations tbody th.ref a")]
    assert refs == [first.ref]
    download = client.get(f"{P}/recommendations.csv", params={"theme": "gobernanza"})
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text.lstrip("\ufeff"))))
    assert [r["ref"] for r in rows] == [first.ref] and rows[0]["themes"] == "gobernanza"
    everything = soup(client.get(f"{P}/recommendations", params={"q": "CIUDADES"}))
    assert [a.get_text(strip=True) for a in everything.select("table.recommendations tbody th.ref a")] == [second.ref]


def test_the_committee_decides_and_not_retained_needs_a_reason(client, web_people, scene):
    _, first, _ = scene
    sign_in(client, web_people.committee.email)
    refused = form_post(client, f"{P}/recommendations/{first.ref}/decision", {"status": "not_retained", "reason": ""})
    assert refused.status_code == 422
    done = form_post(
        client, f"{P}/recommendations/{first.ref}/decision", {"status": "not_retained", "reason": "Fuera del mandato."}
    )
    assert done.status_code == 303
    badge = soup(client.get(f"{P}/recommendations/{first.ref}")).select_one(".badge.status-not_retained")
    assert badge is not None


def test_unknown_things_are_404_pages_without_a_traceback(client, web_people):
    sign_in(client, web_people.member.email)
    for path in ("/p/nowhere", f"{P}/sessions/nothing", f"{P}/recommendations/nothing"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Traceback" not in response.text and soup(response).h1 is not None


def test_an_api_token_is_shown_once(client, web_people):
    sign_in(client, web_people.member.email)
    created = form_post(client, "/account/tokens", {"name": "script"})
    shown = soup(client.get(created.headers["location"])) if created.status_code == 303 else soup(created)
    tokens = [t for t in shown.stripped_strings if t.startswith("acc_") and len(t) > 20]
    assert len(tokens) == 1
    assert (
        client.get("/api/me", headers={"Authorization": f"Bearer {tokens[0]}"}).json()["email"]
        == web_people.member.email
    )
    again = soup(client.get("/account"))
    assert not [t for t in again.stripped_strings if t == tokens[0]]
