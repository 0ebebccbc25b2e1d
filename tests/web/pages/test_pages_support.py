"""Helpers shared by the page tests (no tests here): parse a page, seed a session and a recommendation."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SESSION
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.services import consultations

SLUG = "kutahya"


def html(response) -> BeautifulSoup:
    assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]
    return BeautifulSoup(response.text, "html.parser")


def h1(response) -> str:
    return html(response).find("h1").get_text(" ", strip=True)


def field_value(page: BeautifulSoup, name: str, form=None) -> str | None:
    """What a form field holds: an input's value, a textarea's text, a select's chosen option."""
    scope = form or page
    element = scope.find(attrs={"name": name})
    assert element is not None, f"no field {name!r}"
    if element.name == "textarea":
        return element.get_text()
    if element.name == "select":
        chosen = element.find("option", selected=True) or element.find("option")
        return chosen["value"] if chosen else None
    return element.get("value")


def error_message(page: BeautifulSoup) -> str:
    alert = page.find(attrs={"role": "alert"})
    assert alert is not None, "no error message on the page"
    return alert.get_text(" ", strip=True)


def form_at(page: BeautifulSoup, action: str):
    return page.find("form", attrs={"action": action})


@pytest.fixture
def seeded(web_store, web_people):
    """A recorded session with one recommendation from the member; returns (session ref, recommendation ref)."""
    session = consultations.create_session(web_store, web_people.committee, SLUG, SESSION)
    added = consultations.add_recommendation(
        web_store,
        web_people.member,
        SLUG,
        session.ref,
        RecommendationFields(
            text="Fortalecer la gobernanza multinivel", themes=("gobernanza", "finanzas"), author="Ana"
        ),
    )
    return session.ref, added.ref


def import_zero(client, people) -> dict[str, str]:
    """The zero draft of tests/web/api/test_api_amendments.py imported through the API by the committee: its token
    headers."""
    from tests.web.api.test_api_amendments import ZERO
    from tests.web.conftest import token_headers

    headers = token_headers(client, people.committee.email)
    answer = client.post(
        f"/api/processes/{SLUG}/versions/import",
        headers=headers,
        json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"},
    )
    assert answer.status_code == 201, answer.text
    return headers
