"""Pages of the process list, a new process, the overview, the settings and the activity."""

from __future__ import annotations

import unicodedata

from tests.web.conftest import form_post, sign_in
from tests.web.pages import test_pages_support as support
from tests.web.pages.test_pages_support import SLUG, error_message, field_value, form_at, html
from workspace.services import processes

# Fixtures shared by the page tests (the first is autouse).
seeded = support.seeded

NEW = {
    "slug": "cordoba-2025",
    "title_es": "Declaración de Córdoba",
    "title_en": "Córdoba Declaration",
    "title_fr": "",
    "source_language": "es",
    "languages": ["es", "en", "fr"],
    "timezone": "America/Argentina/Cordoba",
    "place_es": "Córdoba, Argentina",
    "place_en": "Córdoba, Argentina",
    "place_fr": "Cordoue, Argentine",
}


def test_the_process_list_links_to_my_processes(client, web_people):
    sign_in(client, web_people.member.email)
    page = html(client.get("/processes"))
    links = [a["href"] for a in page.select(".cards h2 a")]
    assert links == [f"/p/{SLUG}"]
    assert page.find("a", href="/processes/new")


def test_the_new_process_form_has_every_field(client, web_people):
    sign_in(client, web_people.outsider.email)
    page = html(client.get("/processes/new"))
    form = form_at(page, "/processes/new")
    for name in (
        "slug",
        "title_es",
        "title_en",
        "title_fr",
        "source_language",
        "timezone",
        "place_es",
        "place_en",
        "place_fr",
    ):
        assert form.find(attrs={"name": name}), name
    assert [box["value"] for box in form.select("input[type=checkbox][name=languages]")] == ["es", "en", "fr"]
    # The process's zone is chosen from a list of IANA zones, as the session form's is: no free text.
    select = form.find("select", attrs={"name": "timezone"})
    zones = [o["value"] for o in select.find_all("option")]
    assert "Europe/Istanbul" in zones and "America/Argentina/Buenos_Aires" in zones and "UTC" in zones
    assert field_value(page, "timezone", form) == "UTC"


def test_anyone_signed_in_opens_a_process_and_sits_on_its_committee(client, web_people):
    sign_in(client, web_people.outsider.email)
    response = form_post(client, "/processes/new", NEW)
    assert response.status_code == 303
    assert response.headers["location"] == "/p/cordoba-2025"
    page = html(client.get("/p/cordoba-2025", headers={"Accept-Language": "en"}))
    assert page.find("h1").get_text(strip=True) == "Córdoba Declaration"
    assert page.find("p", attrs={"role": "status"})  # the flash message after the redirect
    about = dict(
        zip(
            [dt.get_text(strip=True) for dt in page.select("dl.meta dt")],
            [dd.get_text(" ", strip=True) for dd in page.select("dl.meta dd")],
            strict=True,
        )
    )
    assert about["Your role"] == "Drafting committee"
    assert about["Time zone"] == "Cordoba (Argentina)"  # its city and country, in the reader's language
    french = html(client.get("/p/cordoba-2025", headers={"Accept-Language": "fr"}))
    assert "Cordoue, Argentine" in french.select_one("dl.meta").get_text()  # the place in the reader's language


def test_a_bad_process_is_shown_again_with_the_message_and_what_was_typed(client, web_people):
    sign_in(client, web_people.outsider.email)
    response = form_post(client, "/processes/new", {**NEW, "slug": "Not A Slug!"})
    assert response.status_code == 422
    page = html(response)
    assert "Not A Slug!" in error_message(page)
    assert field_value(page, "slug") == "Not A Slug!"
    assert field_value(page, "title_es") == "Declaración de Córdoba"
    assert field_value(page, "timezone") == "America/Argentina/Cordoba"
    assert field_value(page, "place_fr") == "Cordoue, Argentine"
    assert [b["value"] for b in page.select("input[name=languages][checked]")] == ["es", "en", "fr"]


