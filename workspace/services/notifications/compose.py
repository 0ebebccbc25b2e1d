"""Mails composed in their reader's language: the news of a process (one piece, or a digest), an
invitation, a password reset. Dates in the reader's language and the process's time zone; every
link absolute on the public URL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...domain.errors import N_
from ...domain.labels import DECISIONS, ROLES
from ...domain.notifications.news import Cadence, Kind
from ...domain.people import FORMER_MEMBER
from ...domain.series import link_ref
from ...domain.vocabulary import LANGUAGES
from ...i18n import format_date, format_time, get_locale, gettext, language_name, locale_scope, ngettext
from ...mail import new_message_id, thread_message_id
from ...renderers.mail import Letter, Line, html, plain
from ...store.models import MailItem, MailMessage, Process, User
from .outward import Outward


def locale_of(user: User | None, process: Process | None = None, fallback: str = "en") -> str:
    """The person's language, else the process's source language, else `fallback`."""
    for choice in (user.locale if user else None, process.source_language if process else None, fallback):
        if choice in LANGUAGES:
            return choice
    return "en"


def moment(value: datetime | str, timezone: str) -> str:
    """`7 de diciembre de 2026, 13:45 (Europe/Istanbul)`: the day, the time, and whose clock."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{format_date(when, timezone)}, {format_time(when, timezone)} ({timezone})"


def title_of(process: Process, locale: str) -> str:
    return str(process.titles.get(locale) or process.titles.get(process.source_language) or process.slug)


def _paragraph(data: dict[str, Any]) -> str:
    """The paragraph as the reader names it (its printed reference in their language), else its eId."""
    refs = data.get("refs")
    named = refs.get(get_locale()) if isinstance(refs, dict) else None
    return str(named or data.get("eid", ""))


def _line(out: Outward, process: Process, kind: str, data: dict[str, Any], actor: str) -> Line:
    slug = process.slug
    if kind == Kind.VERSION_CIRCULATED:
        return Line(
            gettext("%(actor)s circulated %(label)s.", actor=actor, label=data.get("label", "")),
            out.url(f"/p/{slug}/declaration/versions/{data.get('number', '')}"),
        )
    if kind == Kind.AMENDMENT_DECIDED:
        decision = gettext(DECISIONS.get(str(data.get("decision")), str(data.get("decision", ""))))
        text = (
            gettext(
                "Amendment %(amendment)s on %(eid)s: %(decision)s.",
                amendment=_amendment(data),
                eid=_paragraph(data),
                decision=decision,
            )
            if data.get("eid")
            else gettext("Amendment %(amendment)s: %(decision)s.", amendment=_amendment(data), decision=decision)
        )
        return Line(
            text,
            out.url(f"/p/{slug}/amendments/{link_ref(_amendment(data))}"),
        )
    if kind in (Kind.THREAD_REPLY, Kind.MENTION):
        text = (
            gettext(
                "%(actor)s mentioned you in thread %(number)s on %(eid)s.",
                actor=actor,
                number=data.get("number"),
                eid=_paragraph(data),
            )
            if kind == Kind.MENTION
            else gettext(
                "%(actor)s replied in thread %(number)s on %(eid)s.",
                actor=actor,
                number=data.get("number"),
                eid=_paragraph(data),
            )
        )
        return Line(text, out.url(f"/p/{slug}/threads/{data.get('number')}"), str(data.get("excerpt", "")))
    if kind == Kind.THREAD_RESOLVED:
        return Line(
            gettext(
                "%(actor)s resolved or reopened thread %(number)s on %(eid)s.",
                actor=actor,
                number=data.get("number"),
                eid=_paragraph(data),
            ),
            out.url(f"/p/{slug}/threads/{data.get('number')}"),
        )
    if kind == Kind.DEADLINE:
        return Line(
            gettext(
                "Amendments to %(label)s close on %(deadline)s.",
                label=data.get("label", ""),
                deadline=moment(str(data["deadline"]), process.timezone),
            ),
            out.url(f"/p/{slug}/amendments"),
        )
    if kind == Kind.SILENCE:
        event = data.get("event")
        if event == "broken":
            text = gettext("%(actor)s broke the silence procedure with an objection.", actor=actor)
        elif event == "ended":
            text = gettext("The silence procedure ended without objection: the text is adopted.")
        else:
            text = gettext(
                "A silence procedure is open until %(deadline)s: object in writing before then, or the "
                "text is adopted.",
                deadline=moment(str(data.get("deadline", "")), process.timezone),
            )
        return Line(text, out.url(f"/p/{slug}/amendments"))
    if kind == Kind.TRANSLATION_RETURNED:
        return Line(
            gettext(
                "%(actor)s sent your translation of %(eid)s (%(language)s) back.",
                actor=actor,
                eid=_paragraph(data) or str(data.get("subject", "")),
                language=language_name(str(data.get("language", ""))),
            ),
            out.url(f"/p/{slug}/translations/{data.get('language')}/{data.get('eid', '')}"),
        )
    if kind == Kind.TRANSLATION_OUTDATED:
        changed = int(data.get("changed", 0))
        languages = [str(code) for code in data.get("languages", [])]
        return Line(
            ngettext(
                "%(label)s changed %(num)d paragraph of the source: its translations are outdated.",
                "%(label)s changed %(num)d paragraphs of the source: their translations are outdated.",
                changed,
                label=data.get("label", ""),
            ),
            out.url(f"/p/{slug}/translations/{languages[0]}" if languages else f"/p/{slug}/translations"),
        )
    if kind == Kind.PUBLICATION:
        return Line(
            gettext(
                "%(symbol)s is published (%(label)s).", symbol=data.get("symbol", ""), label=data.get("version", "")
            ),
            out.url(f"/p/{slug}/publications"),
        )
    return Line(kind)


