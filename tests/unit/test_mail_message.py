"""Building notification mails (pure): headers, parts, encodings, threading, refusals."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage, MIMEPart
from email.utils import parsedate_to_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.mail import Mail, build, new_message_id, thread_message_id

SENDER = "Accord <noreply@accord.example.org>"
WHEN = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
MAIL = Mail(
    to="Ana Pérez <ana@example.org>",
    subject="New comment on §3",
    text="Read it.\n",
    html=None,
    message_id="comment-7.0a1b@accord.example.org",
)


def round_trip(message: EmailMessage) -> EmailMessage:
    raw = message.as_bytes()
    assert raw.isascii(), "every byte on the wire is 7-bit"
    assert all(len(line) <= 78 for line in raw.split(b"\r\n")), "lines are folded"
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    assert not parsed.defects
    return parsed


def text_of(part: MIMEPart | None) -> str:
    """A part's text with the wire's CRLF line ends read as `\n`, as mail clients do."""
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def test_headers() -> None:
    parsed = round_trip(build(MAIL, SENDER, WHEN))
    assert parsed["From"].addresses[0].addr_spec == "noreply@accord.example.org"
    assert parsed["From"].addresses[0].display_name == "Accord"
    assert parsed["To"].addresses[0].addr_spec == "ana@example.org"
    assert parsed["To"].addresses[0].display_name == "Ana Pérez"
    assert parsed["Subject"] == "New comment on §3"
    assert parsedate_to_datetime(parsed["Date"]) == WHEN
    assert parsed["Message-ID"] == "<comment-7.0a1b@accord.example.org>"
    assert parsed["Content-Language"] == "en"
    assert parsed["Auto-Submitted"] == "auto-generated"
    for absent in ("In-Reply-To", "References", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert absent not in parsed


def test_date_keeps_its_offset_and_defaults_to_now() -> None:
    madrid = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    assert build(MAIL, SENDER, madrid)["Date"].endswith("+0100")
    before = datetime.now(UTC).replace(microsecond=0)
    assert before <= parsedate_to_datetime(build(MAIL, SENDER)["Date"]) <= datetime.now(UTC)
    with pytest.raises(ValueError, match="timezone"):
        build(MAIL, SENDER, datetime(2026, 1, 1))


def test_text_alone_is_a_single_plain_part() -> None:
    parsed = round_trip(build(replace(MAIL, text="Línea uno\nLigne deux — «été»\n"), SENDER, WHEN))
    assert not parsed.is_multipart()
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert text_of(parsed) == "Línea uno\nLigne deux — «été»\n"


def test_html_makes_multipart_alternative_text_first() -> None:
    mail = replace(MAIL, text="Hola, Ana: «ñ».\n", html="<p>Hola, Ana: «ñ».</p>\n")
    parsed = round_trip(build(mail, SENDER, WHEN))
    assert parsed.get_content_type() == "multipart/alternative"
    parts = list(parsed.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert [p.get_content_charset() for p in parts] == ["utf-8", "utf-8"]
    assert [text_of(p) for p in parts] == [mail.text, mail.html]


@pytest.mark.parametrize(
    ("locale", "subject", "text"),
    [
        ("es", "Nueva enmienda al párrafo 4: «Cooperación»", "Señora Núñez, ¿revisará la enmienda?\n"),
        ("fr", "Réponse à votre commentaire sur l’article 2 — « Égalité »", "Voilà : à bientôt, Loïc.\n"),
    ],
)
def test_non_ascii_subject_and_body_round_trip(locale: str, subject: str, text: str) -> None:
    message = build(replace(MAIL, subject=subject, text=text, locale=locale), SENDER, WHEN)
    assert "=?utf-8?" in message.as_string(), "the subject is sent as RFC 2047 encoded words"
    parsed = round_trip(message)
    assert parsed["Subject"] == subject
    assert text_of(parsed) == text
    assert parsed["Content-Language"] == locale


def test_long_non_ascii_subject_keeps_its_spaces() -> None:
    subject = "Réunion " * 12 + "«fin» " + "é" * 80
    assert round_trip(build(replace(MAIL, subject=subject), SENDER, WHEN))["Subject"] == subject.strip()


def test_one_click_unsubscribe() -> None:
    url = "https://accord.example.org/unsubscribe/tok3n?list=threads"
    parsed = round_trip(build(replace(MAIL, unsubscribe_url=url), SENDER, WHEN))
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_threading_headers() -> None:
    root = thread_message_id("thread-12", "accord.example.org")
    previous = new_message_id("comment-40", "accord.example.org")
    mail = replace(MAIL, in_reply_to=previous, references=(root,))
    parsed = round_trip(build(mail, SENDER, WHEN))
    assert parsed["In-Reply-To"] == f"<{previous}>"
    assert parsed["References"].split() == [f"<{root}>", f"<{previous}>"]
    # Already listed: not repeated.
    parsed = round_trip(build(replace(mail, references=(root, previous)), SENDER, WHEN))
    assert parsed["References"].split() == [f"<{root}>", f"<{previous}>"]


def test_message_ids() -> None:
    assert thread_message_id("thread-12", "accord.example.org") == thread_message_id("thread-12", "accord.example.org")
    assert thread_message_id("thread-12", "a.org") != thread_message_id("thread-13", "a.org")
    first, second = new_message_id("comment-7", "a.org"), new_message_id("comment-7", "a.org")
    assert first != second
    assert first.startswith("comment-7.") and first.endswith("@a.org")
    with pytest.raises(ValueError):
        new_message_id("bad key", "a.org")
    with pytest.raises(ValueError):
        thread_message_id("thread-1", "a.org>\r\nBcc: x@evil.example")


@pytest.mark.parametrize(
    "change",
    [
        {"subject": "Hello\r\nBcc: victim@example.org"},
        {"subject": "Hello\nBcc: victim@example.org"},
        {"subject": "Hello\rX"},
        {"to": "ana@example.org\r\nBcc: victim@example.org"},
        {"unsubscribe_url": "https://a.example/u\r\nBcc: victim@example.org"},
        {"message_id": "x@a.org>\r\nBcc: victim@example.org"},
        {"in_reply_to": "x@a.org\nBcc: victim@example.org"},
        {"references": ("x@a.org", "y@a.org\r\nX-Evil: 1")},
        {"locale": "fr\r\nX-Evil: 1"},
    ],
)
def test_header_injection_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        build(replace(MAIL, **change), SENDER, WHEN)  # type: ignore[arg-type]


def test_sender_with_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="line break"):
        build(MAIL, "noreply@accord.example.org\nBcc: victim@example.org", WHEN)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "not an address",
        "ana@",
        "@example.org",
        "a@b@c",
        "<>",
        "ana@exa mple.org",
        "ñandú@example.org",
        "a@b.org, c@d.org",
        "Ana <ana@b.org> trailing",
        "a@b.org (x)",
    ],
)
def test_unparseable_addresses_are_refused(address: str) -> None:
    with pytest.raises(ValueError):
        build(replace(MAIL, to=address), SENDER, WHEN)
    with pytest.raises(ValueError):
        build(MAIL, address, WHEN)


def test_international_domain_is_sent_as_punycode() -> None:
    parsed = round_trip(build(replace(MAIL, to="Loïc <loic@exemple-é.fr>"), SENDER, WHEN))
    assert parsed["To"].addresses[0].addr_spec == "loic@xn--exemple--i1a.fr"


@pytest.mark.parametrize(
    "change",
    [
        {"message_id": "<x@a.org>"},
        {"message_id": "no-at-sign"},
        {"references": ("a b@c",)},
        {"unsubscribe_url": "javascript:alert(1)"},
        {"locale": "en_GB"},
        {"locale": ""},
    ],
)
def test_malformed_values_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        build(replace(MAIL, **change), SENDER, WHEN)  # type: ignore[arg-type]


one_line = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"))


@settings(max_examples=examples(300), deadline=None)
@given(subject=one_line, text=st.text(st.characters(codec="utf-8")), html=st.none() | one_line)
def test_any_subject_and_text_round_trip(subject: str, text: str, html: str | None) -> None:
    """Subjects come back with whitespace runs collapsed; bodies with line breaks made `\\n`."""
    parsed = round_trip(build(replace(MAIL, subject=subject, text=text, html=html), SENDER, WHEN))
    assert parsed["Subject"] == " ".join(subject.split())
    assert text_of(parsed.get_body(("plain",))) == as_lines(text)
    if html is not None:
        assert text_of(parsed.get_body(("html",))) == as_lines(html)


def as_lines(text: str) -> str:
    """`text` with its CR LF, CR and LF line breaks (only those) made `\\n`, ending with one."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines[-1] == "":
        lines.pop()
    return "".join(line + "\n" for line in lines) or "\n"
