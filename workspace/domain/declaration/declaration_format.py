"""A declaration version as one Markdown file (the matching of its paragraphs to the last version is
paragraph_matching's, importable from here as before).

`#` headings are heading paragraphs, top-level numbered list items operative paragraphs,
every other top-level block (paragraph, bullet item) a preambular paragraph. A paragraph
may carry its eId as a trailing `{#op_12}` or on a `{#op_12}` line before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import N_, NN_, ImportFailed, InvalidInput
from ..markdown import FileBlock, NestedTooDeep, expand_lead, file_blocks
from ..values import MAX_TEXT, clean_file
from ..yaml_reading import read_mapping
from .document import (
    EID,
    PREFIX,
    Block,
    ImportedBlock,
    Kind,
    check_place,
    check_structure,
    split_definitions,
    written_marks,
)
from .file_lines import code_as_text, escape_start, without_attributes
from .footnotes import Note, NoteReader, starts_a_note, with_notes
from .paragraph_matching import Match, SimilarIndex, match_paragraphs

_TRAILING_ID = re.compile(r"[ \t]*\{#([^}\s]+)\}[ \t]*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}[^\S\n]+|^ {0,3}#{1,6}$")  # a no-break space too (markdown._spaced_heading)
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_ITEM = re.compile(r"^ *(?:[-+*]|\d{1,9}[.)])")

# A last line that anything written after it would turn into another block: a bare list marker, a
# bare "#", a fence, a ">". Such a paragraph carries its eId on a line of its own before it.
_BARE_LINE = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)]|#{1,6}|>|`{3,}[^`]*|~{3,}.*)[ \t]*$")
# A last paragraph of one line that ends in "]:" after a bracket opening it (`[In accounting for …]:`): the eId after
# it would be the destination of a link reference definition, so it goes on a line of its own before it too.
_LABEL_LINE = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*\[[^\n]*\]:[ \t]*\Z")
# One line whose first character starts no block (a heading, a quotation, a list, a rule, a fence, HTML,
# a link definition, code, attributes): a paragraph wherever it stands.
_PLAIN_LINE = re.compile(r"^(?![#>=_~`<\[{|+*\s-]|\d{1,9}[.)])[^\n]+$")
_BLOCK_START = re.compile(r"^([ \t]*)([-+*>#=]|\d{1,9}(?=[.)])|`{3}|~{3})")
_ATTRIBUTE_LINE = re.compile(r"^[ \t]*\{#[^}\s]+\}[ \t]*$")
MAX_PARAGRAPHS = 5000  # per file: a declaration, even a long negotiation text, has a few hundred
BULLETS = ("-", "*", "+")


@dataclass(frozen=True)
class Notice:
    """What a file holds that Accord sets aside or reads as plain text: named in the preview, never an error."""

    line: int  # 1-based (0: a place in the file that is no line, said in `where`)
    message: str  # a gettext message id
    params: dict[str, Any] = field(default_factory=dict)
    where: str = ""  # "table 1", "image in paragraph 12": a place in a Word file


@dataclass(frozen=True)
class DeclarationFile:
    meta: dict[str, Any]
    blocks: list[ImportedBlock]
    notices: list[Notice]


_NOTICES = {
    "image": N_("An image is not carried in a declaration: it is kept as its Markdown text."),
    "html": N_("HTML is not carried in a declaration: it is kept as text, shown as written."),
    "code": N_("A code block is imported as a paragraph of text."),
    "rule": N_("A thematic break (a line of “---”, “***” or “___”) is left out: it holds no words."),
    "empty_item": N_("An empty list item is left out: it holds no words."),
    "empty_heading": N_("An empty heading is left out: it holds no words."),
    "attributes": N_("Attributes of another Markdown (“{markup}”) are left out: they are markup, not words."),
    "toc": N_("The list that Kramdown replaces with a table of contents (“{markup}”) is left out: it holds no words."),
}
_MARKUP = {"attributes": {"markup": "{: …}"}, "toc": {"markup": "{:toc}"}}  # written as is in every language
_FOREIGN_ID = N_(
    "“{eid}” is not a paragraph identifier (e.g. op_12): it is set aside as an anchor of the file’s writer, and the "
    "paragraph is matched by its text."
)


def _dedent(lines: list[str], column: int, item: bool) -> list[str]:
    """A block's lines without the indentation of the list items around it (and, for a list item,
    without its marker); a lazy continuation line, less indented, loses all its indentation."""
    out = []
    for k, raw in enumerate(lines):
        line = expand_lead(raw)
        if (k == 0 and item) or line[:column].strip() == "":
            out.append(line[column:])
        else:
            out.append(line.lstrip())
    return out


def _kind(block: FileBlock) -> Kind:
    if block.depth > 0:  # inside a list item: of the kind of the top-level item it belongs to
        return Kind.OPERATIVE if block.root[:1].isdigit() else Kind.PREAMBULAR
    if block.type in ("heading", "setext_heading"):
        return Kind.HEADING
    if block.type == "item" and block.marker[:1].isdigit():
        return Kind.OPERATIVE
    return Kind.PREAMBULAR


def _marker(block: FileBlock, kind: Kind) -> str:
    """The marker as stored: what the file needs to write the paragraph back as it was. The number of a
    top-level operative paragraph is display (renumbered), only its delimiter is kept."""
    if block.type in ("heading", "setext_heading"):
        return "" if block.marker == "#" or block.depth else block.marker
    if block.type != "item":
        return ""
    if block.depth == 0 and kind == Kind.OPERATIVE:
        return ")" if block.marker.endswith(")") else ""
    return block.marker


def read_declaration(text: str, file: str, *, check: bool = True) -> DeclarationFile:
    """Front matter, paragraphs and notices of a declaration file; ImportFailed names the line if it
    cannot be read. Any CommonMark file reads: a list item is a paragraph, at any depth; what is not
    carried as such (an image, HTML, a code block, a rule) is named in a notice. With `check`, each
    paragraph is also one the draft accepts (its length, and a text the file gives back as it is),
    so that what is read here is never refused later without its line."""
    text = clean_file(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), file)
    lines = text.split("\n")
    try:
        found, file_notices = file_blocks(text)
    except NestedTooDeep as exc:
        raise ImportFailed(file, exc.line + 1, exc.message, **exc.params) from None
    notices = [Notice(n.line + 1, _NOTICES[n.what], _MARKUP.get(n.what, {})) for n in file_notices]
    meta, blocks, notes, found_front_matter = _read_blocks(found, lines, file, notices)
    if lines and lines[0].strip() == "---" and not found_front_matter:
        _unclosed_front_matter(notices)
    if not blocks:
        raise ImportFailed(
            file, len(lines) if lines[-1] else max(len(lines) - 1, 1), N_("The file holds no paragraph.")
        )
    blocks = _with_their_notes(_numbered_as_shown(_joined(blocks)), notes, notices)
    notices.sort(key=lambda n: n.line)
    if check:
        _check_texts(blocks, notices, file)
    _check_lists(blocks, file)
    _check_identifiers(blocks, file)
    return DeclarationFile(meta, blocks, notices)


def _unclosed_front_matter(notices: list[Notice]) -> None:
    """A first line "---" that CommonMark reads as a rule: said, so that front matter missing its closing line is
    seen."""
    notices[:] = [n for n in notices if n.line != 1]
    notices.insert(
        0,
        Notice(
            1,
            N_(
                "The first line “---” opens no front matter (no “---” line closes it): it is read as a rule, and "
                "the lines after it as paragraphs."
            ),
        ),
    )


def _with_their_notes(blocks: list[ImportedBlock], notes: list[Note], notices: list[Notice]) -> list[ImportedBlock]:
    """The paragraphs with the footnotes they refer to (see footnotes); a note without words left out, one no paragraph
    refers to kept with the paragraph before it, each said."""
    notices.extend(Notice(n.line, N_("A footnote without words is left out.")) for n in notes if not n.words)
    blocks, unreferenced = with_notes(blocks, [n for n in notes if n.words])
    notices.extend(
        Notice(
            n.line,
            N_("No paragraph refers to the footnote “[^{label}]”: it is kept with the paragraph before it."),
            {"label": n.label},
        )
        for n in unreferenced
    )
    return blocks


def _read_blocks(
    found: list[FileBlock], lines: list[str], file: str, notices: list[Notice]
) -> tuple[dict[str, Any], list[ImportedBlock], list[Note], bool]:
    """The front matter, the paragraphs (each with the link reference definitions after it), the footnotes' definitions
    (see footnotes) and whether the file had front matter."""
    meta: dict[str, Any] = {}
    blocks: list[ImportedBlock] = []
    notes = NoteReader()
    loose: list[str] = []  # link reference definitions met before the first paragraph
    found_front_matter = False
    for raw in found:
        chunk = list(lines[raw.start : raw.end])
        while chunk and not chunk[-1].strip():
            chunk.pop()
        if raw.type == "front_matter":
            meta, found_front_matter = _front_matter(chunk, file), True
            continue
        if raw.type not in ("code", "html"):
            chunk = _unattributed(raw, chunk, notices)
        if notes.continued(raw, chunk, lines):  # no code: more of a footnote
            notices[:] = [n for n in notices if (n.line, n.message) != (raw.start + 1, _NOTICES["code"])]
            continue
        if raw.type == "definitions" or _notes_only(raw, chunk):
            chunk = notes.read(_text_lines(raw, chunk), raw)
            if not chunk:
                continue
            # Kept with the paragraph before them (the first one if none), where the file format
            # writes them back, so that the text and its links come back whole.
            if blocks:
                blocks[-1] = _with_definitions(blocks[-1], chunk)
            else:
                loose.extend(chunk)
            continue
        _check_room(blocks, raw, file)
        blocks.append(_block(raw, chunk, file, notices))
        if loose:
            blocks[-1], loose = _with_definitions(blocks[-1], loose), []
    return meta, blocks, notes.notes, found_front_matter


def _unattributed(raw: FileBlock, chunk: list[str], notices: list[Notice]) -> list[str]:
    """A block's lines without the attributes other writers put on them (each said), nor the eId line of the
    paragraph after it in the same list item."""
    chunk, marked = without_attributes(chunk, raw.start + 1, raw.type in ("heading", "setext_heading"))
    notices.extend(Notice(line, _NOTICES["attributes"], {"markup": markup}) for line, markup in marked)
    while len(chunk) > 1 and (not chunk[-1].strip() or _ATTRIBUTE_LINE.match(chunk[-1])):
        chunk.pop()
    return chunk


def _check_room(blocks: list[ImportedBlock], raw: FileBlock, file: str) -> None:
    """Refused at its line: a paragraph past the most a declaration file may hold."""
    if len(blocks) == MAX_PARAGRAPHS:
        raise ImportFailed(
            file,
            raw.start + 1,
            NN_(
                "A declaration file may hold at most {limit} paragraph: this is one more.",
                "A declaration file may hold at most {limit} paragraphs: this is one more.",
                "limit",
            ),
            limit=MAX_PARAGRAPHS,
        )


def _notes_only(raw: FileBlock, chunk: list[str]) -> bool:
    """A paragraph of footnotes' definitions from elsewhere (none of Accord's paragraphs: it carries no eId)."""
    return (
        raw.type == "paragraph"
        and raw.attr_id is None
        and bool(chunk)
        and starts_a_note(_text_lines(raw, chunk))
        and not _TRAILING_ID.search(chunk[-1])
    )


def _check_texts(blocks: list[ImportedBlock], notices: list[Notice], file: str) -> None:
    """Each paragraph one the draft accepts: too long is refused, a text the file would read back
    otherwise is escaped (in place, with a notice)."""
    for k, block in enumerate(blocks):
        if len(block.text) > MAX_TEXT:
            raise ImportFailed(
                file,
                block.line,
                NN_(
                    "The field “{field}” is too long (at most {limit} character).",
                    "The field “{field}” is too long (at most {limit} characters).",
                    "limit",
                ),
                field="text",
                limit=MAX_TEXT,
            )
        try:
            check_text(block.kind, block.text, block.depth, block.marker)
        except InvalidInput as exc:
            blocks[k] = _escaped(block, exc, file)
            notices.append(
                Notice(
                    block.line,
                    N_(
                        "A line that the declaration file would read as a list, a heading or code is escaped: it "
                        "stays text, as it was."
                    ),
                )
            )


def _check_lists(blocks: list[ImportedBlock], file: str) -> None:
    try:  # by construction every sub-item has its item; checked, so that no file can break the draft's lists
        check_structure([Block(str(k), b.kind, b.text, b.depth, b.marker) for k, b in enumerate(blocks)])
    except InvalidInput as exc:
        at = blocks[int(exc.params["eid"])].line
        raise ImportFailed(file, at, N_("This list item cannot be placed under the paragraph above it.")) from None


def _check_identifiers(blocks: list[ImportedBlock], file: str) -> None:
    seen: dict[str, int] = {}
    for block in blocks:
        if block.eid and block.eid in seen:
            raise ImportFailed(file, block.line, N_("The paragraph identifier “{eid}” is used twice."), eid=block.eid)
        if block.eid:
            seen[block.eid] = block.line


def _joined(blocks: list[ImportedBlock]) -> list[ImportedBlock]:
    """A paragraph continuing a numbered paragraph right after it (its sub-list left out as empty) is part
    of it: a numbered paragraph may hold several paragraphs."""
    out: list[ImportedBlock] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and block.depth == 1
            and not block.marker
            and block.kind == Kind.OPERATIVE
            and previous.depth == 0
            and previous.kind == Kind.OPERATIVE
            and block.eid is None
        ):
            out[-1] = replace(previous, text=f"{previous.text}\n\n{block.text}")
        else:
            out.append(block)
    return out


def _numbered_as_shown(blocks: list[ImportedBlock]) -> list[ImportedBlock]:
    """A nested numbered item keeps the number CommonMark shows (its list's first number, then one more each item):
    a file's "1. 1. 1." or "1. 3." reads as the 1, 2, 3 or 1, 2 its reader sees, which the file writes back."""
    marks = written_marks([Block(str(k), b.kind, b.text, b.depth, b.marker) for k, b in enumerate(blocks)])
    return [
        replace(b, marker=mark) if b.depth and b.marker[:1].isdigit() and mark[:1].isdigit() else b
        for b, (_, mark) in zip(blocks, marks, strict=True)
    ]


def _escaped(block: ImportedBlock, refused: InvalidInput, file: str) -> ImportedBlock:
    """The paragraph with each line that would start another block escaped ("1\\.", "\\-", "\\#"): the
    file read them as text, and escaped they stay text, shown the same; ImportFailed if that is not enough."""
    lines = block.text.split("\n")
    escaped = replace(block, text="\n".join([lines[0], *(_BLOCK_START.sub(escape_start, line) for line in lines[1:])]))
    try:
        if escaped.text == block.text:
            raise refused
        check_text(escaped.kind, escaped.text, escaped.depth, escaped.marker)
    except InvalidInput as exc:
        raise ImportFailed(file, block.line, exc.message, **exc.params) from None
    return escaped


def parse_declaration(text: str, file: str, *, check: bool = True) -> tuple[dict[str, Any], list[ImportedBlock]]:
    """`read_declaration`'s front matter and paragraphs, of a file of Accord's own (a process's folder, a translation):
    there an identifier that is no eId is refused, not set aside."""
    read = read_declaration(text, file, check=check)
    for notice in read.notices:
        if notice.message == _FOREIGN_ID:
            raise ImportFailed(
                file, notice.line, N_("“{eid}” is not a paragraph identifier (e.g. op_12)."), eid=notice.params["eid"]
            )
    return read.meta, read.blocks


def _front_matter(chunk: list[str], file: str) -> dict[str, Any]:
    return read_mapping("\n".join(chunk[1:-1]), file, 2)


def _block(raw: FileBlock, chunk: list[str], file: str, notices: list[Notice]) -> ImportedBlock:
    """One paragraph from its lines: its kind and place, its eId (an attribute line before it, or a
    trailing `{#…}`), its text with any link reference definitions it ends with."""
    line = raw.start + 1
    kind = _kind(raw)
    body, definitions = split_definitions(blank_lines_emptied("\n".join(_text_lines(raw, chunk))).strip())
    eid, body = _trailing_eid(raw.attr_id, body)
    if eid is not None and not EID.match(eid):  # another writer's anchor (`{#scope-and-purpose}`): no eId of Accord's
        notices.append(Notice(line, _FOREIGN_ID, {"eid": eid}))
        eid = None
    if not body:
        raise ImportFailed(file, line, N_("This paragraph is empty."))
    text = f"{body}\n\n{definitions}" if definitions else body
    return ImportedBlock(eid, kind, text, line, raw.depth, _marker(raw, kind))


def _text_lines(raw: FileBlock, chunk: list[str]) -> list[str]:
    """The lines of a paragraph's text: out of the lists around it, without the line of its eId, a heading
    without its marks, code as text."""
    if raw.column or raw.type == "item":
        chunk = _dedent(chunk, raw.column, raw.type == "item")
    if raw.attr_id and len(chunk) > 1 and _ATTRIBUTE_LINE.match(chunk[0]):  # a list item's eId on its marker's line
        chunk = chunk[1:]
    if raw.type == "heading" and raw.depth == 0:
        return [_CLOSING_HASHES.sub("", _HEADING.sub("", chunk[0], count=1))]
    if raw.type == "setext_heading" and raw.depth == 0:  # the underline goes; a heading is one line
        return [" ".join(part.strip() for part in chunk[:-1])]
    if raw.type == "code":
        return code_as_text(chunk)
    return chunk


def _trailing_eid(eid: str | None, body: str) -> tuple[str | None, str]:
    """The eId a trailing `{#…}` gives (over an attribute line's) and the text without it; else `eid` and the text."""
    found = _TRAILING_ID.search(body)
    if found:
        return found.group(1), body[: found.start()].rstrip()
    return eid, body


_BLANK_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)


