"""News that stays in the inbox, beside its mail: a decision on one's amendment, a version circulated, a publication,
a mention in a comment (issue 67: they came by mail alone). Written in the transaction of the action (access.record
calls it as it records the entry, so it reads the store alone, below every feature), for exactly the people its mail
is for (news.py: who may read it, never who did it), whatever cadence they chose for their mails. Replies,
resolutions and reopenings are the threads' own (services/comments/threads.py `_notify`).

What only the drafting committee reads (an amendment or a thread of the working draft: the entry's audience,
domain.processes.audience) is marked so: the inbox shows it only while its reader is of the committee."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..domain.notifications.news import INBOX_KINDS
from ..domain.processes.audience import Readers, audience_of
from ..domain.series import parse_number
from ..store.models import Activity, Comment, Notification
from ..store.types import utcnow
from .news import MENTION, News, news_of

INBOX_VERBS = frozenset(
    {"amendment.decided", "version.circulated", "publication.published", "comment.added", "thread.opened"}
)
"""The activity that may be such news (a comment: only when it mentions someone)."""

_COMMENTED = frozenset({"comment.added", "thread.opened"})


def tell_inbox(tx: Session, activity: Activity) -> None:
    """The inbox entries of `activity`, in its transaction (nothing for an activity that is no such news)."""
    if activity.verb not in INBOX_VERBS or activity.process_id is None:
        return
    comment = _comment(tx, activity) if activity.verb in _COMMENTED else None
    if activity.verb in _COMMENTED and (comment is None or not MENTION.search(comment.body)):
        return  # most comments mention nobody: not worth reading who may read the thread
    found = [n for n in news_of(tx, activity) if n.kind in INBOX_KINDS]
    if comment is not None:  # a follower mentioned: their entry of the reply says so, not a second one
        found = [n for n in found if not _said_in_reply(tx, n.user.id, comment.id)]
    if found:
        tx.flush()  # the entry's id
        tx.execute(insert(Notification), [_entry(activity, news, comment) for news in found])


def _entry(activity: Activity, news: News, comment: Comment | None) -> dict[str, Any]:
    """The inbox's row of one piece of news: of a comment (a mention), or of the entry itself."""
    return {
        "user_id": news.user.id,
        "process_id": activity.process_id,
        "thread_id": news.thread,
        "comment_id": comment.id if comment is not None else None,
        "activity_id": None if comment is not None else activity.id,
        "kind": INBOX_KINDS[news.kind].value,
        "actor_id": activity.actor_id,
        "created_at": activity.created_at or utcnow(),
        "committee_only": audience_of(activity.verb, activity.subject, activity.data) == Readers.COMMITTEE,
    }


def _comment(tx: Session, activity: Activity) -> Comment | None:
    """The comment an entry of a thread tells of (a reply, or a thread's first comment)."""
    numbered = parse_number(activity.subject.split(":", 1)[-1])
    number = activity.data.get("comment")
    if numbered is None or not number:
        return None
    return tx.scalar(
        select(Comment).where(
            Comment.process_id == activity.process_id,
            Comment.on_draft.is_(numbered.draft),
            Comment.number == number,
        )
    )


def _said_in_reply(tx: Session, user_id: int, comment_id: int) -> bool:
    """The reply's entry of a follower who is mentioned in it, made a mention (True), if there is one."""
    changed = tx.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.comment_id == comment_id, Notification.kind == "reply")
        .values(kind="mention")
    )
    return bool(getattr(changed, "rowcount", 0))
