"""What members see of each other, through the pages and the API: e-mail addresses (and mailto
links) only for the committee, or for everyone once the committee's settings allow it."""

from __future__ import annotations

from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, form_at, html

# Fixtures shared by the page tests (the first is autouse).

MEMBERS = f"/p/{SLUG}/members"
EVERYONE = {f"{role}@example.org" for role in ("committee", "member", "translator", "observer")}
SETTINGS = {
    "title_es": "Declaración de Kütahya",
    "title_en": "Kütahya Declaration",
    "title_fr": "Déclaration de Kütahya",
    "source_language": "es",
    "languages": ["es", "en", "fr"],
    "timezone": "Europe/Istanbul",
    "place": "Kütahya",
    "phase": "consultation",
}


def shown_addresses(client, path: str = MEMBERS) -> set[str]:
    """Every address a page shows: as text or in a mailto link."""
    page = html(client.get(path))
    main = page.find("main") or page
    found = {a["href"].removeprefix("mailto:") for a in main.select('a[href^="mailto:"]')}
    return found | {word for word in main.get_text(" ").split() if "@example.org" in word}


def test_a_member_sees_names_and_no_addresses_on_the_members_page(client, web_people):
    sign_in(client, web_people.member.email)
    page = html(client.get(MEMBERS))
    assert len(page.select("table.members tbody tr")) == 4
    assert [th.get_text(strip=True) for th in page.select("table.members thead th")] == [
        "Name",
        "Role",
        "Translates into",
    ]
    assert shown_addresses(client) == set()
    assert shown_addresses(client, f"/p/{SLUG}/activity") == set()


def test_the_api_hides_the_addresses_from_members(client, web_people):
    for person in (web_people.member, web_people.translator, web_people.observer):
        listed = client.get(f"/api/processes/{SLUG}/members", headers=token_headers(client, person.email)).json()
        assert {m["email"] for m in listed} == {person.email, None}
        trail = client.get(f"/api/processes/{SLUG}/activity", headers=token_headers(client, person.email))
        assert "@example.org" not in trail.text
    committee = client.get(
        f"/api/processes/{SLUG}/members", headers=token_headers(client, web_people.committee.email)
    ).json()
    assert {m["email"] for m in committee} == EVERYONE


def test_the_committee_allows_it_on_the_settings_page_and_then_members_see_them(client, web_people):
    sign_in(client, web_people.committee.email)
    assert shown_addresses(client) == EVERYONE  # the committee always does
    box = form_at(html(client.get(f"/p/{SLUG}/edit")), f"/p/{SLUG}/edit").find(
        "input", attrs={"name": "members_see_emails"}
    )
    assert box is not None and box.get("type") == "checkbox" and not box.has_attr("checked")
    assert form_post(client, f"/p/{SLUG}/edit", {**SETTINGS, "members_see_emails": "1"}).status_code == 303
    box = html(client.get(f"/p/{SLUG}/edit")).find("input", attrs={"name": "members_see_emails"})
    assert box.has_attr("checked")
    form_post(client, "/signout", {})
    sign_in(client, web_people.observer.email)
    assert shown_addresses(client) == EVERYONE
    form_post(client, "/signout", {})
    sign_in(client, web_people.committee.email)
    assert form_post(client, f"/p/{SLUG}/edit", SETTINGS).status_code == 303  # unticked: off again
    form_post(client, "/signout", {})
    sign_in(client, web_people.observer.email)
    assert shown_addresses(client) == set()


def test_the_api_sets_and_shows_the_setting(client, web_people):
    committee = token_headers(client, web_people.committee.email)
    body = {
        "titles": {"es": "Declaración de Kütahya"},
        "source_language": "es",
        "timezone": "Europe/Istanbul",
        "members_see_emails": True,
    }
    answer = client.put(f"/api/processes/{SLUG}", json=body, headers=committee)
    assert answer.status_code == 200 and answer.json()["members_see_emails"] is True
    member = token_headers(client, web_people.member.email)
    assert client.get(f"/api/processes/{SLUG}", headers=member).json()["members_see_emails"] is True
    assert {m["email"] for m in client.get(f"/api/processes/{SLUG}/members", headers=member).json()} == EVERYONE