def _amendment(data: dict[str, Any]) -> str:
    """The amendment a piece of news speaks of, as people name it: its number 7 is "A7"; "D3" stays."""
    number = str(data.get("number", ""))
    return f"A{number}" if number.isdecimal() else number


SUBJECTS = {
    Kind.VERSION_CIRCULATED: N_("%(label)s circulated"),
    Kind.AMENDMENT_DECIDED: N_("Amendment %(amendment)s decided"),
    Kind.THREAD_REPLY: N_("Thread %(number)s: a reply"),
    Kind.MENTION: N_("Thread %(number)s: you are mentioned"),
    Kind.THREAD_RESOLVED: N_("Thread %(number)s resolved or reopened"),
    Kind.DEADLINE: N_("Amendments to %(label)s close in 24 hours"),
    Kind.SILENCE: N_("Silence procedure"),
    Kind.TRANSLATION_RETURNED: N_("A translation sent back"),
    Kind.TRANSLATION_OUTDATED: N_("Translations outdated by %(label)s"),
    Kind.PUBLICATION: N_("%(symbol)s is published"),
}


BATCH_LINES = 30
"""A batch of a thread's news shows this many; the rest are read in the thread (a flood's batch stays a mail)."""


def _batch_lines(out: Outward, process: Process, items: list[tuple[MailItem, str]]) -> tuple[Line, ...]:
    shown = [_line(out, process, item.kind, item.data, actor) for item, actor in items[:BATCH_LINES]]
    if len(items) > BATCH_LINES:
        more = len(items) - BATCH_LINES
        shown.append(
            Line(
                ngettext("… and %(num)d more in the thread.", "… and %(num)d more in the thread.", more),
                out.url(f"/p/{process.slug}/threads/{items[0][0].data.get('number')}"),
            )
        )
    return tuple(shown)


def news_mail(
    out: Outward,
    user: User,
    process: Process,
    items: list[tuple[MailItem, str]],
    cadence: Cadence,
    *,
    batched: bool = False,
) -> MailMessage:
    """One mail to `user` of `items` (each with its actor's name): a single piece of news, a digest, or
    (`batched`) the news of one thread that waited a few minutes, in that thread's mail thread."""
    locale = locale_of(user, process)
    with locale_scope(locale):
        items = [(item, _named(actor)) for item, actor in items]
        title = title_of(process, locale)
        lines = (
            _batch_lines(out, process, items)
            if batched
            else tuple(_line(out, process, item.kind, item.data, actor) for item, actor in items)
        )
        first = items[0][0]
        if batched:
            number = first.data.get("number", "")
            subject = f"[{title}] " + ngettext(
                "Thread %(number)s: %(num)d update", "Thread %(number)s: %(num)d updates", len(items), number=number
            )
            intro = ngettext(
                "%(num)d update in thread %(number)s since the last email:",
                "%(num)d updates in thread %(number)s since the last email:",
                len(items),
                number=number,
            )
        elif cadence == Cadence.IMMEDIATE:
            params = {
                "label": first.data.get("label", ""),
                "number": first.data.get("number", ""),
                "symbol": first.data.get("symbol", ""),
                "amendment": _amendment(first.data),
            }
            subject = f"[{title}] " + gettext(SUBJECTS[Kind(first.kind)], **params)
            intro = gettext("News from %(process)s:", process=title)
        else:
            subject = f"[{title}] " + (
                gettext("Your daily digest") if cadence == Cadence.DAILY else gettext("Your weekly digest")
            )
            intro = ngettext(
                "%(num)d piece of news from %(process)s since the last digest:",
                "%(num)d pieces of news from %(process)s since the last digest:",
                len(items),
                process=title,
            )
        kind = first.kind if cadence == Cadence.IMMEDIATE else "all"
        unsubscribe = out.url(f"/unsubscribe/{out.unsubscribe_token(user.id, kind)}")
        letter = Letter(
            subject=subject,
            greeting=gettext("Hello %(name)s,", name=user.name),
            intro=intro,
            lines=lines,
            footer=gettext("You receive this email as a participant of %(process)s in Accord.", process=title),
            settings_url=out.url("/account/notifications"),
            settings_label=gettext("Choose which emails you receive"),
            unsubscribe_url=unsubscribe,
            unsubscribe_label=(
                gettext("Stop these emails") if cadence == Cadence.IMMEDIATE else gettext("Stop all emails")
            ),
            lang=locale,
        )
    thread = first.data.get("number") if first.kind in (Kind.THREAD_REPLY, Kind.MENTION, Kind.THREAD_RESOLVED) else None
    root = (
        thread_message_id(f"{process.slug}.thread-{thread}", out.domain)
        if cadence == Cadence.IMMEDIATE and thread
        else None
    )
    return MailMessage(
        user_id=user.id,
        process_id=process.id,
        kind=first.kind if cadence == Cadence.IMMEDIATE else f"digest.{cadence}",
        recipient=user.email,
        locale=locale,
        subject=subject,
        text=plain(letter),
        html=html(letter),
        message_id=new_message_id(first.kind.replace("_", "-"), out.domain),
        in_reply_to=root,
        unsubscribe_url=unsubscribe,
    )


