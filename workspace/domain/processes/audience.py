"""Who may read an activity entry: the audience of each kind of entry, declared once (AUDIENCES), narrowed to the
drafting committee for an entry of the working draft.

The working draft is the committee's desk: what is done on it (its edits, the threads and amendments filed on it,
the translations made of it) is the committee's until a version circulates. A use case that knows it acts on the
draft says so in the entry (`on_draft`, or `committee_only` for the committee's own business); entries recorded
before that marker name the draft as their `version`; an entry that names an item of the draft's series
("amendment:D3") is the committee's too.

The audiences nest, narrowest first (LADDER): the committee reads every entry, a translator the translators' and
everyone's, the others everyone's. So each reader's level has one numbering of the entries it reads, without gaps
that would tell of the others (services/access.record numbers them; services/comments/events streams them). The
activity list, the live events and the authorization matrix all go by this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache

from ..permissions import Action, allows
from ..series import parse_ref
from ..vocabulary import Role

DRAFT = "draft"


class Readers(StrEnum):
    """The audience of an activity entry."""

    COMMITTEE = "committee"  # the drafting committee (and administrators): its desk, its own business
    TRANSLATORS = "translators"  # translators and the committee: the glossary's proposed terms
    PROCESS = "process"  # everyone in the process
    ADMINS = "admins"  # administrators alone: an account's or the server's entry, recorded in no process


LADDER = (Readers.COMMITTEE, Readers.TRANSLATORS, Readers.PROCESS)
"""The audiences of a process's entries, narrowest first: whoever reads one reads those after it."""

READ_BY: dict[Readers, Action] = {
    Readers.COMMITTEE: Action.READ_DRAFT,
    Readers.TRANSLATORS: Action.TRANSLATE,  # as the proposed terms' list (services/translations/proposals.py)
    Readers.PROCESS: Action.READ,
}
"""Each audience: those who may take this action in the process."""

_C, _T, _P, _A = Readers.COMMITTEE, Readers.TRANSLATORS, Readers.PROCESS, Readers.ADMINS

