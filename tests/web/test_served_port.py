"""`accord serve --port` (and `make run PORT=8080`) with no public URL set: the links Accord makes for mails and
feeds name the port served, whatever Host a request came with."""

from __future__ import annotations

import urllib.request

from tests.e2e.server import demo_store, free_port, running_server
from tests.integration.services.transfer.test_transfer import DRAFTS
from workspace.services import transfer
from workspace.store.db import make_store

FEED = "/p/cordoba-led-2021/publications.atom"


def published_demo(folder) -> str:
    url = demo_store(folder)
    store = make_store(url)
    try:
        transfer.import_folder(store, None, DRAFTS / "cordoba-led-2021")
    finally:
        store.dispose()
    return url


def feed(url: str) -> str:
    asked = urllib.request.Request(f"{url}{FEED}", headers={"Host": "elsewhere.example.org"})
    with urllib.request.urlopen(asked, timeout=30) as answer:
        return answer.read().decode()


def test_links_follow_the_port_served_when_no_public_url_is_set(tmp_path):
    database = published_demo(tmp_path)
    port = free_port()
    with running_server(tmp_path, database, cli=True, port=port, ACCORD_PUBLIC_URL="", ACCORD_PORT="") as server:
        text = feed(server.url)
    assert f'href="http://127.0.0.1:{port}{FEED}"' in text and "elsewhere" not in text and ":8000" not in text
    # A public URL that is set wins over the port (tests/unit/test_settings.py).
