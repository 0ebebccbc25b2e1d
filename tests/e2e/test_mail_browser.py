"""“Forgot your password?” in real Chromium, with the mail in between: `accord serve` runs its worker
in-process and sends the link through a real SMTP server (aiosmtpd, started here); the link is taken
from the mail the server received and opened in the browser, as its reader would.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.server import (
    COMMITTEE,
    PASSWORD,
    chromium_or_skip,
    free_port,
    running_server,
)

chromium_or_skip()

pytestmark = pytest.mark.e2e
NAME = "Lucía Fernández (Secretaría técnica)"  # the demo's committee member (drafts/kutahya-2021/process.toml)
NEW_PASSWORD = "a passphrase chosen from the mail"


def reset_link(mail_server, to: str, timeout: float = 30) -> str:
    """The link of the first password-reset mail to `to` the SMTP server receives. The demo's import
    circulated versions: their news may arrive too, before or after."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for received in list(mail_server.messages):
            body = received.message.get_body(("plain",))
            links = set(re.findall(r"http://\S+/password-reset/[\w-]+", body.get_content())) if body else set()
            if links:
                assert received.envelope_to == (to,) and len(links) == 1, body
                return links.pop()
        time.sleep(0.1)
    pytest.fail(f"no password-reset mail in {timeout:.0f} s; the SMTP server got {len(mail_server.messages)} other(s)")


def test_forgot_password_the_link_from_the_mail_and_a_new_password_sign_in(tmp_path, mail_server, browser):
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    with (
        running_server(
            tmp_path,
            cli=True,
            port=port,
            ACCORD_SMTP_URL=mail_server.url,
            ACCORD_PUBLIC_URL=public,
            ACCORD_MAIL_RETRY_SECONDS="1",
        ) as server,
    ):
        assert server.url == public
        try:
            page = browser.new_page(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
            page.set_default_timeout(15_000)
            page.goto(f"{server.url}/signin")
            page.get_by_role("link", name="Forgot your password?").click()
            page.wait_for_url("**/password-reset")
            page.get_by_label("Email").fill(COMMITTEE)
            page.get_by_role("button", name="Send me a link").click()
            expect(page.get_by_role("status")).to_contain_text(COMMITTEE)

            link = reset_link(mail_server, COMMITTEE)  # sent by the server's own worker
            assert link.startswith(f"{public}/password-reset/")

            page.goto(link)
            expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
            page.get_by_label("New password").fill(NEW_PASSWORD)
            page.get_by_role("button", name="Save and sign in").click()
            page.wait_for_url("**/processes")
            expect(page.get_by_role("link", name=NAME)).to_be_visible()

            # The old password is gone, and the link was for one use.
            other = browser.new_page(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
            other.goto(f"{server.url}/signin")
            other.get_by_label("Email").fill(COMMITTEE)
            other.get_by_label("Password").fill(PASSWORD)
            other.locator("main").get_by_role("button", name="Sign in").click()
            expect(other.locator("main [role=alert]").first).to_be_visible()
            assert urlsplit(other.url).path == "/signin"
            used = other.goto(link)
            assert used is not None and used.status == 404
            expect(other.get_by_role("link", name="Ask for a new link")).to_be_visible()
        finally:
            browser.close()
