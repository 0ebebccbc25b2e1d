"""The worker inside a web server process (`accord serve` with nothing else configured): Huey's
consumer threads, started and stopped with the app."""

from __future__ import annotations

from huey.consumer import Consumer


class InProcessConsumer(Consumer):
    """A consumer that leaves the process's signals to the web server (Huey's own would take SIGINT
    and SIGTERM from uvicorn, which then could not stop)."""

    def _set_signal_handlers(self) -> None:
        pass
