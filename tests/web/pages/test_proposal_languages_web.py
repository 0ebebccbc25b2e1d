"""Proposals and amendments in another language, as the pages show them (issue 67, item 7): the proposal form says
which paragraphs the edition it is written in has, before anything is typed; a French proposal is read whole, and the
box to render it into Spanish starts from a machine draft, as an amendment's does; the French reading page marks each
paragraph shown in Spanish; an amendment not rendered into Spanish yet is shown in its French words, said so, never
as "applies cleanly" over the paragraph unchanged. (In Chromium: tests/e2e/test_proposal_languages_browser.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_renderings import FR, FR_AMENDED, editions  # noqa: F401 - the fixture
from tests.web.pages.test_pages_support import SLUG, html
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from workspace.domain.submissions.submissions import CompileSubmissions, OpenWindow, Submit
from workspace.services import delegations, processes, submissions
from workspace.services.submissions import machine
from workspace.services.translations.machine import Apertium

PAGE = f"/p/{SLUG}/submissions"
EN = {"Accept-Language": "en"}
# Longer than the 160 characters the list used to cut a proposal at ("…l'éducation…").
LONG_FR = (
    "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local, l’éducation et la "
    "culture des villes intermédiaires, pour que chaque habitante et chaque habitant y trouve sa place."
)


@pytest.fixture
def window(web_store, web_people, editions):  # noqa: F811 - the fixture
    """Version 1 (op_2 translated into French and English, pre_1 and op_1 not), the member speaking for ARG, and a
    window open now."""
    delegations.add_delegation(
        web_store, web_people.committee, SLUG, AddDelegation(code="ARG", names={"es": "Argentina"})
    )
    processes.update_member(
        web_store, web_people.committee, SLUG, web_people.member.email, MemberChange(delegation="ARG")
    )
    now = datetime.now(ZoneInfo("UTC"))
    submissions.open_window(
        web_store,
        web_people.committee,
        SLUG,
        OpenWindow(opens=(now - timedelta(hours=1)).isoformat(), closes=(now + timedelta(hours=2)).isoformat()),
    )


def test_the_proposal_form_says_which_paragraphs_the_edition_it_is_written_in_has(client, web_people, window):
    sign_in(client, web_people.member.email)
    form = html(client.get(PAGE, headers=EN)).select_one("#proposal-form")
    fields = [label["for"] for label in form.select("label")]
    assert fields.index("p-lang") < fields.index("p-eid") < fields.index("p-text")  # the edition is chosen first
    options = {o["value"]: o for o in form.select("#p-eid option") if o["value"]}
    assert options["op_2"]["data-editions"].split() == ["es", "en", "fr"]
    assert options["op_1"]["data-editions"].split() == ["es"]
    assert not form.select("#p-eid option[disabled]")  # written in the source: every paragraph
    assert form.select_one("#p-editions").has_attr("hidden")
    listed = form.select_one("#p-eid")
    assert listed["data-missing-fr"] == "not in the French edition yet"
    assert listed["aria-describedby"] == "p-editions"

    # Without a script, the choice is marked once the server has it: here, on a proposal it refused.
    refused = form_post(
        client, PAGE, {"kind": "modify", "eid": "op_1", "text": "Nous nous engageons.", "lang": "fr"}, headers=EN
    )
    assert refused.status_code == 422, refused.text
    shown = html(refused).select_one("#proposal-form")
    marked = shown.select_one("#p-eid option[value=op_1]")
    assert marked.has_attr("disabled") and marked.get_text().endswith("— not in the French edition yet")
    assert shown.select_one("#p-eid option[value=pre_1]").has_attr("disabled")
    assert not shown.select_one("#p-eid option[value=op_2]").has_attr("disabled")
    hint = shown.select_one("#p-editions")
    assert not hint.has_attr("hidden") and hint.get_text().startswith("The French edition has 1 paragraph of this text")
    assert not shown.select("#p-after option[disabled]")  # a new paragraph may go after any
    deletion = form_post(client, PAGE, {"kind": "delete", "eid": "", "text": "", "lang": "fr"}, headers=EN)
    assert deletion.status_code == 422  # no paragraph named: a deletion needs no translation, none is marked
    assert not html(deletion).select("#p-eid option[disabled]")


@pytest.mark.needs("apertium")
def test_a_french_proposal_is_read_whole_and_its_rendering_starts_from_a_machine_draft(
    client, web_store, web_people, window
):
    sign_in(client, web_people.member.email)
    filed = form_post(client, PAGE, {"kind": "modify", "eid": "op_2", "text": LONG_FR, "lang": "fr"})
    assert filed.status_code == 303, filed.text
    assert not html(client.get(PAGE)).select("a.machine-link")  # the committee's, who render

    sign_in(client, web_people.committee.email)
    row = html(client.get(PAGE, headers=EN)).select_one("tr#s1")
    assert row.select_one("p.proposal-text[lang=fr]").get_text() == LONG_FR  # whole
    assert row.select_one("form.rendering-form textarea").get_text() == ""
    link = row.select_one("a.machine-link")
    assert link.get_text() == "Machine draft"
    drafted = html(client.get(PAGE + link["href"].split("#")[0], headers=EN)).select_one("tr#s1")
    spanish = Apertium().translate(LONG_FR, "fr", "es")
    assert spanish and spanish != LONG_FR
    label = drafted.select_one(".suggestion.machine p.small").get_text()
    assert label == "Machine draft (Apertium): read and correct every word before saving it."
    assert drafted.select_one(".suggestion.machine p[lang=es]").get_text() == spanish
    form = drafted.select_one("form.rendering-form")
    assert form.select_one("textarea[lang=es]").get_text() == spanish  # the box starts from it, to correct
    fields = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    corrected = spanish.replace("fermement", "firmemente")
    saved = form_post(client, form["action"], {**fields, "text": corrected})
    assert saved.status_code == 303, saved.text
    again = html(client.get(PAGE, params={"machine": "1"}, headers=EN)).select_one("tr#s1")
    assert again.select_one("form.rendering-form textarea").get_text() == corrected  # the rendering, not the draft
    assert again.select_one(".suggestion.machine p[lang=es]").get_text() == spanish  # beside it

    # Refused as rendering it would be, and where no engine drafts.
    with pytest.raises(Forbidden):
        machine.machine_rendering(web_store, Apertium(), web_people.member, SLUG, 1)
    with pytest.raises(NotFound):
        machine.machine_rendering(web_store, None, web_people.committee, SLUG, 1)
    with pytest.raises(NotFound):
        machine.machine_rendering(web_store, Apertium(), web_people.committee, SLUG, 9)
    source = submissions.submit(
        web_store, web_people.member, SLUG, Submit(kind="modify", eid="op_1", text="Nos comprometemos ya.")
    )
    with pytest.raises(InvalidInput):
        machine.machine_rendering(web_store, Apertium(), web_people.committee, SLUG, source.number)
    submissions.compile_submissions(web_store, web_people.committee, SLUG, CompileSubmissions())
    with pytest.raises(Conflict):
        machine.machine_rendering(web_store, Apertium(), web_people.committee, SLUG, 1)


def test_the_french_reading_page_marks_each_paragraph_shown_in_spanish(client, web_people, editions):  # noqa: F811
    sign_in(client, web_people.member.email)
    page = html(
        client.get(f"/p/{SLUG}/declaration/versions/1", params={"lang": "fr"}, headers={"Accept-Language": "fr"})
    )
    for eid in ("hdg_1", "pre_1", "op_1"):
        para = page.select_one(f"#{eid}")
        assert para["lang"] == "es", eid  # the words' language, for a screen reader
        badge = para.select_one(".para-margin .badge.untranslated")
        assert badge is not None and badge["lang"] == "fr", eid  # said in the reader's language
        assert badge.get_text() == "Pas encore traduit\u00a0: affiché en espagnol"
        assert not para.select_one(".para-text").find(class_="untranslated")  # selections count the text only
    translated = page.select_one("#op_2")
    assert translated["lang"] == "fr" and FR in translated.get_text() and not translated.select(".untranslated")
    spanish = html(client.get(f"/p/{SLUG}/declaration/versions/1", headers={"Accept-Language": "fr"}))
    assert not spanish.select(".badge.untranslated")  # the source edition has every paragraph


def test_an_amendment_not_rendered_into_spanish_is_shown_in_its_french_words(
    client,
    web_store,
    web_people,
    editions,  # noqa: F811 - the fixture
):
    sign_in(client, web_people.member.email)
    made = form_post(
        client,
        f"/p/{SLUG}/amendments/new",
        {"version": "1", "eid": "op_2", "kind": "modify", "text": FR_AMENDED, "lang": "fr", "action": "propose"},
    )
    assert made.status_code == 303, made.text

    def said(page, selector):
        found = page.select_one(selector)
        assert found is not None, selector
        return found.get_text(" ", strip=True)

    detail = html(client.get(f"/p/{SLUG}/amendments/1", headers=EN))
    now = detail.select_one("section[aria-labelledby=now-title]")
    assert "applies cleanly" not in now.get_text()
    assert said(now, "p.unrendered").startswith("Not rendered into Spanish yet: it changes nothing in this text")
    assert now.select_one("p.diff[lang=fr] ins").get_text().strip() == "fermement"
    proposed = detail.select_one("section[aria-labelledby=proposed-title]")
    assert proposed.select_one("span[lang=fr] ins").get_text().strip() == "fermement"
    assert said(detail, ".heading-row .badge.unrendered") == "not rendered into Spanish yet"
    assert detail.select_one("#e-text").get_text() == FR_AMENDED  # reworded in the words it was proposed in
    assert detail.select_one("#e-text")["lang"] == "fr"
    card = html(client.get(f"/p/{SLUG}/amendments", headers=EN)).select_one("article.amendment")
    assert said(card, "p.diff .unrendered") == "not rendered into Spanish yet — proposed in French"
    assert card.select_one("p.diff span[lang=fr] ins").get_text().strip() == "fermement"

    sign_in(client, web_people.committee.email)
    queue = html(client.get(f"/p/{SLUG}/amendments", headers=EN)).select_one("#q-row-1")
    assert queue.select_one("td.diff span[lang=fr] ins") and said(queue, ".badge.unrendered")
    voting = html(client.get(f"/p/{SLUG}/amendments/voting", headers=EN)).select_one("#v-row-1")
    assert voting.select_one("td.diff span[lang=fr] ins").get_text().strip() == "fermement"

    # Rendered into Spanish, it applies as its Spanish words say.
    source = html(client.get(f"/p/{SLUG}/translations/es/amendments")).select_one("li.rendering-item form")
    fields = {i["name"]: i["value"] for i in source.select("input[type=hidden]")}
    text = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
    assert form_post(client, source["action"], {**fields, "text": text, "state": "rendered"}).status_code == 303
    detail = html(client.get(f"/p/{SLUG}/amendments/1", headers=EN))
    now = detail.select_one("section[aria-labelledby=now-title]")
    assert "It applies cleanly" in now.get_text() and not now.select(".unrendered")
    assert "con firmeza" in now.select_one("p.diff ins").get_text()
    assert not detail.select(".badge.unrendered")
