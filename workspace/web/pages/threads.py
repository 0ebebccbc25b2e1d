"""Discussion pages: a paragraph with its threads (open one on selected words), the list of threads,
one thread (reply, edit and delete one's own comments, resolve, reopen, follow), and the inbox."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlencode

from litestar.response import Redirect

from ...domain.comments.anchoring import quote_at
from ...domain.comments.comment_commands import CommentText, MarkRead, OpenThreadOnWords
from ...domain.errors import AccordError, Conflict, InvalidInput
from ...domain.paging import page_number
from ...domain.series import parse_number
from ...i18n import gettext as _
from ...services import comments
from ...services.screens import comments as screens
from ...services.screens.inbox import inbox_screen
from ..http import AnyRequest, AnyResponse
from ..params import Db, Eid, InPath, Query, Slug, Who
from ..routes import get, post
from .common import flash, page, parts, screen_page
from .forms import Form, PageForm, local_path, see_other
from .refusals import Sent, shown_again, tried

Place = tuple[str | None, str | None]  # two offsets in a paragraph's text, as a link gives them


SHOWN = (InvalidInput, Conflict)
"""What a discussion page shows again: a form refused (422) or a change made meanwhile (409); a 403, 404 or 429 is
answered as everywhere (its page, a 429's Retry-After)."""


class FollowForm(PageForm):
    follow: str = "1"


def _discuss(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    eid: str,
    ref: str | None,
    at: Place = (None, None),
    **context: Any,
) -> AnyResponse:
    screen = screens.discuss_screen(db, actor, slug, eid, ref)
    typed = {"exact": "", "prefix": "", "suffix": "", "body": ""} | _words_at(screen.paragraph.text, at)
    context["values"] = typed | context.get("values", {})
    return screen_page(request, "threads/discuss.html", "discussion", screen, versions=screen.versions, **context)


def _discuss_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: str, values: dict[str, Any], **context: Any
) -> AnyResponse:
    """The paragraph's page again, its new thread's form refused, with what was typed."""
    version = values.get("version")
    ref = version if isinstance(version, str) and version else None
    return _discuss(request, db, actor, slug, eid, ref, failed_form="open", values=values, **context)


