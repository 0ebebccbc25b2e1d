"""Webhooks (issue 64): which of a process's events an organisation's system is told of, the body it gets (Standard
Webhooks 1.0: `{"type", "timestamp", "data"}`), when a failed delivery is tried again (the standard's schedule), and
which addresses are refused (inside the machine or a private network, unless an administrator allows them). Pure."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from .errors import N_, InvalidInput
from .inputs import Command, Text, says, text_schema

KINDS = (
    "version.circulated",
    "amendment.decided",
    "translation.approved",
    "publication.published",
    "meeting.opened",
    "meeting.closed",
)
WHSEC = "whsec_"  # how Standard Webhooks writes a secret: its prefix, then the bytes in base64
PURPOSE = "webhook secret"  # what the instance's key seals a webhook's secret for (domain.sealing)
TEST = "webhook.test"  # "send a test event": to the one webhook asked

RETRY_AFTER = (timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
               timedelta(hours=5), timedelta(hours=10), timedelta(hours=10))  # fmt: skip
"""After each failed attempt, the wait before the next (Standard Webhooks' schedule: eight attempts in all)."""

DISABLED_AFTER = timedelta(days=1)
"""A webhook whose deliveries failed without a success for this long is disabled (its owner is told)."""


def event_kind(verb: str, data: Mapping[str, Any]) -> str | None:
    """The webhook kind an activity entry is, if it is one."""
    if verb == "meeting.state":
        return {"open": "meeting.opened", "closed": "meeting.closed"}.get(str(data.get("state")))
    return verb if verb in KINDS else None


def payload(kind: str, process: str | None, subject: str, data: Mapping[str, Any], at: datetime) -> bytes:
    """The body of a delivery, as signed and sent: the event's kind, when, its process, subject and data."""
    body = {
        "type": kind,
        "timestamp": at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "data": {**data, "process": process, "subject": subject},
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode()


def next_attempt(attempts: int, now: datetime) -> datetime | None:
    """When a delivery that failed `attempts` times is tried again; None once the schedule is spent."""
    return now + RETRY_AFTER[attempts - 1] if attempts <= len(RETRY_AFTER) else None


class Kinds(Text):
    """The kinds a webhook is told of: each a known kind, once."""

    def __call__(self, value: Any, field: str) -> Any:
        kinds = super().__call__(value, field)
        if not kinds or len(set(kinds)) != len(kinds) or any(k not in KINDS for k in kinds):
            raise InvalidInput(
                N_("Name the kinds of event to be told of, each once, among: {kinds}."),
                kinds=", ".join(KINDS),
                detail={"field": field},
            )
        return list(kinds)


class WebAddress(Text):
    """An address the webhook's requests go to: http or https, a host, no credentials in it."""

    def __call__(self, value: Any, field: str) -> Any:
        url = super().__call__(value, field)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
            raise InvalidInput(
                N_("The address must be an http or https address with a host, and no name or password in it."),
                detail={"field": field},
            )
        return url


class AddWebhook(Command, frozen=True):
    """A webhook: the address its deliveries are sent to (POST), and the kinds of event it is told of."""

    url: Annotated[str, says(**text_schema(2000, required=True), format="uri"), WebAddress(2000, required=True)]
    kinds: Annotated[
        list[str], says(items={"enum": list(KINDS)}, minItems=1, uniqueItems=True), Kinds(40, required=True)
    ]


def refused_address(address: str) -> bool:
    """An address inside the machine or a private network (loopback, private, link-local, reserved …)."""
    found = ipaddress.ip_address(address.split("%", 1)[0])
    return not found.is_global
