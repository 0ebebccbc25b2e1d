"""How much a window takes and a compilation makes, and what a file of proposals may be sent as.

A compilation adds one paragraph per proposal to the working draft, so what delegations file is what the committee's
text becomes: one member once filed 23,250 proposals in five files, and the compilation made a text of 23,550
paragraphs whose every page weighed megabytes. A delegation files at most `MAX_WINDOW_PROPOSALS` in a window (a
file holding more is refused whole, before anything is written), and no compilation makes a text past the
`MAX_PARAGRAPHS` every imported file keeps to.
"""

from __future__ import annotations

from ..errors import N_, NN_, InvalidInput, Unsupported
from ..limits import MAX_PARAGRAPHS

MAX_WINDOW_PROPOSALS = 500
"""Proposals one delegation files in one window: a delegation's are tens to a few hundred, one or two on most
paragraphs of a text of a few hundred (the UN's negotiation texts have a few hundred paragraphs)."""

FILE_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/octet-stream",  # any file, as a program sends one it does not name
        "text/markdown",
        "text/x-markdown",
        "text/plain",
    }
)
"""The content types a file of proposals may come as (or none): what it holds is then read from its bytes."""


def file_within_window(filename: str, count: int) -> None:
    """Refuse (422) a file of `count` proposals, more than a delegation may file in a window."""
    if count > MAX_WINDOW_PROPOSALS:
        raise InvalidInput(
            NN_(
                "{file} asks {count} change: a delegation files at most {limit} proposals in a window.",
                "{file} asks {count} changes: a delegation files at most {limit} proposals in a window.",
                "count",
            ),
            file=filename,
            count=count,
            limit=MAX_WINDOW_PROPOSALS,
            detail={"file": filename, "count": count, "limit": MAX_WINDOW_PROPOSALS},
        )


def within_window(code: str, filed: int, adding: int) -> None:
    """Refuse (422) `adding` proposals of delegation `code`, which filed `filed` in the window already, past
    `MAX_WINDOW_PROPOSALS`."""
    count = filed + adding
    if count > MAX_WINDOW_PROPOSALS:
        raise InvalidInput(
            NN_(
                "{code} would have {count} proposal in this window: a delegation files at most {limit} in a window.",
                "{code} would have {count} proposals in this window: a delegation files at most {limit} in a window.",
                "count",
            ),
            code=code,
            count=count,
            limit=MAX_WINDOW_PROPOSALS,
            detail={"field": "delegation", "delegation": code, "count": count, "limit": MAX_WINDOW_PROPOSALS},
        )


def within_text(paragraphs: int, adding: int) -> None:
    """Refuse (422) a compilation that would add `adding` paragraphs to a text of `paragraphs`, past
    `MAX_PARAGRAPHS`."""
    count = paragraphs + adding
    if adding and count > MAX_PARAGRAPHS:
        raise InvalidInput(
            NN_(
                "Compiling {adding} proposal would make a text of {count} paragraphs: a text holds at most {limit}, "
                "as a file imported does.",
                "Compiling {adding} proposals would make a text of {count} paragraphs: a text holds at most {limit}, "
                "as a file imported does.",
                "adding",
            ),
            count=count,
            adding=adding,
            limit=MAX_PARAGRAPHS,
            detail={"count": count, "paragraphs": paragraphs, "adding": adding, "limit": MAX_PARAGRAPHS},
        )


def read_as_file(filename: str, media_type: str | None) -> None:
    """Refuse (415) a file of proposals sent as a content type no proposals come in (`application/xml`): it is not
    read as Markdown for want of a better guess."""
    named = (media_type or "").split(";")[0].strip().lower()
    if named and named not in FILE_TYPES:
        raise Unsupported(
            N_("{file} is sent as “{type}”: proposals come as a Word (.docx) or a Markdown (text/markdown) file."),
            file=filename,
            type=named,
            detail={"content_type": named},
        )


__all__ = [
    "FILE_TYPES",
    "MAX_WINDOW_PROPOSALS",
    "file_within_window",
    "read_as_file",
    "within_text",
    "within_window",
]
