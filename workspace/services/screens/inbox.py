"""What the inbox page shows at once: the entries, and each one's process as its reader names it (its title in their
language) with the clock its times are read on (the process's zone, as its thread pages read them)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...store.models import Process
from ..actor import Actor
from ..comments.inbox import inbox
from ..comments.views import InboxView
from ..unit import reads


class InboxProcess(Struct, frozen=True, kw_only=True):
    title: str  # in the reader's language, else the process's source language
    timezone: str


class InboxScreen(Struct, frozen=True, kw_only=True):
    inbox: InboxView
    processes: dict[str, InboxProcess]  # by slug, for each process the entries are of
    latest: int  # the newest entry of the inbox (0: none): its live stream tells of those after it


@reads
def inbox_screen(tx: Session, actor: Actor | None) -> InboxScreen:
    view = inbox(tx, actor)
    slugs = {item.process for item in view.items}
    rows = (
        tx.execute(
            select(Process.slug, Process.titles, Process.source_language, Process.timezone).where(
                Process.slug.in_(slugs)
            )
        ).all()
        if slugs
        else []
    )
    locale = i18n.get_locale()
    return InboxScreen(
        inbox=view,
        processes={
            slug: InboxProcess(title=titles.get(locale) or titles.get(source) or slug, timezone=zone)
            for slug, titles, source, zone in rows
        },
        latest=max((item.id for item in view.items), default=0),
    )
