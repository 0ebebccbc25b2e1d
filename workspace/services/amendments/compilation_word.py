"""The compilation as a Word file: each open amendment a tracked change by its proposer; in one language or several
side by side."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...domain.diffing import Piece
from ...domain.permissions import Action
from ...domain.vocabulary import slugify
from ...i18n import gettext, locale_scope
from ...renderers.compilation_docx import NOT_RENDERED_NOTE, compilation_docx, languages_docx
from ...store.models import Process
from ..access import process_for
from ..actor import Actor
from ..declaration.sides import reads_draft
from ..unit import reads
from .compilation import compiled
from .compilation_languages import CompilationInLanguages, compiled_in
from .languages import asked, language_named, languages_asked, said_in
from .renderings import DONE
from .views import CompilationView


def unrendered_in(view: CompilationView) -> dict[str, tuple[str, list[Piece]]]:
    """By label, the open amendments of `view` proposed in another language and not rendered into the compilation's
    yet: what to say of each, in the compilation's language, and its change in the words it was proposed in."""
    found = {}
    for p in view.paragraphs:
        for a in p.amendments:
            own = a.renderings.get(a.lang) if a.lang and a.lang != view.language else None
            done = a.renderings.get(view.language)
            if own is not None and (done is None or done.state not in DONE):
                said = said_in(view.language, NOT_RENDERED_NOTE) % {
                    "language": language_named(view.language, view.language),
                    "origin": language_named(view.language, a.lang or ""),
                }
                found[a.label] = (said, list(own.ops))
    return found


@dataclass(frozen=True)
class CompilationFile:
    name: str  # ASCII, for a Content-Disposition header: labels are not
    body: bytes  # the .docx
    view: CompilationView | CompilationInLanguages  # what it holds


@reads
def compilation_file(
    tx: Session, actor: Actor | None, slug: str, ref: str | None = None, lang: str | None = None
) -> CompilationFile:
    """The compilation as a Word file, each open amendment a tracked change by its proposer. Its few
    words of its own (legend, labels) are in the language of the version's text, whoever asks: the
    file is one document for a whole committee, not a page in the reader's language. With `lang`, the
    compilation in that language (its words too), or in several side by side ("es-en-fr": a table, one
    column per language, its own words in the first)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    if asked(lang):
        return _file_in(tx, process, ref, reads_draft(role, actor), languages_asked(process, lang))
    with locale_scope(process.source_language):  # its printed references too ("PD 14" in a Spanish text)
        view = compiled(tx, process, ref, reads_draft(role, actor))
    title = process.titles.get(process.source_language) or slug
    with locale_scope(view.language):
        body = compilation_docx(view, f"{title} · {view.version}", gettext, unrendered_in(view))
    return CompilationFile(f"{slug}-{slugify(view.version or 'compilation', 40)}.docx", body, view)


def _file_in(tx: Session, process: Process, ref: str | None, committee: bool, langs: list[str]) -> CompilationFile:
    with locale_scope(langs[0]):
        view = compiled_in(tx, process, ref, committee, langs)
    fallback = process.titles.get(process.source_language) or process.slug
    titles = " / ".join(dict.fromkeys(process.titles.get(lang) or fallback for lang in langs))
    labels = " / ".join(dict.fromkeys(view.labels))
    body = languages_docx(view, f"{titles} · {labels}", said_in, language_named)
    name = f"{process.slug}-{slugify(view.version or 'compilation', 40)}-{'-'.join(langs)}.docx"
    return CompilationFile(name, body, view)
