"""Recommendations: the filtered list and its CSV, one recommendation, its edit and the committee's decision."""

from __future__ import annotations

import csv
import io

import pytest
from msgspec.structs import replace

from tests.conftest import SESSION, join
from tests.web.conftest import form_post, sign_in
from tests.web.pages import test_pages_support as support
from tests.web.pages.test_pages_support import SLUG, field_value, form_at, html
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import Decision
from workspace.services import consultations
from workspace.services.consultations import CSV_COLUMNS

# Fixtures shared by the page tests (the first is autouse).
seeded = support.seeded

LIST = f"/p/{SLUG}/recommendations"


@pytest.fixture
def several(web_store, web_people):
    """Two sessions, four recommendations, one incorporated."""
    first = consultations.create_session(web_store, web_people.committee, SLUG, SESSION)
    second = consultations.create_session(
        web_store, web_people.committee, SLUG, replace(SESSION, title="Agua y saneamiento")
    )
    refs = [
        consultations.add_recommendation(
            web_store,
            web_people.member,
            SLUG,
            first.ref,
            RecommendationFields(text="Gobernanza multinivel", themes="gobernanza"),
        ).ref,
        consultations.add_recommendation(
            web_store,
            web_people.member,
            SLUG,
            first.ref,
            RecommendationFields(
                text="Financiación local directa", themes="finanzas, gobernanza", organisation="CONGOPE"
            ),
        ).ref,
        consultations.add_recommendation(
            web_store,
            web_people.committee,
            SLUG,
            second.ref,
            RecommendationFields(text="Acceso universal al agua", themes="agua"),
        ).ref,
        consultations.add_recommendation(
            web_store,
            web_people.committee,
            SLUG,
            second.ref,
            RecommendationFields(text="Tarifas sociales del agua", themes="agua, finanzas"),
        ).ref,
    ]
    consultations.decide_recommendation(web_store, web_people.committee, SLUG, refs[1], Decision(status="incorporated"))
    return first.ref, second.ref, refs


def listed(client, query: str = "") -> list[str]:
    page = html(client.get(f"{LIST}{query}"))
    return [row.find("th").get_text(strip=True) for row in page.select("table.recommendations tbody tr")]


def test_the_list_shows_every_recommendation_with_its_filters(client, web_people, several):
    first, second, refs = several
    sign_in(client, web_people.observer.email)
    page = html(client.get(LIST, headers={"Accept-Language": "en"}))
    rows = page.select("table.recommendations tbody tr")
    assert [r.find("th").get_text(strip=True) for r in rows] == sorted(refs)
    assert page.select_one(".result-count").get_text(strip=True) == "4 recommendations"
    form = page.find("form", attrs={"method": "get"}, class_="filters")
    assert [o["value"] for o in form.find("select", attrs={"name": "session"}).find_all("option")] == [
        "",
        first,
        second,
    ]
    assert [o["value"] for o in form.find("select", attrs={"name": "theme"}).find_all("option")] == [
        "",
        "agua",
        "finanzas",
        "gobernanza",
    ]
    assert [o["value"] for o in form.find("select", attrs={"name": "status"}).find_all("option")][1:] == [
        "open",
        "incorporated",
        "partly_incorporated",
        "not_retained",
    ]
    assert form.find("input", attrs={"name": "q"})
    row = next(r for r in rows if r.find("th").get_text(strip=True) == refs[1])
    cells = row.find_all("td")
    assert cells[0].get_text(strip=True) == "Financiación local directa"
    assert cells[1].find("a")["href"] == f"/p/{SLUG}/sessions/{first}"
    assert [t.get_text() for t in cells[2].select(".tag")] == ["finanzas", "gobernanza"]
    assert cells[3].select_one(".badge")["class"] == ["badge", "status-incorporated"]


def test_filters_narrow_the_list_and_stay_selected(client, web_people, several):
    _, second, refs = several
    sign_in(client, web_people.member.email)
    assert listed(client, f"?session={second}") == sorted(refs[2:])
    assert listed(client, "?theme=finanzas") == sorted([refs[1], refs[3]])
    assert listed(client, "?status=incorporated") == [refs[1]]
    assert listed(client, "?q=AGUA") == sorted(refs[2:])
    assert listed(client, "?session=&theme=&status=&q=") == sorted(refs)
    page = html(client.get(f"{LIST}?theme=finanzas&status=open&q=tarifas"))
    assert field_value(page, "theme") == "finanzas"
    assert field_value(page, "status") == "open"
    assert field_value(page, "q", page.select_one("form.filters")) == "tarifas"  # the header's search box has a q too
    assert (
        page.find("a", string=lambda s: s and "CSV" in s)["href"] == f"{LIST}.csv?theme=finanzas&status=open&q=tarifas"
    )


