"""A version file (Markdown, or Word with its changes accepted) read and matched to the working draft:
the whole of what importing a version computes before it writes, as one pure function, so that it runs
in a worker process, outside any transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..declaration.declaration_commands import Circulate, ImportVersion
from ..declaration.declaration_format import Match, Notice, match_paragraphs, read_declaration
from ..declaration.document import Block
from ..transfer.draft_format import read_version_header
from .word_amendments import as_declaration
from .word_reading import read_docx


@dataclass(frozen=True)
class VersionRead:
    header: Circulate
    notices: list[Notice]  # the file's notices, in the order of their lines
    matches: list[Match]  # each paragraph of the file with the eId it was given, and how


def read_version(command: ImportVersion, previous: Sequence[Block], used_eids: set[str]) -> VersionRead:
    """The file of `command` read, and its paragraphs matched to the draft's `previous` paragraphs (never
    given an eId of `used_eids` they do not already carry)."""
    if command.word is not None:
        read = as_declaration(read_docx(command.word, command.filename), command.filename)
        header = Circulate.build(command.label or "")  # a Word file has no front matter: the label is given
        header_notices: list[Notice] = []
    else:
        read = read_declaration(command.text, command.filename)
        header, header_notices = read_version_header(read.meta, command.text, command.filename, command.label)
    return VersionRead(
        header,
        sorted([*header_notices, *read.notices], key=lambda n: n.line),
        match_paragraphs(previous, read.blocks, used_eids),
    )


__all__ = ["VersionRead", "read_version"]
