"""Sessions: record one (typed or from a concept note), read it, edit it, add recommendations to it."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.web.conftest import csrf, form_post, sign_in, token_headers
from tests.web.pages import test_pages_support as support
from tests.web.pages.test_pages_support import SLUG, error_message, field_value, form_at, html
from workspace.services import consultations

# Fixtures shared by the page tests (the first is autouse).
seeded = support.seeded

NEW = f"/p/{SLUG}/sessions/new"
TYPED = {
    "title": "Ciudades intermedias y cultura",
    "starts_at": "2021-05-26T09:55",
    "ends_at": "2021-05-26T11:25",
    "timezone": "America/Argentina/Buenos_Aires",
    "place": "",
    "platform": "Zoom",
    "organisers": "UCLG Forum of Regions, CONGOPE",
    "languages": ["es", "en"],
    "capacity": "150",
    "theme": "Cultura",
    "summary": "El **territorio** es el lugar.\n\n<script>alert(1)</script>",
}
NOTE = """---
title: "Diálogo: agua y territorio"
starts_at: "2021-10-06T16:00:00+02:00"
ends_at: "2021-10-06T17:30:00+02:00"
platform: "Zoom"
organisers: ["CGLU"]
languages: ["es", "fr"]
---
Una **nota** conceptual.
"""


def upload(client, name: str, content: bytes):
    return client.post(
        f"/p/{SLUG}/sessions/import",
        data={"_csrf_token": csrf(client)},
        files={"file": (name, content, "text/markdown")},
        follow_redirects=False,
    )


def test_the_new_session_form_reads_times_in_the_process_zone(client, web_people):
    sign_in(client, web_people.committee.email)
    page = html(client.get(NEW))
    form = form_at(page, NEW)
    assert form.find("input", attrs={"name": "starts_at"})["type"] == "datetime-local"
    assert form.find("input", attrs={"name": "ends_at"})["type"] == "datetime-local"
    assert field_value(page, "timezone", form) == "Europe/Istanbul"
    assert form.find("textarea", attrs={"name": "summary"})
    assert [b["value"] for b in form.select("input[name=languages][checked]")] == ["es", "en", "fr"]
    assert form_at(page, f"/p/{SLUG}/sessions/import")["enctype"] == "multipart/form-data"


def test_the_committee_records_a_session_at_its_announced_time(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(client, NEW, TYPED)
    assert response.status_code == 303
    ref = response.headers["location"].rsplit("/", 1)[1]
    stored = consultations.get_session(client.app.state.db, web_people.committee, SLUG, ref)
    assert stored.starts_at.astimezone(UTC) == datetime(2021, 5, 26, 12, 55, tzinfo=UTC)
    assert stored.utc_offset_minutes == -180
    assert stored.organisers == ["UCLG Forum of Regions", "CONGOPE"] and stored.capacity == 150

    page = html(client.get(response.headers["location"], headers={"Accept-Language": "en"}))
    assert page.find("h1").get_text(strip=True) == "Ciudades intermedias y cultura"
    meta = {
        dt.get_text(strip=True): " ".join(dd.get_text(" ").split())
        for dt, dd in zip(page.select("dl.meta dt"), page.select("dl.meta dd"), strict=True)
    }
    assert meta["When"].startswith("26 May 2021, 15:55")  # shown in the process's zone (Istanbul)
    assert "09:55" in meta["When"] and "UTC\u221203:00" in meta["When"]  # and as announced
    summary = page.select_one(".summary")
    assert summary.find("strong").get_text() == "territorio"
    assert summary.find("script") is None  # raw HTML stays text


def test_a_session_that_ends_before_it_starts_is_shown_again(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(client, NEW, {**TYPED, "ends_at": "2021-05-26T08:00"})
    assert response.status_code == 422
    page = html(response)
    assert error_message(page)
    typed = {**TYPED, "ends_at": "2021-05-26T08:00"}
    for name in ("title", "starts_at", "ends_at", "organisers", "capacity", "theme", "timezone"):
        assert field_value(page, name) == typed[name], name
    assert field_value(page, "summary").strip() == TYPED["summary"]
    assert [b["value"] for b in page.select("input[name=languages][checked]")] == ["es", "en"]


def test_a_missing_title_marks_the_field(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(client, NEW, {**TYPED, "title": " "})
    assert response.status_code == 422
    assert html(response).find("input", attrs={"name": "title"})["aria-invalid"] == "true"


def test_only_the_committee_records_sessions(client, web_people):
    sign_in(client, web_people.member.email)
    assert client.get(NEW).status_code == 403
    assert form_post(client, NEW, TYPED).status_code == 403
    assert upload(client, "nota.md", NOTE.encode()).status_code == 403
    assert consultations.list_sessions(client.app.state.db, web_people.member, SLUG) == []


def test_the_edit_form_keeps_the_announced_offset(client, web_people, seeded):
    session_ref, _ = seeded
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/sessions/{session_ref}/edit"))
    assert field_value(page, "starts_at") == "2021-05-26T09:55"
    assert field_value(page, "timezone") == "UTC\u221203:00"
    data = {
        name: field_value(page, name)
        for name in (
            "title",
            "starts_at",
            "ends_at",
            "timezone",
            "place",
            "platform",
            "organisers",
            "capacity",
            "theme",
            "summary",
        )
    }
    data["languages"] = [b["value"] for b in page.select("input[name=languages][checked]")]
    data["title"] = "1.1.1 Alianzas (revisado)"
    response = form_post(client, f"/p/{SLUG}/sessions/{session_ref}/edit", data)
    assert response.status_code == 303, error_message(html(response))
    stored = consultations.get_session(client.app.state.db, web_people.committee, SLUG, session_ref)
    assert stored.title == "1.1.1 Alianzas (revisado)"
    assert stored.starts_at.astimezone(UTC) == datetime(2021, 5, 26, 12, 55, tzinfo=UTC)
    assert stored.utc_offset_minutes == -180 and stored.capacity == 150


def test_the_session_page_shows_its_recommendations_and_the_form_to_whom_may_add(client, web_people, seeded):
    session_ref, rec_ref = seeded
    path = f"/p/{SLUG}/sessions/{session_ref}"
    action = f"{path}/recommendations"
    sign_in(client, web_people.observer.email)
    page = html(client.get(path))
    assert [a.get_text() for a in page.select("ol.rec-list a.ref")] == [rec_ref]
    assert form_at(page, action) is None
    assert page.find("a", href=f"{path}/edit") is None

    sign_in(client, web_people.member.email)
    page = html(client.get(path))
    form = form_at(page, action)
    assert form is not None
    assert field_value(page, "language", form) == "es"  # the process's source language
    assert {f["name"] for f in form.select("input, textarea, select") if f.get("name")} >= {
        "text",
        "author",
        "organisation",
        "themes",
        "language",
    }


def test_a_member_adds_a_recommendation(client, web_people, seeded):
    session_ref, _ = seeded
    sign_in(client, web_people.member.email)
    data = {
        "text": "Más recursos para las ciudades intermedias",
        "author": "Tomás",
        "organisation": "CGLU",
        "themes": "finanzas, Territorio",
        "language": "es",
    }
    response = form_post(client, f"/p/{SLUG}/sessions/{session_ref}/recommendations", data)
    assert response.status_code == 303
    page = html(client.get(response.headers["location"]))
    items = page.select("ol.rec-list li")
    assert len(items) == 2
    assert items[-1].find("p").get_text(strip=True) == data["text"]
    assert [t.get_text() for t in items[-1].select(".tag")] == ["finanzas", "territorio"]


def test_an_empty_recommendation_is_shown_again_with_what_was_typed(client, web_people, seeded):
    session_ref, _ = seeded
    sign_in(client, web_people.member.email)
    response = form_post(
        client,
        f"/p/{SLUG}/sessions/{session_ref}/recommendations",
        {"text": "", "author": "Tomás", "themes": "agua", "language": "fr"},
    )
    assert response.status_code == 422
    page = html(response)
    form = page.find("form", id="add-recommendation")
    assert error_message(page)
    assert field_value(page, "author", form) == "Tomás"
    assert field_value(page, "themes", form) == "agua"
    assert field_value(page, "language", form) == "fr"


def test_an_observer_cannot_add_a_recommendation(client, web_people, seeded):
    session_ref, _ = seeded
    sign_in(client, web_people.observer.email)
    response = form_post(client, f"/p/{SLUG}/sessions/{session_ref}/recommendations", {"text": "Hola"})
    assert response.status_code == 403


def test_a_concept_note_becomes_a_session(client, web_people):
    sign_in(client, web_people.committee.email)
    response = upload(client, "agua-y-territorio.md", NOTE.encode())
    assert response.status_code == 303
    assert response.headers["location"] == f"/p/{SLUG}/sessions/agua-y-territorio"
    page = html(client.get(response.headers["location"]))
    assert page.find("h1").get_text(strip=True) == "Diálogo: agua y territorio"
    assert page.select_one(".summary strong").get_text() == "nota"


def test_a_malformed_concept_note_names_the_file_and_line(client, web_people):
    sign_in(client, web_people.committee.email)
    broken = NOTE.replace('organisers: ["CGLU"]', 'organisers: ["CGLU"')
    response = upload(client, "rota.md", broken.encode())
    assert response.status_code == 422
    message = html(response).find(id="import-error").get_text(strip=True)
    assert message.startswith("rota.md:")
    assert message.split(":")[1].isdigit()
    assert consultations.list_sessions(client.app.state.db, web_people.committee, SLUG) == []


def test_a_concept_note_with_a_bad_date_points_at_its_line(client, web_people):
    sign_in(client, web_people.committee.email)
    response = upload(client, "fecha.md", NOTE.replace("2021-10-06T16:00:00+02:00", "mañana").encode())
    assert response.status_code == 422
    assert html(response).find(id="import-error").get_text(strip=True).startswith("fecha.md:3:")


def test_a_concept_note_that_is_not_utf8_is_refused_readably(client, web_people):
    sign_in(client, web_people.committee.email)
    response = upload(client, "latin1.md", NOTE.encode("latin-1"))
    assert response.status_code == 422
    message = html(response).find(id="import-error").get_text(strip=True)
    assert message.startswith("latin1.md:2:") and "UTF-8" in message


def test_importing_without_a_file_asks_for_one(client, web_people):
    sign_in(client, web_people.committee.email)
    response = upload(client, "", b"")
    assert response.status_code == 422
    assert html(response).find(id="import-error")


def test_a_session_announced_east_of_utc_can_be_edited(client, web_people):
    """UTC+02:00 (a plus sign) comes back from the form as the browser sends it, and saves."""
    sign_in(client, web_people.committee.email)
    note = NOTE.encode()
    response = upload(client, "dialogo.md", note)
    assert response.status_code == 303
    path = response.headers["location"]
    page = html(client.get(path + "/edit"))
    assert field_value(page, "timezone") == "UTC+02:00"
    data = {name: field_value(page, name) for name in SESSION_NAMES}
    data["languages"] = [b["value"] for b in page.select("input[name=languages][checked]")]
    response = form_post(client, path + "/edit", data)
    assert response.status_code == 303, error_message(html(response))
    stored = consultations.get_session(client.app.state.db, web_people.committee, SLUG, path.rsplit("/", 1)[1])
    assert stored.utc_offset_minutes == 120
    assert stored.starts_at.astimezone(UTC) == datetime(2021, 10, 6, 14, 0, tzinfo=UTC)


SESSION_NAMES = (
    "title",
    "starts_at",
    "ends_at",
    "timezone",
    "place",
    "platform",
    "organisers",
    "capacity",
    "theme",
    "summary",
)


def test_a_refused_field_is_named_by_its_label_not_its_code(client, web_people):
    sign_in(client, web_people.committee.email)
    refused = form_post(
        client,
        f"/p/{SLUG}/sessions/new",
        {"title": "Sesión", "starts_at": "", "ends_at": "2021-05-26T11:25", "timezone": "UTC"},
    )
    assert refused.status_code == 422
    said = error_message(html(refused))
    assert "starts_at" not in said and "Starts" in said


def test_every_refused_field_of_a_session_is_named_at_once(client, web_people):
    sign_in(client, web_people.committee.email)
    refused = form_post(
        client,
        f"/p/{SLUG}/sessions/new",
        {"title": "", "starts_at": "mañana", "ends_at": "2021-05-26T11:25", "timezone": "UTC", "capacity": "muchos"},
    )
    assert refused.status_code == 422
    page = html(refused)
    items = [li.get_text(" ", strip=True) for li in page.select("#form-error li")]
    assert (
        len(items) == 3 and any("Title" in i for i in items) and any("Capacity" in i or "capacity" in i for i in items)
    )
    assert {el["name"] for el in page.select("[aria-invalid=true]")} >= {"title", "starts_at", "capacity"}
    api = client.post(
        f"/api/processes/{SLUG}/sessions",
        headers=token_headers(client, web_people.committee.email),
        json={"title": "", "starts_at": "mañana", "ends_at": "2021-05-26T11:25"},
    )
    assert api.status_code == 422 and len(api.json()["detail"]["errors"]) == 2