def blank_lines_emptied(text: str) -> str:
    """A line of spaces or tabs is a blank line to Markdown (it ends a paragraph): kept as the empty line it is, so
    that the text reads back as written."""
    return _BLANK_LINE.sub("", text)


def _with_definitions(block: ImportedBlock, lines: list[str]) -> ImportedBlock:
    body, definitions = split_definitions(block.text)
    added = "\n".join(line.strip() for line in lines if line.strip())
    both = f"{definitions}\n{added}" if definitions else added
    return replace(block, text=f"{body}\n\n{both}")


def render_declaration(blocks: Sequence[Block]) -> str:
    """The canonical file of a version: parse(render(x)) gives x back. Top-level operative paragraphs
    are numbered 1, 2, 3 …; a nested numbered list counts on from its first item's number."""
    out: list[str] = []
    columns: list[int] = []  # where the text of the last list item at each depth starts
    for block, (depth, mark) in zip(blocks, written_marks(blocks), strict=True):
        del columns[depth:]
        base = columns[depth - 1] if depth else 0
        head = f"{mark} " if mark else ""
        out.append(_rendered(block, depth, base, head))
        if head and not (block.kind == Kind.HEADING and depth == 0):
            columns.append(base + len(head))
    return "\n\n".join(out) + "\n"