def _named(actor: str) -> str:
    """Who acted, as the mail's reader reads it: a person whose account was erased is "a former member" in the mail's
    language (services.accounts.erasure leaves the message id where their name was)."""
    return gettext(FORMER_MEMBER) if actor == FORMER_MEMBER else actor


def invitation_mail(
    out: Outward, email: str, inviter: str, process: Process, role: str, link: str, expires: datetime, locale: str
) -> MailMessage:
    with locale_scope(locale):
        title = title_of(process, locale)
        subject = gettext("Invitation to %(process)s", process=title)
        letter = Letter(
            subject=subject,
            greeting=gettext("Hello,"),
            intro=gettext(
                "%(inviter)s invites you to take part in %(process)s in Accord, as %(role)s.",
                inviter=_named(inviter),
                process=title,
                role=gettext(ROLES.get(role, role)).lower(),
            ),
            lines=(
                Line(
                    gettext(
                        "Accept the invitation (the link works once, until %(expires)s)",
                        expires=moment(expires, process.timezone),
                    ),
                    out.url(link),
                ),
            ),
            footer=gettext("If you do not expect this invitation, you can ignore this email."),
            lang=locale,
        )
    return MailMessage(
        process_id=process.id,
        kind="invitation",
        recipient=email,
        locale=locale,
        subject=subject,
        text=plain(letter),
        html=html(letter),
        message_id=new_message_id("invitation", out.domain),
    )


def reset_mail(out: Outward, user: User, link: str, locale: str) -> MailMessage:
    with locale_scope(locale):
        return _account_link_mail(
            out,
            user,
            locale,
            "password_reset",
            subject=gettext("Choose a new password for Accord"),
            intro=gettext(
                "Someone asked to choose a new password for your Accord account %(email)s.", email=user.email
            ),
            action=Line(gettext("Choose a new password (the link works once, for one hour)"), out.url(link)),
            footer=gettext("If you did not ask for it, ignore this email: your password stays as it is."),
        )


def sign_in_link_mail(out: Outward, user: User, link: str, locale: str) -> MailMessage:
    with locale_scope(locale):
        return _account_link_mail(
            out,
            user,
            locale,
            "sign_in_link",
            subject=gettext("Your link to sign in to Accord"),
            intro=gettext("Someone asked for a link to sign in to your Accord account %(email)s.", email=user.email),
            action=Line(gettext("Sign in (the link works once, for half an hour)"), out.url(link)),
            footer=gettext("If you did not ask for it, ignore this email: nobody signs in without the link."),
        )


def _account_link_mail(
    out: Outward, user: User, locale: str, kind: str, *, subject: str, intro: str, action: Line, footer: str
) -> MailMessage:
    """A mail to one account carrying its single-use link (`action`), its words already in `locale`."""
    letter = Letter(
        subject=subject,
        greeting=gettext("Hello %(name)s,", name=user.name),
        intro=intro,
        lines=(action,),
        footer=footer,
        lang=locale,
    )
    return MailMessage(
        user_id=user.id,
        kind=kind,
        recipient=user.email,
        locale=locale,
        subject=subject,
        text=plain(letter),
        html=html(letter),
        message_id=new_message_id(kind.replace("_", "-"), out.domain),
    )
