"""A sign-in through the provider from its start to its end.

`begin` makes the address to send the browser to, and what the browser's session keeps until it comes back (the
`state` it is kept under, the `nonce` and PKCE's verifier, where to go next). `finish` takes the callback's answer
with what was kept for its `state` (the caller takes it out of the session first: each is used once): the
provider's own refusal, the code exchanged, the ID token verified, the userinfo read, the person signed in, and an
invitation they came for accepted. Any refusal is recorded before it is raised; nothing else is written then.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from ...domain.errors import N_, AccordError, Conflict, Forbidden, NotFound, TooMany
from ...store.db import Store
from ..accounts import throttle
from ..actor import Actor
from ..processes import accept_invitation, show_invitation
from . import claims as read
from .config import OidcConfig
from .errors import CODE_REFUSED, NOT_VERIFIED, Refused, RefusedPerson, RefusedRequest
from .provider import Provider, provider_for
from .signing_in import Person, Rules, record_refusal, sign_in

PENDING_SECONDS = 600  # a sign-in not back from the provider within ten minutes starts again
REFUSALS = "sso:refused"
"""The sign-in throttle's key for refused sign-ins through the provider (no address has it: no "@")."""
INVITATION = re.compile(r"^/invitations/([A-Za-z0-9_-]{1,100})$")


class Pending(TypedDict):
    """What the session keeps of a sign-in under way, under its `state`."""

    nonce: str
    verifier: str
    next: str  # a local path
    at: int  # when it began (seconds since the epoch)


@dataclass(frozen=True)
class Started:
    url: str  # the provider's authorization address, for the browser
    state: str
    pending: Pending


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    sign_in: str  # the new session's id, for the cookie
    next: str  # where to go now
    joined: str | None = None  # the process joined by the invitation this sign-in came for (its slug)
    not_joined: AccordError | None = None  # why that invitation was not accepted


def begin(config: OidcConfig, next_path: str) -> Started:
    """A new sign-in at the provider, coming back to `next_path` (a local path, checked by the caller)."""
    made = provider_for(config).start()
    pending = Pending(nonce=made["nonce"], verifier=made["code_verifier"], next=next_path, at=int(time.time()))
    return Started(url=made["url"], state=made["state"], pending=pending)


def finish(
    store: Store,
    config: OidcConfig,
    answer: Mapping[str, str],
    pending: Mapping[str, Any] | None,
    address: str = "",
    browser: str | None = None,
) -> SignedIn:
    """The person the provider's `answer` (the callback's query) signs in, from a `browser` reading Accord in that
    language (kept for their mails), `pending` being what the session kept under its `state` (None: nothing, or not
    that). Refused (`Refused`: 400 or 403), recorded while the asking `address` is under the sign-in throttle's limits
    (anyone can call the callback: past them a refusal is still answered, and no longer written down); the provider
    out of reach, `ProviderUnavailable`."""
    try:
        return _finish(store, config, answer, pending, browser)
    except Refused as refusal:
        try:
            throttle.reserve(store, REFUSALS, address)  # counted as a failed sign-in from the address
        except TooMany:
            raise refusal from None
        record_refusal(store, refusal, config.issuer)
        raise


def _finish(
    store: Store, config: OidcConfig, answer: Mapping[str, str], pending: Mapping[str, Any] | None, browser: str | None
) -> SignedIn:
    if not pending or not answer.get("state") or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        raise RefusedRequest(
            N_(
                "This sign-in did not start here, was used already or took too long, so nobody was signed in. "
                "Please start again."
            ),
            "state",
            detail={"state": "missing" if not answer.get("state") else "unknown" if not pending else "expired"},
        )
    provider = provider_for(config)
    _from_the_provider(provider, answer)
    token = provider.exchange(answer["code"], str(pending["verifier"]))
    said = provider.verify(token, str(pending["nonce"]))
    info = provider.userinfo(token)
    if info and info.get("sub") != said.get("sub"):  # OpenID Connect Core 5.3.2: another person's claims
        raise provider.unverified("userinfo")
    claims = {**info, **said}  # the ID token's own claims first: they are signed
    email, verified = read.address(said, info)  # the address and its verification from one source, never mixed
    person = Person(
        subject=str(said["sub"]),
        email=email,
        verified=verified,
        name=read.display_name(claims, email),
        admin=read.admin_claim_holds(claims, config.admin_claim) if config.admin_claim else None,
    )
    next_path = str(pending.get("next") or "/processes")
    invitation = INVITATION.match(next_path)
    rules = Rules(
        label=config.label,
        issuer=provider.issuer,
        create_accounts=config.create_accounts,
        invited=_invited(store, invitation.group(1)) if invitation else None,
    )
    try:
        actor, session_id = sign_in(store, person, rules, browser)
    except Conflict:  # their first sign-in in another tab at the same instant made the account (a unique key): theirs
        actor, session_id = sign_in(store, person, rules, browser)
    if invitation is None:
        return SignedIn(actor, session_id, next_path)
    try:
        slug = accept_invitation(store, actor, invitation.group(1))
    except (NotFound, Forbidden, Conflict) as exc:  # expired meanwhile, for another address: its page says so
        return SignedIn(actor, session_id, next_path, not_joined=exc)
    return SignedIn(actor, session_id, f"/p/{slug}", joined=slug)


def _from_the_provider(provider: Provider, answer: Mapping[str, str]) -> None:
    """The provider's answer is its own (RFC 9207's `iss`, where it sends one: compared as a plain string with the
    issuer its configuration names), not a refusal, and carries a code."""
    if answer.get("iss") and answer["iss"] != provider.issuer:
        raise RefusedRequest(
            NOT_VERIFIED,
            "id_token",
            detail={"check": "iss", "answer": answer["iss"][:200]},
            label=provider.config.label,
        )
    if answer.get("error"):
        raise RefusedPerson(
            N_("The sign-in with {label} did not go through. You may try again, or sign in another way."),
            "provider_error",
            detail={"error": answer["error"][:100], "description": (answer.get("error_description") or "")[:300]},
            label=provider.config.label,
        )
    if not answer.get("code"):
        raise RefusedRequest(
            CODE_REFUSED,
            "code",
            detail={"error": "missing"},
            label=provider.config.label,
        )


def _invited(store: Store, token: str) -> str | None:
    """The address of the open invitation `token`, if it is one."""
    try:
        return show_invitation(store, token).email
    except NotFound:
        return None
