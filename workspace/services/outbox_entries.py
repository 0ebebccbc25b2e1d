"""What an action leaves in the outbox (services/outbox), written in its own transaction: a mail to
compose, a publication's files to render, a deleted process to remove, the kept copies of mails to forget. Below
the features, which all may leave work there; the outbox that does the work sits above them (it composes mails
with notifications, renders with publication)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .. import tracing
from ..store.models import Outbox


def traced(data: dict[str, Any]) -> dict[str, Any]:
    """An entry's `data` with the id of the request that leaves it, if any: the worker that does the entry logs it
    (services/outbox.py), so a request's lines and its job's are found together."""
    request_id = tracing.current_request_id()
    return {**data, "request_id": request_id} if request_id else data


def add_mail(tx: Session, template: str, **data: Any) -> None:
    """A mail to compose after this transaction commits (`template`: invitation, password_reset, sign_in_link,
    webhook_disabled)."""
    tx.add(Outbox(kind="mail", data=traced({"template": template, **data})))


def add_render(tx: Session, slug: str, number: int) -> None:
    tx.add(Outbox(kind="render", data=traced({"slug": slug, "number": number})))


def add_forgetting(tx: Session, message_ids: list[str]) -> None:
    """The copies the mail transport kept of these mails (an erased person's: a folder's `.eml` files), removed after
    this commit by the worker that holds the transport. Named by their Message-IDs: nothing personal is in the entry."""
    if message_ids:
        tx.add(Outbox(kind="forget", data=traced({"message_ids": message_ids})))


def add_deletion(tx: Session, process_id: int, slug: str) -> None:
    """The removal of a deleted process's rows and files (services/processes/deletion.py), after this commit."""
    tx.add(Outbox(kind="delete", data=traced({"process_id": process_id, "slug": slug})))
