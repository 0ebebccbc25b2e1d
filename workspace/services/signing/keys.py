"""The instance's signing keys: made once (`accord keys init`, or at the first signature), rotated (the old key retired,
never deleted: what it signed stays verifiable), listed and published. A key's secret opens with the instance's secret
key (store.db.sealing_of), kept outside the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict
from ...domain.publication.signing import Unopened, new_key, signature
from ...domain.sealing import lasting
from ...store.db import sealing_of
from ...store.models import SigningKey
from ...store.types import utcnow
from ..unit import reads, use_case


@dataclass(frozen=True)
class KeyView:
    """A key as it is published: its number, its public key (minisign's), since when it signs, until when (retired)."""

    key_id: str
    public_key: str
    created_at: datetime
    retired_at: datetime | None


def _sealing(tx: Session) -> str:
    return lasting(sealing_of(tx))


def _current(tx: Session) -> SigningKey | None:
    return tx.scalar(select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.id.desc()))


def _made(tx: Session) -> SigningKey:
    made = new_key(_sealing(tx))
    key = SigningKey(key_id=made.key_id, public_key=made.public_key, secret=made.secret, created_at=utcnow())
    tx.add(key)
    tx.flush()
    return key


def _view(key: SigningKey) -> KeyView:
    return KeyView(key.key_id, key.public_key, key.created_at, key.retired_at)


@use_case
def init_key(tx: Session) -> tuple[KeyView, bool]:
    """The instance's signing key, made if it has none: the key, and whether it was made now."""
    key = _current(tx)
    return (_view(key), False) if key is not None else (_view(_made(tx)), True)


@use_case
def rotate_key(tx: Session) -> tuple[KeyView, KeyView | None]:
    """A new signing key; the one before is retired (it signs no more; what it signed stays verifiable with it)."""
    old = _current(tx)
    if old is not None:
        tx.execute(update(SigningKey).where(SigningKey.id == old.id).values(retired_at=utcnow()))
    new = _made(tx)
    tx.flush()
    if old is not None:
        tx.refresh(old)
    return _view(new), _view(old) if old is not None else None


@reads
def list_keys(tx: Session) -> list[KeyView]:
    """Every key the instance has had, the current one last."""
    return [_view(k) for k in tx.scalars(select(SigningKey).order_by(SigningKey.id))]


def signing_key(tx: Session) -> SigningKey:
    """The key that signs now (made now if the instance has none yet)."""
    return _current(tx) or _made(tx)


def sign(tx: Session, key: SigningKey, data: bytes, trusted: str) -> bytes:
    """`data` signed with `key`, `trusted` its trusted comment: a `.minisig` file's bytes."""
    secret = tx.scalar(select(SigningKey.secret).where(SigningKey.id == key.id))
    assert secret is not None
    try:
        return signature(secret, _sealing(tx), data, trusted)
    except Unopened:
        raise Conflict(
            N_(
                "The signing key {key} does not open with this server's secret key (it changed since the key was "
                "made): set ACCORD_SECRET_KEY back, or make a new key (accord keys rotate)."
            ),
            key=key.key_id,
        ) from None
