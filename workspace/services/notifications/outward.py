"""What mails need of the settings: the public address links are made on, and the key that signs
unsubscribe links (so that one works without signing in, and cannot be forged)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...domain.errors import N_, NotFound


@dataclass(frozen=True)
class Outward:
    public_url: str
    secret: str

    def url(self, path: str) -> str:
        return self.public_url.rstrip("/") + path

    @property
    def domain(self) -> str:
        return urlsplit(self.public_url).hostname or "localhost"

    def unsubscribe_token(self, user_id: int, kind: str) -> str:
        """`kind`: one kind of news, or `all`."""
        payload = base64.urlsafe_b64encode(f"{user_id}:{kind}".encode()).decode().rstrip("=")
        return f"{payload}.{self._sign(payload)}"

    def read_unsubscribe_token(self, token: str) -> tuple[int, str]:
        payload, _, signature = token.partition(".")
        if not payload or not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            raise NotFound(N_("This unsubscribe link is not valid."))
        try:
            user, _, kind = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode().partition(":")
            return int(user), kind
        except (ValueError, UnicodeDecodeError):
            raise NotFound(N_("This unsubscribe link is not valid.")) from None

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self.secret.encode(), b"unsubscribe:" + payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:18]).decode()
