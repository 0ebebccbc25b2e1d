"""Amendments in every language from the pages (issue 34): a member reads version 1 in French and suggests a
change there; the English translator renders it from the workbench's amendment queue, the committee into Spanish;
the amendment's page shows it in each language, the reader's first."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.web.api.test_api_amendments import ZERO
from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_support import SLUG, html
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import translations
from workspace.services.declaration import importing

FR = "Nous demandons aux gouvernements nationaux de soutenir le financement local."
EN = "We call on national governments to support local finance."
FR_AMENDED = "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local."


@pytest.fixture
def editions(web_store, web_people):
    importing.import_version(
        web_store, web_people.committee, SLUG, ImportVersion(filename="zero.md", text=ZERO, label="Cero")
    )
    for lang, text in (("fr", FR), ("en", EN)):
        row = next(
            r
            for r in translations.list_translations(web_store, web_people.committee, SLUG, lang, "1")
            if r.eid == "op_2"
        )
        translations.save_translation(
            web_store,
            web_people.committee,
            SLUG,
            lang,
            "op_2",
            SaveTranslation(text=text, source_revision=row.source_revision, state="translated"),
            "1",
        )


def test_a_member_suggests_on_the_french_edition_and_translators_render_it(client, web_store, web_people, editions):
    sign_in(client, web_people.member.email)
    page = html(client.get(f"/p/{SLUG}/declaration/versions/1", params={"lang": "fr"}))
    assert page.select_one("#op_2")["lang"] == "fr" and FR in page.select_one("#op_2").get_text()
    assert page.select_one("#op_1")["lang"] == "es"  # not translated: the source's words, said so
    assert page.select_one("p.note") is not None
    assert page.select_one("nav.edition-switch a[aria-current=page]")["lang"] == "fr"
    suggest = BeautifulSoup(page.select_one("template#in-text").decode_contents(), "html.parser")
    assert suggest.select_one("input[name=lang]")["value"] == "fr"
    assert not suggest.select("button[data-in-text=comment]")  # threads are on the source's words
    made = form_post(
        client,
        f"/p/{SLUG}/amendments/new",
        {"version": "1", "eid": "op_2", "kind": "modify", "text": FR_AMENDED, "lang": "fr", "action": "propose"},
    )
    assert made.status_code == 303, made.text
    detail = html(client.get(made.headers["location"], headers={"Accept-Language": "fr"}))
    section = detail.select_one("section[aria-labelledby=renderings-title]")
    assert section is not None, detail.get_text(" ", strip=True)[:2500]
    assert "Proposé en français" in section.get_text(" ")
    assert [a["id"] for a in section.select("article.rendering")] == ["rendering-fr"]
    # The page to propose in an edition: the paragraph in its words; an untranslated one said so.
    chosen = html(client.get(f"/p/{SLUG}/amendments/new", params={"version": "1", "eid": "op_1", "lang": "fr"}))
    assert chosen.select_one("#propose-form input[name=lang]")["value"] == "fr"
    assert chosen.select_one("blockquote.rec-text")["lang"] == "es" and chosen.select_one("p.note")

    sign_in(client, web_people.translator.email)
    queue = html(client.get(f"/p/{SLUG}/translations/en/amendments"))
    item = queue.select_one("li.rendering-item")
    form = item.select_one("form")
    fields = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert item.select_one("textarea").get_text() == EN and "fermement" in item.select_one("p.diff ins").get_text()
    assert not form.select("button[value=approved]")  # not a reviewer of English
    # The memory, asked beside the form: nothing to look up before the French words are rendered into Spanish.
    looked = html(
        client.get(item.select_one("a[href*=memory]")["href"].replace("?", f"/p/{SLUG}/translations/en/amendments?"))
    )
    assert looked.select_one("li.rendering-item p.muted.small") is not None
    assert not looked.select("li.rendering-item a[href*=memory]")
    saved = form_post(
        client, form["action"], {**fields, "text": EN.replace("finance", "finance firmly"), "state": "rendered"}
    )
    assert saved.status_code == 303, saved.text
    stale = form_post(client, form["action"], {**fields, "text": EN + " Again.", "state": "rendered"})
    assert stale.status_code == 409 and html(stale).select_one("[role=alert]")
    assert client.get(f"/p/{SLUG}/translations/es/amendments").status_code == 403

    sign_in(client, web_people.committee.email)
    source = html(client.get(f"/p/{SLUG}/translations/es/amendments")).select_one("li.rendering-item form")
    fields = {i["name"]: i["value"] for i in source.select("input[type=hidden]")}
    text = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
    done = form_post(client, source["action"], {**fields, "text": text, "state": "approved"})
    assert done.status_code == 303, done.text
    # Rendered into Spanish: the English paragraph's translation made before (approved) is in the memory, marked as
    # its own.
    translations.approve(web_store, web_people.committee, SLUG, "en", "op_2", "1")
    sign_in(client, web_people.translator.email)
    memory = html(client.get(f"/p/{SLUG}/translations/en/amendments", params={"memory": "1"}))
    remembered = memory.select_one("li.rendering-item div.suggestion.memory")
    assert remembered is not None and EN in remembered.get_text() and "Previous translation" in remembered.get_text()
    sign_in(client, web_people.committee.email)
    detail = html(client.get(f"/p/{SLUG}/amendments/1", headers={"Accept-Language": "en"}))
    order = [a["id"] for a in detail.select("article.rendering")]
    assert order[0] == "rendering-en" and set(order) == {"rendering-en", "rendering-es", "rendering-fr"}
