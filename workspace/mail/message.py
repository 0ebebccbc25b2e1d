"""Notification mails as values, and the one place that turns them into RFC 5322 messages.

Pure: no settings, no database, no network. `build` promises a message every mail client threads
(Message-ID, In-Reply-To, References), marks as automatic (RFC 3834) and, given an unsubscribe URL,
offers one-click unsubscribe (RFC 8058). It refuses what would let a value forge a header (CR or LF)
and addresses it cannot parse, rather than sending a mail that says something else.

The stdlib's folder drops the space between two encoded words when it splits a long non-ASCII
Subject (seen on CPython 3.11), so such subjects are encoded here with `email.header.Header`,
whose older algorithm keeps every character; ASCII subjects go through the stdlib unchanged.
"""

from __future__ import annotations

import email.header
import email.policy
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import Policy
from email.utils import format_datetime, parseaddr

_LOCALE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_MESSAGE_ID = re.compile(r"[^\s<>@]+@[^\s<>@]+")
_KEY = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Mail:
    """One notification to one person. Message ids are written without angle brackets."""

    to: str
    subject: str
    text: str
    html: str | None
    message_id: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    unsubscribe_url: str | None = None
    locale: str = "en"


def build(mail: Mail, sender: str, when: datetime | None = None) -> EmailMessage:
    """The message for `mail`, from `sender` (an address, optionally with a display name).

    `when` must be timezone-aware (default: now, UTC). References always end with `in_reply_to`
    (added if the caller left it out), as RFC 5322 asks. Raises ValueError for a header value
    with CR or LF, an unparseable address, a malformed message id or locale.
    """
    when = datetime.now(UTC) if when is None else when
    if when.tzinfo is None:
        raise ValueError("The date of a mail must be timezone-aware.")
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = _address(sender, "sender")
    msg["To"] = _address(mail.to, "recipient")
    msg["Subject"] = _subject(mail.subject)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{_message_id(mail.message_id)}>"
    references = list(mail.references)
    if mail.in_reply_to is not None:
        msg["In-Reply-To"] = f"<{_message_id(mail.in_reply_to)}>"
        if mail.in_reply_to not in references:
            references.append(mail.in_reply_to)
    if references:
        msg["References"] = " ".join(f"<{_message_id(ref)}>" for ref in references)
    if not _LOCALE.fullmatch(mail.locale):
        raise ValueError(f"Not a language tag: {mail.locale!r}.")
    msg["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe_url is not None:
        url = _single_line(mail.unsubscribe_url, "unsubscribe URL")
        if not url.startswith(("https://", "http://")) or any(c in url for c in " <>"):
            raise ValueError(f"Not an http(s) unsubscribe URL: {url!r}.")
        msg["List-Unsubscribe"] = f"<{url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Quoted-printable keeps the body 7-bit, so no relay has to support 8BITMIME.
    msg.set_content(mail.text, charset="utf-8", cte="quoted-printable")
    if mail.html is not None:
        msg.add_alternative(mail.html, subtype="html", charset="utf-8", cte="quoted-printable")
    # After the body: setting content clears every Content-* header.
    msg["Content-Language"] = mail.locale
    return msg


def new_message_id(key: str, domain: str) -> str:
    """A unique message id (no angle brackets), e.g. `thread-12.3f2a9c0d1e2b4f6a@accord.example.org`."""
    return f"{_key(key)}.{secrets.token_hex(8)}@{_domain(domain)}"


def thread_message_id(thread_key: str, domain: str) -> str:
    """The stable id of a thread's root message, so every later mail can reference it."""
    digest = hashlib.sha256(thread_key.encode()).hexdigest()[:12]
    return f"{_key(thread_key)}.{digest}@{_domain(domain)}"


def _single_line(value: str, what: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError(f"The {what} contains a line break (CR or LF), refused.")
    return value


def _address(value: str, what: str) -> Address:
    _single_line(value, what)
    name, addr = parseaddr(value)
    # parseaddr is lax (it joins "a@exa mple.org", keeps the first of a list): the address must
    # also be the whole value or its <...> ending, exactly as written.
    written = value.strip()
    exact = written == addr or written.endswith(f"<{addr}>")
    if (
        not addr
        or not exact
        or addr.count("@") != 1
        or not all(addr.split("@"))
        or any(c.isspace() or not c.isprintable() for c in addr)
    ):
        raise ValueError(f"The {what} is not an e-mail address: {value!r}.")
    local, domain = addr.split("@")
    if not local.isascii():
        raise ValueError(f"The {what} has a non-ASCII local part, not supported: {value!r}.")
    try:
        domain = domain.encode("idna").decode("ascii")
        return Address(display_name=name, addr_spec=f"{local}@{domain}")
    except (HeaderParseError, UnicodeError, ValueError, IndexError) as error:
        raise ValueError(f"The {what} is not an e-mail address: {value!r}.") from error


def _message_id(value: str) -> str:
    if not _MESSAGE_ID.fullmatch(value) or not value.isascii():
        raise ValueError(f"Not a message id (left@right, no angle brackets or spaces): {value!r}.")
    return value


def _key(value: str) -> str:
    if not _KEY.fullmatch(value):
        raise ValueError(f"A message id key is letters, digits, '.', '_' and '-': {value!r}.")
    return value


def _domain(value: str) -> str:
    if not value or not _KEY.fullmatch(value):
        raise ValueError(f"Not a domain for message ids: {value!r}.")
    return value


def _subject(value: str) -> str | _EncodedHeader:
    # Whitespace runs collapse to one space: mail clients show a subject on one line anyway,
    # and folding is only lossless for single spaces.
    subject = " ".join(_single_line(value, "subject").split())
    return subject if subject.isascii() and subject.isprintable() else _EncodedHeader("Subject", subject)


class _EncodedHeader:
    """A header the policy stores as is and asks to fold itself (see the module docstring)."""

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value

    def fold(self, *, policy: Policy) -> str:
        encoded = email.header.Header(self.value, "utf-8", header_name=self.name)
        return f"{self.name}: {encoded.encode(linesep=policy.linesep)}{policy.linesep}"

    def __str__(self) -> str:
        return self.value
