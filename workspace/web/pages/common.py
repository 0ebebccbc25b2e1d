"""What every page handler shares: rendering with the flash message, and forms that failed."""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

import msgspec
from litestar import MediaType, Response
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup, escape
from werkzeug.http import parse_etags

from ... import i18n
from ...domain.consultations.consultations import with_offset
from ...domain.errors import AccordError
from ...services.kept import LastUsed
from ..context import current_actor, reader_of
from ..errors import status_of
from ..gzipped import GZIP_FROM, GZIPS_ITSELF, SENT_LEVEL, accepts_gzip, deflated, gzip_member
from ..http import AnyRequest
from ..inbox_link import inbox_link
from ..labels import field_label
from ..shared_pieces import SharedPieces

FLASH = "flash"


def flash(request: AnyRequest, message: str) -> None:
    """A one-line confirmation shown on the next page (after the 303), then forgotten."""
    request.session[FLASH] = message


def take(request: AnyRequest, key: str) -> Any:
    """A value left in the session by the previous request, removed as it is read."""
    session = request.session
    return session.pop(key, None) if session and key in session else None


def offset_label(minutes: int) -> str:
    """UTC+03:00, UTC−03:00 (a real minus sign, as typographers write it)."""
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def announced(moment: datetime, minutes: int) -> str:
    """A time as its organisers announced it: `09:55 (UTC−03:00)`."""
    return f"{with_offset(moment, minutes):%H:%M} ({offset_label(minutes)})"


def local_input(moment: datetime, minutes: int) -> str:
    """The value of a datetime-local input: the time at the announced offset, without the offset."""
    return f"{with_offset(moment, minutes):%Y-%m-%dT%H:%M}"


