"""What people are told by mail, and how often: the kinds of news, the cadences, and which
activity of a process is news of which kind. Pure: the services decide who may read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from ..errors import N_, InvalidInput
from ..inputs import Command, Rule, says


class Cadence(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


class Kind(StrEnum):
    """A kind of news a person chooses a cadence for (`GET/PUT /api/me/notifications`)."""

    VERSION_CIRCULATED = "version_circulated"
    AMENDMENT_DECIDED = "amendment_decided"
    THREAD_REPLY = "thread_reply"
    THREAD_RESOLVED = "thread_resolved"
    MENTION = "mention"
    DEADLINE = "deadline"
    SILENCE = "silence"
    TRANSLATION_RETURNED = "translation_returned"
    TRANSLATION_OUTDATED = "translation_outdated"
    PUBLICATION = "publication"


class InboxKind(StrEnum):
    """What an entry of the inbox tells (`GET /api/inbox?kind=`): on a thread one follows, a reply, its resolution or
    reopening; a mention of one in a comment; a decision on one's amendment; a version circulated; a publication."""

    REPLY = "reply"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    MENTION = "mention"
    DECISION = "decision"
    VERSION = "version"
    PUBLICATION = "publication"


INBOX_KINDS: dict[Kind, InboxKind] = {
    Kind.AMENDMENT_DECIDED: InboxKind.DECISION,
    Kind.VERSION_CIRCULATED: InboxKind.VERSION,
    Kind.PUBLICATION: InboxKind.PUBLICATION,
    Kind.MENTION: InboxKind.MENTION,
}
"""The news the inbox keeps beside its mail, by the kind of entry it makes (replies, resolutions and reopenings are
the threads' own entries)."""


KIND_LABELS: dict[Kind, str] = {
    Kind.VERSION_CIRCULATED: N_("A version of the declaration is circulated"),
    Kind.AMENDMENT_DECIDED: N_("A decision on an amendment I proposed or co-sponsored"),
    Kind.THREAD_REPLY: N_("Replies on threads I follow"),
    Kind.THREAD_RESOLVED: N_("Threads I follow are resolved or reopened"),
    Kind.MENTION: N_("Someone mentions me in a comment"),
    Kind.DEADLINE: N_("An amendment deadline is 24 hours away"),
    Kind.SILENCE: N_("A silence procedure opens, is broken or ends"),
    Kind.TRANSLATION_RETURNED: N_("A translation of mine is sent back"),
    Kind.TRANSLATION_OUTDATED: N_("Translations in my languages are outdated by a change of the source"),
    Kind.PUBLICATION: N_("The declaration is published"),
}

DEFAULTS: dict[Kind, Cadence] = dict.fromkeys(Kind, Cadence.IMMEDIATE) | {
    Kind.THREAD_RESOLVED: Cadence.DAILY,
    Kind.TRANSLATION_OUTDATED: Cadence.DAILY,
}
"""What a person gets before choosing: time-bound news at once, the rest once a day."""

VERB_KINDS: dict[str, Kind] = {
    "version.circulated": Kind.VERSION_CIRCULATED,
    "amendment.decided": Kind.AMENDMENT_DECIDED,
    "comment.added": Kind.THREAD_REPLY,
    "thread.opened": Kind.MENTION,  # only the people its first comment @mentions
    "thread.resolved": Kind.THREAD_RESOLVED,
    "thread.reopened": Kind.THREAD_RESOLVED,
    "silence.started": Kind.SILENCE,
    "silence.objection": Kind.SILENCE,
    "translation.rejected": Kind.TRANSLATION_RETURNED,
    "publication.published": Kind.PUBLICATION,
}
"""The activity that is news: its row goes to the outbox in the same transaction. Mentions come with
a comment (or a thread's first one), outdated translations with a circulation, deadlines and silence endings with
time."""

REMINDER_HOURS = 24
"""How long before an amendment deadline its reminder goes."""


def parse_cadences(kinds: Mapping[str, str]) -> dict[Kind, Cadence]:
    """`{"<kind>": "immediate|daily|weekly|off"}` as a person sends it: unknown kinds and cadences are refused by
    name, never ignored."""
    chosen: dict[Kind, Cadence] = {}
    for key, value in kinds.items():
        try:
            kind = Kind(key)
        except ValueError:
            raise InvalidInput(
                N_("“{kind}” is not a kind of news Accord sends."), kind=str(key)[:60], detail={"field": "kinds"}
            ) from None
        try:
            chosen[kind] = Cadence(value)
        except ValueError:
            raise InvalidInput(
                N_("“{value}” is not a choice: immediate, daily, weekly or off."),
                value=str(value)[:60],
                detail={"field": f"kinds.{key}"},
            ) from None
    return chosen


@dataclass(frozen=True)
class Cadences(Rule):
    """Each kind of news named with its cadence (parse_cadences): kept as {Kind: Cadence}."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_cadences(value)


class ChooseNews(Command, frozen=True):
    """`{"kinds": {"version_circulated": "immediate", "thread_reply": "daily", …}}`: the kinds named change."""

    kinds: Annotated[
        dict[str, str],
        says(
            property_names={"type": "string", "enum": [k.value for k in Kind]},
            additional_properties={"type": "string", "enum": [c.value for c in Cadence]},
        ),
        Cadences(),
    ]


def daily_period(day: str) -> str:
    return f"day:{day}"


def weekly_period(year: int, week: int) -> str:
    return f"week:{year}-W{week:02d}"
