"""Accord's Prometheus metrics: the one module that imports prometheus-client.

What is counted where it happens (a request, a mail, a render, a stream, a pooled connection) is kept
here; what is read when Prometheus asks (the job queue's depth and age) is a collector the scrape adds
(`exposition`). `accord serve --workers N` runs N processes, and Prometheus scraping the one address
reaches whichever worker the kernel hands the connection to: so with several workers the server sets
PROMETHEUS_MULTIPROC_DIR (cli/running.py), each process writes its values to files there, and any worker's
answer sums them all (prometheus-client's multiprocess mode: counters and histograms add up, gauges
of what is open are summed over the processes alive). One worker keeps them in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import REGISTRY, Collector
from sqlalchemy import Engine, event

CONTENT_TYPE = CONTENT_TYPE_LATEST
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# A page answered from what is kept takes a few milliseconds, a long version's PDF made on demand tens of seconds.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

REQUESTS = Histogram(
    "accord_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template (not the raw path), method and status.",
    ["route", "method", "status"],
    buckets=_BUCKETS,
)
STREAMS = Gauge(
    "accord_event_streams_open",
    "Live event streams (Server-Sent Events) open now.",
    multiprocess_mode="livesum",
)
STREAMS_ASKED = Counter(
    "accord_event_streams_asked",
    "Requests for a live event stream that reached the app, counted on arrival, before each waits its turn for a "
    "thread and a connection: beside the streams open, how many a burst left waiting.",
)
POOL_CHECKED_OUT = Gauge(
    "accord_db_pool_checked_out",
    "Database connections taken from the pool now (SQLAlchemy's pool.checkedout()).",
    multiprocess_mode="livesum",
)
MAILS_SENT = Counter("accord_mails_sent", "Mails the SMTP server (or the mail folder) accepted.")
MAILS_FAILED = Counter(
    "accord_mails_failed",
    "Tries to send a mail that failed; `final` is true when the mail is then kept as failed (no more tries).",
    ["final"],
)
RENDERS = Counter(
    "accord_renders",
    "Runs of the publication file renderer (a publication's files, or one file made on demand), by result.",
    ["result"],
)


def multiprocess() -> bool:
    """Whether this process writes its values for others to sum (several workers)."""
    return bool(os.environ.get(MULTIPROC_ENV))


def process_ends() -> None:
    """This worker stops: its gauges of what is open leave the sum (its counts stay, as Prometheus expects)."""
    if multiprocess():
        mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, method, str(status)).observe(seconds)


def stream_asked() -> None:
    STREAMS_ASKED.inc()


def stream_opened() -> None:
    STREAMS.inc()


def stream_closed() -> None:
    STREAMS.dec()


def mail_sent() -> None:
    MAILS_SENT.inc()


def mail_failed(final: bool) -> None:
    MAILS_FAILED.labels("true" if final else "false").inc()


def render_ended(result: str) -> None:
    """A renderer run ended: `made`, `refused` (a text that cannot be typeset: the person's 409) or `failed`."""
    RENDERS.labels(result).inc()


def watch_pool(engine: Engine) -> None:
    """Keep POOL_CHECKED_OUT at `engine`'s pool use, as connections are taken and given back."""
    pool = engine.pool
    if not hasattr(pool, "checkedout"):
        return

    def counted(*_args: Any) -> None:
        POOL_CHECKED_OUT.set(pool.checkedout())

    event.listen(engine, "checkout", counted)
    event.listen(engine, "checkin", counted)


class QueueCollector(Collector):
    """The job queue read at scrape time: `depth` how many jobs wait, `oldest` the age in seconds of the oldest
    work not yet done (None: nothing waits). `depth` None: no queue in this process; a read that raises (a queue
    down) leaves its metric out."""

    def __init__(self, depth: Callable[[], int | None], oldest: Callable[[], float | None]) -> None:
        self.depth, self.oldest = depth, oldest

    def collect(self) -> Iterable[GaugeMetricFamily]:
        try:
            depth = self.depth()
        except Exception:  # noqa: BLE001 - a queue that cannot be read is said by /readyz, not by a failed scrape
            depth = None
        if depth is not None:
            yield GaugeMetricFamily("accord_job_queue_depth", "Jobs waiting in the job queue.", value=depth)
        try:
            oldest = self.oldest()
        except Exception:  # noqa: BLE001 - as above: a database that cannot be read is /readyz's to say
            return
        yield GaugeMetricFamily(
            "accord_job_oldest_age_seconds",
            "Age of the oldest work left for after a request and not done yet (outbox entries, mails due); 0: none.",
            value=oldest or 0.0,
        )


def exposition(*collectors: Collector) -> bytes:
    """Every metric in Prometheus's text format: this process's (or, with several workers, all of theirs, summed),
    then what `collectors` read now."""
    if multiprocess():
        counted = CollectorRegistry()
        MultiProcessCollector(counted)  # type: ignore[no-untyped-call]
    else:
        counted = REGISTRY
    now = CollectorRegistry()
    for collector in collectors:
        now.register(collector)
    return generate_latest(counted) + generate_latest(now)
