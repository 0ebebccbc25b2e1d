"""Webhooks (issue 64) on both backends, told to a real receiver (an HTTP server on loopback) that verifies every
delivery's signature with the `standardwebhooks` package: every kind of event reaches it, each `webhook-id` answered
2xx once; deliveries it failed are tried again on the schedule and then taken; an address inside the machine is refused
unless allowed (at creation and again at sending); a webhook failing for a day is disabled; a test event; who may keep
webhooks."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select, update
from standardwebhooks import Webhook as Verifier

from tests.demo_data import kutahya
from tests.integration.services.publication.test_publication import S, settle
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph
from workspace.domain.errors import Forbidden, InvalidInput, NotFound
from workspace.domain.meetings.meetings import ScheduleMeeting, SetMeetingState
from workspace.domain.webhooks import KINDS, AddWebhook
from workspace.services import meetings, publication, webhooks
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft
from workspace.services.notifications.compose import webhook_disabled_mail
from workspace.services.notifications.outward import Outward
from workspace.store.models import Outbox, User, Webhook, WebhookDelivery
from workspace.store.types import utcnow


class Receiver:
    """An organisation's system: answers 500 to the first `failing` deliveries, then 204; verifies each signature."""

    def __init__(self, failing: int = 0) -> None:
        self.failing, self.heard, self.secret = failing, [], ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                event = Verifier(receiver.secret).verify(body, dict(self.headers))  # raises on a bad signature
                failed = receiver.failing > 0
                receiver.failing -= failed
                receiver.heard.append((self.headers["webhook-id"], event, 500 if failed else 204))
                self.send_response(500 if failed else 204)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"

    def taken(self) -> Counter[str]:
        return Counter(message for message, _, status in self.heard if status == 204)


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.server.shutdown()


def everything(receiver: Receiver) -> AddWebhook:
    return AddWebhook(url=receiver.url, kinds=list(KINDS))


def _due_now(store) -> None:
    """The clock moved on: every delivery waiting for a retry is due."""
    with store.writer() as tx, tx.begin():
        tx.execute(update(WebhookDelivery).where(WebhookDelivery.next_at.is_not(None)).values(next_at=utcnow()))


def test_every_kind_reaches_a_real_receiver_signed_and_once(store, receiver):
    kutahya(store)
    made = webhooks.add_webhook(store, SYSTEM, S, AddWebhook(url=receiver.url, kinds=list(KINDS)), True)
    receiver.secret = made.secret
    settle(store, SYSTEM)  # translations approved, amendments decided
    meeting = meetings.schedule_meeting(store, SYSTEM, S, ScheduleMeeting(title="Plenaria"))
    meetings.set_state(store, SYSTEM, S, meeting.id, SetMeetingState(state="open"))
    meetings.set_state(store, SYSTEM, S, meeting.id, SetMeetingState(state="closed"))
    publication.publish(store, SYSTEM, S, publication.Publish(version="Rev.1", symbol="X/1", date="2021-10-08"))
    first = draft.get_draft(store, SYSTEM, S).paragraphs[0]
    draft.edit_paragraph(store, SYSTEM, S, first.eid, EditParagraph(base_revision=first.revision, text="Nuevo."))
    draft.circulate(store, SYSTEM, S, Circulate(label="Rev.2", note=""))
    receiver.failing = 2  # the receiver is down for the first two
    webhooks.send_due(store, allow_private=True)
    _due_now(store)
    webhooks.send_due(store, allow_private=True)
    kinds = {event["type"] for _, event, status in receiver.heard if status == 204}
    assert kinds == set(KINDS), kinds
    assert all(n == 1 for n in receiver.taken().values())  # each webhook-id answered 2xx once
    retried = [message for message, _, status in receiver.heard if status == 500]
    assert len(retried) == 2 and all(receiver.taken()[m] == 1 for m in retried)  # tried again, then taken
    published = next(e for _, e, s in receiver.heard if e["type"] == "publication.published")
    assert published["data"]["process"] == S and "timestamp" in published
    log = webhooks.deliveries(store, SYSTEM, S, made.id)
    assert {d.status for d in log} == {"delivered"} and {d.answer for d in log} == {204}
    assert sorted(d.attempts for d in log)[-2:] == [2, 2]
    assert webhooks.send_due(store, allow_private=True) == 0  # nothing twice


def test_an_address_inside_the_machine_is_refused_unless_allowed(store, people, receiver):
    with pytest.raises(InvalidInput) as refused:
        webhooks.add_webhook(store, people.committee, "kutahya", everything(receiver), False)
    assert refused.value.detail == {"field": "url"} and "127.0.0.1" in str(refused.value.params)
    made = webhooks.add_webhook(
        store, people.committee, "kutahya", AddWebhook(url=receiver.url, kinds=list(KINDS)), True
    )
    receiver.secret = made.secret
    webhooks.test_webhook(store, people.committee, "kutahya", made.id)
    assert webhooks.send_due(store, allow_private=False) == 0 and receiver.heard == []  # checked again as it is sent
    [delivery] = webhooks.deliveries(store, people.committee, "kutahya", made.id)
    assert delivery.answer is None and "private network" in delivery.error and delivery.status == "pending"
    _due_now(store)
    assert webhooks.send_due(store, allow_private=True) == 1
    assert [event["type"] for _, event, _ in receiver.heard] == ["webhook.test"]
    for url in ("ftp://example.org/x", "http://user:pw@example.org/", "http:///nohost"):
        with pytest.raises(InvalidInput):
            AddWebhook(url=url, kinds=["version.circulated"])
    for kinds in ([], ["version.circulated", "version.circulated"], ["paragraph.edited"]):
        with pytest.raises(InvalidInput):
            AddWebhook(url=receiver.url, kinds=kinds)


