"""A comment thread as a plain file of the drafts/ format: `threads/<number>.md`, or `threads/D<number>.md`
for one of the committee's on the working draft (its draft series: domain.series).

Front matter only, every key in this order: the paragraph and the text it was made on (`origin`),
the quote (null for a whole paragraph), who opened and resolved it, its followers, and its comments
with their earlier wordings. Canonical, so export → import → export gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..comments.anchoring import Quote, check_quote
from ..comments.comment_commands import MAX_COMMENT, ThreadStatus
from ..declaration.document import parse_eid
from ..errors import N_, NN_, AccordError, ImportFailed
from ..series import DRAFT_MARK, plain_label
from ..values import clean_text
from ..vocabulary import parse_enum
from .front_matter import front_matter, line_of, refuse_unknown_keys, split_front_matter

KEYS = (
    "eid",
    "version",
    "language",
    "origin",
    "quote",
    "status",
    "opened_by",
    "delegation",
    "opened_at",
    "resolved_by",
    "resolved_at",
    "followers",
    "comments",
)
COMMENT_KEYS = ("by", "at", "body", "edited_at", "deleted_at", "earlier")
FILE_NAME = re.compile(r"^(D?)([1-9]\d{0,8})\.md$")


@dataclass(frozen=True)
class Earlier:
    body: str
    written_at: datetime


@dataclass(frozen=True)
class CommentFile:
    by: str | None
    at: datetime
    body: str  # empty once deleted
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    earlier: tuple[Earlier, ...] = ()


@dataclass(frozen=True)
class ThreadFile:
    number: int
    eid: str
    version: int | None  # None: the working draft
    language: str
    origin: str  # the paragraph's text when the thread was opened
    quote: Quote | None
    status: ThreadStatus
    opened_by: str | None
    opened_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    followers: tuple[str, ...]
    comments: tuple[CommentFile, ...]
    draft: bool = False  # D3.md: opened on the working draft, numbered in the committee's draft series
    delegation: str | None = None  # the code of the delegation it was opened on behalf of

    @property
    def label(self) -> str:
        return plain_label(self.number, self.draft)


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def render_thread_file(item: ThreadFile) -> str:
    quote = (
        None
        if item.quote is None
        else {
            "exact": item.quote.exact,
            "prefix": item.quote.prefix,
            "suffix": item.quote.suffix,
            "start": item.quote.start,
            "end": item.quote.end,
        }
    )
    comments = [
        {
            "by": c.by,
            "at": _moment(c.at),
            "body": c.body,
            "edited_at": _moment(c.edited_at),
            "deleted_at": _moment(c.deleted_at),
            "earlier": [{"body": e.body, "written_at": _moment(e.written_at)} for e in c.earlier],
        }
        for c in item.comments
    ]
    return front_matter(
        [
            ("eid", item.eid),
            ("version", item.version if item.version is not None else "draft"),
            ("language", item.language),
            ("origin", item.origin),
            ("quote", quote),
            ("status", item.status.value),
            ("opened_by", item.opened_by),
            ("delegation", item.delegation),
            ("opened_at", _moment(item.opened_at)),
            ("resolved_by", item.resolved_by),
            ("resolved_at", _moment(item.resolved_at)),
            ("followers", sorted(item.followers)),
            ("comments", comments),
        ],
        "",
    )


class FieldReader:
    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file

    def fail(self, key: str, message: str, **params: Any) -> ImportFailed:
        return ImportFailed(self.file, line_of(self.text, key) or 1, message, **params)

    def text_of(self, key: str, value: Any, *, required: bool = True, limit: int | None = None) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(key, N_("The field “{field}” must be text."), field=key)
        try:
            cleaned = clean_text(value)
        except AccordError as exc:
            raise self.fail(key, exc.message, **exc.params) from None
        if limit is not None and len(cleaned) > limit:
            raise self.fail(
                key,
                NN_(
                    "The field “{field}” is too long (at most {limit} character).",
                    "The field “{field}” is too long (at most {limit} characters).",
                    "limit",
                ),
                field=key,
                limit=limit,
            )
        return cleaned

    def moment(self, key: str, value: Any, *, required: bool = True) -> datetime | None:
        if value is None and not required:
            return None
        moment = value if isinstance(value, datetime) else None
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment is None:
            raise self.fail(key, N_("The field “{field}” must be a date and time (ISO 8601)."), field=key)
        if moment.tzinfo is None:
            raise self.fail(
                key, N_("The time in “{field}” has no time zone: add its offset (for example +03:00)."), field=key
            )
        return moment.astimezone(UTC)


def parse_thread_file(text: str, file: str, name: str) -> ThreadFile:
    """One thread file, or ImportFailed naming the file and the line of what is wrong."""
    found = FILE_NAME.match(name)
    if found is None:
        raise ImportFailed(file, None, N_("Thread files are named 1.md, 2.md … (D1.md, D2.md … on the working draft)"))
    meta, _body, _line = split_front_matter(text, file)
    refuse_unknown_keys(meta, KEYS, text, file)
    read = FieldReader(text, file)
    # Read in this order, as it always was: of several faults, the first met is the one named.
    eid = _eid_of(read, meta.get("eid"))
    status = _status_of(read, meta.get("status"))
    draft = found.group(1) == DRAFT_MARK
    version = _version_of(read, meta.get("version"), draft, name)
    origin = read.text_of("origin", meta.get("origin")) or ""
    quote = _quote_of(read, meta.get("quote"), origin)
    followers = _followers_of(read, meta.get("followers"))
    comments = _comments_of(read, meta.get("comments"))
    resolved_at = _resolved_at_of(read, meta.get("resolved_at"), status)
    return ThreadFile(
        int(found.group(2)),
        eid,
        version,
        read.text_of("language", meta.get("language")) or "",
        origin,
        quote,
        status,
        read.text_of("opened_by", meta.get("opened_by"), required=False),
        read.moment("opened_at", meta.get("opened_at")) or datetime.now(UTC),
        read.text_of("resolved_by", meta.get("resolved_by"), required=False),
        resolved_at,
        followers,
        comments,
        draft,
        read.text_of("delegation", meta.get("delegation"), required=False),
    )


def _eid_of(read: FieldReader, raw: Any) -> str:
    """The paragraph the thread is on."""
    try:
        return parse_eid(str(raw or ""))
    except AccordError as exc:
        raise read.fail("eid", exc.message, **exc.params) from None


def _status_of(read: FieldReader, raw: Any) -> ThreadStatus:
    """Open or resolved."""
    try:
        return ThreadStatus(parse_enum(ThreadStatus, str(raw or ""), "status").value)
    except AccordError as exc:
        raise read.fail("status", exc.message, **exc.params) from None


def _version_of(read: FieldReader, raw: Any, draft: bool, name: str) -> int | None:
    """The number of the version it was opened on; None for the working draft (`draft`), where a thread of the
    committee's draft series (D3.md) must be."""
    if raw == "draft":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise read.fail("version", N_("The field “{field}” must be a version number or “draft”."), field="version")
    if draft:
        raise read.fail("version", N_("{name} is a thread on the working draft: its version is “draft”."), name=name)
    return raw


