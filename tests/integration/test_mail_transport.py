"""Sending mail for real: through an aiosmtpd server on loopback, and into a folder of .eml files."""

from __future__ import annotations

import email
import email.policy
import os
from datetime import UTC, datetime
from email.message import EmailMessage, MIMEPart
from pathlib import Path

import pytest

from tests.mail_server import PASSWORD, USER, MailServer, free_port
from workspace.mail import (
    DeliveryError,
    FolderTransport,
    Mail,
    SmtpTransport,
    build,
    list_messages,
    new_message_id,
    thread_message_id,
    transport_for,
)
from workspace.mail import transport as transport_module

SENDER = "Accord <noreply@accord.example.org>"


def message(to: str = "Ana Pérez <ana@example.org>", subject: str = "Nueva respuesta: «párrafo 3»") -> EmailMessage:
    return build(
        Mail(
            to=to,
            subject=subject,
            text="Hola, Ana.\nHay una respuesta.\n",
            html="<p>Hola, Ana.</p><p>Hay una respuesta.</p>\n",
            message_id=new_message_id("comment-9", "accord.example.org"),
            in_reply_to=thread_message_id("thread-3", "accord.example.org"),
            unsubscribe_url="https://accord.example.org/u/abc",
            locale="es",
        ),
        SENDER,
    )


def text_of(part: MIMEPart | None) -> str:
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def test_smtp_delivers_addresses_subject_and_both_parts(mail_server: MailServer) -> None:
    sent = message()
    SmtpTransport.from_url(mail_server.url, timeout=5).send(sent)
    [got] = mail_server.wait_for(1)
    assert got.envelope_from == "noreply@accord.example.org"
    assert got.envelope_to == ("ana@example.org",)
    assert not got.tls and not got.authenticated
    received = got.message
    assert received["Subject"] == "Nueva respuesta: «párrafo 3»"
    assert received["To"].addresses[0].display_name == "Ana Pérez"
    assert received["Message-ID"] == sent["Message-ID"]
    assert received["In-Reply-To"] == f"<{thread_message_id('thread-3', 'accord.example.org')}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert text_of(received.get_body(("plain",))) == "Hola, Ana.\nHay una respuesta.\n"
    assert text_of(received.get_body(("html",))) == "<p>Hola, Ana.</p><p>Hay una respuesta.</p>\n"


def test_messages_arrive_in_order(mail_server: MailServer) -> None:
    transport = transport_for(mail_server.url, Path("/nonexistent"))
    for n in range(3):
        transport.send(message(to=f"person{n}@example.org"))
    assert [m.envelope_to for m in mail_server.wait_for(3)] == [(f"person{n}@example.org",) for n in range(3)]


def test_starttls_and_auth(mail_server_auth: MailServer) -> None:
    url = mail_server_auth.url.replace("smtp://", "smtp://accord:s3cret%20p%40ss@") + "?starttls=true&verify=false"
    transport = SmtpTransport.from_url(url, timeout=5)
    assert (transport.username, transport.password) == (USER, PASSWORD)
    assert PASSWORD not in repr(transport)
    transport.send(message())
    [got] = mail_server_auth.wait_for(1)
    assert got.tls and got.authenticated
    assert got.message["Subject"] == "Nueva respuesta: «párrafo 3»"


def test_auth_server_refuses_what_it_should(mail_server_auth: MailServer) -> None:
    base = mail_server_auth.url.replace("smtp://", "smtp://accord:wrong@")
    with pytest.raises(DeliveryError) as wrong:  # a bad password is the relay's setup: temporary
        SmtpTransport.from_url(base + "?starttls=true&verify=false", timeout=5).send(message())
    assert not wrong.value.permanent and wrong.value.code == 535
    with pytest.raises(DeliveryError) as unverified:  # self-signed: refused unless verify=false
        SmtpTransport.from_url(base + "?starttls=true", timeout=5).send(message())
    assert not unverified.value.permanent
    with pytest.raises(DeliveryError) as plain:  # the server wants STARTTLS first
        SmtpTransport.from_url(mail_server_auth.url, timeout=5).send(message())
    assert plain.value.code == 530
    assert mail_server_auth.messages == []


