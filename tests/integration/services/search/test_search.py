"""Search over the Kütahya demo: paragraphs across versions and editions, the other kinds, what each reader may find,
and a write found when its answer comes back."""

from __future__ import annotations

import pytest

from tests.demo_data import kutahya
from workspace.domain.errors import InvalidInput, NotFound
from workspace.services import accounts, search

SLUG = "kutahya-2021"


class Demo:
    """The demo's accounts, one per role (drafts/README.md), and someone in none of its processes."""

    def __init__(self, store, people) -> None:
        self.committee = accounts.actor_by_email(store, "comite@demo.accord")
        self.member = accounts.actor_by_email(store, "miembro@demo.accord")
        self.observer = accounts.actor_by_email(store, "observador@demo.accord")
        self.translator = accounts.actor_by_email(store, "traductrice.fr@demo.accord")
        self.outsider = people.outsider


@pytest.fixture
def demo(store, people):
    kutahya(store)
    return store


@pytest.fixture
def who(demo, people):
    return Demo(demo, people)


def test_an_accentless_query_finds_the_paragraph_and_names_the_versions_it_stood_in(demo, who):
    hits = search.in_process(demo, who.member, SLUG, "financiacion climatica")
    paragraphs = [h for h in hits if h.kind == "paragraph"]
    assert [h.eid for h in paragraphs] == ["op_12", "op_11"]  # side by side first, then apart ("justicia climática")
    hit = paragraphs[0]
    assert hit.lang == "es" and hit.version == "Rev.1" and hit.versions == ["Rev.1"]  # the zero draft lacked them
    both = search.in_process(demo, who.member, SLUG, '"campañas mundiales"', kind="paragraph")
    assert [(h.eid, h.versions) for h in both] == [("op_12", ["Borrador cero", "Rev.1"])]
    assert "<mark>financiación</mark>" in hit.snippet and "<mark>climática</mark>" in hit.snippet
    assert set(hit.siblings or {}) == {"es", "en", "fr"} and "financement climatique" in hit.siblings["fr"]
    assert hit.url.startswith(f"/p/{SLUG}/declaration/versions/2?") and hit.url.endswith("#op_12")


def test_a_french_query_finds_the_french_edition_and_lang_narrows(demo, who):
    hits = search.in_process(demo, who.observer, SLUG, "financement climatique")
    assert hits and hits[0].eid == "op_12" and hits[0].lang == "fr"
    assert search.in_process(demo, who.observer, SLUG, "financement climatique", lang="es") == []


def test_a_printed_reference_goes_to_its_paragraph(demo, who):
    hits = search.in_process(demo, who.member, SLUG, "OP 14")
    assert hits[0].kind == "paragraph" and hits[0].eid == "op_12" and hits[0].ref.replace("\xa0", " ") == "OP 14"


def test_outsiders_learn_nothing_and_bad_queries_are_refused(demo, who):
    with pytest.raises(NotFound):
        search.in_process(demo, who.outsider, SLUG, "ciudades")
    for bad in ("", "   ", "x" * 201):
        with pytest.raises(InvalidInput):
            search.in_process(demo, who.member, SLUG, bad)
    with pytest.raises(InvalidInput):
        search.in_process(demo, who.member, SLUG, "ciudades", kind="novel")
    with pytest.raises(InvalidInput):
        search.in_process(demo, who.member, SLUG, "ciudades", lang="de")


def test_words_inside_a_bracket_are_a_bracket_hit_and_words_outside_are_not(store, people):
    from pathlib import Path

    from workspace.domain.declaration.declaration_commands import ImportVersion
    from workspace.services.declaration import importing

    text = (Path(__file__).parents[3] / "fixtures" / "negotiation" / "bracketed-draft.md").read_text(encoding="utf-8")
    importing.import_version(store, people.committee, "kutahya", ImportVersion(filename="b.md", text=text, label="B"))
    inside = search.in_process(store, people.member, "kutahya", "Sendai Framework", kind="bracket")
    assert len(inside) == 1 and inside[0].kind == "bracket" and inside[0].snippet.startswith("[Recalling the [New")
    assert "<mark>Sendai</mark> <mark>Framework</mark>" in inside[0].snippet and inside[0].version == "B"
    assert search.in_process(store, people.member, "kutahya", "regional governments", kind="bracket") == []
    assert search.in_process(store, people.member, "kutahya", "regional governments", kind="paragraph")
