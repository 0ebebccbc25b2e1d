"""The secret part of a mailed link hidden, for whoever reads a mail that is not theirs.

A link to choose a password or to sign in, an invitation or a one-click unsubscribe works for whoever holds it: an
administrator reading the mails Accord sent (/admin/mail) sees where each leads, never the secret."""

from __future__ import annotations

import re

_SECRET = re.compile(r"(/(?:password-reset|sign-in-link|invitations|unsubscribe)/)[A-Za-z0-9_.=-]+")
HIDDEN = "…"


def mask_secret_links(text: str) -> str:
    """`text` with the secret of each such link replaced by “…”."""
    return _SECRET.sub(lambda found: found.group(1) + HIDDEN, text)
