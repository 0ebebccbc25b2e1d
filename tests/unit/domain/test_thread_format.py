"""Thread files (threads/<n>.md): canonical rendering, and refusals naming the file and line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from workspace.domain.comments.anchoring import quote_at
from workspace.domain.comments.comment_commands import ThreadStatus
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.thread_format import (
    CommentFile,
    Earlier,
    ThreadFile,
    parse_thread_file,
    render_thread_file,
)

TEXT = "Nos comprometemos a fortalecer la gobernanza multinivel."
AT = datetime(2021, 9, 14, 8, 20, tzinfo=UTC)


def sample(**changes) -> ThreadFile:
    values = {
        "number": 3,
        "eid": "op_1",
        "version": 1,
        "language": "es",
        "origin": TEXT,
        "quote": quote_at(TEXT, 34, 55),
        "status": ThreadStatus.OPEN,
        "opened_by": "miembro@demo.accord",
        "opened_at": AT,
        "resolved_by": None,
        "resolved_at": None,
        "followers": ("comite@demo.accord", "miembro@demo.accord"),
        "comments": (
            CommentFile("miembro@demo.accord", AT, "¿Qué *niveles*?"),
            CommentFile(
                "comite@demo.accord",
                AT + timedelta(hours=2),
                "Todos.",
                AT + timedelta(hours=3),
                None,
                (Earlier("Algunos.", AT + timedelta(hours=2)),),
            ),
            CommentFile(
                "miembro@demo.accord",
                AT + timedelta(hours=4),
                "",
                None,
                AT + timedelta(hours=5),
                (Earlier("Vale.", AT + timedelta(hours=4)),),
            ),
        ),
    }
    return ThreadFile(**{**values, **changes})


@pytest.mark.parametrize(
    "item",
    [
        sample(),
        sample(quote=None, version=None),
        sample(status=ThreadStatus.RESOLVED, resolved_by="comite@demo.accord", resolved_at=AT + timedelta(days=1)),
    ],
    ids=["quote", "paragraph on the draft", "resolved"],
)
def test_render_then_parse_gives_the_same_thread_and_the_same_bytes(item):
    text = render_thread_file(item)
    assert parse_thread_file(text, "threads/3.md", "3.md") == item
    assert render_thread_file(parse_thread_file(text, "threads/3.md", "3.md")) == text


def refusal(text: str) -> tuple[int | None, str]:
    with pytest.raises(ImportFailed) as caught:
        parse_thread_file(text, "threads/3.md", "3.md")
    return caught.value.line, caught.value.render()


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ("  start: 34", "  start: 30", "quote", "characters 30 to 55"),
        ("  end: 55", '  end: "55"', "quote", "whole numbers"),
        ('opened_at: "2021-09-14T08:20:00+00:00"', 'opened_at: "2021-09-14T08:20:00"', "opened_at", "time zone"),
        ('status: "open"', 'status: "closed"', "status", "closed"),
        ('status: "open"', 'status: "resolved"', "resolved_at", "resolved_at"),
        ("version: 1", 'version: "Rev.1"', "version", "draft"),
        ('eid: "op_1"', 'eid: "op 1"', "eid", ""),
        ('language: "es"', 'language: "es"\nsecret: 1', "secret", "secret"),
        ('body: "¿Qué *niveles*?"', "body: 7", "comments", "text"),
    ],
)
def test_each_refusal_names_the_file_and_the_line_of_its_key(old, new, key, words):
    text = render_thread_file(sample())
    assert old in text
    changed = text.replace(old, new, 1)
    line, message = refusal(changed)
    assert line == next(n for n, row in enumerate(changed.split("\n"), 1) if row.startswith(f"{key}:")), message
    assert message.startswith("threads/3.md:") and words in message


def test_a_thread_needs_a_comment_and_a_file_name_that_is_its_number():
    empty = render_thread_file(sample()).split("\ncomments:")[0] + "\ncomments: []\n---\n"
    assert "at least one comment" in refusal(empty)[1]
    with pytest.raises(ImportFailed):
        parse_thread_file(render_thread_file(sample()), "threads/tres.md", "tres.md")
