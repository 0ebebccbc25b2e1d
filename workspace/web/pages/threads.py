"""Discussion pages: a paragraph with its threads (open one on selected words), the list of threads,
one thread (reply, edit and delete one's own comments, resolve, reopen, follow), and the inbox."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ...domain.comments.anchoring import quote_at
from ...domain.comments.comment_commands import OpenThread, Selection
from ...domain.errors import Conflict, InvalidInput
from ...domain.paging import page_number
from ...domain.series import parse_number
from ...i18n import gettext as _
from ...services import comments
from ...services.actor import Actor
from ...services.screens import comments as screens
from ...services.unit import Unit
from ..http import AnyRequest, AnyResponse
from ..params import Db, Eid, FromPath, FromQuery, Slug, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, Many, PageForm, local_path, many, see_other

Number = FromPath[str]
Query = FromQuery[str | None]
REFUSED = (InvalidInput, Conflict)


class NewThread(PageForm):
    """A thread opened on the paragraph, or on the words selected in it (with the text either side)."""

    version: str = ""
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    body: str = ""


class CommentForm(PageForm):
    body: str = ""


class FollowForm(PageForm):
    follow: str = "1"


class ReadForm(PageForm):
    id: Many = many()
    next: str = ""


def _discuss(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    eid: str,
    ref: str | None,
    status: int = 200,
    at: tuple[str | None, str | None] = (None, None),
    **context: Any,
) -> AnyResponse:
    screen = screens.discuss_screen(db, actor, slug, eid, ref)
    if "values" not in context:
        context["values"] = {"exact": "", "prefix": "", "suffix": "", "body": ""} | _words_at(screen.paragraph.text, at)
    return page(
        request,
        "threads/discuss.html",
        status,
        tab="discussion",
        process=screen.process,
        versions=screen.versions,
        screen=screen,
        **context,
    )


def _words_at(text: str, at: tuple[str | None, str | None]) -> dict[str, str]:
    """The words between two offsets of the paragraph (a link from a bracket names its place), for the new thread's
    form; none when the link names no place, or one the paragraph no longer has."""
    start, end = at
    if not (start and end and start.isdecimal() and end.isdecimal() and len(start) < 9 and len(end) < 9):
        return {}
    try:
        quote = quote_at(text, int(start), int(end))
    except InvalidInput:
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
def discuss_open(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[NewThread]
) -> AnyResponse | Redirect:
    values = data.values()
    words = values["exact"].strip()
    try:
        made = comments.open_thread(
            db,
            actor,
            slug,
            OpenThread.build(
                values["version"],
                eid,
                Selection(words, values["prefix"], values["suffix"]) if words else None,
                values["body"],
            ),
        )
    except REFUSED as exc:
        return _discuss(
            request, db, actor, slug, eid, values["version"], **failure(exc), failed_form="open", values=values
        )
    flash(request, _("Thread %(number)s opened.", number=made.label))
    return see_other(f"/p/{slug}/discuss/{eid}?version={values['version']}#t{made.label}")


@get("/p/{slug:str}/threads", include_in_schema=False)
def thread_list(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    query = {
        k: request.query_params.get(k) or None for k in ("version", "status", "eid", "author", "language", "made_on")
    }
    screen = screens.threads_screen(db, actor, slug, page_number(request.query_params.get("page")), **query)
    return page(
        request,
        "threads/list.html",
        tab="discussion",
        process=screen.process,
        versions=screen.versions,
        threads=screen.threads,
        query=query,
        window=screen.window,
    )


def _thread(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    number: str,
    version: str | None = None,
    status: int = 200,
    **context: Any,
) -> AnyResponse:
    screen = screens.thread_screen(db, actor, slug, number, version)
    context.setdefault("values", {"body": ""})
    return page(
        request,
        "threads/detail.html",
        status,
        tab="discussion",
        process=screen.process,
        versions=screen.versions,
        thread=screen.thread,
        on=version,
        **context,
    )


@get("/p/{slug:str}/threads/{number:str}", include_in_schema=False)
def thread_detail(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, version: Query = None
) -> AnyResponse:
    return _thread(request, db, actor, slug, number, version)


def _act(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    number: str,
    form: str,
    act: Any,
    done: str,
    values: dict[str, str] | None = None,
) -> AnyResponse | Redirect:
    try:
        act()
    except REFUSED as exc:
        return _thread(
            request, db, actor, slug, number, None, **failure(exc), failed_form=form, values=values or {"body": ""}
        )
    flash(request, done)
    return see_other(f"/p/{slug}/threads/{_label(number)}")


def _label(ref: str) -> str:
    """A thread or a comment named in a link (7, d3) as people name it ("7", "D3")."""
    found = parse_number(ref)
    return found.label() if found is not None else ref


@post("/p/{slug:str}/threads/{number:str}/reply", include_in_schema=False)
def thread_reply(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Form[CommentForm]
) -> AnyResponse | Redirect:
    body = data.body
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "reply",
        lambda: comments.add_comment(db, actor, slug, number, body),
        _("Your reply is posted."),
        {"body": body},
    )


@post("/p/{slug:str}/threads/{number:str}/resolve", include_in_schema=False)
def thread_resolve(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse | Redirect:
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "status",
        lambda: comments.resolve(db, actor, slug, number),
        _("Thread %(number)s is resolved.", number=_label(number)),
    )


@post("/p/{slug:str}/threads/{number:str}/reopen", include_in_schema=False)
def thread_reopen(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number) -> AnyResponse | Redirect:
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "status",
        lambda: comments.reopen(db, actor, slug, number),
        _("Thread %(number)s is open again.", number=_label(number)),
    )


@post("/p/{slug:str}/threads/{number:str}/follow", include_in_schema=False)
def thread_follow(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Form[FollowForm]
) -> AnyResponse | Redirect:
    on = data.follow == "1"
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        "follow",
        lambda: comments.follow(db, actor, slug, number, on),
        _("You follow this thread.") if on else _("You no longer follow this thread."),
    )


@post("/p/{slug:str}/threads/{number:str}/comments/{comment_id:str}/edit", include_in_schema=False)
def comment_edit(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    number: Number,
    comment_id: FromPath[str],
    data: Form[CommentForm],
) -> AnyResponse | Redirect:
    body = data.body
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        f"edit-{_label(comment_id)}",
        lambda: comments.edit_comment(db, actor, slug, comment_id, body),
        _("Your comment is saved."),
        {"body": ""},
    )


@post("/p/{slug:str}/threads/{number:str}/comments/{comment_id:str}/delete", include_in_schema=False)
def comment_delete(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, comment_id: FromPath[str]
) -> AnyResponse | Redirect:
    return _act(
        request,
        db,
        actor,
        slug,
        number,
        f"edit-{_label(comment_id)}",
        lambda: comments.delete_comment(db, actor, slug, comment_id),
        _("Your comment is deleted."),
    )


@get("/inbox", include_in_schema=False)
def inbox_page(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    screen = screens.inbox_screen(db, actor)
    return page(request, "threads/inbox.html", inbox=screen.inbox)


@post("/inbox/read", include_in_schema=False)
def inbox_read(request: AnyRequest, db: Db, actor: Who, data: Form[ReadForm]) -> Redirect:
    ids = [int(v) for v in data.id if v.isdigit()]
    comments.mark_read(db, actor, ids or None)
    return see_other(local_path(data.next, "/inbox"))


HANDLERS = [
    discuss,
    discuss_panel,
    discuss_open,
    thread_list,
    thread_detail,
    thread_reply,
    thread_resolve,
    thread_reopen,
    thread_follow,
    comment_edit,
    comment_delete,
    inbox_page,
    inbox_read,
]
