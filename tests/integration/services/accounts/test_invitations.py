"""Invitations: nothing is made for an address until its owner accepts, and a link works once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests.conftest import PASSWORD
from tests.integration.support import dump
from workspace.domain.consultations.consultations import MemberDraft
from workspace.domain.errors import Conflict, Forbidden, NotAuthenticated, NotFound
from workspace.domain.people import JoinAsNew
from workspace.services import accounts, processes
from workspace.store.db import transaction
from workspace.store.models import Invitation, Outbox
from workspace.store.types import utcnow


def invite(store, people, email: str, role: str = "member"):
    view = processes.set_member(
        store, people.committee, "kutahya", MemberDraft(email=email, role=role, name="Ignorado")
    )
    return view, view.invitation.rsplit("/", 1)[1]


def test_inviting_a_new_address_makes_nothing_but_the_invitation_and_its_mail(store, people):
    before = {t: len(rows) for t, rows in dump(store).items()}
    view, _ = invite(store, people, "guest@example.org")
    after = {t: len(rows) for t, rows in dump(store).items()}
    # The invitation, its line in the activity, and the mail to send once it commits (the link's only copy).
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {
        "invitations": 1,
        "activity": 1,
        "outbox": 1,
    }
    assert (view.status, view.name, view.invitation.startswith("/invitations/")) == ("invited", "", True)
    with store() as tx:
        entry = tx.scalars(select(Outbox).order_by(Outbox.id.desc()).limit(1)).one()
    assert (entry.kind, entry.data["template"], entry.data["email"], entry.data["link"]) == (
        "mail",
        "invitation",
        "guest@example.org",
        view.invitation,
    )
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(store, "guest@example.org", PASSWORD)
    listed = {m.email: m for m in processes.list_members(store, people.committee, "kutahya")}
    assert listed["guest@example.org"].status == "invited" and listed["guest@example.org"].invitation is None
    assert "guest@example.org" not in {m.email for m in processes.list_members(store, people.member, "kutahya")}


def test_inviting_an_existing_account_does_not_reveal_its_name(store, people):
    view, _ = invite(store, people, people.outsider.email)
    assert view.name == "" and view.status == "invited"
    assert all(m.name != "Outsider" for m in processes.list_members(store, people.committee, "kutahya"))


def test_a_new_person_accepts_with_their_own_name_and_password_once(store, people):
    _, token = invite(store, people, "Guest@Example.org", "observer")
    shown = processes.show_invitation(store, token)
    assert (shown.email, shown.role, shown.slug, shown.has_account) == (
        "guest@example.org",
        "observer",
        "kutahya",
        False,
    )
    joined, slug = processes.create_account_and_accept(
        store, token, JoinAsNew(name="Ana Invitada", password="su propia clave")
    )
    assert slug == "kutahya" and joined.name == "Ana Invitada"
    assert accounts.authenticate(store, "guest@example.org", "su propia clave").id == joined.id
    member = next(
        m for m in processes.list_members(store, people.committee, "kutahya") if m.email == "guest@example.org"
    )
    assert (member.status, member.name, member.role) == ("member", "Ana Invitada", "observer")
    with pytest.raises(NotFound):  # used: it works once
        processes.show_invitation(store, token)
    with pytest.raises(NotFound):
        processes.create_account_and_accept(store, token, JoinAsNew(name="Otra", password="otra clave larga"))


def test_an_existing_account_accepts_only_as_itself(store, people):
    _, token = invite(store, people, people.outsider.email)
    with pytest.raises(Forbidden):
        processes.accept_invitation(store, people.member, token)
    with pytest.raises(Conflict):  # it has a password: sign in instead
        processes.create_account_and_accept(store, token, JoinAsNew(name="Intruso", password="una clave larga"))
    assert processes.accept_invitation(store, people.outsider, token) == "kutahya"
    assert processes.get_process(store, people.outsider, "kutahya").my_role == "member"


def test_expired_withdrawn_and_replaced_invitations_do_not_work(store, people):
    _, old = invite(store, people, "a@example.org")
    _, new = invite(store, people, "a@example.org")  # a new invitation replaces the old one
    with pytest.raises(NotFound):
        processes.show_invitation(store, old)
    with transaction(store) as tx:
        tx.execute(update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
    with pytest.raises(NotFound):
        processes.show_invitation(store, new)
    _, third = invite(store, people, "a@example.org")
    processes.remove_member(store, people.committee, "kutahya", "a@example.org")  # withdrawn
    with pytest.raises(NotFound):
        processes.show_invitation(store, third)
    with pytest.raises(NotFound):
        processes.show_invitation(store, "nonsense")
