"""Mail as people receive it: the worker's jobs run in the test's thread, sending through the real
SMTP server of `mail_server`, and helpers to read what it got (recipients, parts, links, headers)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser

from sqlalchemy import func, select

from tests.mail_server import MailServer
from workspace.services.declaration import importing as version_import
from workspace.services.notifications.outward import Outward
from workspace.settings import Settings
from workspace.store.db import Store
from workspace.store.models import MailMessage, Outbox
from workspace.worker.jobs import Jobs

PUBLIC = "https://accord.example.org"
SECRET = "test-secret-key-0123456789abcdef"
LINK = re.compile(re.escape(PUBLIC) + r"/[^\s<>\"')]+")


@dataclass
class Post:
    """The jobs of one test's database, and the messages its SMTP server received."""

    jobs: Jobs
    server: MailServer
    store: Store

    @property
    def out(self) -> Outward:
        return self.jobs.out

    def send(self) -> list[EmailMessage]:
        """Run every due job now; the messages the server received meanwhile."""
        before = len(self.server.messages)
        self.jobs.run_pending()
        return [r.message for r in self.server.messages[before:]]

    def drain(self) -> None:
        """Send what set-up left (the invitations that made the people) and forget it."""
        self.send()
        self.server.messages.clear()

    def rows(self) -> tuple[int, int]:
        """How many outbox entries and mails there are."""
        with self.store() as tx:
            return (
                tx.scalar(select(func.count()).select_from(Outbox)) or 0,
                tx.scalar(select(func.count()).select_from(MailMessage)) or 0,
            )


def make_post(store: Store, db_url: str, server: MailServer, retry_seconds: int = 0) -> Post:
    from huey import MemoryHuey

    settings = Settings.from_env(
        {},
        database_url=db_url,
        secret_key=SECRET,
        jobs_in_process=False,
        smtp_url=server.url,
        public_url=PUBLIC,
        mail_retry_seconds=retry_seconds,
    )
    return Post(Jobs(settings, store, huey=MemoryHuey("accord-test")), server, store)


def to(message: EmailMessage) -> str:
    [address] = message["To"].addresses
    return str(address.addr_spec)


def by_recipient(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    found = {to(m): m for m in messages}
    assert len(found) == len(messages), f"more than one mail to someone: {sorted(to(m) for m in messages)}"
    return found


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def links(message: EmailMessage) -> list[str]:
    """The links of the plain text part, in order."""
    return LINK.findall(text_of(message))


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.found += [v or "" for k, v in attrs if k == "href"]


def hrefs(message: EmailMessage) -> list[str]:
    parser = _Hrefs()
    parser.feed(html_of(message))
    return parser.found


def unsubscribe_token(message: EmailMessage) -> str:
    header = str(message["List-Unsubscribe"])
    match = re.fullmatch(r"<" + re.escape(PUBLIC) + r"/unsubscribe/([A-Za-z0-9_=.-]+)>", header)
    assert match, header
    return match.group(1)


def import_zero(store: Store, committee) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.services.declaration.test_declaration import ZERO
    from workspace.domain.declaration.declaration_commands import ImportVersion

    version_import.import_version(store, committee, "kutahya", ImportVersion(filename="zero.md", text=ZERO))


def race(*calls: Callable[[], object]) -> list[object]:
    """Run `calls` at the same moment, each in its thread; what each returned or raised, in order."""
    results: list[object] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:  # noqa: BLE001 - the caller asserts on it
            results[i] = exc

    workers = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results
