"""The one place markdown-it-py is configured: user Markdown rendered inert and safe."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from .errors import NN_, InvalidInput

SAFE_SCHEMES = ("http:", "https:", "mailto:")
MAX_INLINE_DEPTH = 32
"""Emphasis, links and code inside each other, as a file's structure is read: markdown-it builds its syntax tree by
recursion, and a word between 3,000 `*` on each side was a RecursionError (issue 65). Real texts nest three or four."""


class NestedTooDeep(InvalidInput):
    """A block whose text nests emphasis and links beyond MAX_INLINE_DEPTH; `line`: where it starts (0-based)."""

    def __init__(self, line: int) -> None:
        super().__init__(
            NN_(
                "The text nests emphasis and links more than {limit} level deep.",
                "The text nests emphasis and links more than {limit} levels deep.",
                "limit",
            ),
            limit=MAX_INLINE_DEPTH,
        )
        self.line = line


def _safe_link(url: str) -> bool:
    """Only web and mail links; relative links and anchors are fine, `javascript:` and `data:` are not."""
    value = url.strip().lower()
    if ":" not in value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True
    return value.startswith(SAFE_SCHEMES)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # No images: a declaration does not carry them (an import keeps their Markdown, and says so), and in
    # a comment an image from elsewhere would tell its server who reads the page.
    md.disable("image")
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def render(text: str) -> str:
    """HTML for user Markdown: raw HTML shown as text, unsafe links left as plain text."""
    html: str = _parser().render(text or "")  # markdown-it says Any: a renderer may be swapped; ours makes HTML
    return html


def render_inline(text: str) -> str:
    """HTML for the inline Markdown of one paragraph (emphasis, links, code), without block wrappers."""
    html: str = _parser().renderInline(text or "")
    return html


# An escaped character or a code span (kept as written: a backslash there would show), or a `<` that
# would open an HTML tag, a closing tag, a comment, a declaration or an instruction (an autolink
# `<https://…>` has a colon: it stays).
_HTML_OPENING = re.compile(r"\\[\s\S]|(`+)[\s\S]*?(?<!`)\1(?!`)|<(?=[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|/[A-Za-z]|[!?])")


def inert_html(text: str) -> str:
    """The text with every `<` that would open raw HTML escaped (`\\<`): a file read by any Markdown
    renderer, raw HTML on, shows it as the text Accord shows. A text without any comes back unchanged."""
    if "<" not in text:
        return text
    return _HTML_OPENING.sub(lambda m: "\\<" if m.group(0) == "<" else m.group(0), text)


@lru_cache(maxsize=1)
def _structure_parser() -> MarkdownIt:
    from mdit_py_plugins.attrs import attrs_block_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").use(front_matter_plugin).use(attrs_block_plugin)
    md.block.ruler.before(
        "heading", "spaced_heading", _spaced_heading, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    return md


def _spaced_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `#` heading whose marks are followed by a space that is not ASCII's (`##\u00a0Title`, as Kramdown and Word
    write it): a heading to its writer, plain text to CommonMark's own rule (which takes every other heading)."""
    if state.is_code_block(start):
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    found = _SPACED_HEADING.match(line)
    if found is None:
        return False
    if silent:
        return True
    state.line = start + 1
    level = len(found.group(1))
    content = _CLOSING_MARKS.sub("", line[found.end() :]).strip()
    opening = state.push("heading_open", f"h{level}", 1)
    inline = state.push("inline", "", 0)
    closing = state.push("heading_close", f"h{level}", -1)
    opening.markup = closing.markup = "#" * level
    opening.map = inline.map = [start, state.line]
    inline.content, inline.children = content, []
    return True


# Marks and then a Unicode space that CommonMark does not count as one (a no-break space, a narrow one …).
_SPACED_HEADING = re.compile(r"^(#{1,6})[^\S \t\n]")
_CLOSING_MARKS = re.compile(r"(?:^|\s)#+\s*$")
_ATTRIBUTES_LINE = re.compile(r"^ {0,3}\{[^{}]*\}[ \t]*$")
ATTRIBUTE_LIST = re.compile(r"^[ \t]*\{:(?!:)[^{}\n]*\}[ \t]*$")
"""A line of Kramdown's attributes (`{: .class}`, `{:toc}`, `{:.no_toc}`, `{:name: .class}`): markup of the block
it stands by, no words of it."""
_SPAN_ATTRIBUTES = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)|\\[\s\S]|(?<=\S)[ \t]*\{:(?!:)[^{}\n]*\}")
_TABLE_OF_CONTENTS = re.compile(r"^[ \t]*\{:[^{}\n]*(?<![\w.#-])toc(?![\w-])[^{}\n]*\}[ \t]*$")
_LEAD = re.compile(r"^[ \t]*")
_MARKER = re.compile(r"^( *)([-+*]|\d{1,9}[.)])( *)")
_LISTS = ("bullet_list", "ordered_list")
# Blocks that hold their words as written; any other block (a quotation, a table …) is read as text.
_TYPES = {"paragraph": "paragraph", "fence": "code", "code_block": "code", "html_block": "html"}


