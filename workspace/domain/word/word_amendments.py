"""What a Word file asks of a version: its tracked changes (or, without any, its differences from the
version) as amendments, its margin comments as threads, each on the paragraph it was matched to.

Each paragraph of the file is matched to one of the version's: by an eId bookmark (Accord's own Word
files carry them), else by the same text as it was before the changes, else by similar text (at
least half the words, as `import-version` matches). With tracked changes, several paragraphs of a
file may match one of the version (a compilation shows each amendment as a copy of its paragraph);
a clean rewrite is matched one to one and compared, as an import of a version is.

- changes inside a paragraph: one modify amendment, with the text as it reads once they are accepted
  (a paragraph matched by similar text gets the change applied to the version's text, strictly);
- an inserted paragraph: an insert after the paragraph of the version before it; a deleted one: a delete;
- a moved paragraph (w:moveFrom / w:moveTo): Accord's amendments change one paragraph each, so a move is
  a delete where it left and an insert where it went, each saying so in its rationale.
Pure: the version's paragraphs and the read file in, proposals out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..amendments.amendments import AmendmentKind
from ..comments.quotes import Quote, locate, quote_at
from ..declaration.declaration_format import DeclarationFile, ImportedBlock, Notice, match_paragraphs
from ..declaration.document import EID, Block, Kind
from ..diffing import apply_patch, make_patch, similarity
from ..errors import N_, NN_, AccordError, ImportFailed, Phrase
from ..words import normalize_space
from .word_merge import carry_edits
from .word_reading import (
    Moved,
    Revision,
    Unplaced,
    WordComment,
    WordDocument,
    WordParagraph,
    read_docx,
)

SIMILAR_ENOUGH = 0.5


@dataclass(frozen=True)
class Placement:
    """How a paragraph of the file was matched to one of the version."""

    eid: str
    how: str  # bookmark, identical, similar, neighbours, explicit
    score: float


@dataclass(frozen=True)
class WordAmendment:
    key: str  # its place in the file ("p12": the file's 13th paragraph), to leave it out when filing
    kind: AmendmentKind
    eid: str  # the paragraph it changes; for an insert, the one it goes after
    text: str  # the proposed wording ("" for a delete)
    placement: Placement | None  # None for an insert: placed after `eid`
    paragraph: int  # the file's paragraph it comes from
    paragraph_kind: Kind = Kind.OPERATIVE  # an insert: what the new paragraph is
    authors: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    note: str = ""  # a gettext message id for its rationale (a move), with `note_params`
    note_params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WordReply:
    author: str
    date: str | None
    body: str


@dataclass(frozen=True)
class WordThread:
    key: str  # "c3": the comment with w:id 3
    eid: str
    quote: Quote | None  # None: the whole paragraph
    author: str
    date: str | None
    body: str
    replies: tuple[WordReply, ...]
    placement: Placement


@dataclass(frozen=True)
class WordProposals:
    amendments: tuple[WordAmendment, ...]
    threads: tuple[WordThread, ...]
    unplaced: tuple[Unplaced, ...]


def where(paragraph: WordParagraph) -> Phrase:
    """A paragraph of the file as a reader names it: "paragraph 6"."""
    return Phrase(N_("paragraph {n}"), n=paragraph.index + 1)


def _who(revisions: Sequence[Revision]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    authors = tuple(dict.fromkeys(r.author for r in revisions if r.author))
    dates = tuple(dict.fromkeys(r.date for r in revisions if r.date))
    return authors, dates


def _new_kind(p: WordParagraph) -> Kind:
    return Kind.HEADING if p.heading else Kind.OPERATIVE if p.numbered else Kind.PREAMBULAR


def _match_each(
    paragraphs: Sequence[WordParagraph], blocks: Sequence[Block], written: Mapping[str, str]
) -> dict[int, Placement]:
    """Each paragraph of a file with tracked changes, matched on its own (several may match one of the
    version): its bookmark, else the same text as it was (or as Accord's Word file writes it), else the most
    similar text."""
    eids = {b.eid for b in blocks}
    by_text: dict[str, str] = {}
    for b in blocks:
        by_text.setdefault(normalize_space(b.text).strip(), b.eid)
    for eid, text in written.items():
        by_text.setdefault(normalize_space(text).strip(), eid)
    found: dict[int, Placement] = {}
    for p in paragraphs:
        if p.inserted or p.moved == Moved.TO or not p.before.strip():
            continue  # it was not in the text the file edits
        marked = next((name for name in p.bookmarks if name in eids), None)
        if marked is not None:
            found[p.index] = Placement(marked, "bookmark", 1.0)
            continue
        same = by_text.get(normalize_space(p.before).strip())
        if same is not None:
            found[p.index] = Placement(same, "identical", 1.0)
            continue
        if not p.changed:
            continue  # an unchanged paragraph only places inserts: cheap matches are enough
        scored = max(((similarity(b.text, p.before), b.eid) for b in blocks), default=(0.0, ""))
        if scored[0] >= SIMILAR_ENOUGH:
            found[p.index] = Placement(scored[1], "similar", round(scored[0], 3))
    return found


def _match_rewrite(paragraphs: Sequence[WordParagraph], blocks: Sequence[Block]) -> dict[int, Placement]:
    """A clean rewrite, matched one to one as an import of a version is (its bookmarks as eIds)."""
    eids = {b.eid for b in blocks}
    imported = [
        ImportedBlock(next((n for n in p.bookmarks if n in eids), None), _new_kind(p), p.after, p.index + 1)
        for p in paragraphs
        if p.after.strip()
    ]
    kept = [p for p in paragraphs if p.after.strip()]
    matches = match_paragraphs(blocks, imported, set(eids))
    how = {"explicit": "bookmark"}
    return {
        p.index: Placement(m.block.eid, how.get(m.how, m.how), round(m.score, 3))
        for p, m in zip(kept, matches, strict=True)
        if m.how != "new"
    }


def read_proposals(
    data: bytes, file: str, blocks: Sequence[Block], written: Mapping[str, str] | None = None
) -> tuple[bool, WordProposals]:
    """Read the Word file `data` and what it asks of the version whose paragraphs are `blocks`: whether it holds
    tracked changes, and its amendments and threads (the whole of the slow part, for a worker process)."""
    document = read_docx(data, file)
    return document.tracked, proposals(document, blocks, written)


def proposals(
    document: WordDocument, blocks: Sequence[Block], written: Mapping[str, str] | None = None
) -> WordProposals:
    """The amendments and threads the file asks of the version whose paragraphs are `blocks`. `written`: each
    paragraph's text as Accord's own Word file of the version reads back (eId → text, `renderers.publication_docx.
    read_back`), where Word does not carry all of its Markdown (a link's address, `_` for `*`): a clean rewrite's
    paragraph that reads so is unchanged, and one that reads otherwise changes the version's own Markdown as the file
    changed the words, so that a downloaded file sent back asks nothing and an edited one only what was edited."""
    written = written or {}
    tracked = document.tracked
    placed = (
        _match_each(document.paragraphs, blocks, written) if tracked else _match_rewrite(document.paragraphs, blocks)
    )
    asking = _Asking({b.eid: b.text for b in blocks}, written, tracked, placed)
    amendments: list[WordAmendment] = []
    unplaced = list(document.unplaced)
    for p in document.paragraphs:
        asked = asking.asked(p)
        if isinstance(asked, WordAmendment):
            amendments.append(asked)
        elif asked is not None:
            unplaced.append(asked)
    if not tracked:
        amendments += _left_out(blocks, placed)
    threads, lost = _threads(document, placed, asking.texts)
    return WordProposals(tuple(amendments), tuple(threads), tuple(unplaced + lost))


@dataclass
class _Asking:
    """The file's paragraphs read in order against the version's (`texts`: eId → text), each matched as `placed`
    says: what each asks (an amendment), or why what it asks cannot be filed. `before` is the eId of the version's
    paragraph the file's text has reached: a paragraph new in the file is inserted after it."""

    texts: dict[str, str]
    written: Mapping[str, str]
    tracked: bool
    placed: dict[int, Placement]
    before: str | None = None

    def asked(self, p: WordParagraph) -> WordAmendment | Unplaced | None:
        """What paragraph `p` of the file asks: an amendment, an Unplaced saying why it cannot, or nothing."""
        placement = self.placed.get(p.index)
        if self.tracked and not p.changed:
            self.before = placement.eid if placement else self.before
            return None
        if self._is_new(p, placement):
            return _insert(p, self.before)
        if placement is None:
            return _unmatched(p, self.tracked)
        self.before = placement.eid
        base = self.texts[placement.eid]
        if p.deleted or p.moved == Moved.FROM or not p.after.strip():
            return _delete(p, placement)
        return self._modify(p, placement, base)

    def _is_new(self, p: WordParagraph, placement: Placement | None) -> bool:
        """A paragraph with text that the version does not hold: inserted or moved here, or in a clean rewrite
        matched to none of the version's."""
        new = p.inserted or p.moved == Moved.TO or (not self.tracked and placement is None)
        return new and bool(p.after.strip())

    def _modify(self, p: WordParagraph, placement: Placement, base: str) -> WordAmendment | Unplaced | None:
        """The version's paragraph `base` with the file's changes: a modify amendment; nothing when its words are
        the same (a formatting change, or a rewrite of an unchanged paragraph)."""
        written = self.written.get(placement.eid)
        wording = _wording(p, base, written) if self.tracked else _rewritten(p, base, written)
        if wording is None:
            return Unplaced(
                where(p),
                N_("Its changes do not apply to the version's text of {eid}, which reads otherwise."),
                {"eid": placement.eid},
            )
        if normalize_space(wording) == normalize_space(base):
            return None
        authors, dates = _who(p.revisions)
        return WordAmendment(
            f"p{p.index}",
            AmendmentKind.MODIFY,
            placement.eid,
            wording,
            placement,
            p.index,
            authors=authors,
            dates=dates,
        )


def _insert(p: WordParagraph, before: str | None) -> WordAmendment | Unplaced:
    """A paragraph new in the file, inserted after the version's paragraph `before` (moved here, it says so);
    none can go before the version's first."""
    if before is None:
        return Unplaced(
            where(p),
            N_(
                "A paragraph inserted before the first paragraph of the version: an amendment inserts a paragraph "
                "after another."
            ),
        )
    note = N_("Moved here in the Word file (“{name}”).") if p.moved == Moved.TO else ""
    authors, dates = _who(p.revisions)
    return WordAmendment(
        f"p{p.index}",
        AmendmentKind.INSERT,
        before,
        p.after,
        None,
        p.index,
        _new_kind(p),
        authors,
        dates,
        note,
        {"name": p.move_name} if note else {},
    )


def _unmatched(p: WordParagraph, tracked: bool) -> Unplaced | None:
    """A paragraph matched to none of the version's: said when it changes something (any paragraph with text of
    a clean rewrite does)."""
    if p.changed or (not tracked and p.after.strip()):
        return Unplaced(where(p), N_("Its changes are in a paragraph that matches none of the version."))
    return None


def _delete(p: WordParagraph, placement: Placement) -> WordAmendment:
    """The version's paragraph that the file deleted (or moved elsewhere: it says so)."""
    note = N_("Moved elsewhere in the Word file (“{name}”).") if p.moved == Moved.FROM else ""
    authors, dates = _who(p.revisions)
    return WordAmendment(
        f"p{p.index}",
        AmendmentKind.DELETE,
        placement.eid,
        "",
        placement,
        p.index,
        authors=authors,
        dates=dates,
        note=note,
        note_params={"name": p.move_name} if note else {},
    )


def _wording(p: WordParagraph, base: str, written: str | None) -> str | None:
    """The version's text with the file's changes. Where the file's text before them is the version's, or the
    version's as Accord's Word file writes it (`written`): the words changed in the version's text (its Markdown
    and wrapping kept), else the file's text as accepted; else the change applied, strictly, to the version's
    text (None if it does not apply)."""
    was = normalize_space(p.before).strip()
    same = was == normalize_space(base).strip()
    if same or (written is not None and was == normalize_space(written).strip()):
        carried = carry_edits(p.before, p.after, base)
        if carried is not None:
            return carried
        if same:
            return p.after
    try:
        return apply_patch(make_patch(p.before, p.after), base)
    except AccordError:
        return None


def _rewritten(p: WordParagraph, base: str, written: str | None) -> str:
    """A clean rewrite's text of the version's paragraph: the version's text with the words the file changed
    changed in it (its Markdown and wrapping kept: none changed if the file reads as Accord's Word file writes
    it), or where a change touches Markdown that Word does not carry (a link's address), the file's text."""
    carried = None if written is None else carry_edits(written, p.after, base)
    return p.after if carried is None else carried


def _left_out(blocks: Sequence[Block], placed: dict[int, Placement]) -> list[WordAmendment]:
    """The version's paragraphs a clean rewrite left out: each a delete."""
    kept = {pl.eid for pl in placed.values()}
    return [
        WordAmendment(f"d{b.eid}", AmendmentKind.DELETE, b.eid, "", Placement(b.eid, "absent", 0.0), -1)
        for b in blocks
        if b.eid not in kept
    ]


def _threads(
    document: WordDocument, placed: dict[int, Placement], texts: dict[str, str]
) -> tuple[list[WordThread], list[Unplaced]]:
    by_id = {c.id: c for c in document.comments}
    paragraphs = {p.index: p for p in document.paragraphs}
    replies: dict[str, list[WordComment]] = {}
    for c in document.comments:
        root = c
        seen: set[str] = set()
        while (
            root.parent is not None and root.parent in by_id and root.id not in seen
        ):  # a reply to a reply: to its thread
            seen.add(root.id)
            root = by_id[root.parent]
        if root is not c:
            replies.setdefault(root.id, []).append(c)
    threads: list[WordThread] = []
    unplaced: list[Unplaced] = []
    for c in document.comments:
        if c.parent is not None and c.parent in by_id:
            continue
        placement = placed.get(c.paragraph)
        p = paragraphs.get(c.paragraph)
        if placement is None or p is None:
            unplaced.append(
                Unplaced(
                    Phrase(N_("comment {n}"), n=c.id), N_("A comment on a paragraph that matches none of the version.")
                )
            )
            continue
        text = texts[placement.eid]
        threads.append(
            WordThread(
                f"c{c.id}",
                placement.eid,
                _quote(p, c, text),
                c.author,
                c.date,
                c.body,
                tuple(
                    WordReply(r.author, r.date, r.body)
                    for r in sorted(replies.get(c.id, []), key=lambda r: r.date or "")
                ),
                placement,
            )
        )
    return threads, unplaced


def _quote(p: WordParagraph, c: WordComment, text: str) -> Quote | None:
    """The commented words in the version's text: at their place when the file's text is the version's,
    else found by their words and context; the whole paragraph if they are not there (new words)."""
    if c.start is None or c.end is None or c.end <= c.start or not p.before[c.start : c.end].strip():
        return None
    if p.before == text:
        try:
            return quote_at(text, c.start, c.end)
        except AccordError:
            return None
    exact = p.before[c.start : c.end]
    try:
        return locate(text, exact, p.before[max(0, c.start - 32) : c.start], p.before[c.end : c.end + 32])
    except AccordError:
        return None


def as_declaration(document: WordDocument, file: str) -> DeclarationFile:
    """A Word file read as a declaration file (the committee's revised draft): each paragraph as it reads
    with every tracked change accepted, a heading style a heading, a numbered paragraph operative, an eId
    bookmark its eId; a notice names the tracked changes still pending in it and what is not read."""
    eids: set[str] = set()
    blocks: list[ImportedBlock] = []
    for p in document.paragraphs:
        text = p.after.strip()
        if not text:
            continue
        eid = next((n for n in p.bookmarks if EID.match(n) and n not in eids), None)
        if eid:
            eids.add(eid)
        kind = _new_kind(p)
        blocks.append(ImportedBlock(eid, kind, " ".join(text.split()) if kind == Kind.HEADING else text, p.index + 1))
    if not blocks:
        raise ImportFailed(file, None, N_("The file holds no paragraph."))
    pending = [p for p in document.paragraphs if p.changed]
    notices = (
        [
            Notice(
                pending[0].index + 1,
                NN_(
                    "{count} paragraph holds tracked changes still pending: it is read as if they were accepted.",
                    "{count} paragraphs hold tracked changes still pending: they are read as if accepted.",
                    "count",
                ),
                {"count": str(len(pending))},
            )
        ]
        if pending
        else []
    )
    notices += [Notice(0, u.reason, dict(u.params), u.where) for u in document.unplaced]
    return DeclarationFile({}, blocks, notices)


__all__ = [
    "Placement",
    "WordAmendment",
    "WordProposals",
    "WordReply",
    "WordThread",
    "as_declaration",
    "proposals",
    "read_proposals",
    "where",
]