def _rendered(block: Block, depth: int, base: int, head: str) -> str:
    """One paragraph as the file writes it: its mark (`head`) at column `base`, its other lines under its text, its eId
    at its end or on the line before, its footnotes and link definitions after it."""
    text, definitions = split_definitions(block.text)
    indent = " " * (base + len(head))
    lines = text.split("\n")
    # The eId at its end would make it a list item, a heading, a fence, a link reference definition …
    if _BARE_LINE.match(lines[-1]) or (block.kind != Kind.HEADING and _LABEL_LINE.search(text)):
        lines = [f"{{#{block.eid}}}", *lines]
        ending = ""
    else:
        ending = f" {{#{block.eid}}}"
    first, *rest = lines
    body = "\n".join([" " * base + head + first, *((indent + line) if line.strip() else "" for line in rest)]) + ending
    if definitions:  # under a heading, at its own margin (a heading's "##" is no list item's indentation)
        margin = " " * base if block.kind == Kind.HEADING and depth == 0 else indent
        body += "\n\n" + "\n".join(margin + line for line in definitions.split("\n"))
    return body


def check_text(kind: Kind, text: str, depth: int = 0, marker: str = "") -> None:
    """A text the declaration file can carry for its kind and place: a heading is one line, and only
    an operative paragraph at the top level (a numbered item, whose lines are indented) may hold an
    empty line; any paragraph may end with link reference definitions after an empty line."""
    check_place(kind, depth, marker)
    main, _ = split_definitions(text)
    if kind == Kind.HEADING and "\n" in main:
        raise InvalidInput(N_("A heading is a single line."), detail={"field": "text"})
    if "\n\n" in main.replace(" ", "").replace("\t", ""):
        if kind == Kind.PREAMBULAR:
            raise InvalidInput(
                N_("A preambular paragraph cannot hold an empty line: make it two paragraphs."),
                detail={"field": "text"},
            )
        if depth > 0:
            raise InvalidInput(
                N_("A sub-item cannot hold an empty line: make it two paragraphs."), detail={"field": "text"}
            )
    check_carried(kind, text, depth, marker)


