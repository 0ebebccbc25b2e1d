"""What an administrator does with someone's account (issue 36): disable it (no sign-in; its sessions and personal
tokens end at once) and enable it again; and the door of the administration itself."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, NotFound
from ...domain.values import parse_email
from ...store.models import User
from ...store.types import utcnow
from ..access import record
from ..actor import Actor
from ..unit import use_case
from .users import admin_or_system, end_other_sign_ins, user_view
from .views import UserView


def administration(actor: Actor | None) -> None:
    """The administration's own address (`/admin`): there for an administrator, and for anyone else no such page (a
    404, as any address that names nothing: it tells no one where the administration is)."""
    if actor is None or not actor.is_admin:
        raise NotFound(N_("This page does not exist."))


@use_case
def set_disabled(tx: Session, actor: Actor | None, email: str, disabled: bool) -> UserView:
    """An administrator disables the account of `email` (its sessions and tokens end; it cannot sign in) or enables
    it; 409 when it is so already, and for their own account (an administrator never locks themselves out)."""
    admin_or_system(actor)
    user = tx.scalar(select(User).where(User.email == parse_email(email), User.erased_at.is_(None)))
    if user is None:
        raise NotFound(N_("No account for “{email}”."), email=email)
    if actor is not None and user.id == actor.id:
        raise Conflict(N_("You cannot disable your own account."))
    if (user.disabled_at is not None) == disabled:
        raise Conflict(
            N_("The account of {email} is disabled already.")
            if disabled
            else N_("The account of {email} is not disabled."),
            email=user.email,
        )
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        end_other_sign_ins(tx, user.id)
    record(tx, actor, "account.disabled" if disabled else "account.enabled", f"user:{user.id}")
    return user_view(user)
