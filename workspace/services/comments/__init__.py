"""Comment threads anchored to phrases, the inbox, and the live events of a process."""

from .events import events_after, events_for, live_from, stream_of
from .inbox import inbox, inbox_since, inbox_watch, mark_read
from .threads import (
    add_comment,
    delete_comment,
    edit_comment,
    follow,
    get_thread,
    list_threads,
    open_counts,
    open_thread,
    reopen,
    resolve,
)

__all__ = [
    "add_comment",
    "delete_comment",
    "edit_comment",
    "events_after",
    "events_for",
    "follow",
    "get_thread",
    "inbox",
    "inbox_since",
    "inbox_watch",
    "list_threads",
    "live_from",
    "mark_read",
    "open_counts",
    "open_thread",
    "reopen",
    "resolve",
    "stream_of",
]
