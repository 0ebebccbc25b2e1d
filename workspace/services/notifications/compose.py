"""Mails composed in their reader's language: the news of a process (one piece, or a digest), an
invitation, a password reset. Dates in the reader's language and the process's time zone; every
link absolute on the public URL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ...domain.errors import N_
from ...domain.labels import DECISIONS, ROLES
from ...domain.notifications.language import mail_language
from ...domain.notifications.news import Cadence, Kind
from ...domain.people import FORMER_MEMBER
from ...domain.series import link_ref
from ...i18n import format_date, format_time, get_locale, gettext, language_name, locale_scope, ngettext
from ...mail import new_message_id, thread_message_id
from ...renderers.mail import Letter, Line, html, plain
from ...store.models import MailItem, MailMessage, Process, User
from .outward import Outward


def locale_of(user: User | None, process: Process | None = None, fallback: str = "en") -> str:
    """The language `user` reads their mails in (domain.notifications.language): their account's, else their last
    browser's, else the process's source language, else `fallback`."""
    return mail_language(
        user.locale if user else None,
        user.browser_locale if user else None,
        process.source_language if process else None,
        fallback,
    )


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


_LineMaker = Callable[[Outward, Process, dict[str, Any], str], Line]


def _line(out: Outward, process: Process, kind: str, data: dict[str, Any], actor: str) -> Line:
    """One piece of news as a mail says it, with its link; a kind this mail knows no words for says its name."""
    make = _LINES.get(kind)
    return make(out, process, data, actor) if make is not None else Line(kind)


def _circulated_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """A version circulated, linked to the version."""
    return Line(
        gettext("%(actor)s circulated %(label)s.", actor=actor, label=data.get("label", "")),
        out.url(f"/p/{process.slug}/declaration/versions/{data.get('number', '')}"),
    )


def _decided_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """An amendment decided, naming its paragraph when it has one, linked to the amendment."""
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
    return Line(text, out.url(f"/p/{process.slug}/amendments/{link_ref(_amendment(data))}"))


def _reply_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """A reply in a thread, quoting its words, linked to the thread."""
    text = gettext(
        "%(actor)s replied in thread %(number)s on %(eid)s.",
        actor=actor,
        number=data.get("number"),
        eid=_paragraph(data),
    )
    return Line(text, _thread_url(out, process, data), str(data.get("excerpt", "")))


def _mention_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """A mention in a thread, quoting its words, linked to the thread."""
    text = gettext(
        "%(actor)s mentioned you in thread %(number)s on %(eid)s.",
        actor=actor,
        number=data.get("number"),
        eid=_paragraph(data),
    )
    return Line(text, _thread_url(out, process, data), str(data.get("excerpt", "")))


def _resolved_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """A thread resolved or reopened, linked to the thread."""
    text = gettext(
        "%(actor)s resolved or reopened thread %(number)s on %(eid)s.",
        actor=actor,
        number=data.get("number"),
        eid=_paragraph(data),
    )
    return Line(text, _thread_url(out, process, data))


def _thread_url(out: Outward, process: Process, data: dict[str, Any]) -> str:
    return out.url(f"/p/{process.slug}/threads/{data.get('number')}")


def _deadline_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """Amendments to a version about to close, linked to the amendments."""
    text = gettext(
        "Amendments to %(label)s close on %(deadline)s.",
        label=data.get("label", ""),
        deadline=moment(str(data["deadline"]), process.timezone),
    )
    return Line(text, out.url(f"/p/{process.slug}/amendments"))


def _silence_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """A silence procedure broken, ended or open, linked to the amendments."""
    event = data.get("event")
    if event == "broken":
        text = gettext("%(actor)s broke the silence procedure with an objection.", actor=actor)
    elif event == "ended":
        text = gettext("The silence procedure ended without objection: the text is adopted.")
    else:
        text = gettext(
            "A silence procedure is open until %(deadline)s: object in writing before then, or the text is adopted.",
            deadline=moment(str(data.get("deadline", "")), process.timezone),
        )
    return Line(text, out.url(f"/p/{process.slug}/amendments"))


def _returned_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """A translation sent back to its translator, linked to it."""
    text = gettext(
        "%(actor)s sent your translation of %(eid)s (%(language)s) back.",
        actor=actor,
        eid=_paragraph(data) or str(data.get("subject", "")),
        language=language_name(str(data.get("language", ""))),
    )
    return Line(text, out.url(f"/p/{process.slug}/translations/{data.get('language')}/{data.get('eid', '')}"))


def _outdated_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """Translations a version outdated, linked to the first language's (else to the translations)."""
    slug = process.slug
    changed = int(data.get("changed", 0))
    languages = [str(code) for code in data.get("languages", [])]
    text = ngettext(
        "%(label)s changed %(num)d paragraph of the source: its translations are outdated.",
        "%(label)s changed %(num)d paragraphs of the source: their translations are outdated.",
        changed,
        label=data.get("label", ""),
    )
    return Line(text, out.url(f"/p/{slug}/translations/{languages[0]}" if languages else f"/p/{slug}/translations"))


def _publication_line(out: Outward, process: Process, data: dict[str, Any], actor: str) -> Line:
    """A publication, linked to the publications."""
    text = gettext("%(symbol)s is published (%(label)s).", symbol=data.get("symbol", ""), label=data.get("version", ""))
    return Line(text, out.url(f"/p/{process.slug}/publications"))


