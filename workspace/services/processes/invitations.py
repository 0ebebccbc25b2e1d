"""Inviting people: a single-use, expiring link, sent by the committee to an e-mail address.

Nothing is created for an address until its owner accepts: no account, no membership, and the
committee does not learn the name of an existing account before its owner joins.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain.consultations.consultations import MemberDraft
from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from ...domain.people import JoinAsNew
from ...domain.values import parse_email
from ...store.models import Invitation, Membership, Process, User
from ...store.types import utcnow
from ..access import record, require_actor, stored_id
from ..accounts.passwords import hash_password
from ..accounts.random_ids import new_secret, secret_hash
from ..accounts.sign_ins import keep_browser_language
from ..actor import Actor
from ..outbox_entries import add_mail
from ..unit import Db, reads, use_case
from .views import InvitationView, MemberView

VALID_FOR = timedelta(days=14)
PATH = "/invitations/"


def invite(tx: Session, actor: Actor | None, process: Process, draft: MemberDraft) -> MemberView:
    """A fresh invitation for `draft.email` (any earlier one for that address in this process ends)."""
    if draft.reviews:
        raise InvalidInput(
            N_("The right to review a language is given once the translator has joined the process."),
            detail={"field": "reviews"},
        )
    tx.execute(
        delete(Invitation).where(
            Invitation.process_id == process.id, Invitation.email == draft.email, Invitation.accepted_at.is_(None)
        )
    )
    token, hashed = new_secret()
    expires = utcnow() + VALID_FOR
    tx.add(
        Invitation(
            process_id=process.id,
            email=draft.email,
            role=draft.role,
            languages=list(draft.languages),
            token_hash=hashed,
            created_by_id=stored_id(actor),
            expires_at=expires,
        )
    )
    record(tx, actor, "member.invited", f"invitation:{draft.email}", process, email=draft.email, role=draft.role)
    # The mail goes once this commits; it alone carries the token (only its hash is kept here).
    add_mail(
        tx,
        "invitation",
        email=draft.email,
        inviter=actor.name if actor else "Accord",
        process_id=process.id,
        role=draft.role,
        link=PATH + token,
        expires=expires.isoformat(),
        # Not the inviter's language: the invited person's account's, if they have one (found when the mail is
        # composed, services/outbox.py), else the process's (issue 67).
        locale=process.source_language,
    )
    return MemberView(
        email=draft.email,
        name="",
        role=draft.role,
        languages=list(draft.languages),
        status="invited",
        invitation=PATH + token,
        expires_at=expires,
    )


def pending(tx: Session, process: Process) -> list[MemberView]:
    rows = tx.scalars(
        select(Invitation)
        .where(
            Invitation.process_id == process.id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.email)
    )
    return [
        MemberView(
            email=i.email,
            name="",
            role=i.role,
            languages=list(i.languages),
            status="invited",
            invitation=None,
            expires_at=i.expires_at,
        )
        for i in rows
    ]


def withdraw(tx: Session, actor: Actor | None, process: Process, email: str) -> bool:
    gone = tx.execute(
        delete(Invitation).where(
            Invitation.process_id == process.id, Invitation.email == email, Invitation.accepted_at.is_(None)
        )
    ).rowcount  # type: ignore[attr-defined]
    if gone:
        record(tx, actor, "member.invitation_withdrawn", f"invitation:{email}", process, email=email)
    return bool(gone)


def _open(tx: Session, token: str) -> tuple[Invitation, Process]:
    row = tx.scalar(select(Invitation).where(Invitation.token_hash == secret_hash(token)))
    if row is None or row.accepted_at is not None or row.expires_at <= utcnow():
        # Used, withdrawn, expired or never made: the same answer, it tells nothing.
        raise NotFound(N_("This invitation is not valid (any more): ask the committee for a new one."))
    process = tx.get(Process, row.process_id)
    assert process is not None
    return row, process


@reads
def show_invitation(tx: Session, token: str) -> InvitationView:
    row, process = _open(tx, token)
    has_account = tx.scalar(select(User.id).where(User.email == row.email, User.password_hash.is_not(None))) is not None
    title = process.titles.get(process.source_language) or process.slug
    return InvitationView(
        process=title,
        slug=process.slug,
        email=row.email,
        role=row.role,
        expires_at=row.expires_at,
        has_account=has_account,
    )


@use_case
def accept_invitation(tx: Session, actor: Actor | None, token: str, browser: str | None = None) -> str:
    """The signed-in person joins with the invitation's role (it must be their address), from a `browser` reading
    Accord in that language (kept for their mails); the slug."""
    actor = require_actor(actor)
    row, process = _open(tx, token)
    if parse_email(actor.email) != row.email:
        raise Forbidden(N_("This invitation is for {email}: sign in with that address to accept it."), email=row.email)
    _join(tx, row, process, actor)
    keep_browser_language(tx, actor, browser)
    return process.slug


def create_account_and_accept(db: Db, token: str, joining: JoinAsNew, browser: str | None = None) -> tuple[Actor, str]:
    """A person new to Accord accepts: their account is made with the name and password they chose, and the
    language of their `browser` kept for their mails. The password is hashed before the transaction, so no lock
    waits for argon2."""
    hashed = hash_password(joining.password)
    return _create_and_join(db, token, joining.name, hashed, browser)


@use_case
def _create_and_join(tx: Session, token: str, name: str, hashed: str, browser: str | None) -> tuple[Actor, str]:
    from ..accounts import actor_of

    row, process = _open(tx, token)
    user = tx.scalar(select(User).where(User.email == row.email))
    if user is not None and user.password_hash is not None:
        raise Conflict(N_("An account for {email} already exists: sign in to accept the invitation."), email=row.email)
    if user is None:
        user = User(email=row.email, name=name, password_hash=hashed)
        tx.add(user)
        tx.flush()
    else:  # made earlier without a password (an import): now its owner sets it
        user.name, user.password_hash = name, hashed
    joined = actor_of(user)
    _join(tx, row, process, joined)
    keep_browser_language(tx, joined, browser)
    return joined, process.slug


def _join(tx: Session, row: Invitation, process: Process, actor: Actor) -> None:
    membership = tx.scalar(
        select(Membership).where(Membership.process_id == process.id, Membership.user_id == actor.id)
    )
    if membership is None:
        tx.add(Membership(process_id=process.id, user_id=actor.id, role=row.role, languages=list(row.languages)))
    row.accepted_at, row.accepted_by_id = utcnow(), actor.id
    record(tx, actor, "member.joined", f"user:{actor.id}", process, email=row.email, role=row.role)
