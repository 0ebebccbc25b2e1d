"""“Forgot your password?”: a single-use link by mail, valid for an hour. The answer is the same
whether the address has an account or not, and asking is throttled per address and per account, so
the form tells nobody who has an account and floods nobody's mailbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...domain.people import ChoosePassword
from ...domain.values import parse_email
from ...store.models import PasswordReset, SignInFailure, User
from ...store.types import utcnow
from ..access import record
from ..outbox_entries import add_mail
from ..unit import Db, reads, use_case
from .passwords import hash_password
from .random_ids import new_secret, secret_hash
from .throttle import serialize
from .users import end_other_sign_ins

VALID_FOR = timedelta(hours=1)
PATH = "/password-reset/"
PER_ACCOUNT = 3  # links mailed to one account per hour
PER_ADDRESS = 10  # requests from one network address per hour, whatever the accounts


@use_case
def request_reset(tx: Session, email: str, locale: str, address: str = "") -> None:
    """Mail a link to choose a new password, if `email` has an account and neither it nor `address`
    asked too often; say nothing either way. An address that cannot exist is refused (InvalidInput): that
    says nothing of any account, and tells whoever mistyped it."""
    mail_link(tx, email, locale, address, "reset")


# Each kind of link: where it leads, the mail that carries it, how long it works, what the activity calls asking.
LINKS = {
    "reset": (PATH, "password_reset", VALID_FOR, "user.password_reset_asked"),
    "sign_in": ("/sign-in-link/", "sign_in_link", timedelta(minutes=30), "user.sign_in_link_asked"),
}


def mail_link(tx: Session, email: str, locale: str, address: str, purpose: str) -> None:
    """Mail the single-use link of `purpose` (LINKS) to the account of `email`, unless it has none, is disabled, or
    it or `address` asked too often this hour (the links of both purposes count together): silent either way."""
    email = parse_email(email)
    path, template, valid_for, asked = LINKS[purpose]
    since = utcnow() - VALID_FOR
    if address:
        serialize(tx, f"reset:{address}")  # counted and decided in one step, as wrong passwords are
    # The requests of an address are kept with the sign-in failures' (both are counted per address, an hour).
    if (
        address
        and (
            tx.scalar(
                select(func.count())
                .select_from(SignInFailure)
                .where(SignInFailure.address == f"reset:{address}"[:64], SignInFailure.at > since)
            )
            or 0
        )
        >= PER_ADDRESS
    ):
        return
    if address:
        tx.add(SignInFailure(email="", address=f"reset:{address}"[:64]))
    user = tx.scalar(select(User).where(User.email == email).with_for_update())
    if user is None or user.disabled_at is not None:
        return
    recent = (
        tx.scalar(
            select(func.count())
            .select_from(PasswordReset)
            .where(PasswordReset.user_id == user.id, PasswordReset.created_at > since)
        )
        or 0
    )
    if recent >= PER_ACCOUNT:
        return
    token, hashed = new_secret()
    tx.add(PasswordReset(user_id=user.id, token_hash=hashed, expires_at=utcnow() + valid_for, purpose=purpose))
    add_mail(
        tx,
        template,
        user_id=user.id,
        link=path + token,
        locale=locale,  # the page's that asked: the mail's only if the account tells nothing (services/outbox.py)
    )
    record(tx, None, asked, f"user:{user.id}")


def valid_link(tx: Session, token: str, purpose: str = "reset") -> tuple[PasswordReset, User]:
    row = tx.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == secret_hash(token), PasswordReset.purpose == purpose)
    )
    user = tx.get(User, row.user_id) if row is not None else None
    if row is None or user is None or row.used_at is not None or row.expires_at <= utcnow():
        raise NotFound(GONE[purpose])
    return row, user


GONE = {
    "reset": N_("This link to choose a new password is not valid (any more): ask for a new one."),
    "sign_in": N_("This link to sign in is not valid (any more): ask for a new one."),
}


def take_link(tx: Session, token: str, purpose: str) -> User:
    """Use the link `token` of `purpose`, once, whatever the race: marking it used is a compare-and-set on its being
    unused (two uses at the same instant both read it unused; only one UPDATE finds it so). 404 when it is used,
    expired, unknown, of the other purpose, or its account is disabled."""
    _, user = valid_link(tx, token, purpose)
    now = utcnow()
    taken = tx.execute(
        update(PasswordReset)
        .where(
            PasswordReset.token_hash == secret_hash(token),
            PasswordReset.purpose == purpose,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if taken != 1 or user.disabled_at is not None:
        raise NotFound(GONE[purpose])
    return user


@reads
def check_reset(tx: Session, token: str) -> str:
    """The address the link `token` is for (404 if it is used, expired or unknown)."""
    return valid_link(tx, token)[1].email


def reset_password(db: Db, token: str, chosen: ChoosePassword) -> str:
    """Set the new password through the link (once); every session and other link of the person
    ends. The address, to sign in with."""
    hashed = hash_password(chosen.password)  # before the transaction: hashing never holds a lock
    return _reset(db, token, hashed)


@use_case
def _reset(tx: Session, token: str, hashed: str) -> str:
    user = take_link(tx, token, "reset")
    now = utcnow()
    user.password_hash = hashed
    tx.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    end_other_sign_ins(tx, user.id, None)
    record(tx, None, "user.password_set", f"user:{user.id}", through="reset")
    return user.email
