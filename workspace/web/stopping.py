"""Event streams ended as soon as the server is asked to stop, so that a stop (a restart, a deployment) waits only for
the requests under way: uvicorn waits for every open connection, and a browser holds its event streams open for
minutes, so each stop waited for ACCORD_SHUTDOWN_SECONDS and cut them then. Ended cleanly instead, each stream's
browser reconnects a second later (`retry`) from its last event, to the server that takes over: nothing is missed.

uvicorn hears SIGTERM and SIGINT with handlers of its own, set before the app starts; the app's startup chains one
of its own before each (the main thread only: a test client runs the app's loop in another thread, without signals)."""

from __future__ import annotations

import asyncio
import signal
import threading
from types import FrameType

from litestar import Litestar

STOPPING = "stopping"  # app.state: set once a stop was asked (the inbox's streams look at it when woken)
INBOX_WAKERS = "inbox_wakers"  # app.state: the wake-up of each open inbox stream


def watch(app: Litestar) -> None:
    """On the app's startup: at SIGTERM or SIGINT, end every event stream, then stop as uvicorn does."""
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        theirs = signal.getsignal(number)
        if not callable(theirs):
            continue  # no server's handler to chain: the default ends the process anyway

        def heard(sig: int, frame: FrameType | None, theirs=theirs) -> None:  # type: ignore[no-untyped-def]
            loop.call_soon_threadsafe(end_streams, app)
            theirs(sig, frame)

        signal.signal(number, heard)


def end_streams(app: Litestar) -> None:
    """End every event stream of this worker: a process's, a meeting's, an inbox's."""
    app.state[STOPPING] = True
    for fanout in list(app.state.get("fanouts", {}).values()):
        for reader in list(fanout.readers):
            reader.end()
    for meeting in list(app.state.get("meeting_fanouts", {}).values()):
        for follower in list(meeting.followers):
            follower.end()
    for woken in list(app.state.get(INBOX_WAKERS, ())):
        woken.set()