def local_note(starts: datetime, ends: datetime, minutes: int, timezone: str) -> str:
    """`09:55–11:25 (UTC−03:00)` when the session was announced at another offset than the process's zone."""
    zone_offset = starts.astimezone(ZoneInfo(timezone)).utcoffset() if timezone else None
    if zone_offset is not None and int(zone_offset.total_seconds() // 60) == minutes:
        return ""
    return f"{with_offset(starts, minutes):%H:%M}\u2013{with_offset(ends, minutes):%H:%M} ({offset_label(minutes)})"


def page_link(request: AnyRequest, number: int) -> str:
    """This list's address at page `number`, its filters kept (and no `at`: that one names a paragraph,
    not a page)."""
    query = kept_query(request)
    if number > 1:
        query.append(("page", str(number)))
    return request.url.path + ("?" + urlencode(query) if query else "")


def kept_query(request: AnyRequest, dropped: tuple[str, ...] = ("page", "at")) -> list[tuple[str, str]]:
    """The query of this address without `dropped`, in the address's own order: a list's filters, for a link or
    a form going to another of its pages (or parts, over the API)."""
    return [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k not in dropped]


HELPERS = {
    "announced": announced,
    "offset_label": offset_label,
    "local_note": local_note,
    "page_link": page_link,
    "kept_query": kept_query,
}


def render(request: AnyRequest, name: str, context: dict[str, Any]) -> str:
    """The page as HTML, rendered here: in the handler's worker thread, so that a large page
    never holds up the event loop (and every other request) while it renders."""
    reader = reader_of(request)  # first: a page that did not ask who reads it finds them here, and their count
    return _rendered(request, name, context, _csrf_of(request), reader, _inbox(request))


def _inbox(request: AnyRequest) -> Markup:
    """The header's Inbox link with the reader's unread count, read with who asks (`context._resolve`)."""
    return inbox_link(request.state.unread if "unread" in request.state else None)


def _csrf_of(request: AnyRequest) -> str:
    token = ScopeState.from_scope(request.scope).csrf_token
    return token if isinstance(token, str) else ""


def _template(request: AnyRequest, name: str) -> Any:
    """Template `name` as the app's engine has it."""
    engine = request.app.template_engine
    assert engine is not None, "create_app configures the templates"
    return engine.get_template(name)


def _rendered(request: AnyRequest, name: str, context: dict[str, Any], csrf: str, reader: Any, inbox: Markup) -> str:
    rendered: str = _template(request, name).render(
        **context,
        request=request,  # Litestar's template protocol says Any
        reader=reader,
        header_inbox=inbox,
        csrf_input=Markup('<input type="hidden" name="_csrf_token" value="%s" />') % csrf,
    )
    return rendered


# Parts of pages that every reader of one role sees the same (a version's paragraphs: the screen the services made
# for the role, named for good by its `key`), made once per page language; the page around them (the reader's
# name, their form tokens, a flash message) is put in for each request. A version's page is about 300 KB of
# paragraphs: 40 MB a worker at most.
_PARTS: LastUsed[tuple[object, ...], Markup] = LastUsed(128)
# Its pieces (a paragraph with its marks) by what they show: when the process changes (a comment, a new thread),
# the next screen is made of the pieces kept, only the paragraphs whose text, marks or counts changed rendered
# again. About 1 KB each: 20 MB a worker at most.
_PIECES: LastUsed[tuple[object, ...], Markup] = LastUsed(20_000)


def kept_part(key: tuple[object, ...], make: Callable[[], Markup]) -> Markup:
    """`make()`, once for `key` (what names what it shows for good) and the page's language, then kept."""
    return _PARTS.get((i18n.get_locale(), *key), make)


def kept_macros(
    request: AnyRequest, name: str, macro: str, calls: Sequence[tuple[tuple[object, ...], tuple[Any, ...]]]
) -> list[Markup]:
    """Macro `macro` of template `name` called with the arguments of each of `calls`, each once for its key (what
    its arguments show, for good) and the page's language, then kept: in this worker, and in Redis where the app
    has it (`shared_pieces`), where another worker may have rendered it already."""
    template = _template(request, name)  # a new one when the file changes and templates reload
    locale = i18n.get_locale()
    keys = [(template, locale, macro, *key) for key, _ in calls]
    found: list[Markup | None] = [_PIECES.find(key) for key in keys]
    shared: SharedPieces | None = request.app.state.get("shared_pieces")
    names: dict[int, str] = {}
    if shared is not None:
        names = {i: shared.name((name, locale, macro, *calls[i][0])) for i, piece in enumerate(found) if piece is None}
        _take_shared(shared, names, found, keys)
    made = {i: Markup(getattr(template.module, macro)(*calls[i][1])) for i, piece in enumerate(found) if piece is None}
    for i, piece in made.items():
        found[i] = piece
        _PIECES.put(keys[i], piece)
    if shared is not None and made:
        shared.keep({names[i]: piece.encode() for i, piece in made.items()})
    return cast(list[Markup], found)  # every piece now: found, taken from Redis or made


def _take_shared(
    shared: SharedPieces, names: dict[int, str], found: list[Markup | None], keys: list[tuple[object, ...]]
) -> None:
    """The pieces `found` lacks (their `names` in Redis) that another worker rendered, kept in this one too."""
    if not names:
        return
    for i, value in zip(names, shared.find(list(names.values())), strict=True):
        if value is not None:
            found[i] = taken = Markup(value.decode())
            _PIECES.put(keys[i], taken)


def screen_page(request: AnyRequest, name: str, tab: str, screen: Any, **context: Any) -> Response[bytes]:
    """A process's page (under its tab `tab`) that shows a screen whole, its process's tabs above it."""
    return page(request, name, tab=tab, process=screen.process, screen=screen, **context)


def parts(screen: msgspec.Struct) -> dict[str, Any]:
    """A screen's parts by their names (`process`, `versions`, `window` …): what its page's template reads."""
    return {name: getattr(screen, name) for name in screen.__struct_fields__}


def page(
    request: AnyRequest, name: str, status: int = 200, *, kept: tuple[object, ...] | None = None, **context: Any
) -> Response[bytes]:
    """Render `name` with the helpers and the flash message left by the previous POST. A page shown as asked
    (GET, 200) carries a weak ETag of its bytes and answers 304 to a reader who has them: each reader revalidates
    (no-cache), the page being theirs (private). `kept`: what names everything the page shows but its reader's own
    parts for good (a screen's key): the page is then rendered once for it and served to each reader with their
    name, form token and unread count put in (`KeptPage`)."""
    shown = take(request, FLASH)
    if request.method != "GET" or status != 200:
        body = render(request, name, {**HELPERS, "flash": shown, **context}).encode()
        return Response(body, status_code=status, media_type=MediaType.HTML)
    gzips_itself = bool(request.route_handler.opt.get(GZIPS_ITSELF, False))
    gzips = gzips_itself and accepts_gzip(request.headers.get("accept-encoding"))
    kept_page: tuple[KeptPage, dict[str, bytes]] | None = None
    body = b""
    if kept is not None and shown is None:
        kept_page = _kept_page(request, name, kept, context)
        tag = kept_page[0].tag(kept_page[1])
    else:
        body = render(request, name, {**HELPERS, "flash": shown, **context}).encode()
        tag = hashlib.blake2b(body, digest_size=16).hexdigest()
    # One weak tag for the page gzipped or not: the same page (RFC 9110, 8.8.1).
    headers = {"ETag": f'W/"{tag}"', "Cache-Control": "private, no-cache"}
    if gzips_itself:
        headers["Vary"] = "Accept-Encoding"
    if parse_etags(request.headers.get("if-none-match")).contains_weak(tag):
        return Response(b"", status_code=304, headers=headers, media_type=MediaType.HTML)
    gzipped = gzips and (kept_page is not None or len(body) >= GZIP_FROM)
    if kept_page is not None:  # made in the encoding asked, and only then
        body = kept_page[0].gzipped(kept_page[1]) if gzipped else kept_page[0].serve(kept_page[1])
    elif gzipped:
        body = gzip_member([(body, deflated(body, SENT_LEVEL))])
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return Response(body, status_code=status, media_type=MediaType.HTML, headers=headers)


# Markers of a reader's own values in a kept page: random per worker, so that no text anyone wrote can hold one.
_MARK = secrets.token_hex(8)
_SLOTS = {name: f"\ue000{_MARK}{name}\ue000" for name in ("csrf", "name", "inbox")}
_SLOT = re.compile("\ue000" + _MARK + "(csrf|name|inbox)\ue000")


class Reader(NamedTuple):
    """Who reads a kept page, as its template sees them while it is rendered once for all its readers."""

    name: str
    is_admin: bool


class KeptPage(NamedTuple):
    """A page rendered once for all its readers: its bytes around each of a reader's own values, and which value
    goes after each part (`csrf`, `name`, `inbox`: the header's link with their unread count); the digest of the
    whole is the start of each reader's ETag. Each part is kept deflated too, so that a reader who takes gzip is
    sent the page without compressing it again (`gzipped`)."""

    parts: tuple[bytes, ...]
    slots: tuple[str, ...]
    digest: bytes
    packed: tuple[bytes, ...]

    @classmethod
    def split(cls, html_text: str) -> KeptPage:
        pieces = _SLOT.split(html_text)  # text, slot, text, slot, …, text
        parts = tuple(p.encode() for p in pieces[::2])
        return cls(
            parts,
            tuple(pieces[1::2]),
            hashlib.blake2b(html_text.encode(), digest_size=16).digest(),
            tuple(deflated(part) for part in parts),
        )

    def gzipped(self, values: dict[str, bytes]) -> bytes:
        """What `serve` gives one reader, gzipped: only their own values are compressed now."""
        pieces = [(self.parts[0], self.packed[0])]
        for slot, part, packed in zip(self.slots, self.parts[1:], self.packed[1:], strict=True):
            pieces += ((values[slot], deflated(values[slot], SENT_LEVEL)), (part, packed))
        return gzip_member(pieces)

    def tag(self, values: dict[str, bytes]) -> str:
        """The page's tag for one reader (the same gzipped or not)."""
        own = b"\0".join((values["csrf"], values["name"], values["inbox"]))
        return hashlib.blake2b(self.digest + own, digest_size=16).hexdigest()

    def serve(self, values: dict[str, bytes]) -> bytes:
        """The page for one reader."""
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out += (values[slot], part)
        return b"".join(out)


# A version's page is about 300 KB: 20 MB a worker at most.
_PAGES: LastUsed[tuple[object, ...], KeptPage] = LastUsed(64)


def _kept_page(
    request: AnyRequest, name: str, key: tuple[object, ...], context: dict[str, Any]
) -> tuple[KeptPage, dict[str, bytes]]:
    actor = current_actor(request)
    admin = None if actor is None else actor.is_admin  # None: nobody signed in
    page_key = (_template(request, name), i18n.get_locale(), request.url.path, request.url.query, admin, *key)
    reader = None if actor is None else Reader(_SLOTS["name"], actor.is_admin)

    def made() -> KeptPage:
        context_all = {**HELPERS, "flash": None, **context}
        return KeptPage.split(_rendered(request, name, context_all, _SLOTS["csrf"], reader, Markup(_SLOTS["inbox"])))

    kept = _PAGES.get(page_key, made)
    values = {
        "csrf": escape(_csrf_of(request)).encode(),
        "name": escape(actor.name if actor else "").encode(),
        "inbox": _inbox(request).encode(),
    }
    return kept, values


def failure(exc: AccordError) -> dict[str, Any]:
    """What a form shows when its input is refused: the status (422, 409…), the message naming the
    field by its label on the form (never its code: "Starts", not "starts_at"), the field."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    everything = [exc, *getattr(exc, "also", ())]
    said = [_said(e) for e in everything]
    fields = [e.detail.get("field") for e in everything if isinstance(e.detail, dict) and e.detail.get("field")]
    return {
        "status": status_of(exc),
        "error": said[0],
        "errors": said,
        "error_field": detail.get("field"),
        "error_fields": fields,
    }


def _said(exc: AccordError) -> str:
    """The message, its field named by the form's label."""
    field = exc.params.get("field")
    if isinstance(field, str):  # said by a copy: the error itself may be raised again, its field as it was
        exc = copy.copy(exc)
        exc.params = {**exc.params, "field": field_label(field)}
    return exc.render(i18n.translate)
