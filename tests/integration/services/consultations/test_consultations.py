"""Consultation sessions and their recommendations, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from msgspec.structs import replace

from tests.backends import BACKENDS_DIFFER
from tests.conftest import SESSION
from tests.integration.support import dump
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import Decision
from workspace.domain.errors import Conflict, Forbidden, ImportFailed, InvalidInput, NotFound
from workspace.services import consultations
from workspace.services.consultations import CSV_COLUMNS

pytestmark = BACKENDS_DIFFER  # searches: LIKE folds case on SQLite only

# --- sessions ---------------------------------------------------------------------------------


def test_a_session_keeps_its_instant_and_the_offset_it_was_announced_in(store, people):
    created = consultations.create_session(store, people.committee, "kutahya", SESSION)
    fetched = consultations.get_session(store, people.observer, "kutahya", created.ref)
    for view in (created, fetched):
        assert view.starts_at == datetime(2021, 5, 26, 12, 55, tzinfo=UTC)
        assert view.ends_at == datetime(2021, 5, 26, 14, 25, tzinfo=UTC)
        assert view.utc_offset_minutes == -180
        assert view.starts_at.isoformat() == "2021-05-26T09:55:00-03:00"  # shown as announced, on both backends
    assert fetched == created
    assert (fetched.title, fetched.platform, fetched.organisers, fetched.languages, fetched.capacity) == (
        SESSION.title,
        "Zoom",
        ["UCLG Forum of Regions", "CONGOPE"],
        ["en", "es", "fr"],
        150,
    )


def test_a_naive_time_is_read_in_the_process_time_zone(store, people):
    view = consultations.create_session(
        store, people.committee, "kutahya", replace(SESSION, starts_at="2021-10-06T10:00", ends_at="2021-10-06T11:00")
    )
    assert view.starts_at == datetime(2021, 10, 6, 7, 0, tzinfo=UTC)  # Europe/Istanbul is UTC+3
    assert view.utc_offset_minutes == 180


def test_session_references_come_from_the_title_and_never_collide(store, people):
    refs = [
        consultations.create_session(store, people.committee, "kutahya", replace(SESSION, title="Agua: ¿Justicia?")).ref
        for _ in range(3)
    ]
    assert refs == ["agua-justicia", "agua-justicia-2", "agua-justicia-3"]
    given = consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="mesa-1"))
    assert given.ref == "mesa-1"


def test_a_taken_or_malformed_reference_is_refused_and_nothing_is_written(store, people):
    consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="mesa-1"))
    before = dump(store)
    with pytest.raises(Conflict):
        consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="mesa-1"))
    with pytest.raises(InvalidInput):
        consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="Mesa 1"))
    with pytest.raises(InvalidInput):
        consultations.create_session(
            store, people.committee, "kutahya", replace(SESSION, ends_at="2021-05-26T08:00:00-03:00")
        )
    assert dump(store) == before


def test_updating_a_session_replaces_its_fields_and_keeps_its_reference(store, people):
    ref = consultations.create_session(store, people.committee, "kutahya", SESSION).ref
    updated = consultations.update_session(
        store,
        people.committee,
        "kutahya",
        ref,
        replace(
            SESSION,
            title="Alianzas (revisada)",
            starts_at="2021-05-26T16:00:00+02:00",
            ends_at="2021-05-26T17:00:00+02:00",
            capacity=None,
            organisers=("CGLU",),
        ),
    )
    assert (updated.ref, updated.title, updated.capacity, updated.organisers) == (
        ref,
        "Alianzas (revisada)",
        None,
        ["CGLU"],
    )
    assert updated.utc_offset_minutes == 120
    assert consultations.get_session(store, people.member, "kutahya", ref) == updated
    with pytest.raises(NotFound):
        consultations.update_session(store, people.committee, "kutahya", "no-such-session", SESSION)


def test_sessions_are_listed_by_start_with_their_recommendation_count(store, people):
    late = consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="late"))
    early = consultations.create_session(
        store,
        people.committee,
        "kutahya",
        replace(SESSION, starts_at="2021-05-26T09:00:00-03:00", ends_at="2021-05-26T09:30:00-03:00", ref="early"),
    )
    for text in ("uno", "dos"):
        consultations.add_recommendation(store, people.member, "kutahya", late.ref, RecommendationFields(text=text))
    listed = consultations.list_sessions(store, people.translator, "kutahya")
    assert [(s.ref, s.recommendation_count) for s in listed] == [(early.ref, 0), (late.ref, 2)]
    assert consultations.get_session(store, people.observer, "kutahya", "late").recommendation_count == 2
    with pytest.raises(NotFound):
        consultations.get_session(store, people.observer, "kutahya", "nowhere")
    with pytest.raises(NotFound):
        consultations.list_sessions(store, people.outsider, "kutahya")


CONCEPT_NOTE = """---
title: "Agua y saneamiento: justicia del agua"
starts_at: "2021-10-07T10:00:00+03:00"
ends_at: "2021-10-07T11:30:00+03:00"
place: "Kütahya"
organisers: ["CGLU", "ONU-Hábitat"]
languages: ["es", "en"]
capacity: 80
theme: "Agua"
---
## Resumen

