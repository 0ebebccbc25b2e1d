"""A burst of replies mails each follower twice, never once per reply, on both backends, read from a real
SMTP server: the first reply at once, the rest of the window in one mail when it ends (the worker's
minute, driven here by the `now` the schedule is given), in the thread's mail thread; news after a batch
waits for the next window; workers fanning a burst out at once, or sending its batch at once, still send
one mail each; a batch whose worker fails is sent whole at the next minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import select

from tests.conftest import join
from tests.integration.mailbox import by_recipient, import_zero, make_post, race, text_of, to
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.notifications.news import ChooseNews
from workspace.services import accounts, comments, outbox
from workspace.services.notifications import batches, preferences, schedule
from workspace.store.models import Outbox
from workspace.store.types import utcnow

P = "kutahya"
BURST = 50
pytestmark = pytest.mark.usefixtures("unpaced")  # the flooder's own rate is tests/integration/services/test_pace.py's


@pytest.fixture
def post(store, db_url, people, mail_server):
    import_zero(store, people.committee)
    made = make_post(store, db_url, mail_server)
    made.send()
    schedule.run_schedule(
        store, made.out, datetime(2000, 1, 3, schedule.DIGEST_HOUR, tzinfo=UTC)
    )  # the set-up's digests
    made.drain()
    return made


@pytest.fixture
def followed(store, people, post):
    """A thread the member opened, that the committee (in English) and a second member (in French) follow,
    both told of replies and resolutions at once."""
    thread = comments.open_thread(store, people.member, P, OpenThread(version="1", eid="op_1", body="¿Qué niveles?"))
    second = join(store, people.committee, P, "second@example.org", "member")
    for follower, language in ((people.committee, "en"), (second, "fr")):
        accounts.set_locale(store, follower, language)
        preferences.set_notifications(
            store, follower, ChooseNews(kinds={"thread_reply": "immediate", "thread_resolved": "immediate"})
        )
        comments.follow(store, follower, P, thread.id)
    post.drain()
    return thread


def burst(store, who, thread, count: int = BURST, start: int = 0) -> None:
    for n in range(start, start + count):
        comments.add_comment(store, who, P, thread.id, CommentText(body=f"Respuesta {n}."))


FOLLOWERS = {"committee@example.org", "second@example.org"}


def test_a_burst_of_fifty_replies_is_one_mail_at_once_and_one_after_the_window(store, people, post, followed):
    burst(store, people.member, followed)
    at_once = by_recipient(post.send())
    assert set(at_once) == FOLLOWERS
    assert all("Respuesta 0." in text_of(m) and "Respuesta 1." not in text_of(m) for m in at_once.values())
    start = utcnow()
    assert schedule.run_schedule(store, post.out, start + timedelta(minutes=1)) == []  # the window is not over
    assert post.send() == []
    assert len(schedule.run_schedule(store, post.out, start + batches.WINDOW)) == 2
    later = by_recipient(post.send())
    assert set(later) == FOLLOWERS
    said = {
        "committee@example.org": (
            f"Thread {followed.id}: {BURST - 1} updates",
            f"… and {BURST - 31} more in the thread.",
        ),
        "second@example.org": (
            f"Fil {followed.id}\u00a0: {BURST - 1} nouvelles",
            f"… et {BURST - 31} autres dans le fil de discussion.",
        ),
    }
    for address, mail in later.items():
        body = text_of(mail)
        subject, more = said[address]
        assert subject.replace("\u00a0", " ") in str(mail["Subject"]).replace("\u00a0", " ") and more in body
        assert [n for n in range(1, BURST) if f"Respuesta {n}." in body] == list(range(1, 31))
        assert (
            mail["In-Reply-To"] == at_once[address]["In-Reply-To"]
            and mail["References"] == at_once[address]["References"]
        )
        assert mail["Message-ID"] != at_once[address]["Message-ID"]
    assert schedule.run_schedule(store, post.out, start + 2 * batches.WINDOW) == []  # nothing twice
    assert post.send() == []


def test_news_after_a_batch_waits_for_the_next_window_and_each_thread_has_its_own(store, people, post, followed):
    burst(store, people.member, followed, 3)
    post.send()
    sent = utcnow() + batches.WINDOW
    schedule.run_schedule(store, post.out, sent)
    assert len(post.send()) == 2
    comments.resolve(store, people.member, P, followed.id)  # news of the thread within the window of the batch …
    burst(store, people.member, followed, 1, start=3)
    other = comments.open_thread(
        store, people.member, P, OpenThread(version="1", eid="op_2", body="¿Y este? @committee")
    )
    got = by_recipient(post.send())  # … waits; a mention in another thread goes at once
    assert set(got) == {people.committee.email} and f"/threads/{other.id}" in text_of(got[people.committee.email])
    assert schedule.run_schedule(store, post.out, sent + batches.WINDOW - timedelta(seconds=1)) == []
    assert len(schedule.run_schedule(store, post.out, sent + batches.WINDOW)) == 2
    got = by_recipient(post.send())
    assert set(got) == FOLLOWERS
    assert all("Respuesta 3." in text_of(m) for m in got.values())
    assert f"Member resolved or reopened thread {followed.id}" in text_of(got[people.committee.email])


def test_workers_fanning_out_a_burst_at_once_send_one_mail_each(store, people, post, followed):
    for trial in range(3):
        burst(store, people.member, followed, 8, start=8 * trial)
        with store() as tx:
            entries = list(tx.scalars(select(Outbox.id).where(Outbox.done_at.is_(None))))
        made = race(*(partial(outbox.take, store, post.out, entry) for entry in entries))
        assert not [m for m in made if isinstance(m, Exception)], made
        # One reply of the first burst is mailed at once to each follower; then everything waits for the batch.
        assert sum(len(m) for m in made) == (2 if trial == 0 else 0), f"trial {trial}: {made}"
    assert sorted(to(m) for m in post.send()) == sorted(FOLLOWERS)


def test_workers_sending_a_batch_at_once_send_it_once_and_a_failed_batch_goes_whole_next_minute(
    store, people, post, followed, monkeypatch
):
    burst(store, people.member, followed, 12)
    post.send()
    when = utcnow() + batches.WINDOW
    real = batches.news_mail
    calls = []

    def failing(*args, **kwargs):  # the worker dies while it writes the first batch: its transaction is rolled back
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(batches, "news_mail", failing)
    assert len(schedule.run_schedule(store, post.out, when)) == 1  # the other follower's went
    monkeypatch.setattr(batches, "news_mail", real)
    made = race(*[partial(schedule.run_schedule, store, post.out, when + timedelta(minutes=1))] * 3)
    assert sorted(len(m) for m in made) == [0, 0, 1], made
    got = by_recipient(post.send())
    assert set(got) == FOLLOWERS
    assert all(all(f"Respuesta {n}." in text_of(m) for n in range(1, 12)) for m in got.values())