def _followers_of(read: FieldReader, raw: Any) -> tuple[str, ...]:
    """The followers' e-mail addresses."""
    followers = raw or []
    if not isinstance(followers, list) or not all(isinstance(f, str) for f in followers):
        raise read.fail("followers", N_("The field “{field}” must be a list of email addresses."), field="followers")
    return tuple(followers)


def _resolved_at_of(read: FieldReader, raw: Any, status: ThreadStatus) -> datetime | None:
    """When it was resolved: said by a resolved thread, and only by one."""
    resolved_at = read.moment("resolved_at", raw, required=False)
    if (status == ThreadStatus.RESOLVED) != (resolved_at is not None):
        raise read.fail("resolved_at", N_("A resolved thread says when (resolved_at), an open one does not."))
    return resolved_at


def _quote_of(read: FieldReader, raw: Any, origin: str) -> Quote | None:
    """The quoted words, checked against the text they were quoted from."""
    if raw is None:
        return None
    if (
        not isinstance(raw, dict)
        or set(raw) != {"exact", "prefix", "suffix", "start", "end"}
        or not all(isinstance(raw[k], int) and not isinstance(raw[k], bool) for k in ("start", "end"))
    ):
        raise read.fail("quote", N_("The quote holds exact, prefix, suffix (text), start and end (whole numbers)."))
    try:
        return check_quote(
            origin, Quote(str(raw["exact"]), str(raw["prefix"]), str(raw["suffix"]), raw["start"], raw["end"])
        )
    except AccordError as exc:
        raise read.fail("quote", exc.message, **exc.params) from None


def _comments_of(read: FieldReader, raw_comments: Any) -> tuple[CommentFile, ...]:
    if not isinstance(raw_comments, list) or not raw_comments:
        raise read.fail("comments", N_("A thread holds at least one comment."))
    comments = []
    for raw_comment in raw_comments:
        if not isinstance(raw_comment, dict) or not set(raw_comment) <= set(COMMENT_KEYS):
            raise read.fail("comments", N_("Each comment holds by, at, body, edited_at, deleted_at and earlier."))
        deleted = read.moment("comments", raw_comment.get("deleted_at"), required=False)
        earlier = raw_comment.get("earlier") or []
        if not isinstance(earlier, list) or not all(isinstance(e, dict) for e in earlier):
            raise read.fail("comments", N_("Each comment holds by, at, body, edited_at, deleted_at and earlier."))
        comments.append(
            CommentFile(
                read.text_of("comments", raw_comment.get("by"), required=False),
                read.moment("comments", raw_comment.get("at")) or datetime.now(UTC),
                read.text_of("comments", raw_comment.get("body"), required=deleted is None, limit=MAX_COMMENT) or "",
                read.moment("comments", raw_comment.get("edited_at"), required=False),
                deleted,
                tuple(
                    Earlier(
                        read.text_of("comments", e.get("body"), limit=MAX_COMMENT) or "",
                        read.moment("comments", e.get("written_at")) or datetime.now(UTC),
                    )
                    for e in earlier
                ),
            )
        )
    return tuple(comments)