def _words_at(text: str, at: Place) -> dict[str, str]:
    """The words between two offsets of the paragraph (a link from a bracket names its place), for the new thread's
    form; none when the link names no place, or one the paragraph no longer has."""
    start, end = at
    if not (start and end and start.isdecimal() and end.isdecimal() and len(start) < 9 and len(end) < 9):
        return {}
    quote = tried(lambda: quote_at(text, int(start), int(end)), (InvalidInput,))
    if isinstance(quote, AccordError):
        return {}
    return {"exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix}


@get("/p/{slug:str}/discuss/{eid:str}", include_in_schema=False)
def discuss(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    eid: Eid,
    version: Query = None,
    start: Query = None,
    end: Query = None,
) -> AnyResponse:
    """A paragraph with its threads; `start` and `end` (a bracket's place) put those words in the new thread's form."""
    return _discuss(request, db, actor, slug, eid, version, at=(start, end))


@get("/p/{slug:str}/discuss/{eid:str}/threads", include_in_schema=False)
def discuss_panel(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, version: Query = None) -> AnyResponse:
    """The threads of the paragraph alone: what a page showing it reloads when an event says they changed."""
    screen = screens.discuss_screen(db, actor, slug, eid, version)
    return page(request, "threads/_panel.html", process=screen.process, screen=screen)


@post("/p/{slug:str}/discuss/{eid:str}", include_in_schema=False)
@shown_again(_discuss_again, shows=SHOWN)
def discuss_open(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[OpenThreadOnWords], sent: Sent
) -> AnyResponse:
    """A new thread; then back where it was opened: the paragraph's page at the thread, or the reading page the form
    names (`next`) at the paragraph, the reader staying with the text (issue 67)."""
    made = comments.open_thread(db, actor, slug, data)
    flash(request, _("Thread %(number)s opened.", number=made.label))
    back = sent.get("next")
    if isinstance(back, str) and (page := local_path(back, "")):
        return see_other(f"{page.split('#', 1)[0]}#{data.eid}")
    return see_other(f"/p/{slug}/discuss/{data.eid}?{urlencode({'version': data.version})}#t{made.label}")


@get("/p/{slug:str}/threads", include_in_schema=False)
def thread_list(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    query = {
        k: request.query_params.get(k) or None for k in ("version", "status", "eid", "author", "language", "made_on")
    }
    screen = screens.threads_screen(db, actor, slug, page_number(request.query_params.get("page")), **query)
    return page(request, "threads/list.html", tab="discussion", query=query, **parts(screen))


def _thread(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: str, version: str | None = None, **context: Any
) -> AnyResponse:
    screen = screens.thread_screen(db, actor, slug, number, version)
    context["values"] = {"body": ""} | context.get("values", {})
    return page(request, "threads/detail.html", tab="discussion", on=version, **parts(screen), **context)


@get("/p/{slug:str}/threads/{number:str}", include_in_schema=False)
def thread_detail(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, version: Query = None
) -> AnyResponse:
    return _thread(request, db, actor, slug, number, version)


def _comment_again(comment_id: str, values: dict[str, Any], **context: Any) -> AnyResponse:
    """The thread again, a comment's edit or deletion refused (the reply's form left empty)."""
    return _thread(failed_form=f"edit-{_label(comment_id)}", **context)


def _back(slug: str, number: str) -> Redirect:
    return see_other(f"/p/{slug}/threads/{_label(number)}")


def _label(ref: str) -> str:
    """A thread or a comment named in a link (7, d3) as people name it ("7", "D3")."""
    found = parse_number(ref)
    return found.label() if found is not None else ref


@post("/p/{slug:str}/threads/{number:str}/reply", include_in_schema=False)
@shown_again(partial(_thread, failed_form="reply"), shows=SHOWN)
def thread_reply(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, data: Form[CommentText]
) -> AnyResponse:
    comments.add_comment(db, actor, slug, number, data)
    flash(request, _("Your reply is posted."))
    return _back(slug, number)


@post("/p/{slug:str}/threads/{number:str}/resolve", include_in_schema=False)
@shown_again(partial(_thread, failed_form="status"), shows=SHOWN)
def thread_resolve(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath) -> AnyResponse:
    comments.resolve(db, actor, slug, number)
    flash(request, _("Thread %(number)s is resolved.", number=_label(number)))
    return _back(slug, number)


@post("/p/{slug:str}/threads/{number:str}/reopen", include_in_schema=False)
@shown_again(partial(_thread, failed_form="status"), shows=SHOWN)
def thread_reopen(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath) -> AnyResponse:
    comments.reopen(db, actor, slug, number)
    flash(request, _("Thread %(number)s is open again.", number=_label(number)))
    return _back(slug, number)


@post("/p/{slug:str}/threads/{number:str}/follow", include_in_schema=False)
@shown_again(partial(_thread, failed_form="follow"), shows=SHOWN)
def thread_follow(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, data: Form[FollowForm]
) -> AnyResponse:
    on = data.follow == "1"
    comments.follow(db, actor, slug, number, on)
    flash(request, _("You follow this thread.") if on else _("You no longer follow this thread."))
    return _back(slug, number)


@post("/p/{slug:str}/threads/{number:str}/comments/{comment_id:str}/edit", include_in_schema=False)
@shown_again(_comment_again, shows=SHOWN)
def comment_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, comment_id: InPath, data: Form[CommentText]
) -> AnyResponse:
    comments.edit_comment(db, actor, slug, comment_id, data)
    flash(request, _("Your comment is saved."))
    return _back(slug, number)


@post("/p/{slug:str}/threads/{number:str}/comments/{comment_id:str}/delete", include_in_schema=False)
@shown_again(_comment_again, shows=SHOWN)
def comment_delete(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: InPath, comment_id: InPath
) -> AnyResponse:
    comments.delete_comment(db, actor, slug, comment_id)
    flash(request, _("Your comment is deleted."))
    return _back(slug, number)


def _inbox(request: AnyRequest, db: Db, actor: Who, **context: Any) -> AnyResponse:
    return page(request, "threads/inbox.html", **parts(inbox_screen(db, actor)), **context)


@get("/inbox", include_in_schema=False)
def inbox_page(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    return _inbox(request, db, actor)


@post("/inbox/read", include_in_schema=False)
@shown_again(_inbox, shows=SHOWN)
def inbox_read(request: AnyRequest, db: Db, actor: Who, data: Form[MarkRead], sent: Sent) -> Redirect:
    """Mark all (or the `ids` sent) as read, then back to the page the form was on (`next`)."""
    comments.mark_read(db, actor, data)
    back = sent.get("next")
    return see_other(local_path(back if isinstance(back, str) else None, "/inbox"))