def test_the_csv_has_a_header_and_the_filtered_rows(client, web_people, several):
    _, second, refs = several
    sign_in(client, web_people.observer.email)
    response = client.get(f"{LIST}.csv?session={second}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[0] for r in rows[1:]] == sorted(refs[2:])
    assert {r[CSV_COLUMNS.index("session_title")] for r in rows[1:]} == {"Agua y saneamiento"}


def test_the_detail_page_shows_the_forms_each_role_may_use(client, web_people, seeded):
    _, ref = seeded
    path = f"{LIST}/{ref}"
    expected = {
        "committee": (True, True),
        "member": (True, False),
        "observer": (False, False),
        "translator": (False, False),
    }
    for role, (edit, decide) in expected.items():
        sign_in(client, getattr(web_people, role).email)
        page = html(client.get(path))
        assert page.select_one("blockquote.rec-text").get_text(strip=True) == "Fortalecer la gobernanza multinivel"
        assert (form_at(page, f"{path}/edit") is not None) == edit, role
        assert (form_at(page, f"{path}/decision") is not None) == decide, role


def test_the_committee_decides(client, web_people, seeded):
    _, ref = seeded
    sign_in(client, web_people.committee.email)
    response = form_post(
        client, f"{LIST}/{ref}/decision", {"status": "partly_incorporated", "reason": "Se recoge en op_3."}
    )
    assert response.status_code == 303
    page = html(client.get(f"{LIST}/{ref}"))
    assert page.select_one(".heading-row .badge")["class"] == ["badge", "status-partly_incorporated"]
    assert field_value(page, "status") == "partly_incorporated"


def test_not_retained_without_a_reason_is_shown_again(client, web_people, seeded):
    _, ref = seeded
    sign_in(client, web_people.committee.email)
    response = form_post(client, f"{LIST}/{ref}/decision", {"status": "not_retained", "reason": ""})
    assert response.status_code == 422
    page = html(response)
    form = page.find("form", id="decision-form")
    assert form.find_parent("section").find(id="form-error").get_text(strip=True)  # beside the decision form
    assert field_value(page, "status", form) == "not_retained"
    assert consultations.get_recommendation(client.app.state.db, web_people.committee, SLUG, ref).status == "open"


def test_a_member_cannot_decide(client, web_people, seeded):
    _, ref = seeded
    sign_in(client, web_people.member.email)
    response = form_post(client, f"{LIST}/{ref}/decision", {"status": "incorporated"})
    assert response.status_code == 403
    assert consultations.get_recommendation(client.app.state.db, web_people.member, SLUG, ref).status == "open"


def test_its_author_edits_an_open_recommendation(client, web_people, seeded):
    session_ref, ref = seeded
    sign_in(client, web_people.member.email)
    page = html(client.get(f"{LIST}/{ref}"))
    form = page.find("form", id="edit-form")
    assert field_value(page, "themes", form) == "gobernanza, finanzas"
    assert field_value(page, "session", form) == session_ref
    data = {
        "text": "Fortalecer la gobernanza multinivel y local",
        "author": "Ana",
        "organisation": "",
        "themes": "gobernanza",
        "language": "es",
        "session": session_ref,
    }
    response = form_post(client, f"{LIST}/{ref}/edit", data)
    assert response.status_code == 303
    assert html(client.get(f"{LIST}/{ref}")).select_one("blockquote.rec-text").get_text(strip=True) == data["text"]


def test_an_emptied_recommendation_is_shown_again_open(client, web_people, seeded):
    session_ref, ref = seeded
    sign_in(client, web_people.committee.email)
    data = {"text": "", "author": "Ana María", "themes": "x", "language": "fr", "session": session_ref}
    response = form_post(client, f"{LIST}/{ref}/edit", data)
    assert response.status_code == 422
    page = html(response)
    form = page.find("form", id="edit-form")
    assert form.find_parent("details").has_attr("open")
    assert field_value(page, "author", form) == "Ana María"
    assert field_value(page, "language", form) == "fr"


def test_another_member_cannot_edit_it(client, web_people, seeded, web_store):
    _, ref = seeded
    join(web_store, web_people.committee, SLUG, web_people.outsider, "member")
    sign_in(client, web_people.outsider.email)
    response = form_post(client, f"{LIST}/{ref}/edit", {"text": "Otra cosa"})
    assert response.status_code == 403
