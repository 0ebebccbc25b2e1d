"""Secrets kept in the database sealed with the instance's secret key, which lives outside it (ACCORD_SECRET_KEY, or
the data folder's secret.key): a copy of the database alone signs nothing. A webhook's secret (Standard Webhooks'
`whsec_…`) is kept so: AES-256-GCM under a key derived from the instance's secret (HKDF-SHA256, one key per purpose),
its nonce beside it, as one line of text (`sealed1:` and URL-safe base64). Pure: the caller gives the secret."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .errors import N_, Conflict

PREFIX = "sealed1:"
NO_LASTING_SECRET = N_(
    "Nothing can be signed: this server has no lasting secret key (set ACCORD_SECRET_KEY, the same on "
    "every server, or keep the database in a data folder)."
)


class Unsealed(ValueError):
    """A sealed secret the instance's secret key does not open (it changed since the secret was sealed)."""


def lasting(sealing: str | None) -> str:
    """The instance's secret key, or 409: a server whose key is made up for one run could never open what it seals."""
    if not sealing:
        raise Conflict(NO_LASTING_SECRET)
    return sealing


def _key(sealing: str, purpose: str) -> AESGCM:
    derived = HKDF(hashes.SHA256(), 32, None, f"accord {purpose}".encode())  # no salt: the secret is random already
    return AESGCM(derived.derive(sealing.encode()))


def seal(sealing: str, purpose: str, secret: bytes) -> str:
    """`secret` sealed for `purpose` (the purpose is bound in: a secret sealed for one opens for no other)."""
    nonce = os.urandom(12)
    return PREFIX + base64.urlsafe_b64encode(nonce + _key(sealing, purpose).encrypt(nonce, secret, None)).decode()


def is_sealed(kept: str) -> bool:
    return kept.startswith(PREFIX)


def unseal(sealing: str, purpose: str, kept: str) -> bytes:
    """The secret `kept` holds (Unsealed if this instance's secret key, or this purpose, is not the one it was sealed
    with, or if it was changed)."""
    try:
        raw = base64.urlsafe_b64decode(kept.removeprefix(PREFIX).encode())
        return _key(sealing, purpose).decrypt(raw[:12], raw[12:], None)
    except (InvalidTag, ValueError) as wrong:
        raise Unsealed("the instance's secret key does not open this secret") from wrong
