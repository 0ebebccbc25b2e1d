"""`accord mail test` and `accord worker` as an administrator runs them: mail through the real SMTP
server or into the mail folder, and every failure a one-line reason with exit status 1."""

from __future__ import annotations

import email
import email.policy

import pytest
from click.testing import CliRunner, Result

from tests.mail_server import free_port
from workspace.cli import main


@pytest.fixture
def accord(sqlite_url, monkeypatch, tmp_path):
    monkeypatch.setenv("ACCORD_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("ACCORD_SECRET_KEY", "cli-test-secret-0123456789abcdef")
    monkeypatch.setenv("ACCORD_MAIL_DIR", str(tmp_path / "mail"))
    for name in ("ACCORD_SMTP_URL", "ACCORD_QUEUE_URL", "ACCORD_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, status: int = 0) -> Result:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == status, result.output
        return result

    return run


def one_line_reason(result: Result, *words: str) -> str:
    """The error alone on stderr: one line, no traceback."""
    [line] = result.stderr.splitlines()
    assert line.startswith("accord: error: ") and "Traceback" not in result.output
    for word in words:
        assert word in line
    return line


def test_mail_test_sends_one_message_through_the_smtp_server(accord, mail_server, monkeypatch):
    monkeypatch.setenv("ACCORD_SMTP_URL", mail_server.url)
    result = accord("mail", "test", "ana@example.org")
    port = mail_server.url.rsplit(":", 1)[1]
    assert result.stdout.strip() == f"sent a test message to ana@example.org through smtp://127.0.0.1:{port}"
    [got] = mail_server.wait_for(1)
    assert got.envelope_to == ("ana@example.org",) and got.message["Subject"] == "Accord: test message"
    assert got.message["From"] == "Accord <accord@localhost>"


def test_mail_test_without_a_server_writes_an_eml_in_the_mail_folder(accord, tmp_path):
    result = accord("mail", "test", "ana@example.org")
    assert result.stdout.strip() == f"sent a test message to ana@example.org written to {tmp_path / 'mail'}"
    [written] = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ana@example.org" and message["Subject"] == "Accord: test message"


def test_mail_test_refused_by_the_server_is_one_line(accord, mail_server, monkeypatch):
    monkeypatch.setenv("ACCORD_SMTP_URL", mail_server.url)
    mail_server.fail_next(1, 550)
    one_line_reason(accord("mail", "test", "ana@example.org", status=1), "mail not sent", "550")
    assert mail_server.messages == []


def test_mail_test_to_an_impossible_address_is_one_line(accord, mail_server, monkeypatch):
    monkeypatch.setenv("ACCORD_SMTP_URL", mail_server.url)
    one_line_reason(accord("mail", "test", "not an address", status=1), "mail not sent")
    assert mail_server.messages == []


def test_mail_test_with_no_server_listening_is_one_line(accord, monkeypatch):
    monkeypatch.setenv("ACCORD_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    one_line_reason(accord("mail", "test", "ana@example.org", status=1), "mail not sent")


def test_mail_test_with_a_malformed_smtp_url_is_one_line(accord, monkeypatch):
    monkeypatch.setenv("ACCORD_SMTP_URL", "http://mail.example.org")
    one_line_reason(accord("mail", "test", "ana@example.org", status=1), "mail not sent")


def test_worker_help_shows_its_options(accord):
    shown = accord("worker", "--help").stdout
    for option in ("--concurrency", "--schedule / --no-schedule", "ACCORD_QUEUE_URL"):
        assert option in shown


def test_worker_refuses_a_bad_queue_url(accord, monkeypatch):
    monkeypatch.setenv("ACCORD_QUEUE_URL", "http://cache:6379/1")
    one_line_reason(accord("worker", status=1), "ACCORD_QUEUE_URL must be redis://… or sqlite:///PATH")


def test_worker_refuses_a_concurrency_out_of_range(accord):
    assert "Invalid value for '--concurrency'" in accord("worker", "--concurrency", "0", status=2).output
