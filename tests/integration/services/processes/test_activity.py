"""The audit trail: each use case appends exactly one entry naming who did what."""

from __future__ import annotations

import pytest
from msgspec.structs import replace
from sqlalchemy import func, select

from tests.backends import BACKENDS_DIFFER
from tests.conftest import SESSION
from tests.integration.support import counts
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import Decision, MemberDraft, ProcessSettings
from workspace.domain.errors import Forbidden
from workspace.services import accounts, consultations, processes, transfer
from workspace.store.models import Activity

pytestmark = BACKENDS_DIFFER  # the trail's JSON searched as text

NOTE = '---\ntitle: "Nota"\nstarts_at: "2021-10-07T10:00:00+03:00"\nends_at: "2021-10-07T11:00:00+03:00"\n---\n'


def test_each_use_case_appends_one_entry_with_its_actor_and_verb(store, people, tmp_path):
    state: dict[str, str] = {}

    def remember(key, value):
        state[key] = value.invitation if key == "invitation" else value.ref
        return value

    steps = [
        (
            people.committee,
            "process.updated",
            "process:kutahya",
            lambda: processes.update_process(
                store,
                people.committee,
                "kutahya",
                ProcessSettings(titles={"es": "Kütahya"}, source_language="es", phase="drafting"),
            ),
        ),
        (
            people.committee,
            "member.invited",
            None,
            lambda: remember(
                "invitation",
                processes.set_member(
                    store, people.committee, "kutahya", MemberDraft(email=people.outsider.email, role="observer")
                ),
            ),
        ),
        (
            people.outsider,
            "member.joined",
            None,
            lambda: processes.accept_invitation(store, people.outsider, state["invitation"].rsplit("/", 1)[1]),
        ),
        (
            people.committee,
            "member.changed",
            None,
            lambda: processes.set_member(
                store, people.committee, "kutahya", MemberDraft(email=people.outsider.email, role="member")
            ),
        ),
        (
            people.committee,
            "member.removed",
            None,
            lambda: processes.remove_member(store, people.committee, "kutahya", people.outsider.email),
        ),
        (
            people.committee,
            "session.created",
            "session:mesa",
            lambda: remember(
                "session",
                consultations.create_session(store, people.committee, "kutahya", replace(SESSION, ref="mesa")),
            ),
        ),
        (
            people.committee,
            "session.created",
            "session:nota",
            lambda: consultations.import_concept_note(store, people.committee, "kutahya", "nota.md", NOTE),
        ),
        (
            people.admin,
            "session.updated",
            "session:mesa",
            lambda: consultations.update_session(store, people.admin, "kutahya", "mesa", SESSION),
        ),
        (
            people.member,
            "recommendation.added",
            "recommendation:mesa-r01",
            lambda: remember(
                "rec",
                consultations.add_recommendation(
                    store, people.member, "kutahya", "mesa", RecommendationFields(text="t")
                ),
            ),
        ),
        (
            people.member,
            "recommendation.edited",
            "recommendation:mesa-r01",
            lambda: consultations.update_recommendation(
                store, people.member, "kutahya", "mesa-r01", RecommendationFields(text="t2")
            ),
        ),
        (
            people.committee,
            "recommendation.decided",
            "recommendation:mesa-r01",
            lambda: consultations.decide_recommendation(
                store, people.committee, "kutahya", "mesa-r01", Decision(status="incorporated")
            ),
        ),
        (
            people.committee,
            "process.exported",
            "process:kutahya",
            lambda: transfer.export_folder(store, people.committee, "kutahya", tmp_path / "out"),
        ),
    ]
    for actor, verb, subject, call in steps:
        before = counts(store)["activity"]
        call()
        assert counts(store)["activity"] == before + 1, verb
        [entry] = processes.list_activity(store, people.observer, "kutahya", limit=1)
        assert (entry.verb, entry.actor) == (verb, actor.name)
        if subject:
            assert entry.subject == subject
    assert [e.data.get("status") for e in processes.list_activity(store, people.observer, "kutahya", limit=2)] == [
        None,
        "incorporated",
    ]


def test_account_use_cases_are_recorded_outside_any_process(store, people):
    with store() as tx:
        before = tx.scalar(select(func.count()).select_from(Activity).where(Activity.process_id.is_(None)))
    user = accounts.add_user(store, people.admin, "nuevo@example.org", "Nuevo", "long enough password")
    accounts.set_password(store, people.admin, "nuevo@example.org", "another long password")
    token = accounts.create_token(store, people.member, "t")
    accounts.revoke_token(store, people.member, token.id)
    with store() as tx:
        rows = tx.scalars(select(Activity).where(Activity.process_id.is_(None)).order_by(Activity.id)).all()[before:]
        assert [(a.verb, a.actor_id, a.subject) for a in rows] == [
            ("user.added", people.admin.id, f"user:{user.id}"),
            ("user.password_set", people.admin.id, f"user:{user.id}"),
            ("token.created", people.member.id, f"token:{token.id}"),
            ("token.revoked", people.member.id, f"token:{token.id}"),
        ]
        assert "long enough password" not in str([a.data for a in rows])


def test_the_process_creation_is_the_first_entry_and_refusals_leave_no_trace(store, people):
    entries = processes.list_activity(store, people.committee, "kutahya")
    assert (entries[-1].verb, entries[-1].actor, entries[-1].data) == (
        "process.created",
        "Committee",
        {"slug": "kutahya"},
    )
    before = counts(store)["activity"]
    settings = ProcessSettings(titles={"es": "x"}, source_language="es")
    for call in (
        lambda: processes.update_process(store, people.member, "kutahya", settings),
        lambda: consultations.create_session(store, people.observer, "kutahya", SESSION),
    ):
        with pytest.raises(Forbidden):
            call()
    assert counts(store)["activity"] == before