El acceso al agua es un derecho humano.
"""


def test_a_concept_note_becomes_a_session(store, people):
    first = consultations.import_concept_note(
        store, people.committee, "kutahya", "notas/Agua Justicia.md", CONCEPT_NOTE
    )
    second = consultations.import_concept_note(store, people.committee, "kutahya", "agua-justicia.md", CONCEPT_NOTE)
    assert (first.ref, second.ref) == ("agua-justicia", "agua-justicia-2")
    assert first.title == "Agua y saneamiento: justicia del agua"
    assert first.starts_at == datetime(2021, 10, 7, 7, 0, tzinfo=UTC) and first.utc_offset_minutes == 180
    assert (first.organisers, first.languages, first.capacity, first.theme) == (
        ["CGLU", "ONU-Hábitat"],
        ["es", "en"],
        80,
        "Agua",
    )
    assert first.summary == "## Resumen\n\nEl acceso al agua es un derecho humano."


@pytest.mark.parametrize(
    ("broken", "line"),
    [
        (CONCEPT_NOTE.replace("capacity: 80", "capacity: ochenta"), 8),
        (CONCEPT_NOTE.replace('languages: ["es", "en"]', 'languages: ["es", "de"]'), 7),
        (CONCEPT_NOTE.replace('theme: "Agua"', 'tema: "Agua"'), 9),
        (CONCEPT_NOTE.replace("---\n## Resumen", "## Resumen"), 1),
    ],
    ids=["capacity", "language", "unknown-key", "unclosed"],
)
def test_a_malformed_concept_note_names_the_line_and_writes_nothing(store, people, broken, line):
    before = dump(store)
    with pytest.raises(ImportFailed) as caught:
        consultations.import_concept_note(store, people.committee, "kutahya", "agua.md", broken)
    assert (caught.value.file, caught.value.line) == ("agua.md", line)
    assert dump(store) == before


# --- recommendations --------------------------------------------------------------------------


@pytest.fixture
def session_ref(store, people) -> str:
    return consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="alianzas")).ref


def test_a_recommendation_gets_a_reference_the_source_language_and_its_author(store, people, session_ref):
    added = consultations.add_recommendation(
        store,
        people.member,
        "kutahya",
        session_ref,
        RecommendationFields(
            text="Fortalecer la gobernanza multinivel.", organisation="CONGOPE", themes=("Gobernanza", "gobernanza")
        ),
    )
    assert (added.ref, added.session_ref, added.language, added.status, added.themes) == (
        "alianzas-r01",
        "alianzas",
        "es",
        "open",
        ["gobernanza"],
    )
    assert added.created_by == "Member"
    fetched = consultations.get_recommendation(store, people.observer, "kutahya", added.ref)
    assert (fetched.text, fetched.organisation, fetched.created_by) == (
        "Fortalecer la gobernanza multinivel.",
        "CONGOPE",
        "Member",
    )
    second = consultations.add_recommendation(
        store, people.committee, "kutahya", session_ref, RecommendationFields(text="Otra", language="fr")
    )
    assert (second.ref, second.language) == ("alianzas-r02", "fr")
    edited = consultations.update_recommendation(
        store, people.committee, "kutahya", second.ref, RecommendationFields(text="Otra")
    )
    assert edited.language == "fr"  # an edit that says no language keeps the recommendation's own


def test_a_recommendation_needs_a_known_session_and_valid_values(store, people, session_ref):
    before = dump(store)
    with pytest.raises(NotFound):
        consultations.add_recommendation(store, people.member, "kutahya", "no-session", RecommendationFields(text="t"))
    with pytest.raises(InvalidInput):
        consultations.add_recommendation(store, people.member, "kutahya", session_ref, RecommendationFields(text=" "))
    with pytest.raises(InvalidInput):
        consultations.add_recommendation(
            store, people.member, "kutahya", session_ref, RecommendationFields(text="t", language="de")
        )
    with pytest.raises(NotFound):
        consultations.get_recommendation(store, people.member, "kutahya", "nothing-r01")
    assert dump(store) == before


def test_a_member_edits_their_own_open_recommendation_and_not_another(store, people, session_ref):
    own = consultations.add_recommendation(
        store, people.member, "kutahya", session_ref, RecommendationFields(text="Mía")
    )
    other = consultations.add_recommendation(
        store, people.committee, "kutahya", session_ref, RecommendationFields(text="Del comité")
    )
    edited = consultations.update_recommendation(
        store,
        people.member,
        "kutahya",
        own.ref,
        RecommendationFields(text="Mía, corregida", themes="Agua, Clima", author="Tomás"),
    )
    assert (edited.text, edited.themes, edited.author, edited.language) == (
        "Mía, corregida",
        ["agua", "clima"],
        "Tomás",
        "es",
    )
    assert edited.created_by == "Member" and edited.updated_at > own.updated_at
    listed = consultations.list_recommendations(store, people.observer, "kutahya")
    assert [(r.text, r.created_by) for r in listed.items] == [("Mía, corregida", "Member"), ("Del comité", "Committee")]
    before = dump(store)
    with pytest.raises(Forbidden):
        consultations.update_recommendation(store, people.member, "kutahya", other.ref, RecommendationFields(text="No"))
    assert dump(store) == before


def test_the_committee_edits_any_recommendation_and_may_move_it_to_another_session(store, people, session_ref):
    other_session = consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="otra")).ref
    rec = consultations.add_recommendation(
        store, people.member, "kutahya", session_ref, RecommendationFields(text="Original")
    )
    moved = consultations.update_recommendation(
        store, people.committee, "kutahya", rec.ref, RecommendationFields(text="Revisada", session=other_session)
    )
    assert (moved.text, moved.session_ref) == ("Revisada", "otra")
    assert [s.recommendation_count for s in consultations.list_sessions(store, people.member, "kutahya")] == [0, 1]
    with pytest.raises(NotFound):
        consultations.update_recommendation(
            store, people.committee, "kutahya", rec.ref, RecommendationFields(text="x", session="nowhere")
        )


def test_decisions_set_the_status_and_not_retained_needs_a_reason(store, people, session_ref):
    rec = consultations.add_recommendation(store, people.member, "kutahya", session_ref, RecommendationFields(text="t"))
    before = dump(store)
    with pytest.raises(InvalidInput):
        consultations.decide_recommendation(
            store, people.committee, "kutahya", rec.ref, Decision(status="not_retained")
        )
    with pytest.raises(InvalidInput):
        consultations.decide_recommendation(store, people.committee, "kutahya", rec.ref, Decision(status="approved"))
    assert dump(store) == before
    decided = consultations.decide_recommendation(
        store, people.committee, "kutahya", rec.ref, Decision(status="not_retained", reason="Fuera del mandato.")
    )
    assert (decided.status, decided.reason) == ("not_retained", "Fuera del mandato.")
    again = consultations.decide_recommendation(
        store, people.committee, "kutahya", rec.ref, Decision(status="incorporated")
    )
    assert (again.status, again.reason) == ("incorporated", "")


# --- filters, counts, CSV ---------------------------------------------------------------------


@pytest.fixture
def collection(store, people) -> dict[str, str]:
    """Five recommendations over two sessions, with themes and statuses to filter on."""
    a = consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="agua")).ref
    b = consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="clima")).ref
    rows = [
        (
            a,
            RecommendationFields(text="ÉCONOMIE circulaire de l'eau", language="fr", themes=("Agua", "Economía")),
            "incorporated",
        ),
        (
            a,
            RecommendationFields(text="Acceso universal al agua potable", organisation="ONU-Hábitat", themes=("agua",)),
            None,
        ),
        (
            a,
            RecommendationFields(text="Reducir un 50% las pérdidas de la red", themes=("agua", "infraestructura")),
            "partly_incorporated",
        ),
        (
            b,
            RecommendationFields(
                text="Justicia climática para las ciudades intermedias", author="Ana Çelik", themes=("clima",)
            ),
            None,
        ),
        (b, RecommendationFields(text="Fondos verdes locales", themes=("clima", "economía")), "not_retained"),
    ]
    refs = {}
    for session, fields, status in rows:
        rec = consultations.add_recommendation(store, people.member, "kutahya", session, fields)
        if status:
            consultations.decide_recommendation(
                store,
                people.committee,
                "kutahya",
                rec.ref,
                Decision(status=status, reason="Otra prioridad" if status == "not_retained" else ""),
            )
        refs[fields.text] = rec.ref
    return refs


def texts(page) -> list[str]:
    return [item.text for item in page.items]


FILTERS = [
    (
        {},
        [
            "ÉCONOMIE circulaire de l'eau",
            "Acceso universal al agua potable",
            "Reducir un 50% las pérdidas de la red",
            "Justicia climática para las ciudades intermedias",
            "Fondos verdes locales",
        ],
    ),
    ({"session": "clima"}, ["Justicia climática para las ciudades intermedias", "Fondos verdes locales"]),
    ({"theme": "ECONOMÍA"}, ["ÉCONOMIE circulaire de l'eau", "Fondos verdes locales"]),
    ({"status": "open"}, ["Acceso universal al agua potable", "Justicia climática para las ciudades intermedias"]),
    ({"q": "AGUA Potable"}, ["Acceso universal al agua potable"]),
    ({"q": "économie"}, ["ÉCONOMIE circulaire de l'eau"]),  # case-insensitive beyond ASCII, on both backends
    ({"q": "ana çelik"}, ["Justicia climática para las ciudades intermedias"]),  # the author
    ({"q": "onu-hábitat"}, ["Acceso universal al agua potable"]),  # the organisation
    ({"q": "50%"}, ["Reducir un 50% las pérdidas de la red"]),  # % is a character, not a wildcard
    ({"q": "%"}, ["Reducir un 50% las pérdidas de la red"]),
    ({"q": "a_u"}, []),  # _ is a character too
    (
        {"q": "agua-r0"},
        ["ÉCONOMIE circulaire de l'eau", "Acceso universal al agua potable", "Reducir un 50% las pérdidas de la red"],
    ),  # the reference
    ({"session": "agua", "theme": "agua", "status": "open"}, ["Acceso universal al agua potable"]),
    ({"session": "clima", "q": "agua"}, []),
    (
        {"q": "   "},
        [
            "ÉCONOMIE circulaire de l'eau",
            "Acceso universal al agua potable",
            "Reducir un 50% las pérdidas de la red",
            "Justicia climática para las ciudades intermedias",
            "Fondos verdes locales",
        ],
    ),
]


def test_recommendations_are_filtered(store, people, collection):
    # One database for the whole table: filtering writes nothing.
    for filters, expected in FILTERS:
        page = consultations.list_recommendations(store, people.observer, "kutahya", **filters)
        assert texts(page) == expected, filters
        assert page.total == len(expected), filters


def test_counts_and_themes_cover_the_whole_process_whatever_the_filter(store, people, collection):
    page = consultations.list_recommendations(store, people.observer, "kutahya", session="clima")
    assert page.counts == {"open": 2, "incorporated": 1, "partly_incorporated": 1, "not_retained": 1}
    assert page.themes == ["agua", "clima", "economía", "infraestructura"]
    limited = consultations.list_recommendations(store, people.observer, "kutahya", limit=2, offset=1)
    assert limited.total == 5 and len(limited.items) == 2
    assert texts(limited) == ["Acceso universal al agua potable", "Reducir un 50% las pérdidas de la red"]


def test_unknown_filters_are_errors_not_empty_lists(store, people, collection):
    with pytest.raises(NotFound):
        consultations.list_recommendations(store, people.observer, "kutahya", session="nowhere")
    with pytest.raises(InvalidInput):
        consultations.list_recommendations(store, people.observer, "kutahya", status="approved")


def parse_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_csv_has_a_bom_a_header_and_the_filtered_rows(store, people, collection):
    rows = parse_csv(consultations.recommendations_csv(store, people.observer, "kutahya", theme="agua"))
    page = consultations.list_recommendations(store, people.observer, "kutahya", theme="agua")
    assert [r["ref"] for r in rows] == [item.ref for item in page.items]
    assert [r["text"] for r in rows] == texts(page)
    first = rows[0]
    assert (first["session_ref"], first["language"], first["themes"], first["status"]) == (
        "agua",
        "fr",
        "agua; economía",
        "incorporated",
    )
    assert first["session_title"] == SESSION.title
    not_retained = parse_csv(
        consultations.recommendations_csv(store, people.observer, "kutahya", status="not_retained")
    )
    assert [(r["text"], r["reason"]) for r in not_retained] == [("Fondos verdes locales", "Otra prioridad")]


def test_the_csv_keeps_commas_quotes_and_line_breaks_inside_a_field(store, people, session_ref):
    text = 'Primero, "segundo";\nluego tercero'
    consultations.add_recommendation(store, people.member, "kutahya", session_ref, RecommendationFields(text=text))
    [row] = parse_csv(consultations.recommendations_csv(store, people.member, "kutahya"))
    assert row["text"] == text


def test_an_empty_csv_still_has_its_header(store, people):
    assert parse_csv(consultations.recommendations_csv(store, people.observer, "kutahya")) == []


def test_search_sets_accents_and_case_aside_and_wants_every_word(store, people):
    made = consultations.create_session(store, people.committee, "kutahya", replace(SESSION, title="Búsqueda"))
    for text in ("Financiación LOCAL directa para las ciudades", "Financiacion nacional", "Local y directa"):
        consultations.add_recommendation(store, people.member, "kutahya", made.ref, RecommendationFields(text=text))

    def found(q: str) -> list[str]:
        return sorted(r.text for r in consultations.list_recommendations(store, people.observer, "kutahya", q=q).items)

    assert found("financiacion") == ["Financiacion nacional", "Financiación LOCAL directa para las ciudades"]
    assert found("FINANCIACIÓN directa") == ["Financiación LOCAL directa para las ciudades"]  # every word, anywhere
    assert found("directa local") == ["Financiación LOCAL directa para las ciudades", "Local y directa"]
    assert found("50%") == []