def check_carried(kind: Kind, text: str, depth: int = 0, marker: str = "") -> None:
    """Refuse a text that the declaration file would not give back as one paragraph of its kind and
    place (a numbered line in a preambular paragraph, an underlined line, a code fence …)."""
    if _PLAIN_LINE.match(text):
        return  # one line that starts no block is a paragraph in CommonMark, whatever follows
    # Between two other paragraphs, under the items it belongs to: an unclosed code fence would
    # swallow the next one, and the line after a numbered item could be read as part of it.
    parents = [Block(f"p_{d}", kind, "a", d, "" if d == 0 and kind == Kind.OPERATIVE else "-") for d in range(depth)]
    # A paragraph continuing an item stands after a list nested in it (else a top-level operative item's text
    # would hold it): its place is after such a list.
    nested = [Block("s_1", kind, "a", depth, "-")] if depth and not marker else []
    around = [
        Block("op_1", Kind.OPERATIVE, "a"),
        *parents,
        *nested,
        Block("x_1", kind, text, depth, marker),
        Block("pre_1", Kind.PREAMBULAR, "b"),
    ]
    try:
        _, blocks = parse_declaration(render_declaration(around), "", check=False)
    except ImportFailed:
        blocks = []
    if [_shape(b) for b in blocks] != [_shape(b) for b in around]:
        raise InvalidInput(
            N_(
                "This text cannot be kept as one paragraph of its kind in the declaration file (a line reads as a "
                "heading, a list or code): reword that line."
            ),
            detail={"field": "text"},
        )


def _shape(block: Block | ImportedBlock) -> tuple[object, ...]:
    return block.eid, block.kind, block.text, block.depth, block.marker


__all__ = [
    "MAX_PARAGRAPHS",
    "PREFIX",
    "DeclarationFile",
    "ImportedBlock",
    "Match",
    "Notice",
    "SimilarIndex",
    "check_carried",
    "match_paragraphs",
    "parse_declaration",
    "read_declaration",
    "render_declaration",
]