AUDIENCES: dict[str, Readers] = {
    "process.created": _P,
    "process.updated": _P,
    "process.imported": _P,
    "process.exported": _P,
    "process.archived": _P,
    "process.unarchived": _P,
    "process.deleted": _A,  # recorded once the process is gone
    "member.added": _P,  # addresses only to those who may see them (services/processes/views.shown_entry)
    "member.changed": _P,
    "member.removed": _P,
    "member.invited": _P,
    "member.invitation_withdrawn": _P,
    "member.joined": _P,
    "member.delegation": _P,
    "webhook.added": _C,  # an address and the kinds it is told of: the committee's (the instance's: administrators')
    "webhook.removed": _C,
    "account.erased": _C,  # in each process the person was in; the administrators' trail keeps its own
    "account.disabled": _A,
    "account.enabled": _A,
    "user.added": _A,
    "user.password_set": _A,
    "user.password_reset_asked": _A,
    "user.sign_in_link_asked": _A,
    "user.sso_linked": _A,
    "user.sso_created": _A,
    "user.sso_refused": _A,
    "user.admin_by_claim": _A,
    "user.unsubscribed": _A,
    "token.created": _A,
    "token.revoked": _A,
    "delegation.added": _P,
    "delegation.changed": _P,
    "delegation.renamed": _P,
    "delegation.merged": _P,
    "delegation.deleted": _P,
    "word_author.mapped": _C,  # which Word author is whom
    "word_author.forgotten": _C,
    "position.set": _P,  # only while the process's positions are public (then and now): see `hidden_kinds`
    "session.created": _P,
    "session.updated": _P,
    "recommendation.added": _P,
    "recommendation.edited": _P,
    "recommendation.decided": _P,
    "recommendation.linked": _P,
    "recommendation.unlinked": _P,
    "draft.renumbered": _C,
    "paragraph.added": _C,  # the working draft's paragraphs
    "paragraph.edited": _C,
    "paragraph.moved": _C,
    "paragraph.deleted": _C,
    "paragraph.restored": _C,
    "paragraph.status": _C,
    "version.circulated": _P,
    "version.labelled": _P,
    "version.imported": _P,
    "version.deadline": _P,
    "silence.started": _P,
    "silence.objection": _P,
    "amendment.proposed": _P,
    "amendment.edited": _P,
    "amendment.cosponsored": _P,
    "amendment.withdrawn": _P,
    "amendment.decided": _P,
    "amendment.reopened": _P,
    "amendment.refreshed": _P,
    "amendment.rendered": _P,
    "amendment.compromise": _C,  # a compromise text is written into the draft
    "amendments.imported": _P,
    "bracket.marked": _C,  # brackets are marked and resolved in the draft
    "bracket.resolved": _C,
    "submission.filed": _P,
    "meeting.state": _P,  # an informal's for the committee alone (committee_only); services/meetings/records.py
    "meeting.pointer": _P,
    "meeting.light": _P,
    "meeting.floor": _P,
    "meeting.text": _P,
    "meeting.slot": _P,
    "meeting.vote": _P,
    "submissions.window": _P,
    "submission.rendered": _C,  # the committee's rendering, for its compilation
    "submissions.compiled": _C,  # into the draft
    "translation.saved": _P,
    "translation.confirmed": _P,
    "translation.approved": _P,
    "translation.rejected": _P,
    "translation.imported": _P,
    "glossary.updated": _P,
    "glossary.proposed": _T,
    "glossary.term_approved": _T,
    "glossary.term_rejected": _T,
    "publication.published": _P,
    "leftover.kept": _C,  # the gate is the committee's
    "leftover.taken_back": _C,
    "thread.opened": _P,
    "thread.resolved": _P,
    "thread.reopened": _P,
    "comment.added": _P,
    "comment.edited": _P,
    "comment.deleted": _P,
}
"""Who may read an entry of each kind (done on a circulated version, where a kind can be done on either side).
A kind missing here is the committee's (tests/unit/test_activity_words.py fails on one the services record)."""

_SERIES = ("amendment", "thread", "comment")  # the kinds of subject numbered in the draft's series too


def _names_draft_item(subject: str, data: Mapping[str, object]) -> bool:
    kind, _, ref = subject.partition(":")
    named = [ref] if kind in _SERIES else []
    if isinstance(data.get("amendment"), str):  # a position on an amendment
        named.append(str(data["amendment"]))
    return any((found := parse_ref(r, amendment=True)) is not None and found.draft for r in named)


def audience_of(verb: str, subject: str, data: Mapping[str, object]) -> Readers:
    """Who may read the entry `verb` on `subject` with `data`."""
    declared = AUDIENCES.get(verb, Readers.COMMITTEE)
    on_draft = (
        bool(data.get("on_draft") or data.get("committee_only"))
        or data.get("version") == DRAFT
        or _names_draft_item(subject, data)
    )
    return Readers.COMMITTEE if on_draft and declared in LADDER else declared


def level_of(role: Role | None, *, is_admin: bool = False) -> Readers:
    """The narrowest audience a reader of the process reads (and with it every wider one): whose numbering their
    live events go by."""
    return next((a for a in LADDER if allows(role, READ_BY[a], is_admin=is_admin)), Readers.PROCESS)


def reads(level: Readers, audience: Readers) -> bool:
    """Whether a reader of `level` reads an entry for `audience`."""
    return audience in LADDER[LADDER.index(level) :]


@cache
def hidden_kinds(level: Readers, positions_public: bool) -> frozenset[str]:
    """The kinds of entry a reader of `level` does not read now, whatever their entries' numbers: those of a
    narrower audience (entries numbered before their kind was narrowed keep their numbers, never reused), and the
    delegations' positions of a process whose committee made them private since. The committee reads them all."""
    if level is Readers.COMMITTEE:
        return frozenset()
    hidden = {verb for verb, audience in AUDIENCES.items() if not reads(level, audience)}
    if not positions_public:
        hidden.add("position.set")
    return frozenset(hidden)
