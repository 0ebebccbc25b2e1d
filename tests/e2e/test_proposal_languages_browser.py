"""Proposals and amendments in another language, in real Chromium (issue 67, item 7), on the demo's Rev.1 (its French
edition lacks some paragraphs): Chefchaouen's delegate, writing in French, sees which paragraphs the French edition
has before typing anything, and the list follows each choice; the committee reads the French proposal whole and
renders it into Spanish from a machine draft; the French reading page marks each paragraph shown in Spanish; an
amendment proposed in French and not rendered yet is shown in its French words, never as "applies cleanly" over the
paragraph unchanged."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_amendments_browser import MEMBER, SLUG
from workspace.services.translations.machine import Apertium

chromium_or_skip()

pytestmark = pytest.mark.e2e
PROPOSED = (
    "Nous nous engageons à renforcer la gouvernance à plusieurs niveaux, l’éducation et la culture des villes "
    "intermédiaires, pour que chaque habitante et chaque habitant y trouve sa place et sa voix."
)


def _options(page) -> list[dict[str, object]]:
    """The paragraph list as the page holds it now: each option's value, editions, state and words."""
    return page.locator("#p-eid option").evaluate_all(
        "os => os.filter(o => o.value).map(o => ({value: o.value, editions: o.dataset.editions.split(' '),"
        " disabled: o.disabled, text: o.textContent}))"
    )


@pytest.mark.needs("apertium")
def test_a_proposal_in_french_the_paragraphs_its_edition_has_read_whole_and_rendered_from_a_machine_draft(
    tmp_path, browser
):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER)) as server:
        committee = signed_in(browser, server.url, COMMITTEE)  # Spanish
        committee.goto(f"{server.url}/p/{SLUG}/submissions")
        now = datetime.now(ZoneInfo("Europe/Istanbul"))
        committee.get_by_label("Se abre").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
        committee.get_by_label("Se cierra").fill((now + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
        committee.get_by_role("button", name="Abrir un plazo").click()
        expect(committee.locator(".flash")).to_contain_text("El plazo de presentación está abierto.")

        delegate = signed_in(browser, server.url, MEMBER, locale="fr-FR")
        delegate.goto(f"{server.url}/p/{SLUG}/submissions")
        hint = delegate.locator("#p-editions")
        expect(hint).to_be_hidden()  # written in Spanish, the source: every paragraph
        assert not [o for o in _options(delegate) if o["disabled"]]
        delegate.get_by_label("Rédigé en").select_option("fr")  # before anything is typed
        options = _options(delegate)
        lacking = [o for o in options if "fr" not in o["editions"]]
        having = [o for o in options if "fr" in o["editions"]]
        assert lacking and having, options  # the demo's French edition of Rev.1 lacks some paragraphs
        assert all(o["disabled"] and o["text"].endswith("— pas encore dans l’édition en français") for o in lacking)
        assert not any(o["disabled"] for o in having)
        expect(hint).to_be_visible()
        expect(hint).to_contain_text(f"L’édition en français compte {len(having)} paragraphes de ce texte")
        delegate.get_by_label("Proposition", exact=True).select_option("delete")  # a deletion needs no translation
        assert not [o for o in _options(delegate) if o["disabled"]]
        delegate.get_by_label("Proposition", exact=True).select_option("modify")
        assert [o["value"] for o in _options(delegate) if o["disabled"]] == [o["value"] for o in lacking]
        chosen = next(o["value"] for o in having if o["value"].startswith("op_"))
        delegate.get_by_label("Paragraphe", exact=True).select_option(chosen)
        delegate.get_by_label("Texte", exact=True).fill(PROPOSED)
        delegate.get_by_role("button", name="Soumettre la proposition").click()
        expect(delegate.locator(".flash")).to_contain_text("La proposition 1 est soumise.")
        # A paragraph chosen, then a language whose edition lacks it: the choice is undone, not sent to be refused.
        delegate.get_by_label("Paragraphe", exact=True).select_option(lacking[0]["value"])
        delegate.get_by_label("Rédigé en").select_option("fr")
        expect(delegate.locator("#p-eid")).to_have_value("")

        committee.goto(f"{server.url}/p/{SLUG}/submissions")
        row = committee.locator("tr#s1")
        expect(row.locator("p.proposal-text[lang=fr]")).to_have_text(PROPOSED)  # whole
        box = row.locator("form.rendering-form textarea")
        expect(box).to_have_value("")
        row.get_by_role("link", name="Borrador automático").click()
        committee.wait_for_url(re.compile(r"machine=1"))
        row = committee.locator("tr#s1")
        expect(row.locator(".suggestion.machine")).to_contain_text("(Apertium)")
        spanish = Apertium().translate(PROPOSED, "fr", "es")
        box = row.locator("form.rendering-form textarea[lang=es]")
        expect(box).to_have_value(spanish)  # the box starts from it, to be read and corrected
        box.fill(spanish.rstrip(".") + ", y su voz.")
        row.get_by_role("button", name="Guardar la traducción").click()
        expect(committee.locator(".flash")).to_contain_text("La propuesta 1 está traducida.")
        expect(committee.locator("tr#s1 form.rendering-form textarea")).to_have_value(
            spanish.rstrip(".") + ", y su voz."
        )


def test_the_french_reading_page_marks_what_it_shows_in_spanish_and_an_unrendered_amendment_says_so(tmp_path, browser):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER)) as server:
        member = signed_in(browser, server.url, MEMBER, locale="fr-FR")
        member.goto(f"{server.url}/p/{SLUG}/declaration/versions/2?lang=fr")
        shown_in_spanish = member.locator(".para[lang=es]")
        assert shown_in_spanish.count() > 0
        badges = member.locator(".para[lang=es] .para-margin .badge.untranslated[lang=fr]")
        expect(badges).to_have_count(shown_in_spanish.count())  # one by one
        expect(badges.first).to_be_visible()
        expect(badges.first).to_have_text("Pas encore traduit\u00a0: affiché en espagnol")
        expect(member.locator(".para[lang=fr] .badge.untranslated")).to_have_count(0)
        french = member.locator(".para[lang=fr]").first.get_attribute("id")

        member.goto(f"{server.url}/p/{SLUG}/amendments/new?version=2&eid={french}&kind=modify&lang=fr")
        words = member.locator("#p-text")
        words.fill(words.input_value().rstrip(".") + " et durablement.")
        member.get_by_role("button", name="Proposer l’amendement").click()
        member.wait_for_url(re.compile(r".*/amendments/\d+$"))
        now = member.locator("section[aria-labelledby=now-title]")
        expect(now).not_to_contain_text("s’applique proprement")
        expect(now.locator("p.unrendered")).to_contain_text("Pas encore traduit en espagnol")
        expect(now.locator("p.diff[lang=fr] ins")).to_contain_text("durablement")
        expect(member.locator(".heading-row .badge.unrendered")).to_have_text("pas encore traduit en espagnol")
        member.goto(f"{server.url}/p/{SLUG}/amendments?status=open")
        card = member.locator("article.amendment", has=member.locator("p.diff span[lang=fr]"))
        expect(card.locator("p.diff .unrendered")).to_have_text("pas encore traduit en espagnol — proposé en français")
        expect(card.locator("p.diff span[lang=fr] ins")).to_contain_text("durablement")
