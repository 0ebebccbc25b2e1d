"""Password hashing (argon2id): the one place that knows how passwords are kept."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ...domain.errors import N_, NN_, InvalidInput, TooMany

MIN_PASSWORD = 8
T = TypeVar("T")

# Each argon2 hash takes ~0.1 s of a core and 64 MiB: at most one per core at once, so forty
# concurrent sign-ins cannot take the machine's memory and every other request's time.
_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 2)
WAIT_FOR_SLOT = 3.0


def _bounded(work: Callable[[], T]) -> T:
    if not _SLOTS.acquire(timeout=WAIT_FOR_SLOT):
        raise TooMany(N_("Too many people are signing in at this moment: try again in a few seconds."), retry_after=5)
    try:
        return work()
    finally:
        _SLOTS.release()


class Hashing:
    """The hasher in use; tests swap in cheap parameters through `use`."""

    hasher = PasswordHasher()

    @classmethod
    def use(cls, hasher: PasswordHasher) -> None:
        cls.hasher = hasher


def check_strength(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            NN_("A password needs at least {n} character.", "A password needs at least {n} characters.", "n"),
            n=MIN_PASSWORD,
        )
    return password


def hash_password(password: str) -> str:
    checked = check_strength(password)
    return _bounded(lambda: Hashing.hasher.hash(checked))


def verify(stored: str | None, password: str) -> bool:
    """True if `password` matches `stored`; with no stored hash, spend the same time and say no."""

    def check() -> bool:
        if stored is None:
            Hashing.hasher.hash("x" * MIN_PASSWORD)  # so timing tells nothing about which accounts exist
            return False
        try:
            return Hashing.hasher.verify(stored, password or "")
        except (VerificationError, InvalidHashError):
            return False

    return _bounded(check)


def needs_rehash(stored: str) -> bool:
    return Hashing.hasher.check_needs_rehash(stored)
