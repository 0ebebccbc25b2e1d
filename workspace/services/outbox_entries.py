"""What an action leaves in the outbox (services/outbox), written in its own transaction: a mail to
compose, a publication's files to render. Below the features, which all may leave work there; the
outbox that does the work sits above them (it composes mails with notifications, renders with
publication)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..store.models import Outbox


def add_mail(tx: Session, template: str, **data: Any) -> None:
    """A mail to compose after this transaction commits (`template`: invitation, password_reset)."""
    tx.add(Outbox(kind="mail", data={"template": template, **data}))


def add_render(tx: Session, slug: str, number: int) -> None:
    tx.add(Outbox(kind="render", data={"slug": slug, "number": number}))
