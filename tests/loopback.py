"""HTTP clients for the servers the tests start on the loopback.

httpx makes an SSL context for each client it opens (the CA bundle read and parsed: 18 ms of a core), even for a
plain `http://` address: the races' threads, a client each at every trial, spent about a tenth of the suite's
processor there. Every client here shares one, made once.
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx

_TLS = ssl.create_default_context()  # unused on plain HTTP, and safe to share across threads


def client(**kwargs: Any) -> httpx.Client:
    """`httpx.Client(**kwargs)` without an SSL context of its own."""
    return httpx.Client(verify=_TLS, **kwargs)
