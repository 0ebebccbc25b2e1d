"""A version file (Markdown, or Word with its changes accepted) read and matched to the working draft:
the whole of what importing a version computes before it writes, as one pure function, so that it runs
in a worker process, outside any transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..declaration.declaration_commands import Circulate, ImportVersion
from ..declaration.declaration_format import Match, Notice, match_paragraphs, read_declaration
from ..declaration.document import Block
from ..transfer.draft_format import read_version_header
from ..words import normalize_space
from .word_amendments import as_declaration
from .word_merge import carry_edits
from .word_reading import read_docx


@dataclass(frozen=True)
class VersionRead:
    header: Circulate
    notices: list[Notice]  # the file's notices, in the order of their lines
    matches: list[Match]  # each paragraph of the file with the eId it was given, and how


def read_version(
    command: ImportVersion, previous: Sequence[Block], used_eids: set[str], written: Mapping[str, str] | None = None
) -> VersionRead:
    """The file of `command` read, and its paragraphs matched to the draft's `previous` paragraphs (never
    given an eId of `used_eids` they do not already carry). `written`: for a Word file, each previous paragraph's
    text as Accord's own Word file of it reads back (see `_as_written`)."""
    if command.word is not None:
        read = as_declaration(read_docx(command.word, command.filename), command.filename)
        header = Circulate(label=command.label or "")  # a Word file has no front matter: the label is given
        header_notices: list[Notice] = []
    else:
        read = read_declaration(command.text, command.filename)
        header, header_notices = read_version_header(read.meta, command.text, command.filename, command.label)
    matches = match_paragraphs(previous, read.blocks, used_eids)
    return VersionRead(
        header,
        sorted([*header_notices, *read.notices], key=lambda n: n.line),
        _as_written(matches, previous, written) if written else matches,
    )


def _as_written(matches: list[Match], previous: Sequence[Block], written: Mapping[str, str]) -> list[Match]:
    """Accord's own Word file read back as the paragraphs it was written from: Word carries a paragraph's words,
    not its Markdown's spelling (a link's address, `_` for `*`), nor where it stands in a list. A paragraph
    bookmarked with its eId that reads as the file writes it is that paragraph, unchanged; one whose words were
    edited has them edited in its own Markdown, where they can be placed."""
    before = {b.eid: b for b in previous}
    out = []
    for m in matches:
        was, text = before.get(m.block.eid), written.get(m.block.eid)
        if m.how == "explicit" and was is not None and text is not None:
            if normalize_space(m.block.text) == normalize_space(text):
                m = replace(m, block=was)
            elif (carried := carry_edits(text, m.block.text, was.text)) is not None:
                m = replace(m, block=replace(m.block, text=carried))
        out.append(m)
    return out


__all__ = ["VersionRead", "read_version"]
