"""Sign-in throttling: wrong passwords are refused per (account, address) and per address, and only
slowed down per account.

Refusing on the account alone would let anyone lock anyone out: five wrong passwords from
anywhere, and the owner's right one is refused too. So a refusal (429, with when to try again)
needs failures from the asking address: `PER_PAIR` for this account, or `PER_ADDRESS` whatever the
accounts. Failures for one account from many addresses only make every answer for that account
slower (`slowdown`, a few seconds at most): guessing gets slow, the owner still gets in.

Counted in the store, so every worker and machine agrees. A refused try is answered without
hashing anything: an attacker cannot make the server spend argon2 time on a throttled pair.

Deciding and counting are one step (`reserve`): each try is written down as a failure before its
password is checked, under a lock on its address, and only the right password takes it back. So a
burst of forty tries at once is checked five times at most, never forty times before the count
catches up, and the right password inside the burst gets in only if it is among those five.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from ...domain.errors import NN_, TooMany
from ...store.models import SignInFailure
from ...store.types import utcnow
from ..unit import use_case

WINDOW = timedelta(minutes=15)
PER_PAIR = 5  # wrong passwords for one account from one address within the window: refused
PER_ADDRESS = 20  # wrong passwords from one address, whatever the accounts: refused
SLOW_AFTER = 5  # wrong passwords for one account, from anywhere, before its answers slow down
FIRST_DELAY = 0.25  # seconds, doubled with each further failure ...
MAX_DELAY = 4.0  # ... up to this
KEEP = timedelta(hours=2)  # rows older than this count for nothing (password resets count an hour)

sleep: Callable[[float], None] = time.sleep
"""How the slowdown is spent (tests put a recorder here)."""


def slowdown(failures: int) -> float:
    """Seconds to wait before answering for an account with `failures` recent wrong passwords."""
    if failures < SLOW_AFTER:
        return 0.0
    doubling: int = 2 ** min(failures - SLOW_AFTER, 16)  # typeshed says Any: an int's power may be a float
    return min(MAX_DELAY, FIRST_DELAY * doubling)


def _refuse_if(tx: Session, limit: int, *where: object) -> None:
    count, oldest = tx.execute(
        select(func.count(), func.min(SignInFailure.at)).where(*where, SignInFailure.at > utcnow() - WINDOW)  # type: ignore[arg-type]
    ).one()
    if count >= limit:
        wait = int(((oldest or utcnow()) + WINDOW - utcnow()).total_seconds()) + 1
        raise TooMany(
            NN_(
                "Too many wrong passwords: try again in {minutes} minute.",
                "Too many wrong passwords: try again in {minutes} minutes.",
                "minutes",
            ),
            retry_after=max(wait, 1),
            minutes=max(1, -(-wait // 60)),
        )


def serialize(tx: Session, key: str) -> None:
    """Tries counted against `key` (an address) wait for each other until their transaction ends. SQLite
    writers are one at a time already; PostgreSQL takes a transaction-scoped advisory lock on the key."""
    if tx.get_bind().dialect.name == "postgresql":
        tx.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 7))"), {"key": f"sign-in:{key}"})


@use_case
def reserve(tx: Session, email: str, address: str) -> float:
    """TooMany (429, with when to try again) if this account from this address, or this address,
    failed too often lately; else this try is counted as a failure (until `clear` takes it back, when
    the password is right) and the answer is the seconds to wait before checking it (`slowdown`)."""
    address = address[:64]
    serialize(tx, address or email)
    _refuse_if(tx, PER_PAIR, SignInFailure.email == email, SignInFailure.address == address)
    if address:
        _refuse_if(tx, PER_ADDRESS, SignInFailure.address == address)
    failures = 0
    if email:  # password-reset requests are kept here with no account: never count them
        failures = (
            tx.scalar(
                select(func.count())
                .select_from(SignInFailure)
                .where(SignInFailure.email == email, SignInFailure.at > utcnow() - WINDOW)
            )
            or 0
        )
    tx.add(SignInFailure(email=email, address=address))
    # Old failures count no more: keep the table small.
    tx.execute(delete(SignInFailure).where(SignInFailure.at < utcnow() - KEEP))
    return slowdown(failures)


@use_case
def clear(tx: Session, email: str, address: str) -> None:
    """The right password: this account's count from this address starts again. The address's
    own count does not, nor the account's from elsewhere (its slowdown)."""
    tx.execute(delete(SignInFailure).where(SignInFailure.email == email, SignInFailure.address == address[:64]))