def test_an_unknown_time_zone_is_refused(client, web_people):
    sign_in(client, web_people.outsider.email)
    response = form_post(client, "/processes/new", {**NEW, "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "Mars/Olympus" in error_message(html(response))


def test_a_taken_slug_is_a_conflict(client, web_people):
    sign_in(client, web_people.outsider.email)
    response = form_post(client, "/processes/new", {**NEW, "slug": SLUG})
    assert response.status_code == 409
    assert field_value(html(response), "title_en") == "Córdoba Declaration"


def test_the_overview_lists_sessions_and_counts(client, web_people, seeded):
    session_ref, _ = seeded
    sign_in(client, web_people.observer.email)
    page = html(client.get(f"/p/{SLUG}", headers={"Accept-Language": "en"}))
    assert page.find("h1").get_text(strip=True) == "Kütahya Declaration"
    rows = page.select("table.sessions tbody tr")
    assert len(rows) == 1
    cells = rows[0].find_all(["th", "td"])
    assert cells[0].get_text(" ", strip=True).startswith("26 May 2021")
    assert "15:55" in cells[0].get_text()  # 09:55 at UTC−03:00 is 15:55 in Istanbul
    assert "UTC\u221203:00" in cells[0].get_text()  # and the time as announced
    assert rows[0].find("a")["href"] == f"/p/{SLUG}/sessions/{session_ref}"
    assert cells[2].get_text(strip=True) == "UCLG Forum of Regions, CONGOPE"
    assert cells[3].get_text(strip=True) == "Online: Zoom"
    assert cells[4].get_text(strip=True) == "1"
    counts = {
        li.select_one(".badge")["class"][1]: li.select_one(".count").get_text() for li in page.select("ul.counts li")
    }
    assert counts == {
        "status-open": "1",
        "status-incorporated": "0",
        "status-partly_incorporated": "0",
        "status-not_retained": "0",
    }
    # An observer records nothing.
    assert not page.find("a", href=f"/p/{SLUG}/sessions/new")


def test_the_committee_changes_the_settings(client, web_people):
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/edit"))
    form = form_at(page, f"/p/{SLUG}/edit")
    assert form.find(attrs={"name": "slug"}) is None  # the address never changes
    assert field_value(page, "title_fr") == "Déclaration de Kütahya"
    assert field_value(page, "phase") == "consultation"
    assert form.find("select", attrs={"name": "timezone"}).find("option", selected=True)["value"] == "Europe/Istanbul"
    data = {
        "title_es": "Declaración de Kütahya",
        "title_en": "Kütahya Declaration",
        "title_fr": "Déclaration de Kütahya",
        "source_language": "es",
        "languages": ["es", "en", "fr"],
        "timezone": "Europe/Istanbul",
        "place_es": "Kütahya, Turquía",
        "place_en": "Kütahya, Türkiye",
        "place_fr": "",
        "phase": "drafting",
    }
    response = form_post(client, f"/p/{SLUG}/edit", data)
    assert response.status_code == 303 and response.headers["location"] == f"/p/{SLUG}"
    view = processes.get_process(client.app.state.db, web_people.committee, SLUG)
    assert (view.places, view.phase) == (
        {"es": "Kütahya, Turquía", "en": "Kütahya, Türkiye"},
        "drafting",
    )  # an empty one is none
    assert field_value(html(client.get(f"/p/{SLUG}/edit")), "place_en") == "Kütahya, Türkiye"


def test_bad_settings_are_shown_again(client, web_people):
    sign_in(client, web_people.committee.email)
    data = {
        "title_es": "",
        "title_en": "Only English",
        "source_language": "es",
        "languages": ["es", "en"],
        "timezone": "UTC",
        "place_es": "X",
        "phase": "drafting",
    }
    response = form_post(client, f"/p/{SLUG}/edit", data)
    assert response.status_code == 422
    page = html(response)
    assert error_message(page)
    assert field_value(page, "title_en") == "Only English"
    assert field_value(page, "phase") == "drafting"


def test_only_the_committee_reaches_the_settings(client, web_people):
    sign_in(client, web_people.member.email)
    assert client.get(f"/p/{SLUG}/edit").status_code == 403
    response = form_post(client, f"/p/{SLUG}/edit", {"title_es": "Tomada", "source_language": "es", "languages": "es"})
    assert response.status_code == 403
    assert html(response).find("h1").get_text(strip=True)


def test_the_activity_page_shows_who_did_what(client, web_people, seeded):
    sign_in(client, web_people.translator.email)
    page = html(client.get(f"/p/{SLUG}/activity", headers={"Accept-Language": "en"}))
    rows = page.select("table.activity tbody tr")
    what = [row.find_all("td")[2].get_text(strip=True) for row in rows]
    assert what[0] == "added a recommendation"  # newest first
    assert "recorded a session" in what and "opened the process" in what
    who = [row.find_all("td")[1].get_text(strip=True) for row in rows]
    assert who[0] == "Member"
    assert rows[0].find("a")["href"].startswith(f"/p/{SLUG}/recommendations/")


def reading_order(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def zone_groups(select) -> dict[str, dict[str, str]]:
    """{region: {IANA name: label}} of a zone select's groups."""
    return {
        group["label"]: {o["value"]: o.get_text(strip=True) for o in group.find_all("option")}
        for group in select.find_all("optgroup")
    }


def test_the_time_zones_are_grouped_by_region_and_named_in_the_readers_language(client, web_people):
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/edit", headers={"Accept-Language": "fr"}))
    select = form_at(page, f"/p/{SLUG}/edit").find("select", attrs={"name": "timezone"})
    groups = zone_groups(select)
    assert list(groups) == [
        "Afrique",
        "Amérique",
        "Antarctique",
        "Arctique",
        "Asie",
        "Australie",
        "Europe",
        "Océan Atlantique",
        "Océan Indien",
        "Océan Pacifique",
    ]  # in the order they read
    assert groups["Europe"]["Europe/Paris"] == "Paris (France)"
    assert groups["Europe"]["Europe/London"] == "Londres (Royaume-Uni)"
    assert groups["Amérique"]["America/Argentina/Buenos_Aires"] == "Buenos Aires (Argentine)"
    assert groups["Asie"]["Asia/Kolkata"] == "Kolkata (Inde)"
    assert "Asia/Calcutta" not in groups["Asie"]  # an older name of a zone listed is left out
    labels = list(groups["Europe"].values())
    assert labels == sorted(labels, key=reading_order)
    assert labels.index("Île de Man") < labels.index("Istanbul (Turquie)")  # accents aside
    first = select.find("option")
    assert (first["value"], first.get_text(strip=True)) == ("UTC", "UTC")
    chosen = select.find("option", selected=True)
    assert (chosen["value"], chosen.get_text(strip=True)) == ("Europe/Istanbul", "Istanbul (Turquie)")
    assert not [o for o in select.find_all("option") if "_" in o.get_text()]  # no raw IANA names
    spanish = html(client.get(f"/p/{SLUG}/edit", headers={"Accept-Language": "es"}))
    assert zone_groups(spanish.find("select", attrs={"name": "timezone"}))["Europa"]["Europe/London"] == (
        "Londres (Reino Unido)"
    )


def test_a_zone_chosen_from_the_groups_is_saved_by_its_iana_name(client, web_people):
    sign_in(client, web_people.committee.email)
    client.headers["Accept-Language"] = "fr"
    form = form_at(html(client.get(f"/p/{SLUG}/edit")), f"/p/{SLUG}/edit")
    data = {
        "title_es": "Declaración de Kütahya",
        "title_en": "Kütahya Declaration",
        "source_language": "es",
        "languages": ["es", "en", "fr"],
        "place_es": "Kütahya, Turquía",
        "phase": "consultation",
    }
    paris = form.find("option", string="Paris (France)")["value"]
    for zone in (paris, "Asia/Calcutta"):  # one from the list, and an older name a process may hold
        response = form_post(client, f"/p/{SLUG}/edit", {**data, "timezone": zone})
        assert response.status_code == 303, response.text
        assert processes.get_process(client.app.state.db, web_people.committee, SLUG).timezone == zone
        select = html(client.get(f"/p/{SLUG}/edit")).find("select", attrs={"name": "timezone"})
        chosen = select.find_all("option", selected=True)
        assert [o["value"] for o in chosen] == [zone]  # offered, and chosen, whatever its name
    assert chosen[0].get_text(strip=True) == "Kolkata (Inde) · Asia/Calcutta"


def test_the_session_form_offers_the_process_zone_first_then_the_regions(client, web_people):
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"/p/{SLUG}/sessions/new", headers={"Accept-Language": "es"}))
    select = page.find("select", attrs={"name": "timezone"})
    first = select.find("option")
    assert (first["value"], first.get_text(strip=True), first.has_attr("selected")) == (
        "Europe/Istanbul",
        "Estambul (Turquía)",
        True,
    )
    groups = zone_groups(select)
    assert groups["Europa"]["Europe/Madrid"] == "Madrid (España)"
    assert "Europe/Istanbul" not in groups["Europa"]  # once, at the top
