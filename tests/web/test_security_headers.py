"""Every answer carries the security headers; pages run no inline script; the API docs need no CDN."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from litestar.testing import TestClient

from workspace.web.app import create_app

pytestmark = pytest.mark.usefixtures("sqlite_url")


@pytest.mark.parametrize("path", ["/signin", "/api/me", "/static/accord.css", "/schema", "/nowhere"])
def test_every_answer_carries_the_headers(client, path):
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert (
        "frame-ancestors 'none'" in policy
        and "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in headers  # plain HTTP: HSTS only with secure cookies


def test_hsts_when_cookies_are_secure(sqlite_url, settings_for):
    settings = settings_for(sqlite_url)
    from dataclasses import replace

    with TestClient(create_app(replace(settings, secure_cookies=True))) as client:
        assert client.get("/signin").headers["strict-transport-security"].startswith("max-age=")


def test_pages_hold_no_inline_script_and_the_docs_load_from_the_package(client):
    page = BeautifulSoup(client.get("/signin").text, "html.parser")
    assert all(script.get("src") and not script.string for script in page.find_all("script"))
    assert not page.select("[onclick], [onload], [onsubmit]")
    docs = client.get("/schema")
    scripts = [s.get("src") for s in BeautifulSoup(docs.text, "html.parser").find_all("script")]
    assert scripts and all(src and src.startswith("/static/") for src in scripts)
    assert not re.search(r"https?://", docs.text)
    for src in scripts:
        assert client.get(src).status_code == 200
