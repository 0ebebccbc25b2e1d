"""A published process stays published, through the API and the settings page alike (issue 30: schemathesis moved
one back to the consultation phase)."""

from __future__ import annotations

from tests.integration.services.processes.test_process_phase import PLACES, TITLES, ready_to_publish
from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import error_message, html
from workspace.domain.publication.publication_commands import Publish
from workspace.services.publication import publishing

S = "publicada"


def settings(phase: str) -> dict:
    return {"titles": TITLES, "source_language": "es", "places": PLACES, "phase": phase}


def test_a_published_process_answers_409_when_moved_back_and_its_page_says_why(client, web_store, web_people):
    committee = token_headers(client, web_people.committee.email)
    ready_to_publish(web_store, web_people.committee, S)
    early = client.put(f"/api/processes/{S}", json=settings("published"), headers=committee)
    assert early.status_code == 409 and early.json() == {
        "error": (
            "A process reaches the published phase when one of its versions is published, not through its settings."
        ),
        "detail": {"field": "phase"},
    }
    opened = client.post("/api/processes", json={"slug": "nueva", **settings("published")}, headers=committee)
    assert opened.status_code == 409 and opened.json()["detail"] == {"field": "phase"}

    publishing.publish(
        web_store, web_people.committee, S, Publish(version="Rev.1", symbol="UCLG/T/1"), files_later=True
    )
    back = client.put(f"/api/processes/{S}", json=settings("consultation"), headers=committee)
    assert back.status_code == 409 and back.json() == {
        "error": (
            "This process is published, so it stays in the published phase: to correct its text, publish a "
            "corrigendum; for a new round, open a new process."
        ),
        "detail": {"field": "phase"},
    }
    assert client.get(f"/api/processes/{S}", headers=committee).json()["phase"] == "published"
    kept = client.put(
        f"/api/processes/{S}",
        json={**settings("published"), "titles": {**TITLES, "en": "The Declaration"}},
        headers=committee,
    )
    assert kept.status_code == 200 and kept.json()["phase"] == "published"

    sign_in(client, web_people.committee.email)
    form = {f"title_{code}": title for code, title in TITLES.items()} | {
        f"place_{code}": p for code, p in PLACES.items()
    }
    page = form_post(
        client,
        f"/p/{S}/edit",
        {**form, "source_language": "es", "languages": ["es", "en", "fr"], "timezone": "UTC", "phase": "drafting"},
        headers={"Accept-Language": "fr"},
    )
    assert page.status_code == 409
    assert "rectificatif" in error_message(html(page))
    assert client.get(f"/api/processes/{S}", headers=committee).json()["phase"] == "published"
