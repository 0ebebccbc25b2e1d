"""Comment threads, the inbox and the live events of a process."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response
from litestar.params import QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_204_NO_CONTENT

from ...domain.comments.comment_commands import CommentText, MarkRead, OpenThread
from ...domain.notifications.news import InboxKind
from ...domain.series import MAX_NUMBER
from ...services import comments
from ...services.comments.views import CommentView, InboxView, ThreadView
from ..http import AnyRequest
from ..live import arrival, event_stream, noting_arrival, resume_from
from ..live_inbox import inbox_stream
from ..params import Db, ItemRef, JSONBody, Query, Slug, StoreDep, Who
from .paging import LINK, LIST_LIMIT, Limit, Offset, part
from .routes import delete, get, post, put
from .schemas import DelegationQuery, choice_filter

ThreadStatus = Annotated[str | None, choice_filter(["open", "resolved"])]
NewsKind = Annotated[str | None, choice_filter([kind.value for kind in InboxKind])]
After = Annotated[int | None, QueryParameter(ge=0, le=MAX_NUMBER, schema_extra={"minimum": 0, "maximum": MAX_NUMBER})]


class ThreadController(Controller):
    path = "/processes/{slug:str}"
    tags = ("comments",)

    @post("/threads")
    def open_thread(self, db: Db, actor: Who, slug: Slug, data: JSONBody[OpenThread]) -> ThreadView:
        """Open a thread on a phrase (`quote`, offsets in the paragraph's text) or on the whole paragraph
        (`quote` null) of `version` (a number, a label, or `draft` for the committee), with its first comment."""
        return comments.open_thread(db, actor, slug, data)

    @get("/threads", response_headers=[LINK])
    def threads(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        version: Query = None,
        eid: Query = None,
        status: ThreadStatus = None,
        author: Query = None,
        language: Query = None,
        made_on: Query = None,
        delegation: DelegationQuery = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[ThreadView]]:
        """Threads anchored on `version` (default: the latest), in the order of their numbers (the committee's on the
        working draft, D1, D2 …, after everyone's): each with `anchor`
        (exact, moved, fuzzy or outdated, where, and for an outdated one what changed since). A part of at most
        `limit` from `offset`; the `Link` header names the next. `delegation`: those opened on behalf of that
        delegation (its code)."""
        return part(
            request,
            comments.list_threads(
                db,
                actor,
                slug,
                version=version,
                eid=eid,
                status=status,
                author=author,
                language=language,
                made_on=made_on,
                delegation=delegation,
                limit=limit + 1,
                offset=offset,
            ),
            limit,
            offset,
        )

    @get("/threads/{number:str}")
    def thread(self, db: Db, actor: Who, slug: Slug, number: ItemRef, version: Query = None) -> ThreadView:
        return comments.get_thread(db, actor, slug, number, version)

    @post("/threads/{number:str}/comments")
    def reply(self, db: Db, actor: Who, slug: Slug, number: ItemRef, data: JSONBody[CommentText]) -> CommentView:
        return comments.add_comment(db, actor, slug, number, data)

    @post("/threads/{number:str}/resolve")
    def resolve(self, db: Db, actor: Who, slug: Slug, number: ItemRef) -> ThreadView:
        return comments.resolve(db, actor, slug, number)

    @post("/threads/{number:str}/reopen")
    def reopen(self, db: Db, actor: Who, slug: Slug, number: ItemRef) -> ThreadView:
        return comments.reopen(db, actor, slug, number)

    @post("/threads/{number:str}/follow")
    def follow(self, db: Db, actor: Who, slug: Slug, number: ItemRef) -> ThreadView:
        """Replies and resolutions of the thread come to your inbox."""
        return comments.follow(db, actor, slug, number, True)

    @delete("/threads/{number:str}/follow", status_code=HTTP_204_NO_CONTENT)
    def unfollow(self, db: Db, actor: Who, slug: Slug, number: ItemRef) -> None:
        comments.follow(db, actor, slug, number, False)

    @put("/comments/{comment_id:str}")
    def edit_comment(
        self, db: Db, actor: Who, slug: Slug, comment_id: ItemRef, data: JSONBody[CommentText]
    ) -> CommentView:
        """Its author rewords a comment; the earlier wording is kept."""
        return comments.edit_comment(db, actor, slug, comment_id, data)

    @delete("/comments/{comment_id:str}", status_code=HTTP_204_NO_CONTENT)
    def delete_comment(self, db: Db, actor: Who, slug: Slug, comment_id: ItemRef) -> None:
        """Its author deletes a comment; a tombstone stays, so that the replies still make sense."""
        comments.delete_comment(db, actor, slug, comment_id)

    @get("/events", media_type="text/event-stream", middleware=[noting_arrival])
    def events(
        self, request: AnyRequest, db: Db, store: StoreDep, actor: Who, slug: Slug, after: After = None
    ) -> Stream:
        """The process's events as they happen (`thread`, `comment`, `resolved`, `reopened`, `amendment` …), each
        with its number in the process: a reconnection sends `Last-Event-ID` and misses nothing. From the request's
        arrival, or after `after` (a page's: the number it read up to; 400 for one the stream cannot have sent). Also
        `unread` (no number): your inbox's unread count (and the header link's words: `text`, `label`), when the
        stream starts and whenever it changes. One person holds at most eight streams at once in a worker; one more
        is 429."""
        # Who asks and where the stream starts are read in the request's one transaction, which ends as this returns:
        # a stream holds no connection. (Its start was read in a transaction of its own, in another thread, while the
        # request's was held: in a burst of streams every thread waited for a connection held by a request waiting
        # for a thread.)
        process_id, latest = comments.stream_of(db, actor, slug, arrival(request))
        start = resume_from(request.headers.get("last-event-id"), after)
        who = f"user:{actor.id}" if actor is not None else f"address:{request.client.host if request.client else ''}"
        return event_stream(request.app, store, actor, slug, process_id, latest if start is None else start, who)


class InboxController(Controller):
    path = "/inbox"
    tags = ("comments",)

    @get("/")
    def inbox(self, db: Db, actor: Who, kind: NewsKind = None) -> InboxView:
        """Your news, newest first, with the unread count of it all: on the threads you follow, a reply, a resolution
        or a reopening; a mention of you in a comment; a decision on an amendment you proposed or co-sponsor; a
        version circulated; a publication (`kind`: that kind only). Each names the page it leads to (`link`)."""
        return comments.inbox(db, actor, kind=kind)

    @get("/events", media_type="text/event-stream")
    def events(self, request: AnyRequest, db: Db, store: StoreDep, actor: Who, after: After = None) -> Stream:
        """Your inbox as it changes: an `inbox` event for each new entry (`id`, its id), from now on or after the entry
        `after` (a reconnection sends `Last-Event-ID` and misses nothing); and `unread`, your unread count (and the
        words of the page header's link: `text`, `label`), when the stream starts and whenever it changes."""
        processes, latest = comments.inbox_watch(db, actor)
        start = resume_from(request.headers.get("last-event-id"), after)
        assert actor is not None  # the API's guard: signed in
        return inbox_stream(
            request.app, store, actor, processes, latest if start is None else start, f"user:{actor.id}"
        )

    @post("/read")
    def read(self, db: Db, actor: Who, data: JSONBody[MarkRead]) -> InboxView:
        """Mark `ids` (or all) as read."""
        return comments.mark_read(db, actor, data)
