"""Workers killed in the middle of 500 deliveries: once restarted, every member has the mail, and the
only duplicates are mails the SMTP server had accepted when their worker died (at most one per
thread of the killed worker). On SQLite with its queue file, on PostgreSQL with Redis."""

from __future__ import annotations

import time
from collections import Counter

from tests.backends import BACKENDS_DIFFER
from tests.integration.mail_jobs import (
    Workers,
    circulate,
    crowded_process,
    mail_states,
    queue_url,
    settings_of,
    wait_until_sent,
)
from workspace.worker import Jobs

pytestmark = BACKENDS_DIFFER  # a killed worker's claims: SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite

MEMBERS = 500
LEASE = 3  # seconds: a killed worker's mails are free again after this
THREADS = 4


def test_a_killed_worker_loses_no_mail_and_duplicates_only_those_in_flight(store, db_url, mail_server, tmp_path):
    settings = settings_of(
        db_url, mail_server.url, queue_url(db_url, tmp_path), job_lease_seconds=LEASE, mail_retry_seconds=1
    )
    chair = crowded_process(store, "crowd", MEMBERS)
    jobs = Jobs(settings, store)
    store.on_work.append(jobs.wake)  # as the app does: the commit wakes the queue
    workers = Workers(settings, tmp_path)
    try:
        doomed, _survivor = workers.start(THREADS), workers.start(THREADS)
        start = time.monotonic()
        circulate(store, chair, "crowd")
        mail_server.wait_for(MEMBERS // 4, timeout=30)
        doomed.kill()
        at_kill = len(mail_server.messages)
        time.sleep(LEASE + 0.5)  # its leases run out: the restarted worker's first sweep takes them
        workers.started[0] = doomed
        doomed.start()
        took = wait_until_sent(store, MEMBERS, timeout=40)
    finally:
        workers.stop()
        jobs.huey.storage.flush_all()  # this test's queue only (named after its database)
    elapsed = time.monotonic() - start

    received = list(mail_server.messages)
    per_id = Counter(m.message["Message-ID"] for m in received)
    duplicates = sum(n - 1 for n in per_id.values())
    recipients = {to for m in received for to in m.envelope_to}
    print(
        f"\n{db_url.split(':')[0]}: {len(received)} messages received for {MEMBERS} mails, {at_kill} when a worker "
        f"of {THREADS} threads was killed, {duplicates} duplicate(s); all sent {elapsed:.1f} s after the commit "
        f"({took:.1f} s after the restart)"
    )
    assert recipients == {f"member-{n}@crowd.example.org" for n in range(MEMBERS)}
    assert len(per_id) == MEMBERS
    assert duplicates <= THREADS
    assert mail_states(store) == Counter({"sent": MEMBERS})
    killed_log = doomed.log.read_text(errors="replace")
    assert killed_log.count("accord worker:") == 2  # it ran, was killed, and ran again
