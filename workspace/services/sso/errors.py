"""How a sign-in through the provider fails: refused (400 or 403, recorded with its reason), or the provider out of
reach (503) or answering what cannot be read (502)."""

from __future__ import annotations

from typing import Any

from ...domain.errors import N_, AccordError, BadRequest, Forbidden

NOT_VERIFIED = N_(
    "The answer to the sign-in with {label} could not be verified, so nobody was signed in. Please start again, "
    "and tell an administrator if it happens again."
)
CODE_REFUSED = N_(
    "The sign-in with {label} was not accepted any more (it was used already, or took too long). Please start again."
)


class Refused(AccordError):
    """A sign-in refused; `reason` names it in the audit trail ("state", "code", "id_token", "unverified_email" …)
    and `detail` says more there (the provider's error code, the ID token's check that failed)."""

    reason: str = ""

    def __init__(self, message: str, reason: str, detail: Any = None, **params: Any) -> None:
        super().__init__(message, detail, **params)
        self.reason = reason


class RefusedRequest(Refused, BadRequest):
    """The answer that came back is not one to accept: no or a stale `state`, a code used already, an ID token
    that fails a check (400)."""


class RefusedPerson(Refused, Forbidden):
    """The provider said who the person is, and Accord does not let them in: no verified address, no account,
    a disabled account, the provider's own refusal (403)."""


class ProviderUnavailable(AccordError):
    """The provider cannot be reached (`status` 503, worth trying again soon) or answered something that is no
    OpenID answer (502). Not `Busy`: a use case would try that again at once."""

    def __init__(self, message: str, status: int, detail: Any = None, **params: Any) -> None:
        super().__init__(message, detail, **params)
        self.status = status