@dataclass(frozen=True)
class FileBlock:
    """A block of a Markdown file as the declaration format reads it: a heading, a paragraph, a list
    item (its own text, before any list nested in it), or a block inside a list item after a nested
    list. Lines are 0-based and end-exclusive, as markdown-it maps them; `column` is how far its lines
    are indented inside the list items around it (to be taken off)."""

    type: str  # front_matter, heading, setext_heading, item, paragraph, code, html, other, definitions
    start: int
    end: int
    attr_id: str | None = None
    depth: int = 0  # 0: the top level; a list item nested in another is one deeper
    marker: str = ""  # "#" … "######" for a heading, the list marker as written ("-", "3.") for an item
    column: int = 0
    root: str = ""  # the marker of the top-level list item it stands in ("" at the top level)


@dataclass(frozen=True)
class FileNotice:
    """Something of the file that Accord does not carry as such (an image, HTML, a rule …)."""

    line: int  # 0-based
    what: str  # image, html, rule, code, empty_item, empty_heading, attributes, toc


def without_attribute_lists(line: str) -> str:
    """The line without Kramdown's attributes of a span or of the block it ends (`*words*{: .class}`,
    `[link](https://…){:target="_blank"}`); code spans and escapes as written."""
    if "{:" not in line:
        return line
    return _SPAN_ATTRIBUTES.sub(lambda m: "" if m.group(0).lstrip(" \t").startswith("{:") else m.group(0), line)


def expand_lead(line: str) -> str:
    """The line with the tabs of its indentation as spaces (tab stops of 4, as CommonMark reads them)."""
    lead = _LEAD.match(line)
    assert lead is not None
    return lead.group().expandtabs(4) + line[lead.end() :]


def file_blocks(text: str) -> tuple[list[FileBlock], list[FileNotice]]:
    """The blocks of a Markdown file in order, list items one by one at any depth, and what the file
    holds that is not carried as such. Link reference definitions, which markdown-it consumes without
    a token, are the lines at the top level that no block covers ("definitions")."""
    lines = text.split("\n")
    tokens = _structure_parser().parse(text)
    _check_nesting(tokens)
    root = SyntaxTreeNode(tokens)
    found: list[FileBlock] = []
    notices: list[FileNotice] = []
    covered: set[int] = set()
    items = _ListItems(lines, found, notices)
    for node in root.children:
        assert node.map is not None
        covered.update(range(*node.map))
        if node.type in _LISTS:
            for item in _after_contents(node, lines, notices):
                items.read(item, 0, 0, "")
        elif node.type == "hr":
            notices.append(FileNotice(node.map[0], "rule"))
        elif node.type == "front_matter":
            found.append(FileBlock("front_matter", *node.map))
        elif (block := _block(node, node.map[0], node.map[1], 0, 0, "", notices, lines)) is not None:
            found.append(block)
    found.extend(FileBlock("definitions", start, end) for start, end in _definitions(lines, covered))
    return sorted(found, key=lambda b: b.start), sorted(notices, key=lambda n: n.line)


def _check_nesting(tokens: list[Token]) -> None:
    """NestedTooDeep for the first block whose inline tokens open more than MAX_INLINE_DEPTH inside each other."""
    for token in tokens:
        depth = 0
        for child in token.children or ():
            depth += child.nesting
            if depth > MAX_INLINE_DEPTH:
                raise NestedTooDeep(token.map[0] if token.map else 0)


def _after_contents(node: SyntaxTreeNode, lines: list[str], notices: list[FileNotice]) -> list[SyntaxTreeNode]:
    """The items of the list `node` but the place of a table of contents that Kramdown makes: an item (`* TOC`) with
    `{:toc}` under it, whose words are a placeholder for the headings (left out, with a notice)."""
    kept = []
    for item in node.children:
        assert item.map is not None
        last = next((n for n in range(item.map[1] - 1, item.map[0] - 1, -1) if lines[n].strip()), item.map[0])
        if _TABLE_OF_CONTENTS.match(lines[last]):
            notices.append(FileNotice(item.map[0], "toc"))
        else:
            kept.append(item)
    return kept


def _block(
    node: SyntaxTreeNode,
    start: int,
    end: int,
    depth: int,
    column: int,
    root: str,
    notices: list[FileNotice],
    lines: list[str],
) -> FileBlock | None:
    """The block of `node`; None for a heading without words, or a paragraph of Kramdown's attributes only (both left
    out, with a notice)."""
    if node.type == "paragraph" and all(ATTRIBUTE_LIST.match(line) for line in lines[start:end] if line.strip()):
        notices.append(FileNotice(start, "attributes"))
        return None
    if node.type == "heading":
        if _empty(node):
            notices.append(FileNotice(start, "empty_heading"))
            return None
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        setext = node.markup in ("=", "-")  # underlined: its text is the lines above the underline
        return FileBlock(
            "setext_heading" if setext else "heading", start, end, _id(node), depth, "#" * level, column, root
        )
    kind = _TYPES.get(node.type, "other")
    if kind in ("code", "html"):
        notices.append(FileNotice(start, kind))
    _inline_notices(node, notices)
    return FileBlock(kind, start, end, _id(node), depth, "", column, root)


