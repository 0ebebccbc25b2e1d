"""A writer in a shared room over a real WebSocket, as a browser's Yjs with y-websocket is: its own document (pycrdt),
the sync protocol's two steps with the server, its updates sent as it types, and what it hears applied."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from pycrdt import (
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from workspace.domain.rooms import TEXT


class Writer:
    def __init__(
        self,
        url: str,
        slug: str,
        eid: str,
        headers: dict[str, str] | None = None,
        *,
        epoch: str | None = None,
        doc: Doc | None = None,
        query: str = "notes=1",
    ) -> None:
        address = url.replace("http://", "ws://") + f"/api/processes/{slug}/rooms/{eid}?{query}"
        if epoch:
            address += f"&epoch={epoch}"
        self.doc: Doc = doc or Doc()
        self.notes: list[dict[str, Any]] = []
        self.heard_at: list[tuple[float, bytes]] = []  # when each update arrived (the bench's clock)
        self.closed: tuple[int, str] | None = None
        self.lock = threading.Lock()
        self.socket: ClientConnection = connect(address, additional_headers=headers or {}, open_timeout=30, legacy=True)
        with contextlib.suppress(ConnectionClosed):  # refused at once: `closed` says why
            self.socket.send(create_sync_message(self.doc))
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    @property
    def text(self) -> str:
        with self.lock:
            return str(self.doc.get(TEXT, type=Text))

    @property
    def epoch(self) -> str | None:
        return next((n["room"]["epoch"] for n in self.notes if "room" in n), None)

    def _listen(self) -> None:
        try:
            for message in self.socket:
                if isinstance(message, str):
                    self.notes.append(json.loads(message))
                    continue
                if message[0] != YMessageType.SYNC:
                    continue
                with self.lock:
                    reply = handle_sync_message(message[1:], self.doc)
                if message[1] == YSyncMessageType.SYNC_UPDATE:
                    self.heard_at.append((time.monotonic(), message))
                if reply is not None:
                    self.socket.send(reply)
        except ConnectionClosed:
            pass
        self.closed = (self.socket.close_code or 1006, self.socket.close_reason or "")

    def type(self, words: str, at: int | None = None) -> None:
        """Type `words` at character `at` (the end by default), and send it as a browser does, at once."""
        with self.lock:
            text = self.doc.get(TEXT, type=Text)
            now = str(text)
            place = len(now.encode()) if at is None else len(now[:at].encode())
            before = self.doc.get_state()
            text.insert(place, words)
            update = self.doc.get_update(before)
        self.socket.send(create_update_message(update))

    def close(self) -> None:
        self.socket.close()
        self.thread.join(timeout=10)


def until(check: Callable[[], object], timeout: float = 20.0, what: str = "") -> Any:
    """Wait for `check()` to be true (what it returned), failing after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if result := check():
            return result
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s: {what}")
