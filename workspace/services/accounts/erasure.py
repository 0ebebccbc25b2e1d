"""An administrator erases a person's account (issue 36): their name and address go, with every way in and everything
addressed to them; what they contributed stays, attributed to "a former member" (or to the delegation it was made for).

The account's row stays, so that the comments, amendments, positions, submissions, translations and activity that
point to it still hold: its name is emptied (the store reads an empty name as "a former member", in the reader's
language, wherever names are read: domain.people, store.types.PersonName), its address becomes `erased:<id>` (no
address: nothing can be sent to it, nobody can sign in with it or find it by the old one), and its password, OpenID
subject, language, administrator's right and latest sign-in are cleared; it is disabled.

Removed: its browser sessions, personal API tokens, links by mail (password resets, sign-ins), paced actions, thread
subscriptions, notification choices, inbox (notifications), mails (queued items, composed or sent messages to it, the
outbox's mails still to compose for it, and the copies the mail transport kept of its messages: a mail folder's `.eml`
files, removed by the worker after the commit, as the rows are), invitations to its address, failed sign-ins under
it — and its memberships: a membership is a right to act in a process, not a contribution; what was done for a
delegation names the delegation on the contribution itself (threads, amendments, positions, submissions), so nothing
shown depends on it, and a member list of "a former member" rows would only mislead (counts, roles). A process
whose only committee member the person is must name another first (409), as removing that member would be refused.

Scrubbed: the activity entries and outbox mails that carry the old address or name as a value (an invitation to it,
"member.added" …) lose it, and their salt with it: the record's chain still holds, their digests can no longer be
opened (domain.processes.record_chain); the mails waiting for others that name the person as who did something name
"a former member", those already composed and not yet sent included. What other people wrote (a comment that names
them) is theirs and stays as written.

Recorded as "account.erased": once for the server (subject `user:<id>`, nothing personal in it), and once in each
process the person was in or acted in (for its committee's eyes), which also ends whatever those processes' pages
kept with the old name (services.kept). One transaction: all of it or nothing. Erasing again: 404, as for any address
without an account (the old address names nothing any more)."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import escape
from sqlalchemy import Text, cast, delete, or_, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, NotFound
from ...domain.people import FORMER_MEMBER
from ...domain.values import parse_email
from ...domain.vocabulary import Role
from ...i18n import gettext, locale_scope
from ...store.models import (
    Activity,
    ApiToken,
    Follower,
    Invitation,
    MailItem,
    MailMessage,
    Membership,
    Notification,
    NotificationSetting,
    Outbox,
    PacedAction,
    PasswordReset,
    Process,
    SignIn,
    SignInFailure,
    User,
)
from ...store.types import utcnow
from ..access import record
from ..actor import Actor
from ..outbox_entries import add_forgetting
from ..unit import use_case
from .users import admin_or_system

PLACEHOLDER = "erased:{id}"  # not an address: no mail can reach it, no sign-in or search by address finds it
OWN = (
    SignIn.user_id,
    ApiToken.user_id,
    PasswordReset.user_id,
    PacedAction.user_id,
    Follower.user_id,
    NotificationSetting.user_id,
    Notification.user_id,
    MailItem.user_id,
    Membership.user_id,
)
"""The rows that are the person's own and no contribution (by the column naming them): removed with the account."""


def _without(value: Any, gone: set[str]) -> Any:
    """`value` (an entry's data) with the values in `gone` (the old address and name, lower case) as None."""
    if isinstance(value, str):
        return None if value.strip().lower() in gone else value
    if isinstance(value, dict):
        return {k: _without(v, gone) for k, v in value.items()}
    if isinstance(value, list):
        return [_without(v, gone) for v in value]
    return value


def _keep_committees(tx: Session, user: User, memberships: list[Membership]) -> None:
    """Refused where the person is the only committee member of a process: nobody could manage it after."""
    for m in memberships:
        if m.role != Role.COMMITTEE:
            continue
        # Two erasures at once of a process's two committee members: the second waits, then counts one.
        tx.execute(select(Process.id).where(Process.id == m.process_id).with_for_update(key_share=True))
        others = tx.scalar(
            select(Membership.id)
            .where(Membership.process_id == m.process_id, Membership.role == Role.COMMITTEE, Membership.id != m.id)
            .limit(1)
        )
        if others is None:
            slug = tx.scalar(select(Process.slug).where(Process.id == m.process_id))
            raise Conflict(
                N_(
                    "{email} is the only committee member of “{slug}”: make someone else a committee member there "
                    "first, then erase the account."
                ),
                email=user.email,
                slug=slug,
            )


