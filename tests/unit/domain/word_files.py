"""Word files for the reader's tests, as python-docx writes them, with the parts a test needs written
by lxml: a body of `w:p` (tracked changes, comment ranges …) given as WordprocessingML, comments
with their bodies, dates and replies (commentsExtended.xml, as Word writes them), a style sheet.

The package python-docx makes from its default template is made once; each file is that zip with
its document part (and comment parts) replaced, which keeps hypothesis examples fast.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.packuri import PackURI
from docx.opc.part import Part

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)
COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
CT_EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"


@dataclass(frozen=True)
class Comment:
    body: str  # plain text (one paragraph), or paragraphs as `w:p` XML when it starts with "<"
    author: str = "Ana Pérez"
    date: str = "2024-05-03T09:00:00Z"
    parent: int | None = None  # the index (in the list given) of the comment it replies to
    done: bool = False


def run(text: str, bold: bool = False, italic: bool = False, deleted: bool = False) -> str:
    """A run of text (a `w:delText` when `deleted`)."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


def change(
    kind: str, content: str, author: str = "Ana Pérez", date: str = "2024-05-01T10:00:00Z", ident: int = 1
) -> str:
    return f'<w:{kind} w:id="{ident}" w:author="{escape(author)}" w:date="{date}">{content}</w:{kind}>'


def para(content: str, properties: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{content}</w:p>"


def mark(kind: str, author: str = "Ana Pérez", date: str = "2024-05-01T10:00:00Z", ident: int = 900) -> str:
    """Paragraph properties whose mark is inserted or deleted (kind "ins" | "del" | "moveFrom" | "moveTo")."""
    return f'<w:rPr><w:{kind} w:id="{ident}" w:author="{escape(author)}" w:date="{date}"/></w:rPr>'


@lru_cache(maxsize=1)
def _template() -> dict[str, bytes]:
    """python-docx's package with an (empty) comments part and a commentsExtended part related."""
    document = Document()
    document.comments  # noqa: B018 - makes the comments part and its relationship
    extended = Part(
        PackURI("/word/commentsExtended.xml"),
        CT_EXTENDED,
        f"<w15:commentsEx {NAMESPACES}/>".encode(),
        document.part.package,
    )
    document.part.relate_to(extended, COMMENTS_EXTENDED)
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx(
    body: str,
    comments: tuple[Comment, ...] | list[Comment] = (),
    styles: str | None = None,
    parts: dict[str, bytes] | None = None,
) -> bytes:
    """A .docx whose body is `body` (WordprocessingML, `w:` prefixed), with `comments` (ids 0, 1 … in
    order), `styles` replacing the style sheet, and any `parts` added or replaced."""
    files = dict(_template())
    document = files["word/document.xml"].decode()
    start, end = document.index("<w:body>") + len("<w:body>"), document.index("<w:sectPr")
    files["word/document.xml"] = (
        (document[:start] + body + document[end:]).replace("<w:document ", f"<w:document {NAMESPACES} ", 1).encode()
    )
    _fix_duplicate_namespaces(files)
    entries, extended = [], []
    for i, comment in enumerate(comments):
        body_xml = comment.body if comment.body.startswith("<") else para(run(comment.body))
        last = body_xml.rindex("<w:p")
        para_id = f"{i + 1:08X}"
        body_xml = body_xml[:last] + f'<w:p w14:paraId="{para_id}"' + body_xml[last + 4 :]
        entries.append(
            f'<w:comment w:id="{i}" w:author="{escape(comment.author)}" w:date="{comment.date}" '
            f'w:initials="X">{body_xml}</w:comment>'
        )
        parent = f' w15:paraIdParent="{comment.parent + 1:08X}"' if comment.parent is not None else ""
        extended.append(f'<w15:commentEx w15:paraId="{para_id}"{parent} w15:done="{int(comment.done)}"/>')
    files["word/comments.xml"] = f"<w:comments {NAMESPACES}>{''.join(entries)}</w:comments>".encode()
    files["word/commentsExtended.xml"] = f"<w15:commentsEx {NAMESPACES}>{''.join(extended)}</w15:commentsEx>".encode()
    if styles is not None:
        files["word/styles.xml"] = f"<w:styles {NAMESPACES}>{styles}</w:styles>".encode()
    files.update(parts or {})
    return zip_of(files)


def _fix_duplicate_namespaces(files: dict[str, bytes]) -> None:
    """python-docx's document element declares some of NAMESPACES already: keep each declaration once."""
    document = files["word/document.xml"].decode()
    head_end = document.index(">", document.index("<w:document "))
    head = document[:head_end]
    seen: set[str] = set()
    kept = []
    for token in head.split(" "):
        name = token.split("=", 1)[0]
        if name.startswith("xmlns") and name in seen:
            continue
        seen.add(name)
        kept.append(token)
    files["word/document.xml"] = (" ".join(kept) + document[head_end:]).encode()


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def template_parts() -> dict[str, bytes]:
    """The parts of a plain python-docx package, for tests that make a package of their own."""
    return dict(_template())
