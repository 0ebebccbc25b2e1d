"""What a live page says when its process's events change what it shows ("Updated live: 1 new thread, 2 new
replies."), in the page's language: each kind of change in its two forms, `{n}` where static/accord/live.js puts the
number (it takes the form `Intl.PluralRules` names "one" for the singular, as gettext does in es, en and fr)."""

from __future__ import annotations

from ..domain.errors import NN_, Plural
from ..i18n import gettext as _
from ..i18n import ngettext

N = "{n}"


def _forms(message: Plural) -> list[str]:
    return [ngettext(str(message), message.plural, n, num=N) for n in (1, 2)]


def live_words() -> dict[str, object]:
    """The words of a live page's status, by the verb of the event they count (`other`: any other change)."""
    return {
        "said": _("Updated live: %(changes)s.", changes="{changes}"),
        "changed": _("The text changed since this page was opened."),
        "show": _("Show the text as it stands"),
        "gone": _("No longer open: decided or withdrawn meanwhile."),
        "thread.opened": _forms(NN_("%(num)s new thread", "%(num)s new threads", "num")),
        "comment.added": _forms(NN_("%(num)s new reply", "%(num)s new replies", "num")),
        "thread.resolved": _forms(NN_("%(num)s thread resolved", "%(num)s threads resolved", "num")),
        "thread.reopened": _forms(NN_("%(num)s thread reopened", "%(num)s threads reopened", "num")),
        "amendment.proposed": _forms(NN_("%(num)s new amendment", "%(num)s new amendments", "num")),
        "amendment.decided": _forms(NN_("%(num)s decision on an amendment", "%(num)s decisions on amendments", "num")),
        "amendment.withdrawn": _forms(NN_("%(num)s amendment withdrawn", "%(num)s amendments withdrawn", "num")),
        # The inbox's own stream (live_inbox.py): an entry written there.
        "inbox.news": _forms(NN_("%(num)s new item in your inbox", "%(num)s new items in your inbox", "num")),
        "other": _forms(NN_("%(num)s other change", "%(num)s other changes", "num")),
    }
