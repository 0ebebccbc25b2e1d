"""The organisation's OpenID provider, spoken to through Authlib: discovery (kept an hour), the authorization address
(authorization code flow, PKCE with S256, `state` and `nonce`), the token exchange, the ID token's signature from
the provider's keys (JWKS, fetched again when a token names a key not seen yet) and its issuer, audience, nonce,
expiry and access token hash, then the userinfo. Nothing here reads or checks a JWT by hand."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
from authlib.deprecate import AuthlibDeprecationWarning
from authlib.integrations.base_client import BaseApp, FrameworkIntegration, OAuth2Mixin, OAuthError, OpenIDMixin
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, InvalidKeyIdError, JoseError

with warnings.catch_warnings():
    # Authlib 1.9 would rather speak through httpx2 (httpx's successor) and says so once; it speaks through httpx,
    # which the stack has (Litestar's test client, the tests), the same client under its older name.
    warnings.filterwarnings("ignore", "The httpx module is deprecated", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import OAuth2Client

from ...domain.errors import N_
from .config import SCOPES, OidcConfig
from .errors import CODE_REFUSED, NOT_VERIFIED, ProviderUnavailable, RefusedRequest

DISCOVERY = "/.well-known/openid-configuration"
KEPT_SECONDS = 3600  # the provider's configuration is read again after this (its keys too)
TIMEOUT_SECONDS = 10
LEEWAY_SECONDS = 120  # the clocks of Accord's and the provider's machines may differ this much
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
MISCONFIGURED = ("invalid_client", "unauthorized_client")
"""The token endpoint's refusals of Accord itself (RFC 6749 5.2), not of the person's code: an administrator mends."""
SET_UP_WRONGLY = N_("The sign-in with {label} is set up in a way Accord cannot use. Please tell an administrator.")


class _Client(OAuth2Mixin, OpenIDMixin, BaseApp):  # type: ignore[misc]  # Authlib ships no types
    """Authlib's client of one OpenID provider, over httpx (the framework integrations' own base, without a
    framework: the pending sign-in is kept by the caller, in the session)."""

    client_cls = OAuth2Client


class Provider:
    """The provider of `config`, its configuration read from its discovery document (or given: `metadata`,
    for tests of the checks alone)."""

    def __init__(self, config: OidcConfig, metadata: Mapping[str, Any] | None = None) -> None:
        self.config = config
        self.read_at = time.monotonic()
        self._client = _Client(
            FrameworkIntegration("accord"),
            name="accord",
            client_id=config.client_id,
            client_secret=config.client_secret,
            client_kwargs={"scope": SCOPES, "code_challenge_method": "S256", "timeout": TIMEOUT_SECONDS},
            server_metadata_url=None if metadata is not None else config.issuer.rstrip("/") + DISCOVERY,
            **dict(metadata or {}),
        )

    def configuration(self) -> dict[str, Any]:
        """The provider's configuration, read once (discovery): refused (502) unless it names this very issuer
        and the endpoints of the code flow."""
        with self._talking():
            metadata: dict[str, Any] = self._client.load_server_metadata()
        missing = [name for name in REQUIRED if not metadata.get(name)]
        if missing:
            raise ProviderUnavailable(
                SET_UP_WRONGLY,
                502,
                detail={"missing": missing},
                label=self.config.label,
            )
        if str(metadata["issuer"]).rstrip("/") != self.config.issuer.rstrip("/"):
            raise ProviderUnavailable(
                SET_UP_WRONGLY,
                502,
                detail={"issuer": metadata["issuer"]},
                label=self.config.label,
            )
        return metadata

    @property
    def issuer(self) -> str:
        return str(self.configuration()["issuer"])

    def start(self) -> dict[str, str]:
        """A new authorization request: its `url`, `state`, `nonce` and `code_verifier` (whose S256 challenge
        the address carries)."""
        self.configuration()  # read (and checked) before anything is made of it
        with self._talking():
            made: dict[str, str] = self._client.create_authorization_url(self.config.redirect_uri)
        return made

    def exchange(self, code: str, verifier: str) -> dict[str, Any]:
        """The tokens for `code` (PKCE's verifier with it): refused (400) when the provider refuses the code (used
        already, expired, made for another client or verifier)."""
        self.configuration()
        try:
            with self._talking():
                token: dict[str, Any] = self._client.fetch_access_token(
                    self.config.redirect_uri, code=code, code_verifier=verifier
                )
        except OAuthError as exc:
            if exc.error in MISCONFIGURED:  # the provider does not know Accord so (a wrong client secret or id)
                raise ProviderUnavailable(
                    SET_UP_WRONGLY, 502, detail={"error": exc.error}, label=self.config.label
                ) from None
            raise RefusedRequest(
                CODE_REFUSED,
                "code",
                detail={"error": str(exc.error)},
                label=self.config.label,
            ) from None
        return token

    def verify(self, token: Mapping[str, Any], nonce: str) -> dict[str, Any]:
        """The ID token's claims, once Authlib verified its signature with the provider's keys, and its issuer,
        audience (this client), nonce (this sign-in's), expiry, issue time and access token hash; refused (400),
        naming the check that failed, otherwise."""
        issuer = self.issuer
        if not token.get("id_token"):
            raise self.unverified("missing")
        options = {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": self.config.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
        }
        try:
            with self._talking(answers=False):  # a token that does not parse is refused below, not a 502
                claims = self._client.parse_id_token(dict(token), nonce, claims_options=options, leeway=LEEWAY_SECONDS)
        except ExpiredTokenError:
            raise self.unverified("exp") from None
        except ClaimError as exc:
            raise self.unverified(exc.claim) from None
        except (BadSignatureError, InvalidKeyIdError):
            raise self.unverified("signature") from None
        except (JoseError, ValueError) as exc:  # not a JWS at all, an algorithm the provider does not use
            raise self.unverified(getattr(exc, "error", "") or type(exc).__name__) from None
        return dict(claims)

    def userinfo(self, token: Mapping[str, Any]) -> dict[str, Any]:
        """The userinfo endpoint's claims (many providers put the address there, not in the ID token); {} when
        the provider has none."""
        if not self.configuration().get("userinfo_endpoint"):
            return {}
        with self._talking():
            # Authlib's userinfo() made a dict of whatever JSON came (a number was a TypeError, a list of pairs a
            # person): the answer is read here, as its get() sends it with the token, and must be an object.
            answer = self._client.get(self.configuration()["userinfo_endpoint"], token=dict(token))
            answer.raise_for_status()
            info = answer.json()
            if not isinstance(info, dict):
                raise ValueError("the userinfo is no JSON object")
        return info

    def unverified(self, check: str) -> RefusedRequest:
        return RefusedRequest(
            NOT_VERIFIED,
            "id_token",
            detail={"check": check},
            label=self.config.label,
        )

    @contextmanager
    def _talking(self, answers: bool = True) -> Iterator[None]:
        """The provider's silence is 503 (try again soon); with `answers`, an answer that is no OpenID answer
        (a 5xx, HTML for JSON) is 502."""
        try:
            yield
        except (httpx.TimeoutException, httpx.NetworkError, httpx.ProxyError) as exc:
            raise ProviderUnavailable(
                N_("The sign-in with {label} cannot be reached just now. Please try again in a moment."),
                503,
                detail={"error": type(exc).__name__},
                label=self.config.label,
            ) from None
        except (httpx.HTTPError, ValueError, KeyError, RuntimeError) as exc:  # a 5xx, HTML for JSON, no jwks_uri
            if not answers and not isinstance(exc, httpx.HTTPError):
                raise
            raise ProviderUnavailable(
                N_(
                    "The sign-in with {label} answered with something Accord cannot read. Please try again later, "
                    "or tell an administrator."
                ),
                502,
                detail={"error": type(exc).__name__},
                label=self.config.label,
            ) from None


_KEPT: dict[OidcConfig, Provider] = {}
_LOCK = threading.Lock()


def provider_for(config: OidcConfig) -> Provider:
    """The provider of `config`, its discovery document read at most once an hour (per process); a provider that
    could not be read is not kept (the next sign-in tries again)."""
    with _LOCK:
        kept = _KEPT.get(config)
    if kept is not None and time.monotonic() - kept.read_at < KEPT_SECONDS:
        return kept
    made = Provider(config)
    made.configuration()  # discovery now: raises ProviderUnavailable, and then nothing is kept
    with _LOCK:
        _KEPT[config] = made
    return made
