"""Translation pages: progress, the editor (save, mark translated, approve, send back, a stale save),
the aligned view and the glossary."""

from __future__ import annotations

from tests.web import test_pages_support as support
from tests.web.conftest import form_post, sign_in
from tests.web.test_pages_support import SLUG, error_message, html, import_zero

cheap_password_hashing = support.cheap_password_hashing
API = f"/api/processes/{SLUG}"
T = f"/p/{SLUG}/translations"


def test_a_translator_translates_and_the_committee_approves(client, web_people):
    committee = import_zero(client, web_people)
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"{T}/en?version=1"))
    rows = page.select("li.trow")
    assert [r["id"] for r in rows][:2] == ["hdg_1", "pre_1"] and all("state-missing" in r["class"] for r in rows)
    form = page.select_one("li#op_1 form.tform")
    revision = form.find("input", attrs={"name": "source_revision"})["value"]
    saved = form_post(client, f"{T}/en/op_1", {"text": "We commit to strengthening multilevel governance.", "source_revision": revision,
                                               "version": "1", "action": "translated", "go": "next", "next_eid": "op_2"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("#op_2")
    assert html(client.get(f"{T}/en?version=1")).select_one("li#op_1 .badge").get_text(strip=True) == "Translated"
    assert html(client.get(f"{T}/en?version=1")).select_one("li#op_1 form.review") is None  # translators do not review

    stale = form_post(client, f"{T}/en/op_2", {"text": "We ask.", "source_revision": "0" * 64, "version": "1", "action": "draft"})
    assert stale.status_code == 409 and error_message(html(stale))
    assert html(stale).select_one("li#op_2 textarea").get_text() == "We ask."  # the typed text is kept

    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    assert form_post(client, f"{T}/en/op_1/review", {"version": "1", "action": "approve"}).status_code == 303
    progress = html(client.get(T))
    english = progress.select("table.progress")[1].find("a", string="English").find_parent("tr")
    assert "25 % (1/4)" in english.get_text(" ", strip=True)
    assert client.get(f"{API}/editions/en?version=1", headers=committee).json()["paragraphs"][2]["state"] == "approved"
    aligned = html(client.get(f"/p/{SLUG}/declaration/aligned?version=1"))
    assert aligned.select_one("tr#op_1").get_text().count("multilevel governance") == 1


def test_the_glossary_is_edited_by_the_committee_and_read_by_all(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/glossary"))
    revision = page.find("input", attrs={"name": "revision"})["value"]
    saved = form_post(client, f"/p/{SLUG}/glossary", {"revision": revision,
                                                      "terms": "Ciudades Intermedias = en: Intermediary Cities; fr: Villes intermédiaires; !en: Middle Cities"})
    assert saved.status_code == 303
    again = form_post(client, f"/p/{SLUG}/glossary", {"revision": revision, "terms": ""})
    assert again.status_code == 409 and error_message(html(again))
    bad = form_post(client, f"/p/{SLUG}/glossary", {"revision": html(client.get(f"/p/{SLUG}/glossary")).find(
        "input", attrs={"name": "revision"})["value"], "terms": "Sin traducción"})
    assert bad.status_code == 422
    client.cookies.clear()
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"/p/{SLUG}/glossary"))
    assert "Intermediary Cities" in page.get_text() and page.select_one("#glossary-form") is None


def test_the_overview_shows_how_far_each_language_is(client, web_people):
    import_zero(client, web_people)
    sign_in(client, web_people.observer.email)
    panel = html(client.get(f"/p/{SLUG}")).select_one("section[aria-labelledby=translated-title]")
    assert panel is not None and "Borrador cero" in panel.get_text()
    assert [a.get_text(strip=True) for a in panel.select("li a")] == ["English", "French"]
    assert "0 %" in panel.get_text()