@dataclass
class _ListItems:
    """Reads the items of a file's lists, at any depth, into its blocks and notices (its lines at hand: where
    each item's text starts)."""

    lines: list[str]
    found: list[FileBlock]
    notices: list[FileNotice]

    def read(self, item: SyntaxTreeNode, depth: int, outer: int, root: str) -> None:
        """A list item: its own text (what comes before a list nested in it), then each nested item one
        deeper, then each other block after them as a paragraph inside the item, one deeper too."""
        assert item.map is not None
        start, end = item.map
        marker = f"{item.info}{item.markup}" if item.info else item.markup
        column = _content_column(self.lines[start], outer)
        root = root or marker
        children = self._without_empty_headings(list(item.children), start)
        own = _own_blocks(children, several=depth == 0 and bool(item.info))
        rest = children[own:]
        bounds = [c.map[0] for c in rest if c.map is not None] + [end]
        first = self._own_text(children[:own], start, bounds[0], depth, column, root)
        if first is None and not rest:
            self.notices.append(FileNotice(start, "empty_item"))
            return
        attr_id = _id(item) or (first.attr_id if first is not None else None)  # no text of its own: refused
        self.found.append(FileBlock("item", start, bounds[0], attr_id, depth, marker, column, root))
        self._after_own_text(rest, bounds[1:], depth + 1, column, root)

    def _without_empty_headings(self, children: list[SyntaxTreeNode], start: int) -> list[SyntaxTreeNode]:
        """An item's blocks without the headings without words that lead them (each one noticed)."""
        while children and children[0].type == "heading" and _empty(children[0]):
            self.notices.append(FileNotice(children[0].map[0] if children[0].map else start, "empty_heading"))
            children.pop(0)
        return children

    def _own_text(
        self, own: list[SyntaxTreeNode], start: int, end: int, depth: int, column: int, root: str
    ) -> FileBlock | None:
        """The block of an item's own text (its first block; the notices of the others taken), None without one."""
        first = _block(own[0], start, end, depth, column, root, self.notices, self.lines) if own else None
        if first is not None:
            for child in own[1:]:
                _inline_notices(child, self.notices)
        return first

    def _after_own_text(self, rest: list[SyntaxTreeNode], ends: list[int], depth: int, column: int, root: str) -> None:
        """What follows an item's own text, at `depth`: the items of each nested list, each other block as a
        paragraph inside the item (ending where the next one starts)."""
        for child, child_end in zip(rest, ends, strict=True):
            assert child.map is not None
            if child.type in _LISTS:
                for nested in _after_contents(child, self.lines, self.notices):
                    self.read(nested, depth, column, root)
            elif (
                block := _block(child, child.map[0], child_end, depth, column, root, self.notices, self.lines)
            ) is not None:
                self.found.append(block)


def _own_blocks(children: list[SyntaxTreeNode], several: bool) -> int:
    """How many of an item's first blocks, before a nested list, are its own text. Only a top-level operative
    paragraph (`several`) holds several paragraphs of its own; elsewhere each paragraph after the first is one
    of its own, inside the item."""
    own = 0
    while own < len(children) and children[own].type not in _LISTS:
        own += 1
    return own if several or own <= 1 else 1


def _empty(heading: SyntaxTreeNode) -> bool:
    return not any(child.content.strip() for child in heading.walk() if child.type == "inline")


def _content_column(line: str, outer: int) -> int:
    """Where the text of a list item starts (its lines are indented by as much), from its first line."""
    expanded = expand_lead(line)
    found = _MARKER.match(expanded[outer:]) if expanded[:outer].strip() == "" else None
    if found is None:
        return outer
    indent, marker, spaces = (len(g) for g in found.groups())
    rest = expanded[outer + found.end() :]
    # No text on the line, or an indented code block after the marker: the text is one space after it.
    if not rest.strip() or spaces > 4:
        spaces = 1
    return outer + indent + marker + max(spaces, 1)


def _inline_notices(node: SyntaxTreeNode, notices: list[FileNotice]) -> None:
    for inline in node.walk():
        if inline.type == "inline" and inline.map is not None:
            for child in inline.children:
                if child.type in ("image", "html_inline"):
                    notices.append(FileNotice(inline.map[0], "image" if child.type == "image" else "html"))


def _definitions(lines: list[str], covered: set[int]) -> list[tuple[int, int]]:
    """Runs of lines that no token covers and that are neither blank nor an attributes line
    (`{#op_1}`, consumed by the attrs plugin): link reference definitions."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""]):
        loose = number < len(lines) and number not in covered and line.strip() and not _ATTRIBUTES_LINE.match(line)
        if loose and start is None:
            start = number
        elif not loose and start is not None:
            runs.append((start, number))
            start = None
    return runs


def _id(node: SyntaxTreeNode) -> str | None:
    value = node.attrs.get("id") if node.attrs else None
    return str(value) if value else None
