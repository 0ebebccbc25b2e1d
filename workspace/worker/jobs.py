"""The job queue (Huey) and its tasks. The outbox in Accord's database is the record of what is due;
the queue only says "now": a commit that wrote outbox entries wakes a worker at once, and every
worker's minute sweeps what a lost wake-up or a crash left behind. So the queue's storage may be
Redis shared by many machines, or an SQLite file for one, and losing it loses nothing.

Chosen by measurement against SAQ, Procrastinate and Dramatiq (see DESIGN.md): Huey has both storages
the deployments need (an SQLite file for `make run`, Redis in production), thread workers, delayed
tasks for retries and periodic tasks, in one small dependency.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from pathlib import Path

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey
from huey.consumer import Consumer

from ..mail import transport_for
from ..services import outbox, rooms, webhooks
from ..services.notifications.delivery import Postman, deliver, due_mails
from ..services.notifications.outward import Outward
from ..services.notifications.schedule import run_schedule
from ..services.processes import record
from ..services.translations.machine import engine_from
from ..services.unit import store_for
from ..settings import Settings, mail_folder, var_folder
from ..store.db import Store
from ..store.types import utcnow
from .announce import redis_announcer

log = logging.getLogger("accord.worker")
SWEEP_AFTER = timedelta(seconds=30)
"""An outbox entry still pending after this lost its wake-up (a crash, a queue down): the sweep takes it."""
UNWRITTEN_SECONDS = 60.0
"""A shared room nobody typed in for this long whose typing was never written: its web worker was killed before its
commit (a live room commits a second and a half after typing stops), and the minute's tick writes it."""


def make_huey(settings: Settings) -> Huey:
    """The queue named after the database it serves, so that processes of other databases sharing a
    Redis never take each other's tasks."""
    name = "accord-" + hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
    url = settings.queue_url or settings.redis_url
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    if url and not url.startswith("sqlite:///"):
        raise ValueError(f"ACCORD_QUEUE_URL must be redis://… or sqlite:///PATH, not {url!r}")
    path = Path(url.removeprefix("sqlite:///")) if url else var_folder(settings) / "queue.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), results=False)


class Jobs:
    """Accord's tasks on one queue: enqueue them (`wake`, from any process), or run them (`consumer`)."""

    def __init__(
        self, settings: Settings, store: Store | None = None, huey: Huey | None = None, *, apart: bool | None = None
    ) -> None:
        self.settings = settings = settings.with_secret()  # it signs unsubscribe links
        self.store = store or store_for(settings)
        # A worker of its own (`accord worker`, or one opening its own store): its events wake the web workers' streams.
        if (store is None if apart is None else apart) and settings.redis_url:
            self.store.on_activity.append(redis_announcer(settings.redis_url))
        self.out = Outward(settings.public_url, settings.secret_key)
        self.postman = Postman(
            transport_for(settings.smtp_url, mail_folder(settings)),
            settings.mail_from,
            settings.mail_retry_seconds,
            settings.job_lease_seconds,
        )
        self.huey = huey or make_huey(settings)
        self.engine = engine_from(settings)  # the machine drafts of what a meeting types
        self.relay_task = self.huey.task(name="relay")(self.relay)
        self.deliver_task = self.huey.task(name="deliver")(self.deliver)
        self.webhooks_task = self.huey.task(name="webhooks")(self.webhooks)
        self.tick_task = self.huey.periodic_task(crontab(), name="tick")(self.tick)

    # -- what the tasks do (also called directly: tests, `accord mail test`) ---------------------

    def relay(self) -> None:
        for mail_id in outbox.relay(self.store, self.out, transport=self.postman.transport, engine=self.engine):
            self.deliver_task(mail_id)
        if webhooks.next_due(self.store) == 0:  # a delivery is due: sent by a task of its own
            self.webhooks_task()

    def webhooks(self) -> None:
        """The webhook deliveries due, sent; the queue woken again for a retry due before the next minute's tick."""
        webhooks.send_due(self.store, allow_private=self.settings.webhooks_private)
        soon = webhooks.next_due(self.store)
        if soon is not None and soon < 60:
            self.webhooks_task.schedule(delay=max(1, int(soon) + 1))

    def deliver(self, mail_id: int) -> None:
        wait = deliver(self.store, self.postman, mail_id)
        if wait is not None:
            # huey-stubs say whole seconds; huey takes any number of them (a timedelta's seconds).
            self.deliver_task.schedule((mail_id,), delay=wait)  # type: ignore[arg-type]

    def tick(self) -> None:
        """Each worker's minute: what lost its wake-up, what is scheduled, what waits for a retry."""
        made = outbox.relay(
            self.store, self.out, older_than=SWEEP_AFTER, transport=self.postman.transport, engine=self.engine
        )
        made += run_schedule(self.store, self.out, utcnow())
        for mail_id in sorted(set(made) | set(due_mails(self.store))):
            self.deliver_task(mail_id)
        for room_id in rooms.unwritten(self.store, UNWRITTEN_SECONDS):  # typing a killed web worker never wrote
            rooms.commit(self.store, room_id)
        if self.store.sealing:  # each process's record as yesterday ended, signed (nothing where nothing can be)
            record.checkpoint_days(self.store)
        if webhooks.next_due(self.store) == 0:
            self.webhooks_task()

    def run_pending(self) -> int:
        """Everything due now, in this thread, without the queue (tests, the command line); how many
        mails were tried."""
        relayed = outbox.relay(self.store, self.out, transport=self.postman.transport, engine=self.engine)
        due = sorted(set(relayed) | set(due_mails(self.store)))
        for mail_id in due:
            deliver(self.store, self.postman, mail_id)
        webhooks.send_due(self.store, allow_private=self.settings.webhooks_private)
        return len(due)

    # -- the queue ------------------------------------------------------------------------------

    def wake(self) -> None:
        """After a commit that left work: a worker takes it now. If the queue cannot be reached, the
        work is still in the outbox, and the next sweep takes it."""
        try:
            self.relay_task()
        except Exception:  # a queue down must not fail a request that committed
            log.warning("the job queue could not be reached; the next sweep will take the work", exc_info=True)

    def consumer(self, workers: int = 2, schedule: bool = True, *, in_process: bool = False) -> Consumer:
        """Huey's consumer of this queue: `workers` threads, and each minute's `tick` if `schedule`."""
        from .inprocess import InProcessConsumer

        kind = InProcessConsumer if in_process else Consumer
        return kind(
            self.huey,
            workers=workers,
            worker_type="thread",
            periodic=schedule,
            initial_delay=0.05,
            # A queue in an SQLite file is polled: an idle worker looks every tenth of a second, so that work
            # committed (a publication's files) starts at once; Redis wakes a worker itself.
            max_delay=1.0 if self.huey.storage.blocking else 0.1,
            check_worker_health=not in_process,
        )
