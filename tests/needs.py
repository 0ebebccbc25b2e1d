"""What some tests need from the machine, and the switch that makes its absence a failure.

Without the thing a test needs, the test is skipped; with the thing's own switch at 1 (`.ci/run`
sets every one), it fails instead, so that a run cannot pass by skipping what it was meant to
check. Each switch is named for what it requires, and for nothing else.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

SWITCHES = {
    "postgres": "ACCORD_REQUIRE_POSTGRES",
    "redis": "ACCORD_REQUIRE_REDIS",
    "chromium": "ACCORD_REQUIRE_CHROMIUM",
    "libreoffice": "ACCORD_REQUIRE_LIBREOFFICE",
    "poppler": "ACCORD_REQUIRE_POPPLER",
    "corpus": "ACCORD_REQUIRE_CORPUS",
    "apertium": "ACCORD_REQUIRE_APERTIUM",
    "wrk": "ACCORD_REQUIRE_WRK",  # the benchmarks' load generator
    "oidc_provider": "ACCORD_REQUIRE_OIDC_PROVIDER",  # the OpenID provider of the sign-in tests (Node.js)
    "minisign": "ACCORD_REQUIRE_MINISIGN",  # the reader's verifier of a publication's signed manifest
}
PROGRAMS = {  # every program of the thing must be on PATH
    "libreoffice": ("soffice",),
    "poppler": ("pdftotext", "pdfinfo", "pdfsig"),
    "apertium": ("apertium",),
    "wrk": ("wrk",),
    "minisign": ("minisign",),
}
PACKAGES = {
    "libreoffice": "Debian package libreoffice-writer-nogui",
    "poppler": "Debian package poppler-utils",
    "apertium": "Debian packages apertium, apertium-eng-spa and apertium-fr-es",
    "wrk": "Debian package wrk",
    "minisign": "Debian package minisign",
}


def required(thing: str) -> bool:
    return os.environ.get(SWITCHES[thing]) == "1"


def absent(thing: str, reason: str, *, module: bool = False) -> NoReturn:
    """Skip the test (or the module), or fail it when the thing's switch requires the thing."""
    if required(thing):
        pytest.fail(f"{SWITCHES[thing]}=1 but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module)


def missing_programs(thing: str) -> list[str]:
    return [name for name in PROGRAMS[thing] if shutil.which(name) is None]


def program(thing: str, name: str | None = None) -> str:
    """The path of `name` (by default the thing's first program); skips or fails the test without it."""
    name = name or PROGRAMS[thing][0]
    path = shutil.which(name)
    if path is None:
        absent(thing, f"{name} is not installed ({PACKAGES[thing]})")
    return path


def check_marker(thing: str) -> None:
    """For `@pytest.mark.needs(thing)`: skip or fail when one of the thing's programs is missing."""
    missing = missing_programs(thing)
    if missing:
        absent(thing, f"{', '.join(missing)} not installed ({PACKAGES[thing]})")


def redis_server(url: str) -> None:
    """Skip or fail (ACCORD_REQUIRE_REDIS=1) unless a Redis answers at `url`."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as exc:
        absent("redis", f"no Redis at {url}: {exc.__class__.__name__}")