def test_a_webhook_failing_for_a_day_is_disabled_and_a_test_event_brings_it_back(store, people, receiver):
    made = webhooks.add_webhook(
        store, people.committee, "kutahya", AddWebhook(url=receiver.url, kinds=list(KINDS)), True
    )
    receiver.secret, receiver.failing = made.secret, 100
    webhooks.test_webhook(store, people.committee, "kutahya", made.id)
    webhooks.send_due(store, allow_private=True)
    with store.writer() as tx, tx.begin():
        tx.execute(update(Webhook).values(failing_since=utcnow() - timedelta(days=1, minutes=1)))
    _due_now(store)
    webhooks.send_due(store, allow_private=True)
    [hook] = webhooks.list_webhooks(store, people.committee, "kutahya")
    assert hook.disabled_at is not None and hook.secret is None  # never shown again
    with store() as tx:  # whoever set it is told, once, in their language
        [told] = [o.data for o in tx.scalars(select(Outbox).where(Outbox.kind == "mail"))
                  if o.data.get("template") == "webhook_disabled"]  # fmt: skip
        user = tx.get(User, told["user_id"])
        mail = webhook_disabled_mail(
            Outward("https://accord.example.org", "k" * 32), user, told["url"], told["where"], "fr"
        )
    assert told["user_id"] == people.committee.id and told["where"] == "/p/kutahya"
    assert receiver.url in mail.text and "https://accord.example.org/p/kutahya" in mail.text
    receiver.failing = 0
    webhooks.test_webhook(store, people.committee, "kutahya", made.id)
    _due_now(store)
    webhooks.send_due(store, allow_private=True)
    [hook] = webhooks.list_webhooks(store, people.committee, "kutahya")
    assert hook.disabled_at is None and hook.failing_since is None


def test_only_the_committee_keeps_a_process_webhooks_and_administrators_the_instances(store, people):
    add = AddWebhook(url="https://hooks.example.org/accord", kinds=["version.circulated"])
    for who, refused in (("member", Forbidden), ("translator", Forbidden), ("outsider", NotFound)):
        with pytest.raises(refused):
            webhooks.add_webhook(store, getattr(people, who), "kutahya", add, True)
        with pytest.raises(refused):
            webhooks.list_webhooks(store, getattr(people, who), "kutahya")
    with pytest.raises(Forbidden):
        webhooks.add_webhook(store, people.committee, None, add, True)
    instance = webhooks.add_webhook(store, people.admin, None, add, True)
    with pytest.raises(NotFound):  # the instance's webhook is no process's
        webhooks.deliveries(store, people.committee, "kutahya", instance.id)
    webhooks.delete_webhook(store, people.admin, None, instance.id)
    assert webhooks.list_webhooks(store, people.admin, None) == []
    assert webhooks.list_webhooks(store, people.committee, "kutahya") == []


def test_a_webhooks_secret_is_kept_sealed_and_one_kept_in_the_clear_is_sealed_at_its_next_delivery(
    store, receiver, db_url
):
    """The database holds no webhook secret in the clear: a copy of it alone signs nothing. A secret kept in the clear
    (a webhook made before secrets were sealed) still signs, and is sealed at its next delivery; a store without the
    instance's key makes no webhook (409) and sends none it cannot open (the attempt fails, saying why)."""
    from workspace.domain.errors import Conflict
    from workspace.store.db import make_store

    kutahya(store)
    made = webhooks.add_webhook(store, SYSTEM, S, everything(receiver), True)
    receiver.secret = made.secret
    with store() as tx:
        kept = tx.get(Webhook, made.id).secret
    assert kept.startswith("sealed1:") and made.secret.removeprefix("whsec_") not in kept
    with store.writer() as tx, tx.begin():  # as a webhook made before: its secret in the clear
        tx.execute(update(Webhook).where(Webhook.id == made.id).values(secret=made.secret))
    webhooks.test_webhook(store, SYSTEM, S, made.id)
    assert webhooks.send_due(store, allow_private=True) == 1 and receiver.taken().total() == 1  # signed with it
    with store() as tx:
        resealed = tx.get(Webhook, made.id).secret
    assert resealed.startswith("sealed1:") and resealed != kept
    keyless = make_store(db_url)  # a server with no lasting secret key
    try:
        with pytest.raises(Conflict, match="no lasting secret key"):
            webhooks.add_webhook(keyless, SYSTEM, S, everything(receiver), True)
        webhooks.test_webhook(keyless, SYSTEM, S, made.id)
        assert webhooks.send_due(keyless, allow_private=True) == 0 and receiver.taken().total() == 1
        (failed, *_) = webhooks.deliveries(store, SYSTEM, S, made.id)
        assert "does not open" in failed.error
    finally:
        keyless.dispose()
    assert webhooks.send_due(store, allow_private=True) == 0  # tried again later, with the key: on its schedule
