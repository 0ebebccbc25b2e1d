"""Signing in with the organisation's own accounts: OpenID Connect, beside passwords (issue 36).

The protocol's steps are Authlib's (`provider.py`: discovery, the authorization code flow with PKCE, the token
exchange, the ID token's signature from the provider's keys, its issuer, audience, nonce and expiry); `flow.py`
holds a sign-in from its start to its end, and `signing_in.py` finds (or links, or makes) the account it signs in.
Every refusal is recorded in the audit trail (`user.sso_refused`, with its reason), and changes nothing.
"""

from .claims import admin_claim_holds
from .config import OidcConfig
from .errors import ProviderUnavailable, Refused, RefusedPerson, RefusedRequest
from .flow import PENDING_SECONDS, Pending, SignedIn, Started, begin, finish

__all__ = [
    "PENDING_SECONDS",
    "OidcConfig",
    "Pending",
    "ProviderUnavailable",
    "Refused",
    "RefusedPerson",
    "RefusedRequest",
    "SignedIn",
    "Started",
    "admin_claim_holds",
    "begin",
    "finish",
]
