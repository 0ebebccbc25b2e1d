"""A version file (Markdown, or Word with its changes accepted) read and matched to the working draft:
the whole of what importing a version computes before it writes, as one pure function, so that it runs
in a worker process, outside any transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..declaration.declaration_commands import Circulate, ImportVersion
from ..declaration.declaration_format import Match, Notice, match_paragraphs, read_declaration
from ..declaration.document import Block, ImportedBlock
from ..declaration.version_names import DefaultName
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
    command: ImportVersion,
    previous: Sequence[Block],
    used_eids: set[str],
    written: Mapping[str, ImportedBlock] | None = None,
    default: DefaultName | None = None,
) -> VersionRead:
    """The file of `command` read, and its paragraphs matched to the draft's `previous` paragraphs (never
    given an eId of `used_eids` they do not already carry). `written`: for a Word file, each previous paragraph as
    Accord's own Word file of it reads back (see `_as_written`). `default`: the version's name when neither the person
    nor the file names it."""
    own = False
    if command.word is not None:
        document = read_docx(command.word, command.filename)
        read, own = as_declaration(document, command.filename), document.own
        # A Word file has no front matter: the label given, else the default one.
        header, header_notices = read_version_header({}, "", command.filename, command.label, default)
    else:
        read = read_declaration(command.text, command.filename)
        header, header_notices = read_version_header(read.meta, command.text, command.filename, command.label, default)
    written = written or {}
    # Accord's own file (its title block found) is matched to the draft as that file writes it: where an editor
    # dropped the eId bookmarks, its paragraphs are still found by the same words.
    against = [_as_file_has_it(b, written) for b in previous] if own else previous
    matches = match_paragraphs(against, read.blocks, used_eids)
    return VersionRead(
        header,
        sorted([*header_notices, *read.notices], key=lambda n: n.line),
        _as_written(matches, previous, written, own) if written else matches,
    )


def _as_file_has_it(block: Block, written: Mapping[str, ImportedBlock]) -> Block:
    found = written.get(block.eid)
    return block if found is None else replace(block, kind=found.kind, text=found.text)


def _as_written(
    matches: list[Match], previous: Sequence[Block], written: Mapping[str, ImportedBlock], own: bool
) -> list[Match]:
    """Accord's own Word file read back as the paragraphs it was written from: Word carries a paragraph's words,
    not its Markdown's spelling (a link's address, `_` for `*`), nor where it stands in a list. A paragraph
    bookmarked with its eId (or, in a file whose title block says it is Accord's, matched to one) that reads as the
    file writes it is that paragraph, unchanged; one whose words were edited has them edited in its own Markdown,
    where they can be placed."""
    before = {b.eid: b for b in previous}
    out = []
    for m in matches:
        was, as_written = before.get(m.block.eid), written.get(m.block.eid)
        if was is not None and as_written is not None and (m.how == "explicit" or (own and m.how != "new")):
            m = replace(m, block=_kept(m.block, was, as_written))
        out.append(m)
    return out


def _kept(read: Block, was: Block, as_written: ImportedBlock) -> Block:
    """The draft's paragraph `was` as the file gives it (`read`), where Accord's file wrote it as `as_written`: its own
    Markdown where the words are the same, with the words edited in Word where they can be placed, else the file's
    words; where it stands (kind, depth, marker) as it was, unless the file made it another kind of paragraph."""
    if normalize_space(read.text) == normalize_space(as_written.text):
        text = was.text
    else:
        text = carry_edits(as_written.text, read.text, was.text) or read.text
    return replace(was, text=text) if read.kind == as_written.kind else replace(read, text=text)


__all__ = ["VersionRead", "read_version"]
