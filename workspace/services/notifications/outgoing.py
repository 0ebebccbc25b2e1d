"""The mails Accord composed, for administrators: what was sent, what waits, what failed and why, their secret
links masked; and sending such a link again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from ...domain.notifications.secret_links import mask_secret_links
from ...store.models import MailMessage, PasswordReset, Process, User
from ..access import require_actor
from ..accounts import password_resets
from ..actor import Actor
from ..processes import members
from ..unit import reads, use_case

STATES = ("pending", "sent", "failed")
RESENT = ("invitation", "password_reset")  # the kinds of mail whose link an administrator may send again


@dataclass(frozen=True, kw_only=True)
class MailView:
    id: int
    recipient: str
    kind: str
    subject: str
    text: str
    state: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime
    resendable: bool = False  # its link is masked here: an administrator may send a new one


@dataclass(frozen=True)
class Outgoing:
    mails: list[MailView]
    counts: dict[str, int]


@reads
def list_mail(tx: Session, actor: Actor | None, state: str | None = None, limit: int = 200) -> Outgoing:
    """The newest mails (of one state), with the count of each state: administrators only."""
    if not require_actor(actor).is_admin:
        raise Forbidden(N_("Only administrators can read the emails Accord sends."))
    if state is not None and state not in STATES:
        raise InvalidInput(
            N_("“{value}” is not a choice: pending, sent or failed."), value=state[:40], detail={"field": "state"}
        )
    query = select(MailMessage).order_by(MailMessage.id.desc()).limit(max(1, min(limit, 1000)))
    if state:
        query = query.where(MailMessage.state == state)
    counts = dict.fromkeys(STATES, 0) | dict(
        tx.execute(select(MailMessage.state, func.count()).group_by(MailMessage.state)).all()
    )
    # The links are the recipient's alone: shown masked, and sent again as new ones (resend_mail).
    return Outgoing(
        [
            MailView(
                id=m.id,
                recipient=m.recipient,
                kind=m.kind,
                subject=m.subject,
                text=mask_secret_links(m.text),
                state=m.state,
                attempts=m.attempts,
                last_error=m.last_error,
                created_at=m.created_at,
                sent_at=m.sent_at,
                next_attempt_at=m.next_attempt_at,
                resendable=m.kind in RESENT,
            )
            for m in tx.scalars(query)
        ],
        counts,
    )


@use_case
def resend_mail(tx: Session, actor: Actor | None, mail_id: int) -> str:
    """An administrator sends the link of a mail again, as a new one (the mail shows it masked): an invitation
    (its old link ends; 404 once it was accepted or withdrawn), or a link to choose a password (409 when the
    account asked for too many this hour, or is gone). The recipient."""
    if not require_actor(actor).is_admin:
        raise Forbidden(N_("Only administrators can send an email again."))
    mail = tx.get(MailMessage, mail_id)
    if mail is None:
        raise NotFound(N_("No such email."))
    if mail.kind == "invitation":
        members.resend_invitation(
            tx, actor, tx.scalar(select(Process.slug).where(Process.id == mail.process_id)) or "", mail.recipient
        )
    elif mail.kind == "password_reset":
        links = select(func.count()).select_from(PasswordReset).join(User).where(User.email == mail.recipient)
        before = tx.scalar(links)
        password_resets.request_reset(tx, mail.recipient, mail.locale)  # silent when it sends nothing: asked here
        if tx.scalar(links) == before:
            raise Conflict(
                N_("No new link was sent to {email}: it asked for too many this hour, or has no account any more."),
                email=mail.recipient,
            )
    else:
        raise InvalidInput(N_("Only an invitation or a link to choose a password is sent again from here."))
    return mail.recipient
