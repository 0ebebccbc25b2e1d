"""Each person's choice of mails per kind of news, and the one-click unsubscribe that needs no sign-in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...domain.notifications.news import DEFAULTS, KIND_LABELS, Cadence, ChooseNews, Kind
from ...store.models import NotificationSetting, User
from ..access import record, require_actor
from ..actor import Actor
from ..unit import reads, use_case
from .outward import Outward


@dataclass(frozen=True)
class NotificationSettings:
    """`kinds`: every kind of news with the cadence in force (the default where none was chosen)."""

    kinds: dict[str, str]


@dataclass(frozen=True)
class KindChoice:
    kind: str
    label: str  # a message id, translated by the page
    cadence: str
    default: str


def _settings(tx: Session, user_id: int) -> dict[Kind, Cadence]:
    chosen = {
        Kind(k): Cadence(c)
        for k, c in tx.execute(
            select(NotificationSetting.kind, NotificationSetting.cadence).where(NotificationSetting.user_id == user_id)
        ).all()
        if k in Kind.__members__.values()
    }
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind}


@reads
def get_notifications(tx: Session, actor: Actor | None) -> NotificationSettings:
    who = require_actor(actor)
    return NotificationSettings({k.value: c.value for k, c in _settings(tx, who.id).items()})


@reads
def notification_choices(tx: Session, actor: Actor | None) -> list[KindChoice]:
    who = require_actor(actor)
    return [KindChoice(k.value, KIND_LABELS[k], c.value, DEFAULTS[k].value) for k, c in _settings(tx, who.id).items()]


def _save(tx: Session, user_id: int, chosen: dict[Kind, Cadence]) -> None:
    if not chosen:
        return
    tx.execute(
        delete(NotificationSetting).where(
            NotificationSetting.user_id == user_id, NotificationSetting.kind.in_([k.value for k in chosen])
        )
    )
    tx.add_all(NotificationSetting(user_id=user_id, kind=k.value, cadence=c.value) for k, c in chosen.items())


@use_case
def set_notifications(tx: Session, actor: Actor | None, choice: ChooseNews) -> NotificationSettings:
    """Change the cadence of the kinds named (the others stay as they are)."""
    who = require_actor(actor)
    chosen = {Kind(kind): Cadence(cadence) for kind, cadence in choice.kinds.items()}
    tx.execute(select(User.id).where(User.id == who.id).with_for_update())
    _save(tx, who.id, chosen)
    tx.flush()
    return get_notifications(tx, actor)


@dataclass(frozen=True)
class Unsubscribe:
    email: str
    kind: str  # a kind, or "all"
    label: str  # a message id
    done: bool


def _read(tx: Session, out: Outward, token: str) -> tuple[User, str]:
    user_id, kind = out.read_unsubscribe_token(token)
    user = tx.get(User, user_id)
    if user is None or (kind != "all" and kind not in Kind.__members__.values()):
        raise NotFound(N_("This unsubscribe link is not valid."))
    return user, kind


def _label(kind: str) -> str:
    return KIND_LABELS[Kind(kind)] if kind != "all" else N_("Every news email from Accord")


@reads
def show_unsubscribe(tx: Session, out: Outward, token: str) -> Unsubscribe:
    user, kind = _read(tx, out, token)
    settings = _settings(tx, user.id)
    done = all(c == Cadence.OFF for c in settings.values()) if kind == "all" else settings[Kind(kind)] == Cadence.OFF
    return Unsubscribe(user.email, kind, _label(kind), done)


@use_case
def unsubscribe(tx: Session, out: Outward, token: str) -> Unsubscribe:
    """Turn the link's kind of news (or all) off for its owner: one click, no sign-in (RFC 8058)."""
    user, kind = _read(tx, out, token)
    kinds = list(Kind) if kind == "all" else [Kind(kind)]
    _save(tx, user.id, dict.fromkeys(kinds, Cadence.OFF))
    record(tx, None, "user.unsubscribed", f"user:{user.id}", kind=kind)
    return Unsubscribe(user.email, kind, _label(kind), True)
