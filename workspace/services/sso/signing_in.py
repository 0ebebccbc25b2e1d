"""Who signs in: the account of the provider's `sub`, else the one of their verified address (the `sub` is then
linked to it), else a new one (when the settings allow it, or an invitation for that address does); the
administrator claim followed; a new session. Refused, nothing is written but the refusal in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, InvalidInput
from ...domain.values import parse_email, text_value
from ...store.models import User
from ..access import record
from ..accounts import actor_of, start_sign_in
from ..actor import Actor
from ..unit import use_case
from .errors import NOT_VERIFIED, Refused, RefusedPerson, RefusedRequest


@dataclass(frozen=True)
class Person:
    """What the provider said of the person signing in."""

    subject: str  # its `sub`: theirs for good at that provider
    email: str  # as given ("" if none)
    verified: bool  # the provider vouches for the address
    name: str
    admin: bool | None  # the administrator claim holds; None: no such claim is configured


@dataclass(frozen=True)
class Rules:
    label: str  # what people call the provider's accounts
    issuer: str
    create_accounts: bool
    invited: str | None  # the address of the open invitation this sign-in came for


@use_case
def sign_in(tx: Session, person: Person, rules: Rules, browser: str | None = None) -> tuple[Actor, str]:
    """The person's account and the id of their new session (via "sso", from a `browser` reading that language)."""
    if not person.subject or len(person.subject) > 255:
        raise RefusedRequest(
            NOT_VERIFIED,
            "id_token",
            detail={"check": "sub"},
            label=rules.label,
        )
    user = tx.scalar(select(User).where(User.oidc_subject == person.subject))
    if user is None:
        user = _by_address(tx, person, rules)
    if user.disabled_at is not None:
        raise RefusedPerson(
            N_("The account of {email} is disabled: nobody can sign in with it. Ask an administrator."),
            "disabled",
            email=user.email,
        )
    if person.admin is not None and user.is_admin != person.admin:
        user.is_admin = person.admin
        record(tx, actor_of(user), "user.admin_by_claim", f"user:{user.id}", is_admin=person.admin)
    actor = actor_of(user)
    return actor, start_sign_in(tx, actor, via="sso", browser=browser)


def _by_address(tx: Session, person: Person, rules: Rules) -> User:
    """The account of the person's verified address, now linked to their `sub`; or a new account."""
    email = _verified_address(person, rules)
    user = tx.scalar(select(User).where(User.email == email))
    if user is not None:
        if user.disabled_at is not None:
            raise RefusedPerson(
                N_("The account of {email} is disabled: nobody can sign in with it. Ask an administrator."),
                "disabled",
                email=email,
            )
        if user.oidc_subject is not None:  # another of the provider's people had this address before
            raise RefusedPerson(
                N_(
                    "The account of {email} is linked to another sign-in with {label} already. Ask an "
                    "administrator, who can tell which one is yours."
                ),
                "linked_elsewhere",
                email=email,
                label=rules.label,
            )
        user.oidc_subject = person.subject
        record(tx, actor_of(user), "user.sso_linked", f"user:{user.id}", issuer=rules.issuer)
        return user
    if not (rules.create_accounts or rules.invited == email):
        raise RefusedPerson(
            N_(
                "There is no account for {email} in Accord. To take part in a process, ask its drafting committee "
                "for an invitation; for an account, ask an administrator."
            ),
            "no_account",
            email=email,
        )
    try:
        name = text_value(person.name[:200], "name", limit=200)
    except InvalidInput:  # control characters in it: the address's local part instead
        name = ""
    name = name or email.split("@")[0]
    user = User(email=email, name=name, password_hash=None, oidc_subject=person.subject)
    tx.add(user)
    tx.flush()
    record(
        tx,
        actor_of(user),
        "user.sso_created",
        f"user:{user.id}",
        email=email,
        issuer=rules.issuer,
        invited=rules.invited == email,
    )
    return user


def _verified_address(person: Person, rules: Rules) -> str:
    try:
        email = parse_email(person.email) if person.email else ""
    except InvalidInput:
        email = ""
    if not email:
        raise RefusedPerson(
            N_(
                "The sign-in with {label} did not give your email address, so Accord cannot tell which account is "
                "yours."
            ),
            "no_email",
            label=rules.label,
        )
    if not person.verified:
        raise RefusedPerson(
            N_(
                "The sign-in with {label} has not verified the address {email}, so Accord cannot link it to an "
                "account. Verify it there, or ask an administrator."
            ),
            "unverified_email",
            email=email,
            label=rules.label,
        )
    return email


@use_case
def record_refusal(tx: Session, refusal: Refused, issuer: str) -> None:
    """A refused sign-in, in the audit trail (by nobody: no one was signed in): its reason and what is known."""
    email = refusal.params.get("email")
    record(
        tx,
        None,
        "user.sso_refused",
        f"sso:{email}" if email else "sso",
        reason=refusal.reason,
        detail=refusal.detail,
        email=email,
        issuer=issuer,
    )