def _mails(tx: Session, user: User, old: str) -> None:
    """Everything addressed to the person goes; the outbox's mails to compose for them too; those that name them as
    the inviter, and the news waiting for others that names them as who acted, name "a former member"."""
    name = str(user.name)
    for entry in tx.scalars(select(Outbox).where(Outbox.kind == "mail")):
        data = entry.data or {}
        if data.get("user_id") == user.id or str(data.get("email", "")).lower() == old:
            tx.delete(entry)
        elif data.get("inviter") == name:
            entry.data = {**data, "inviter": FORMER_MEMBER}
    tx.flush()  # first: a worker composing one of these mails (its entry locked) finishes before the mails go
    theirs_to = or_(MailMessage.user_id == user.id, MailMessage.recipient == old)
    add_forgetting(tx, list(tx.scalars(select(MailMessage.message_id).where(theirs_to))))
    tx.execute(delete(MailMessage).where(theirs_to))
    theirs = select(Activity.id).where(Activity.actor_id == user.id)
    for item in tx.scalars(select(MailItem).where(MailItem.activity_id.in_(theirs))):
        if (item.data or {}).get("actor") == name:
            item.data = {**item.data, "actor": FORMER_MEMBER}
    _unnamed_in_composed(tx, name, select(MailItem.mail_id).where(MailItem.activity_id.in_(theirs)))


def _unnamed_in_composed(tx: Session, name: str, mail_ids: Any) -> None:
    """The news of what the person did already composed for others and not sent yet (a mail server down, a retry
    waiting) names "a former member" in each mail's own language: the name as a whole word, in its subject, its text
    and its HTML (escaped there). What was sent is the recipients' own."""
    if not name.strip():
        return
    words = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    # As the mail's template wrote it (Jinja escapes with markupsafe: O'Brien as O&#39;Brien).
    escaped = re.compile(rf"(?<!\w){re.escape(str(escape(name)))}(?!\w)")
    pending = select(MailMessage).where(MailMessage.id.in_(mail_ids), MailMessage.state == "pending")
    for mail in tx.scalars(pending):
        with locale_scope(mail.locale):
            former = gettext(FORMER_MEMBER)
        mail.subject = words.sub(former, mail.subject)
        mail.text = words.sub(former, mail.text)
        if mail.html:
            mail.html = escaped.sub(str(escape(former)), mail.html)


def _trail(tx: Session, user: User, old: str) -> None:
    """The activity entries that carry the old address or name as a value lose it; an invitation's entry names the
    account (`user:<id>`) instead of the address."""
    invited = f"invitation:{old}"
    gone = {old, str(user.name).strip().lower()}
    rows = tx.scalars(
        select(Activity).where(
            or_(
                Activity.subject.in_((f"user:{user.id}", invited)),
                Activity.actor_id == user.id,
                cast(Activity.data, Text).contains(old, autoescape=True),
                # As JSON text writes it where it escapes letters beyond ASCII (josé@… as jos\u00e9@…).
                cast(Activity.data, Text).contains(json.dumps(old)[1:-1], autoescape=True),
            )
        )
    )
    for row in rows:
        data = _without(row.data, gone)
        if data != row.data:
            row.data = data
            row.salt = None  # its digest stays in the record's chain, and can no longer be opened (record_chain)
        if row.subject == invited:
            row.subject = f"user:{user.id}"
            row.salt = None


@use_case
def erase_account(tx: Session, actor: Actor | None, email: str) -> None:
    """An administrator erases the account of `email` (see the module); 404 for an address without an account (or
    already erased), 409 for their own or where the person is a process's only committee member."""
    admin_or_system(actor)
    old = parse_email(email)  # 422 for what is no address (a control character would reach the database)
    query = select(User).where(User.email == old, User.erased_at.is_(None))
    if tx.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()  # a second erasure waits, then finds no such address: 404
    user = tx.scalar(query)
    if user is None:
        raise NotFound(N_("No account for “{email}”."), email=email)
    if actor is not None and user.id == actor.id:
        raise Conflict(N_("You cannot erase your own account."))
    memberships = list(tx.scalars(select(Membership).where(Membership.user_id == user.id)))
    _keep_committees(tx, user, memberships)
    acted_in = select(Activity.process_id).where(Activity.actor_id == user.id, Activity.process_id.is_not(None))
    touched = list(
        tx.scalars(
            select(Process)
            .where(or_(Process.id.in_({m.process_id for m in memberships}), Process.id.in_(acted_in)))
            .order_by(Process.id)
        )
    )
    _trail(tx, user, old)
    _mails(tx, user, old)
    for column in OWN:
        tx.execute(delete(column.class_).where(column == user.id))
    tx.execute(delete(Invitation).where(or_(Invitation.email == old, Invitation.accepted_by_id == user.id)))
    tx.execute(delete(SignInFailure).where(SignInFailure.email == old))
    now = utcnow()
    user.email, user.name = PLACEHOLDER.format(id=user.id), ""
    user.password_hash = user.oidc_subject = user.locale = user.browser_locale = None
    user.last_sign_in_at = user.last_sign_in_via = None
    user.is_admin = False
    user.disabled_at = user.disabled_at or now
    user.erased_at = now
    tx.flush()
    for process in touched:
        record(tx, actor, "account.erased", f"user:{user.id}", process, committee_only=True)
    record(tx, actor, "account.erased", f"user:{user.id}", processes=len(touched))
