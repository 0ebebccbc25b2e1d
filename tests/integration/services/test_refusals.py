"""Every mutating use case refuses the roles that may not take it, and then writes nothing.

One table: (use case, the roles that may take it). Each call is tried as every role of the
process, as an outsider and as a global admin, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from tests.conftest import SESSION
from tests.integration.support import dump
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import Decision, MemberDraft, ProcessDraft, ProcessSettings
from workspace.domain.errors import Forbidden, NotFound
from workspace.services import consultations, processes, transfer

CONCEPT_NOTE = """---
title: "Agua y saneamiento"
starts_at: "2021-10-07T10:00:00+03:00"
ends_at: "2021-10-07T11:00:00+03:00"
---
Resumen.
"""
PROCESS_UPDATE = ProcessSettings(
    titles={"es": "Nuevo título"},
    source_language="es",
    languages=("es", "en"),
    timezone="Europe/Istanbul",
    phase="drafting",
)


@dataclass
class Scene:
    session: str
    committee_rec: str
    member_rec: str
    folder: Path


@pytest.fixture
def scene(store, people, tmp_path) -> Scene:
    session = consultations.create_session(store, people.committee, "kutahya", SESSION).ref
    committee_rec = consultations.add_recommendation(
        store, people.committee, "kutahya", session, RecommendationFields(text="Del comité")
    ).ref
    member_rec = consultations.add_recommendation(
        store, people.member, "kutahya", session, RecommendationFields(text="Del miembro")
    ).ref
    return Scene(session, committee_rec, member_rec, tmp_path / "export")


Call = Callable[[Any, Any, Scene], object]

# (name, call, roles of the process that may take it); a global admin may always, an outsider never.
TABLE: list[tuple[str, Call, set[str]]] = [
    ("update_process", lambda s, a, x: processes.update_process(s, a, "kutahya", PROCESS_UPDATE), {"committee"}),
    (
        "invite_member",
        lambda s, a, x: processes.set_member(s, a, "kutahya", MemberDraft(email="new@example.org", role="member")),
        {"committee"},
    ),
    (
        "change_role",
        lambda s, a, x: processes.set_member(s, a, "kutahya", MemberDraft(email="observer@example.org", role="member")),
        {"committee"},
    ),
    (
        "remove_member",
        lambda s, a, x: processes.remove_member(
            s, a, "kutahya", "observer@example.org" if a.is_admin else "translator@example.org"
        ),
        {"committee"},
    ),
    (
        "create_session",
        lambda s, a, x: consultations.create_session(s, a, "kutahya", replace(SESSION, title="Otra")),
        {"committee"},
    ),
    (
        "import_concept_note",
        lambda s, a, x: consultations.import_concept_note(s, a, "kutahya", "agua.md", CONCEPT_NOTE),
        {"committee"},
    ),
    (
        "update_session",
        lambda s, a, x: consultations.update_session(s, a, "kutahya", x.session, replace(SESSION, capacity=9)),
        {"committee"},
    ),
    (
        "add_recommendation",
        lambda s, a, x: consultations.add_recommendation(
            s, a, "kutahya", x.session, RecommendationFields(text="Nueva", themes=("agua",))
        ),
        {"committee", "member"},
    ),
    (
        "edit_committee_recommendation",
        lambda s, a, x: consultations.update_recommendation(
            s, a, "kutahya", x.committee_rec, RecommendationFields(text="Cambiada")
        ),
        {"committee"},
    ),
    (
        "decide_recommendation",
        lambda s, a, x: consultations.decide_recommendation(
            s, a, "kutahya", x.member_rec, Decision(status="incorporated")
        ),
        {"committee"},
    ),
    ("export_folder", lambda s, a, x: transfer.export_folder(s, a, "kutahya", x.folder), {"committee"}),
]
WHO = ["committee", "member", "translator", "observer", "outsider", "admin"]


@pytest.mark.parametrize(("name", "call", "allowed"), TABLE, ids=[row[0] for row in TABLE])
def test_a_mutating_use_case_refuses_every_other_role_and_writes_nothing(store, people, scene, name, call, allowed):
    # Refusals write nothing, so one database serves every refused person in turn.
    before = dump(store)
    refused = [who for who in WHO if who not in allowed | {"admin"}]
    assert refused
    for who in refused:
        with pytest.raises(NotFound if who == "outsider" else Forbidden) as caught:
            call(store, getattr(people, who), scene)
        assert caught.value.render().strip(), who
        assert dump(store) == before, f"{name} as {who} wrote something"
    assert not scene.folder.exists()


@pytest.mark.parametrize(("name", "call", "allowed"), TABLE, ids=[row[0] for row in TABLE])
def test_a_mutating_use_case_is_taken_by_the_roles_allowed_and_recorded(store, people, scene, name, call, allowed):
    for who in [w for w in WHO if w in allowed | {"admin"}]:
        before = dump(store)
        call(store, getattr(people, who), scene)
        after = dump(store)
        assert after != before, f"{name} as {who} wrote nothing"
        assert len(after["activity"]) == len(before["activity"]) + 1, f"{name} as {who}"


def test_the_table_covers_every_mutating_use_case_of_a_process():
    """A new use case that takes a process slug must be added to TABLE (or to READS below)."""
    import inspect

    reads = {
        "list_sessions",
        "get_session",
        "list_recommendations",
        "get_recommendation",
        "recommendations_csv",
        "list_processes",
        "get_process",
        "list_members",
        "list_activity",
        "source_language",
    }
    covered = {
        "update_process",
        "set_member",
        "remove_member",
        "create_session",
        "import_concept_note",
        "update_session",
        "add_recommendation",
        "update_recommendation",
        "decide_recommendation",
        "export_folder",
        "create_process",
        "import_folder",
    }
    use_cases = {
        name
        for module in (processes, consultations, transfer)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and hasattr(fn, "__wrapped__")
    }
    assert use_cases - reads - covered == set()


def test_a_member_edits_their_own_open_recommendation_but_not_once_decided(store, people, scene):
    edited = consultations.update_recommendation(
        store,
        people.member,
        "kutahya",
        scene.member_rec,
        RecommendationFields(text="Del miembro, corregida", themes=("Agua",)),
    )
    assert (edited.text, edited.themes) == ("Del miembro, corregida", ["agua"])
    consultations.decide_recommendation(
        store, people.committee, "kutahya", scene.member_rec, Decision(status="partly_incorporated")
    )
    before = dump(store)
    with pytest.raises(Forbidden):
        consultations.update_recommendation(
            store, people.member, "kutahya", scene.member_rec, RecommendationFields(text="Otra vez")
        )
    assert dump(store) == before


def test_a_member_no_longer_edits_their_recommendation_after_becoming_observer(store, people, scene):
    processes.set_member(store, people.committee, "kutahya", MemberDraft(email="member@example.org", role="observer"))
    with pytest.raises(Forbidden):
        consultations.update_recommendation(
            store, people.member, "kutahya", scene.member_rec, RecommendationFields(text="Otra vez")
        )


def test_the_committee_edits_anyone_recommendation_even_decided(store, people, scene):
    consultations.decide_recommendation(
        store, people.committee, "kutahya", scene.member_rec, Decision(status="not_retained", reason="Duplicada")
    )
    edited = consultations.update_recommendation(
        store, people.committee, "kutahya", scene.member_rec, RecommendationFields(text="Corregida")
    )
    assert (edited.text, edited.status, edited.reason) == ("Corregida", "not_retained", "Duplicada")


def test_only_an_admin_or_the_command_line_imports_a_whole_process(store, people, tmp_path):
    from workspace.settings import ROOT

    before = dump(store)
    for who in ("committee", "member", "outsider"):
        with pytest.raises(Forbidden):
            transfer.import_folder(store, getattr(people, who), ROOT / "drafts" / "tanger-2026")
    assert dump(store) == before
    assert transfer.import_folder(store, people.admin, ROOT / "drafts" / "tanger-2026").slug == "tanger-2026"


def test_anyone_signed_in_may_open_a_process(store, people):
    view = processes.create_process(
        store, people.observer, ProcessDraft(slug="nuevo", titles={"fr": "Nouveau"}, source_language="fr")
    )
    assert view.my_role == "committee"
