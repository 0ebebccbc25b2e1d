"""A worker of its own (`accord worker`) wakes the web workers' live streams through Redis after its commits: a
meeting's machine drafts, made by the worker, reached the screens only at the streams' next check (10 s) before."""

from __future__ import annotations

import time

import redis
from huey import MemoryHuey

from tests import needs
from workspace.domain.meetings.meetings import ScheduleMeeting
from workspace.services import meetings
from workspace.settings import Settings
from workspace.store.models import Process
from workspace.worker.announce import channel
from workspace.worker.jobs import Jobs

REDIS = "redis://127.0.0.1:6379/0"


def test_a_worker_apart_announces_its_commits_on_the_process_channel_and_a_web_one_does_not(store, db_url, people):
    needs.redis_server(REDIS)
    settings = Settings.from_env(
        {}, database_url=db_url, secret_key="test-secret-key-0123456789abcdef", redis_url=REDIS
    )
    before = list(store.on_activity)
    Jobs(settings, store, huey=MemoryHuey("web-jobs", results=False))  # a web process's: its channels announce
    assert store.on_activity == before
    Jobs(settings, store, huey=MemoryHuey("worker-jobs", results=False), apart=True)
    try:
        with store() as tx:
            process_id = tx.query(Process.id).filter(Process.slug == "kutahya").scalar()
        listener = redis.Redis.from_url(REDIS).pubsub()
        listener.subscribe(channel(process_id))
        assert listener.get_message(timeout=2)["type"] == "subscribe"
        meetings.schedule_meeting(store, people.committee, "kutahya", ScheduleMeeting(title="Plenaria"))
        deadline, heard = time.monotonic() + 5, None
        while heard is None and time.monotonic() < deadline:
            heard = listener.get_message(timeout=1)
        assert heard is not None and heard["type"] == "message" and heard["data"] == b"1"
        listener.close()
    finally:
        store.on_activity[:] = before
