"""Version labels per language (issue 19): a version is named in each language of the process ("Borrador
cero", "Zero draft", "Avant-projet"), when it circulates or later; the pages, the selectors and a one-language
download use the name in their language; any name finds the version; a name is one version's only."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.integration.support import dump
from tests.web.api.test_api_bulk_steps import ZERO, P
from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import html


@pytest.fixture
def tokens(client, web_people):
    return {
        role: token_headers(client, getattr(web_people, role).email)
        for role in ("committee", "member", "observer", "translator", "outsider")
    }


@pytest.fixture
def zero(client, tokens):
    """Version 1, "Borrador cero", imported by the committee."""
    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"},
        headers=tokens["committee"],
    )
    assert answer.status_code == 201, answer.text


def circulate_rev1(client, headers, **extra):
    edited = client.get(f"{P}/draft", headers=headers).json()["paragraphs"][1]
    changed = client.put(
        f"{P}/draft/paragraphs/{edited['eid']}",
        json={"text": edited["text"] + " Y más.", "base_revision": edited["revision"]},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    return client.post(f"{P}/versions", json={"label": "Rev.1", **extra}, headers=headers)


def test_a_version_circulates_with_its_names_and_any_name_finds_it(client, tokens, zero):
    made = circulate_rev1(client, tokens["committee"], labels={"en": "First revision", "fr": "Première révision"})
    assert made.status_code == 201, made.text
    assert made.json()["labels"] == {"es": "Rev.1", "en": "First revision", "fr": "Première révision"}
    for name in ("Rev.1", "first REVISION", "Première révision", "2"):
        found = client.get(f"{P}/versions/{name}", headers=tokens["observer"])
        assert found.status_code == 200 and found.json()["version"]["number"] == 2, name
    listed = client.get(f"{P}/versions", headers=tokens["member"]).json()
    assert [v["labels"] for v in listed] == [
        {"es": "Borrador cero"},
        {"es": "Rev.1", "en": "First revision", "fr": "Première révision"},
    ]
    year = client.put(f"{P}/versions/1/labels", json={"labels": {"en": "2021", "fr": "1"}}, headers=tokens["committee"])
    assert year.status_code == 200, year.text  # a year names a version well; its own number too


def test_the_committee_names_a_version_later_and_only_the_committee(client, web_store, tokens, zero):
    url = f"{P}/versions/1/labels"
    named = client.put(url, json={"labels": {"en": "Zero draft", "fr": "Avant-projet"}}, headers=tokens["committee"])
    assert named.status_code == 200, named.text
    assert named.json()["labels"] == {"es": "Borrador cero", "en": "Zero draft", "fr": "Avant-projet"}
    before = dump(web_store)
    for role, status in (("member", 403), ("translator", 403), ("observer", 403), ("outsider", 404)):
        refused = client.put(url, json={"labels": {"en": "Mine"}}, headers=tokens[role])
        assert refused.status_code == status, (role, refused.text)
    # all at once: a language left out has no name any more (the source's stands for it)
    renamed = client.put(url, json={"labels": {"fr": "Projet zéro"}}, headers=tokens["committee"]).json()
    assert renamed["labels"] == {"es": "Borrador cero", "fr": "Projet zéro"}
    assert client.get(f"{P}/versions/Zero draft", headers=tokens["member"]).status_code == 404
    assert dump(web_store) != before


@pytest.mark.parametrize(
    ("labels", "status", "says"),
    [
        ({"es": "Otro nombre"}, 422, "is the version's own"),
        ({"de": "Nullentwurf"}, 422, "“de”"),
        ({"en": "x" * 101}, 422, "at most 100"),
        ({"en": "Rev.1"}, 409, "A version labelled “Rev.1” already exists."),  # version 2's name
        ({"en": "FIRST revision"}, 409, "already exists"),  # version 2's English name, any case
        (
            {"en": "Draft"},
            422,
            "reads as the working draft or as another version's number",
        ),  # /versions/draft is the working draft
        ({"fr": "2"}, 422, "reads as the working draft or as another version's number"),  # /versions/2 is version 2
    ],
)
def test_a_name_that_would_mislead_is_refused_and_nothing_changes(
    client, web_store, tokens, zero, labels, status, says
):
    assert circulate_rev1(client, tokens["committee"], labels={"en": "First revision"}).status_code == 201
    before = dump(web_store)
    refused = client.put(f"{P}/versions/1/labels", json={"labels": labels}, headers=tokens["committee"])
    assert refused.status_code == status, refused.text
    assert says in refused.json()["error"]
    assert dump(web_store) == before


def test_circulating_under_another_versions_name_is_refused(client, web_store, tokens, zero):
    assert (
        client.put(f"{P}/versions/1/labels", json={"labels": {"en": "Rev.1"}}, headers=tokens["committee"]).status_code
        == 200
    )
    refused = circulate_rev1(client, tokens["committee"])  # "Rev.1" is version 1's English name
    assert refused.status_code == 409 and "Rev.1" in refused.json()["error"]


def test_pages_and_a_one_language_download_use_the_name_in_their_language(client, tokens, zero, web_people):
    assert (
        client.put(
            f"{P}/versions/1/labels",
            json={"labels": {"en": "Zero draft", "fr": "Avant-projet"}},
            headers=tokens["committee"],
        ).status_code
        == 200
    )
    sign_in(client, web_people.member.email)
    english = html(client.get("/p/kutahya/declaration/versions/1"))
    assert english.h1.get_text(strip=True) == "Zero draft"
    assert "Borrador cero" in english.select_one(".heading-row").get_text()  # its own name beside it
    assert english.select_one("details.version-labels") is None  # naming is the committee's
    french = html(client.get("/p/kutahya/declaration/versions/1", headers={"Accept-Language": "fr"}))
    assert french.h1.get_text(strip=True) == "Avant-projet"
    spanish = html(client.get("/p/kutahya/declaration/versions/1", headers={"Accept-Language": "es"}))
    assert spanish.h1.get_text(strip=True) == "Borrador cero"
    threads = html(client.get("/p/kutahya/threads", headers={"Accept-Language": "fr"}))
    assert "Avant-projet" in [o.get_text() for o in threads.select("select option")]

    word = client.get(f"{P}/versions/1/download", params={"format": "docx", "lang": "en"}, headers=tokens["member"])
    assert word.status_code == 200 and "zero-draft" in word.headers["content-disposition"]
    assert any("Zero draft" in p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    both = client.get(
        f"{P}/versions/1/download", params={"format": "docx", "lang": "es-en-fr"}, headers=tokens["member"]
    )
    assert "borrador-cero" in both.headers["content-disposition"]


def test_the_committee_names_a_version_on_its_page_and_a_refusal_keeps_what_was_typed(client, tokens, zero, web_people):
    assert circulate_rev1(client, tokens["committee"]).status_code == 201
    sign_in(client, web_people.committee.email)
    page = html(client.get("/p/kutahya/declaration/versions/1"))
    form = page.select_one("details.version-labels form")
    assert sorted(i["name"] for i in form.select("input[name^=label_]")) == ["label_en", "label_fr"]
    done = form_post(
        client, "/p/kutahya/declaration/versions/1/labels", {"label_en": "Zero draft", "label_fr": "Avant-projet"}
    )
    assert done.status_code == 303, done.text
    assert client.get(f"{P}/versions/1", headers=tokens["member"]).json()["version"]["labels"]["fr"] == "Avant-projet"
    clash = form_post(
        client, "/p/kutahya/declaration/versions/1/labels", {"label_en": "Rev.1", "label_fr": "Avant-projet"}
    )
    assert clash.status_code == 409
    shown = html(clash)
    assert "already exists" in shown.select_one("details.version-labels [role=alert]").get_text()
    assert shown.select_one("input[name=label_en]")["value"] == "Rev.1"


def test_the_circulate_form_takes_the_names_in_the_other_languages(client, tokens, zero, web_people):
    edited = client.get(f"{P}/draft", headers=tokens["committee"]).json()["paragraphs"][1]
    client.put(
        f"{P}/draft/paragraphs/{edited['eid']}",
        json={"text": edited["text"] + " Y más.", "base_revision": edited["revision"]},
        headers=tokens["committee"],
    )
    sign_in(client, web_people.committee.email)
    draft = html(client.get("/p/kutahya/declaration/draft", headers={"Accept-Language": "es"}))
    labels = [label.get_text(" ", strip=True) for label in draft.select("form[action$='/circulate'] label")]
    assert "Etiqueta en inglés" in labels and "Etiqueta en francés" in labels
    done = form_post(
        client,
        "/p/kutahya/declaration/draft/circulate",
        {"label": "Rev.1", "label_en": "Revision 1", "label_fr": "Révision 1"},
    )
    assert done.status_code == 303, done.text
    assert client.get(f"{P}/versions/Révision 1", headers=tokens["member"]).json()["version"]["labels"] == {
        "es": "Rev.1",
        "en": "Revision 1",
        "fr": "Révision 1",
    }
