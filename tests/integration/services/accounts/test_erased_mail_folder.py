"""An erased person's mails leave the mail folder too (issue 65, finding 9): the database forgot their address, and
the `.eml` files the folder transport had written to them kept it. The worker that holds the transport removes them
after the erasure commits, found by their Message-IDs (the outbox entry names nothing personal); other people's mails
stay, on both backends."""

from __future__ import annotations

from huey import MemoryHuey
from sqlalchemy import Text, cast, select

from tests.conftest import PASSWORD
from workspace.mail import list_messages
from workspace.services import accounts
from workspace.services.accounts import password_resets
from workspace.services.actor import SYSTEM
from workspace.settings import Settings
from workspace.store.models import Outbox
from workspace.worker.jobs import Jobs

ERASED = "valentina.quispe@example.org"


def test_an_erased_persons_mails_leave_the_mail_folder(store, db_url, people, tmp_path):
    folder = tmp_path / "mail"
    settings = Settings.from_env(
        {}, database_url=db_url, secret_key="test-secret-key-0123456789abcdef", mail_dir=str(folder)
    )
    jobs = Jobs(settings, store, huey=MemoryHuey("erased-mail-folder", results=False))
    accounts.add_user(store, SYSTEM, ERASED, "Valentina Quispe", PASSWORD)
    for email in (ERASED, people.member.email, ERASED):
        password_resets.request_reset(store, email, "es")
    jobs.run_pending()  # their mails, and the invitations that made the people
    others = [path for path in list_messages(folder) if ERASED.encode() not in path.read_bytes()]
    assert len(list_messages(folder)) - len(others) == 2 and any(
        people.member.email.encode() in p.read_bytes() for p in others
    )
    accounts.erase_account(store, SYSTEM, ERASED)
    jobs.run_pending()
    assert list_messages(folder) == others
    assert not any(ERASED.encode() in path.read_bytes() for path in folder.iterdir())
    with store.reader() as tx:
        assert not tx.scalars(select(Outbox.id).where(cast(Outbox.data, Text).contains(ERASED))).all()
        assert tx.scalar(select(Outbox.done_at).where(Outbox.kind == "forget")) is not None
