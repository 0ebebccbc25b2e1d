"""The header's Inbox link with the reader's unread count: "Inbox (2)", named "Inbox, 2 unread" for a screen reader.
Made here for every page (base.html) and for a live stream telling its reader that the count changed (live.py)."""

from __future__ import annotations

from markupsafe import Markup

from .. import i18n
from ..i18n import gettext as _
from ..i18n import ngettext


def inbox_words(unread: int | None) -> tuple[str, str]:
    """The link's text and its accessible name ("" when the text says it all: nothing unread, or not known)."""
    if not unread:
        return _("Inbox"), ""
    count = i18n.format_number(unread)
    return (
        _("Inbox (%(num)s)", num=count),
        ngettext("Inbox, %(num)s unread", "Inbox, %(num)s unread", unread, num=count),
    )


def inbox_link(unread: int | None) -> Markup:
    text, label = inbox_words(unread)
    named = Markup(' aria-label="%s"') % label if label else Markup("")
    return Markup('<a href="/inbox" data-inbox%s>%s</a>') % (named, text)
