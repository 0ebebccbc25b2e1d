"""The machine drafts of what was typed in the room, made by the outbox (never inside the typist's request: an
engine takes a second a paragraph) and told to the room as a `meeting.text` event. A draft made from words the room
has since replaced is still kept with them (the screen shows only the latest words' drafts)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from ...store.db import Store, transaction
from ...store.models import Delegation, Meeting, MeetingText, Process
from ..translations.machine import Engine, offered
from .records import InRoom
from .texts import languages
from .typed import told_text, typed_view

log = logging.getLogger("accord.meetings")


def _drafts(engine: Engine | None, text: str, source: str, targets: list[str]) -> dict[str, dict[str, Any]]:
    made: dict[str, dict[str, Any]] = {}
    for lang in targets:
        if engine is None or not offered(engine, source, lang):
            made[lang] = {"state": "none"}
            continue
        try:
            made[lang] = {"state": "done", "text": engine.translate(text, source, lang), "engine": engine.name}
        except Exception as exc:  # noqa: BLE001 (any engine's failure is said on the screen; the text stands)
            log.warning("machine draft into %s failed: %s", lang, exc)
            made[lang] = {"state": "failed", "engine": engine.name}
    return made


def machine_job(store: Store, data: dict[str, Any], engine: Engine | None) -> None:
    """Make the machine drafts of the typed text `data["text"]` and tell the room."""
    with transaction(store, write=False) as tx:
        row = tx.get(MeetingText, data["text"])
        if row is None:
            return
        process = tx.scalar(
            select(Process).join(Meeting, Meeting.process_id == Process.id).where(Meeting.id == row.meeting_id)
        )
        assert process is not None
        text, source, targets = row.after, process.source_language, languages(process)[1:]
    made = _drafts(engine, text, source, targets)
    with transaction(store) as tx:
        row = tx.get(MeetingText, data["text"])
        if row is None:
            return
        meeting = tx.scalar(select(Meeting).where(Meeting.id == row.meeting_id).with_for_update())
        process = tx.get(Process, meeting.process_id) if meeting is not None else None
        if meeting is None or process is None:
            return
        row.machine = made
        room = InRoom(process, meeting, None, None, None, False)
        code = tx.scalar(select(Delegation.code).where(Delegation.id == row.delegation_id)) or ""
        told_text(room, tx, row, typed_view(tx, room, row, code))
