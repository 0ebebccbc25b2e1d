"""Handing built messages over: to an SMTP relay (`smtplib`), or to a folder of `.eml` files.

What a relay accepted is out of Accord's hands; a folder's files are Accord's own, and `forget` removes those of
messages Accord no longer holds (an erased person's mails: their address must not outlive the account).

`SmtpTransport.send` raises only `DeliveryError` for what the network and the server can do
wrong, with `permanent` telling a retrying caller whether to try again: a 5xx refusal of the
sender, the recipient or the data is permanent; a 4xx, a refused or timed-out connection, a TLS
failure or a rejected login (the relay's configuration, not the message) is temporary. Anything
else, such as a message smtplib cannot send, is a bug and propagates as is.
"""

from __future__ import annotations

import os
import secrets
import smtplib
import ssl
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

_DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class DeliveryError(Exception):
    """The message was not delivered; `permanent` if sending it again cannot help."""

    def __init__(self, message: str, *, permanent: bool, code: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Deliver `message` or raise `DeliveryError`."""

    def forget(self, message_ids: Collection[str]) -> int:
        """Remove what this transport kept of the messages `message_ids` (without their `<>`); how many it removed."""


@dataclass(frozen=True)
class SmtpTransport:
    """SMTP over one new connection per message: plain, STARTTLS, or implicit TLS (smtps)."""

    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    verify: bool = True
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30

    @classmethod
    def from_url(cls, url: str, timeout: float = 30) -> SmtpTransport:
        """From `smtp://user:pass@host:587?starttls=true` or `smtps://user:pass@host:465`.

        User and password are URL-decoded; `?verify=false` turns certificate checks off.
        """
        parts = urlsplit(url.strip())
        if parts.scheme not in _DEFAULT_PORTS:
            raise ValueError(f"A mail URL starts with smtp:// or smtps://, not {parts.scheme or 'nothing'}://.")
        if not parts.hostname:
            raise ValueError("The mail URL names no host (smtp://HOST:PORT).")
        try:
            port = parts.port or _DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise ValueError("The port of the mail URL is not a number from 1 to 65535.") from None
        if parts.path not in ("", "/") or parts.fragment:
            raise ValueError("A mail URL has no path or fragment: smtp://user:pass@host:port?starttls=true.")
        query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=False)
        unknown = set(query) - {"starttls", "verify"}
        if unknown:
            raise ValueError(f"Unknown option in the mail URL: {', '.join(sorted(unknown))} (known: starttls, verify).")
        starttls = _flag(query, "starttls", default=False)
        if starttls and parts.scheme == "smtps":
            raise ValueError("smtps:// is already TLS; starttls=true is for smtp:// only.")
        if timeout <= 0:
            raise ValueError("The mail timeout must be a positive number of seconds.")
        return cls(
            host=parts.hostname,
            port=port,
            implicit_tls=parts.scheme == "smtps",
            starttls=starttls,
            verify=_flag(query, "verify", default=True),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password is not None else None,
            timeout=timeout,
        )

    def send(self, message: EmailMessage) -> None:
        """Deliver `message` to its To/Cc/Bcc recipients; raise `DeliveryError` if it was not."""
        try:
            with self._connect() as smtp:
                if self.starttls:
                    smtp.starttls(context=self._tls())
                if self.username is not None:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryError(
                f"The SMTP server refused the recipients: {error.recipients!r}",
                permanent=bool(codes) and all(c >= 500 for c in codes),
                code=max(codes, default=None),
            ) from error
        except smtplib.SMTPAuthenticationError as error:
            raise DeliveryError(
                f"The SMTP server refused the login ({error.smtp_code})", permanent=False, code=error.smtp_code
            ) from error
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(
                f"The SMTP server answered {error.smtp_code}: {error.smtp_error!r}",
                permanent=error.smtp_code >= 500,
                code=error.smtp_code,
            ) from error
        except (smtplib.SMTPException, OSError) as error:  # OSError: refused, timeout, DNS, TLS
            raise DeliveryError(
                f"Could not talk to the SMTP server {self.host}:{self.port}: {error}", permanent=False
            ) from error
        if refused:  # some recipients refused, others accepted
            codes = [code for code, _ in refused.values()]
            raise DeliveryError(
                f"The SMTP server refused some recipients: {refused!r}",
                permanent=all(c >= 500 for c in codes),
                code=max(codes),
            )

    def forget(self, message_ids: Collection[str]) -> int:
        return 0  # sent: the recipient's mailbox, not Accord's

    def _connect(self) -> smtplib.SMTP:
        if self.implicit_tls:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._tls())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def _tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context


class FolderTransport:
    """Writes each message to `folder` as `YYYYmmddTHHMMSS.ffffffZ-<hex>.eml` (for development and tests)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        """Write `message` atomically: a reader never sees half a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S.%fZ}-{secrets.token_hex(6)}.eml"
        temporary = self.folder / f".{name}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.as_bytes())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.folder / name)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def forget(self, message_ids: Collection[str]) -> int:
        """Remove the files of the messages `message_ids`, found by their Message-ID header."""
        wanted, removed = set(message_ids), 0
        for path in list_messages(self.folder) if wanted else []:
            with path.open("rb") as handle:
                said = BytesHeaderParser().parse(handle).get("Message-ID", "")
            if said.strip().strip("<>") in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def list_messages(folder: Path) -> list[Path]:
    """The `.eml` files a `FolderTransport` wrote to `folder`, newest first."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*.eml") if not p.name.startswith(".")), reverse=True)


def transport_for(smtp_url: str, folder: Path) -> Transport:
    """SMTP when `smtp_url` is set, else `.eml` files in `folder`."""
    return SmtpTransport.from_url(smtp_url) if smtp_url.strip() else FolderTransport(folder)


def _flag(query: dict[str, list[str]], name: str, *, default: bool) -> bool:
    values = query.get(name)
    if not values:
        return default
    value = values[-1].strip().lower()
    if value not in _TRUE | _FALSE:
        raise ValueError(f"The mail URL option {name} is true or false, not {values[-1]!r}.")
    return value in _TRUE
