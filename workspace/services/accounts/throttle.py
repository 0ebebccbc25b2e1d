"""Sign-in throttling: wrong passwords slow down further tries, per account and per address.

Counted in the store, so every worker and machine agrees. A refused try is answered without
hashing anything: an attacker cannot make the server spend argon2 time on a throttled account.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, TooMany
from ...store.models import SignInFailure
from ...store.types import utcnow
from ..unit import reads, use_case

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5  # wrong passwords for one account within the window
PER_ADDRESS = 20  # wrong passwords from one address, whatever the accounts


@reads
def check(tx: Session, email: str, address: str) -> None:
    """TooMany (429, with when to try again) if this account or address failed too often lately."""
    since = utcnow() - WINDOW
    for column, key, limit in ((SignInFailure.email, email, PER_ACCOUNT), (SignInFailure.address, address, PER_ADDRESS)):
        if not key:
            continue
        count, oldest = tx.execute(
            select(func.count(), func.min(SignInFailure.at)).where(column == key, SignInFailure.at > since)
        ).one()
        if count >= limit:
            wait = int(((oldest or utcnow()) + WINDOW - utcnow()).total_seconds()) + 1
            raise TooMany(N_("Too many wrong passwords: try again in {minutes} minutes."),
                          retry_after=max(wait, 1), minutes=max(1, -(-wait // 60)))


@use_case
def record_failure(tx: Session, email: str, address: str) -> None:
    tx.add(SignInFailure(email=email, address=address[:64]))
    # Old failures count no more: keep the table small.
    tx.execute(delete(SignInFailure).where(SignInFailure.at < utcnow() - 2 * WINDOW))


@use_case
def clear(tx: Session, email: str) -> None:
    """The right password: the account's count starts again (the address's does not)."""
    tx.execute(delete(SignInFailure).where(SignInFailure.email == email))
