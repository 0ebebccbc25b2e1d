"""Mails handed to a real SMTP server on both backends: retried while it answers 4xx, failed at once on
5xx or after 8 tries and kept for administrators, sent once when workers race; password-reset and
invitation mails whose links work (once)."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import select, update

from tests.backends import BACKENDS_DIFFER
from tests.conftest import PASSWORD
from tests.integration.mailbox import (
    PUBLIC,
    Post,
    by_recipient,
    hrefs,
    links,
    make_post,
    race,
    text_of,
    to,
)
from workspace.domain.consultations.consultations import MemberDraft
from workspace.domain.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from workspace.domain.people import ChoosePassword
from workspace.services import accounts, processes
from workspace.services.accounts import password_resets
from workspace.services.accounts.sign_ins import actor_for_sign_in, start_sign_in
from workspace.services.actor import SYSTEM
from workspace.services.notifications import delivery, outgoing
from workspace.store.db import transaction
from workspace.store.models import MailMessage, PasswordReset
from workspace.store.types import utcnow

pytestmark = BACKENDS_DIFFER  # mails claimed with SKIP LOCKED on PostgreSQL

P = "kutahya"


@pytest.fixture
def post(store, db_url, people, mail_server) -> Post:
    made = make_post(store, db_url, mail_server)
    made.drain()  # the invitations that made the people
    return made


def reset_link(message) -> str:  # type: ignore[no-untyped-def]
    [link] = [u for u in links(message) if "/password-reset/" in u]
    return link


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def mail_row(store, recipient: str) -> MailMessage:
    with store() as tx:
        return tx.scalars(
            select(MailMessage).where(MailMessage.recipient == recipient, MailMessage.kind == "password_reset")
        ).one()


def test_a_temporary_failure_is_retried_and_the_mail_delivered_once(store, people, post, mail_server):
    password_resets.request_reset(store, people.member.email, "en")
    mail_server.fail_next(2, 451)
    assert post.send() == []
    row = mail_row(store, people.member.email)
    assert (row.state, row.attempts) == ("pending", 1) and "451" in (row.last_error or "")
    assert post.send() == []
    [got] = post.send()
    assert to(got) == people.member.email
    row = mail_row(store, people.member.email)
    assert (row.state, row.attempts, row.last_error) == ("sent", 3, None) and row.sent_at is not None
    assert post.send() == []


def test_a_retry_waits_its_turn(store, db_url, people, mail_server):
    post = make_post(store, db_url, mail_server, retry_seconds=60)
    post.drain()
    password_resets.request_reset(store, people.member.email, "en")
    mail_server.fail_next(1, 451)
    assert post.send() == []
    assert post.send() == []  # not due for a minute
    with transaction(store) as tx:
        tx.execute(update(MailMessage).values(next_attempt_at=MailMessage.created_at))
    assert [to(m) for m in post.send()] == [people.member.email]


def test_a_permanent_failure_is_kept_with_the_answer_and_shown_to_administrators(store, people, post, mail_server):
    password_resets.request_reset(store, people.translator.email, "en")
    mail_server.fail_next(1, 550)
    assert post.send() == []
    row = mail_row(store, people.translator.email)
    assert (row.state, row.attempts) == ("failed", 1)
    assert "550" in (row.last_error or "") and "Rejected for good" in (row.last_error or "")
    assert post.send() == []  # never tried again
    listed = outgoing.list_mail(store, people.admin, "failed")
    assert [(m.recipient, m.state) for m in listed.mails] == [(people.translator.email, "failed")]
    assert listed.mails[0].last_error == row.last_error and listed.counts["failed"] == 1
    for who in (people.committee, people.member, None):
        with pytest.raises((Forbidden, NotAuthenticated)):
            outgoing.list_mail(store, who)


def test_after_eight_temporary_failures_a_mail_is_failed_never_dropped(store, people, post, mail_server):
    password_resets.request_reset(store, people.observer.email, "en")
    mail_server.fail_next(8, 451)
    for attempt in range(1, 9):
        assert post.send() == []
        row = mail_row(store, people.observer.email)
        assert row.attempts == attempt and row.state == ("failed" if attempt == 8 else "pending")
    assert post.send() == [] and not mail_server.messages
    [kept] = outgoing.list_mail(store, people.admin, "failed").mails
    assert (kept.recipient, kept.attempts) == (people.observer.email, 8) and "451" in (kept.last_error or "")


def test_a_mail_held_by_one_worker_is_not_sent_by_another(store, people, post, mail_server):
    trials = 12
    with transaction(store) as tx:
        rows = [
            MailMessage(
                kind="test",
                recipient=people.member.email,
                locale="en",
                subject=f"Carrera {i}",
                text=f"Carrera {i}.",
                html=None,
                message_id=f"race-{i}@accord.example.org",
            )
            for i in range(trials)
        ]
        tx.add_all(rows)
        tx.flush()
        ids = [r.id for r in rows]
    for mail_id in ids:
        race(*[partial(delivery.deliver, store, post.jobs.postman, mail_id)] * 2)
    subjects = [str(r.message["Subject"]) for r in mail_server.messages]
    assert sorted(subjects) == sorted(f"Carrera {i}" for i in range(trials))  # each exactly once
    with store() as tx:
        assert set(tx.scalars(select(MailMessage.state).where(MailMessage.id.in_(ids)))) == {"sent"}


def test_a_password_reset_mail_says_nothing_of_unknown_addresses_and_its_link_works_once(store, people, post):
    assert password_resets.request_reset(store, "nobody@example.org", "en") is None
    with pytest.raises(InvalidInput, match="is not an email address"):  # a mistyped address is said to be one
        password_resets.request_reset(store, "not an address", "en")
    assert post.send() == []
    assert password_resets.request_reset(store, people.member.email, "en") is None
    [got] = post.send()
    assert to(got) == people.member.email and got["Message-ID"].endswith("@accord.example.org>")
    link = reset_link(got)
    assert link.startswith(f"{PUBLIC}/password-reset/") and link in hrefs(got)
    assert got["List-Unsubscribe"] is None  # not news: nothing to unsubscribe from

    session = start_sign_in(store, people.member)
    assert actor_for_sign_in(store, people.member.id, session) is not None
    assert password_resets.check_reset(store, token_of(link)) == people.member.email
    assert (
        password_resets.reset_password(store, token_of(link), ChoosePassword(password="a brand new password"))
        == people.member.email
    )
    assert accounts.authenticate(store, people.member.email, "a brand new password").id == people.member.id
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(store, people.member.email, PASSWORD)
    assert actor_for_sign_in(store, people.member.id, session) is None  # other sign-ins ended
    with pytest.raises(NotFound):  # once
        password_resets.reset_password(store, token_of(link), ChoosePassword(password="yet another password"))


def test_a_password_reset_link_expires_after_an_hour(store, people, post):
    password_resets.request_reset(store, people.member.email, "en")
    [got] = post.send()
    with store() as tx:
        row = tx.scalars(select(PasswordReset)).one()
        assert timedelta(minutes=59) < row.expires_at - row.created_at <= timedelta(hours=1, seconds=1)
    with transaction(store) as tx:  # an hour later
        tx.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(NotFound):
        password_resets.reset_password(
            store, token_of(reset_link(got)), ChoosePassword(password="a brand new password")
        )
    assert accounts.authenticate(store, people.member.email, PASSWORD).id == people.member.id


def test_password_reset_requests_are_throttled(store, people, post):
    for _ in range(4):
        password_resets.request_reset(store, people.member.email, "en")
    got = post.send()
    assert [to(m) for m in got] == [people.member.email] * 3
    assert len({reset_link(m) for m in got}) == 3
    for _ in range(10):  # one network address, whichever accounts it asks for
        password_resets.request_reset(store, people.translator.email, "en", address="203.0.113.9")
    assert [to(m) for m in post.send()] == [people.translator.email] * 3
    password_resets.request_reset(store, people.observer.email, "en", address="203.0.113.9")
    assert post.send() == []  # the address asked 10 times this hour
    password_resets.request_reset(store, people.observer.email, "en", address="198.51.100.7")
    assert [to(m) for m in post.send()] == [people.observer.email]


def test_an_invitation_mail_names_the_inviter_the_process_and_the_role(store, people, post):
    # In the invited person's language (their account's), never the inviter's (issue 67).
    accounts.set_locale(store, people.committee, "fr")
    accounts.add_user(store, SYSTEM, "guest@example.org", "Guest", None)
    accounts.set_locale(store, accounts.actor_by_email(store, "guest@example.org"), "en")
    committee = accounts.get_actor(store, people.committee.id)
    view = processes.set_member(store, committee, P, MemberDraft(email="guest@example.org", role="observer"))
    got = by_recipient(post.send())
    assert set(got) == {"guest@example.org"}
    mail = got["guest@example.org"]
    assert mail["Content-Language"] == "en" and "Kütahya Declaration" in str(mail["Subject"])
    body = text_of(mail)
    assert re.search(r"Committee invites you to take part in Kütahya Declaration in Accord, as observer", body)
    [link] = [u for u in links(mail) if "/invitations/" in u]
    assert link == PUBLIC + view.invitation and link in hrefs(mail)
    shown = processes.show_invitation(store, link.rsplit("/", 1)[1])
    assert (shown.email, shown.role, shown.slug) == ("guest@example.org", "observer", P)
    assert post.send() == []  # one mail