_LINES: dict[str, _LineMaker] = {
    Kind.VERSION_CIRCULATED: _circulated_line,
    Kind.AMENDMENT_DECIDED: _decided_line,
    Kind.THREAD_REPLY: _reply_line,
    Kind.MENTION: _mention_line,
    Kind.THREAD_RESOLVED: _resolved_line,
    Kind.DEADLINE: _deadline_line,
    Kind.SILENCE: _silence_line,
    Kind.TRANSLATION_RETURNED: _returned_line,
    Kind.TRANSLATION_OUTDATED: _outdated_line,
    Kind.PUBLICATION: _publication_line,
}


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
    immediate = cadence == Cadence.IMMEDIATE
    first = items[0][0]
    with locale_scope(locale):
        items = [(item, _named(actor)) for item, actor in items]
        title = title_of(process, locale)
        lines = (
            _batch_lines(out, process, items)
            if batched
            else tuple(_line(out, process, item.kind, item.data, actor) for item, actor in items)
        )
        subject, intro = _heading(items, cadence, title, batched=batched)
        unsubscribe = out.url(f"/unsubscribe/{out.unsubscribe_token(user.id, first.kind if immediate else 'all')}")
        letter = Letter(
            subject=subject,
            greeting=gettext("Hello %(name)s,", name=user.name),
            intro=intro,
            lines=lines,
            footer=gettext("You receive this email as a participant of %(process)s in Accord.", process=title),
            settings_url=out.url("/account/notifications"),
            settings_label=gettext("Choose which emails you receive"),
            unsubscribe_url=unsubscribe,
            unsubscribe_label=gettext("Stop these emails") if immediate else gettext("Stop all emails"),
            lang=locale,
        )
    return MailMessage(
        user_id=user.id,
        process_id=process.id,
        kind=first.kind if immediate else f"digest.{cadence}",
        recipient=user.email,
        locale=locale,
        subject=subject,
        text=plain(letter),
        html=html(letter),
        message_id=new_message_id(first.kind.replace("_", "-"), out.domain),
        in_reply_to=_thread_root(out, process, first) if immediate else None,
        unsubscribe_url=unsubscribe,
    )


def _heading(items: list[tuple[MailItem, str]], cadence: Cadence, title: str, *, batched: bool) -> tuple[str, str]:
    """A news mail's subject (after the process's title) and the sentence that opens it."""
    if batched:
        return _batch_heading(items, title)
    if cadence == Cadence.IMMEDIATE:
        return _news_heading(items[0][0], title)
    return _digest_heading(len(items), cadence, title)


def _batch_heading(items: list[tuple[MailItem, str]], title: str) -> tuple[str, str]:
    """The heading of a batch of one thread's news: the thread and how many updates."""
    number = items[0][0].data.get("number", "")
    subject = f"[{title}] " + ngettext(
        "Thread %(number)s: %(num)d update", "Thread %(number)s: %(num)d updates", len(items), number=number
    )
    intro = ngettext(
        "%(num)d update in thread %(number)s since the last email:",
        "%(num)d updates in thread %(number)s since the last email:",
        len(items),
        number=number,
    )
    return subject, intro


def _news_heading(first: MailItem, title: str) -> tuple[str, str]:
    """The heading of a single piece of news: its kind's subject."""
    params = {
        "label": first.data.get("label", ""),
        "number": first.data.get("number", ""),
        "symbol": first.data.get("symbol", ""),
        "amendment": _amendment(first.data),
    }
    subject = f"[{title}] " + gettext(SUBJECTS[Kind(first.kind)], **params)
    return subject, gettext("News from %(process)s:", process=title)


def _digest_heading(count: int, cadence: Cadence, title: str) -> tuple[str, str]:
    """The heading of a daily or weekly digest: how many pieces of news."""
    subject = f"[{title}] " + (
        gettext("Your daily digest") if cadence == Cadence.DAILY else gettext("Your weekly digest")
    )
    intro = ngettext(
        "%(num)d piece of news from %(process)s since the last digest:",
        "%(num)d pieces of news from %(process)s since the last digest:",
        count,
        process=title,
    )
    return subject, intro


_THREAD_KINDS = (Kind.THREAD_REPLY, Kind.MENTION, Kind.THREAD_RESOLVED)


def _thread_root(out: Outward, process: Process, first: MailItem) -> str | None:
    """The message id of the mail thread that a single piece of news on a thread answers (none for other news)."""
    thread = first.data.get("number") if first.kind in _THREAD_KINDS else None
    return thread_message_id(f"{process.slug}.thread-{thread}", out.domain) if thread else None


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


def webhook_disabled_mail(out: Outward, user: User, url: str, where: str, locale: str) -> MailMessage:
    """To whoever set a webhook: it failed for a day without a success and was disabled (`where`: the page of the
    process it belongs to, or the administration's)."""
    with locale_scope(locale):
        return _account_link_mail(
            out,
            user,
            locale,
            "webhook_disabled",
            subject=gettext("A webhook you set was disabled"),
            intro=gettext(
                "The webhook you set to %(url)s failed for a day without a success: Accord disabled it. Its "
                "deliveries' log says what each attempt got; a test event that succeeds brings it back.",
                url=url,
            ),
            action=Line(gettext("Open Accord"), out.url(where)),
            footer=gettext("You get this email because you set that webhook."),
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
