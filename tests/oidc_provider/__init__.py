"""A real OpenID provider for the sign-in tests: panva's oidc-provider (OpenID Certified), run by Node.js on a free
loopback port, once per test process (`oidc_provider`, a pytest plugin of tests/conftest.py).

`make test` installs it (`npm ci` here, from package-lock.json); without Node.js or that install the tests that
need it are skipped, or fail under ACCORD_REQUIRE_OIDC_PROVIDER=1 (.ci/run). Its people are ACCOUNTS (a login typed
in its form, any password), its clients CLIENTS: Accord as the web tests serve it (`TEST_URL`), Accord as a browser
test serves it (on `e2e_port`, reserved at start), and another application, whose tokens are for another audience.
A browser (or `sign_in_at_provider`, an httpx client) signs in with one form: consent is given at once.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from tests import needs

FOLDER = Path(__file__).resolve().parent
SERVER = FOLDER / "server.mjs"
INSTALLED = FOLDER / "node_modules" / "oidc-provider"

TEST_URL = "http://testserver.local"  # Litestar's TestClient: the public URL of the app in the web tests
LABEL = "UCLG account"
ADMIN_CLAIM = "groups=accord-admins"


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str


ACCORD = Client("accord", "accord-tests-client-secret")
ACCORD_E2E = Client("accord-e2e", "accord-e2e-tests-client-secret")
OTHER = Client("other-app", "other-app-tests-client-secret")  # another application of the same organisation

ACCOUNTS: dict[str, dict[str, object]] = {
    # tests.conftest.make_people's people, as the organisation knows them
    "member": {"email": "member@example.org", "email_verified": True, "name": "Member At Uclg"},
    "observer": {"email": "Observer@Example.org", "email_verified": False, "name": "Observer"},  # not verified
    "admin": {"email": "admin@example.org", "email_verified": True, "name": "Admin"},  # not in the admins' group
    "committee": {
        "email": "committee@example.org",
        "email_verified": "true",  # a boolean as a string, as some providers send it
        "name": "Committee",
        "groups": ["staff", "accord-admins"],
    },
    "translator": {"email": "translator@example.org", "email_verified": True, "name": "Translator"},
    # people Accord does not know
    "nora": {
        "email": "nora.newcomer@example.org",
        "email_verified": True,
        "given_name": "Nora",
        "family_name": "Newcomer",
    },
    "invitee": {"email": "invitee@example.org", "email_verified": True, "name": "Ines Invitee"},
    "nomail": {"name": "No Address"},
    # the demo's committee member (tests/e2e/server.py's COMMITTEE), for the browser test
    "comite": {"email": "comite@demo.accord", "email_verified": True, "name": "Comité de redacción"},
}


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    e2e_port: int  # the port a browser test serves Accord on: ACCORD_E2E's redirect URI names it

    def settings(self, client: Client = ACCORD, **more: object) -> dict[str, object]:
        """Accord's settings (as `Settings` fields) for this provider."""
        return {
            "oidc_issuer": self.issuer,
            "oidc_client_id": client.client_id,
            "oidc_client_secret": client.client_secret,
            "oidc_label": LABEL,
            "oidc_admin_claim": ADMIN_CLAIM,
            **more,
        }

    def environment(self, client: Client = ACCORD_E2E) -> dict[str, str]:
        """The same as environment variables, for a served Accord."""
        return {
            "ACCORD_OIDC_ISSUER": self.issuer,
            "ACCORD_OIDC_CLIENT_ID": client.client_id,
            "ACCORD_OIDC_CLIENT_SECRET": client.client_secret,
            "ACCORD_OIDC_LABEL": LABEL,
            "ACCORD_OIDC_ADMIN_CLAIM": ADMIN_CLAIM,
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProvider]:
    node = shutil.which("node")
    if node is None:
        needs.absent("oidc_provider", "Node.js is not installed (node, for the OpenID provider of the tests)")
    if not INSTALLED.is_dir():
        needs.absent(
            "oidc_provider", f"the OpenID provider of the tests is not installed: `make test` runs npm ci in {FOLDER}"
        )
    e2e_port = _free_port()
    config = {
        "clients": [
            {**_client(ACCORD), "redirect_uris": [f"{TEST_URL}/auth/oidc/callback"]},
            {**_client(ACCORD_E2E), "redirect_uris": [f"http://127.0.0.1:{e2e_port}/auth/oidc/callback"]},
            {**_client(OTHER), "redirect_uris": ["http://other-app.test/callback"]},
        ],
        "accounts": ACCOUNTS,
    }
    folder = tmp_path_factory.mktemp("oidc-provider")
    (folder / "config.json").write_text(json.dumps(config))
    log = (folder / "provider.log").open("wb")
    process = subprocess.Popen(
        [node, str(SERVER), str(folder / "config.json")],
        cwd=FOLDER,
        stdout=subprocess.PIPE,
        stderr=log,
        env={**os.environ, "NODE_ENV": "test"},
    )
    try:
        issuer = _issuer(process, folder / "provider.log")
        yield RunningProvider(issuer, e2e_port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _client(client: Client) -> dict[str, str]:
    return {"client_id": client.client_id, "client_secret": client.client_secret}


def _issuer(process: subprocess.Popen[bytes], log: Path, timeout: float = 20.0) -> str:
    """The provider's first line: its issuer, once it listens."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline() if ready else b""
    if not line:
        process.kill()
        raise RuntimeError(f"the OpenID provider did not start:\n{log.read_text()[-3000:]}")
    return str(json.loads(line)["issuer"])


def sign_in_at_provider(url: str, login: str, *, abort: bool = False, stop_at: str = TEST_URL) -> str:
    """What a browser does at the provider, from its authorization address `url`: its sign-in form filled in as
    `login` (or the sign-in abandoned: `abort`), following its redirects until one leads back to `stop_at`; that
    address (the callback with the provider's answer)."""
    with httpx.Client(timeout=10) as browser:
        response = browser.get(url)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if response.is_redirect:
                target = urljoin(str(response.url), response.headers["location"])
                if target.startswith(stop_at):
                    return target
                response = browser.get(target)
                continue
            assert response.status_code == 200, response.text
            form = str(response.url)
            if abort:
                response = browser.get(f"{form}/abort")
                continue
            assert 'name="login"' in response.text, response.text
            response = browser.post(form, data={"prompt": "login", "login": login, "password": "any password"})
        raise AssertionError("the provider never sent the browser back")