def test_451_is_temporary_then_retry_succeeds(mail_server: MailServer) -> None:
    transport = SmtpTransport.from_url(mail_server.url, timeout=5)
    mail_server.fail_next(1)
    with pytest.raises(DeliveryError) as failed:
        transport.send(message())
    assert not failed.value.permanent and failed.value.code == 451
    assert mail_server.messages == []
    transport.send(message())
    assert len(mail_server.wait_for(1)) == 1


def test_550_is_permanent(mail_server: MailServer) -> None:
    mail_server.fail_next(1, code=550)
    with pytest.raises(DeliveryError) as failed:
        SmtpTransport.from_url(mail_server.url, timeout=5).send(message())
    assert failed.value.permanent and failed.value.code == 550


def test_connection_refused_is_temporary() -> None:
    with pytest.raises(DeliveryError) as failed:
        SmtpTransport.from_url(f"smtp://127.0.0.1:{free_port()}", timeout=2).send(message())
    assert not failed.value.permanent
    assert isinstance(failed.value.__cause__, ConnectionRefusedError)


def test_folder_transport_writes_messages_that_parse_back(tmp_path: Path) -> None:
    folder = tmp_path / "outbox" / "new"
    transport = transport_for("", folder)
    assert isinstance(transport, FolderTransport)
    assert list_messages(folder) == []
    subjects = [f"Réponse n° {n}" for n in range(5)]
    for subject in subjects:
        transport.send(message(subject=subject))
    files = list_messages(folder)
    assert sorted(os.listdir(folder)) == sorted(f.name for f in files), "no temporary file is left behind"
    assert files == sorted(files, reverse=True) and len(set(files)) == 5
    parsed = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert [p["Subject"] for p in parsed] == subjects[::-1], "newest first"
    first = files[-1].name
    stamp = datetime.strptime(first.split("-")[0], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 60


def test_folder_transport_renames_a_complete_file_into_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replaced = []
    real_replace = os.replace

    def checked_replace(source: Path, target: Path) -> None:
        assert source.parent == target.parent == tmp_path, "same folder, so the rename is atomic"
        assert source.name.startswith(".") and not source.name.endswith(".eml"), "invisible to list_messages"
        assert not target.exists() and list_messages(tmp_path) == []
        assert email.message_from_bytes(source.read_bytes(), policy=email.policy.default)["Subject"] == "Bonjour"
        replaced.append(target)
        real_replace(source, target)

    monkeypatch.setattr(transport_module.os, "replace", checked_replace)
    FolderTransport(tmp_path).send(message(subject="Bonjour"))
    assert list_messages(tmp_path) == replaced


def test_folder_transport_leaves_nothing_when_writing_fails(tmp_path: Path) -> None:
    class Broken(Exception):
        pass

    sent = message()

    def as_bytes(*args: object, **kwargs: object) -> bytes:
        raise Broken

    sent.as_bytes = as_bytes  # type: ignore[method-assign]
    with pytest.raises(Broken):
        FolderTransport(tmp_path).send(sent)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://mail.example.org", "smtp:// or smtps://"),
        ("mail.example.org:25", "smtp:// or smtps://"),
        ("smtp://", "no host"),
        ("smtp://:25", "no host"),
        ("smtp://mail.example.org:99999", "port"),
        ("smtp://mail.example.org:abc", "port"),
        ("smtp://mail.example.org/inbox", "no path"),
        ("smtp://mail.example.org?tls=yes", "Unknown option"),
        ("smtp://mail.example.org?starttls=maybe", "true or false"),
        ("smtps://mail.example.org?starttls=true", "already TLS"),
    ],
)
def test_bad_urls_are_refused(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        SmtpTransport.from_url(url)


def test_url_defaults() -> None:
    plain = SmtpTransport.from_url("smtp://relay.internal")
    assert (plain.port, plain.implicit_tls, plain.starttls, plain.verify, plain.username) == (
        25,
        False,
        False,
        True,
        None,
    )
    tls = SmtpTransport.from_url("smtps://u%40x:p%3Aw@mail.example.org?verify=false", timeout=3)
    assert (tls.port, tls.implicit_tls, tls.verify, tls.username, tls.password, tls.timeout) == (
        465,
        True,
        False,
        "u@x",
        "p:w",
        3,
    )
    assert SmtpTransport.from_url("smtp://mail.example.org:587?starttls=true").port == 587
