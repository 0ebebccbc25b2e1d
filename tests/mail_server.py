"""A real SMTP server for the tests: aiosmtpd on a free loopback port, one per test.

`mail_server` accepts anything; `mail_server_auth` offers STARTTLS with a self-signed certificate
made here and accepts mail only after AUTH (PLAIN or LOGIN, over TLS) as `accord` / `s3cret p@ss`.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.certificates import self_signed

USER, PASSWORD = "accord", "s3cret p@ss"


@dataclass(frozen=True)
class Received:
    """One message as the server got it, with its envelope and how the session was secured."""

    message: EmailMessage
    envelope_from: str
    envelope_to: tuple[str, ...]
    tls: bool
    authenticated: bool


class MailServer:
    """The handler aiosmtpd calls, and what a test reads back."""

    def __init__(self) -> None:
        self.url = ""
        self.messages: list[Received] = []
        self._failures: list[int] = []
        self._changed = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        with self._changed:
            if self._failures:
                code = self._failures.pop(0)
                return f"{code} {'Try again later' if code < 500 else 'Rejected for good'}"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append(
                Received(
                    message,
                    envelope.mail_from,
                    tuple(envelope.rcpt_tos),
                    tls=session.ssl is not None,
                    authenticated=bool(session.authenticated),
                )
            )
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def fail_next(self, n: int, code: int = 451) -> None:
        """The next `n` DATA commands answer `code` (4xx: try again; 5xx: refused for good)."""
        with self._changed:
            self._failures.extend([code] * n)

    def wait_for(self, n: int, timeout: float = 10) -> list[Received]:
        """The first `n` messages, once they have arrived; fails the test after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(
                        f"The test SMTP server got {len(self.messages)} message(s) in {timeout} s, expected {n}."
                    )
                self._changed.wait(left)
            return self.messages[:n]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """An SMTP server that accepts every message (no TLS, no AUTH)."""
    server = MailServer()
    yield from _run(server, {})


@pytest.fixture
def mail_server_auth(tmp_path: Path) -> Iterator[MailServer]:
    """An SMTP server that requires STARTTLS, then AUTH PLAIN/LOGIN as `accord` / `s3cret p@ss`."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed_certificate(tmp_path))
    server = MailServer()
    yield from _run(
        server,
        {
            "tls_context": context,
            "require_starttls": True,
            "auth_required": True,
            "auth_require_tls": True,
            "authenticator": _authenticate,
        },
    )


def _run(server: MailServer, options: dict[str, Any]) -> Iterator[MailServer]:
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port, ready_timeout=5, **options)
    controller.start()
    server.url = f"smtp://127.0.0.1:{port}"
    try:
        yield server
    finally:
        controller.stop()


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files in `folder`."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    certificate = self_signed(key, name, (datetime.timedelta(minutes=-5), datetime.timedelta(days=1)))
    cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file
