"""Translations in the store: who may write or review a language, the translations of a text (each
made from one source revision), and their views with the source diff and the quality checks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.declaration.document import Block, numbering, revision_id
from ...domain.diffing import Piece, word_diff
from ...domain.errors import N_, Forbidden, InvalidInput
from ...domain.permissions import Action, allows, require
from ...domain.translations.translation_checks import Finding, Glossary, check_translation
from ...domain.translations.translation_checks import GlossaryTerm as Term
from ...domain.translations.translations import State, Stored, state_of
from ...domain.vocabulary import Role
from ...store.models import GlossaryTerm, Membership, Process, Translation, User
from ..actor import Actor
from ..declaration.paragraphs import texts_of
from .views import CheckView, TranslationView


def edition_language(process: Process, language: str | None, field: str = "lang") -> str:
    """A language of the process, an edition's (422 naming it otherwise); None or empty: the source language."""
    code = (language or process.source_language).strip().lower()
    if code not in process.languages:
        raise InvalidInput(
            N_("“{language}” is not a language of this process."), language=language, detail={"field": field}
        )
    return code


def target_language(process: Process, language: str) -> str:
    """A language the process is translated into (422 otherwise: unknown, or the source itself)."""
    code = (language or "").strip().lower()
    if code not in process.languages:
        raise InvalidInput(
            N_("“{language}” is not a language of this process."), language=language, detail={"field": "language"}
        )
    if code == process.source_language:
        raise InvalidInput(
            N_("“{language}” is the source language of this process: it is written in the draft, not translated."),
            language=code,
            detail={"field": "language"},
        )
    return code


def _membership(tx: Session, process: Process, actor: Actor | None) -> Membership | None:
    if actor is None:
        return None
    return tx.scalar(select(Membership).where(Membership.process_id == process.id, Membership.user_id == actor.id))


def may_write(tx: Session, process: Process, role: Role | None, actor: Actor | None, language: str) -> bool:
    is_admin = bool(actor and actor.is_admin)
    member = _membership(tx, process, actor) if role == Role.TRANSLATOR and not is_admin else None
    return writes_language(role, is_admin, member.languages if member is not None else (), language)


def writes_language(role: Role | None, is_admin: bool, languages: Collection[str], language: str) -> bool:
    """may_write from what is already read: the person's role, whether they administer, the languages their
    membership names (a shared room checks each writer's updates with it, many at once)."""
    if not allows(role, Action.TRANSLATE, is_admin=is_admin):
        return False
    return role != Role.TRANSLATOR or is_admin or language in languages


def may_review(tx: Session, process: Process, role: Role | None, actor: Actor | None, language: str) -> bool:
    if not allows(role, Action.REVIEW_TRANSLATION, is_admin=bool(actor and actor.is_admin)):
        return False
    if role != Role.TRANSLATOR or (actor and actor.is_admin):
        return True
    member = _membership(tx, process, actor)
    return member is not None and language in member.reviews


def require_writer(tx: Session, process: Process, role: Role | None, actor: Actor | None, language: str) -> None:
    require(role, Action.TRANSLATE, is_admin=bool(actor and actor.is_admin))
    if not may_write(tx, process, role, actor, language):
        member = _membership(tx, process, actor)
        raise Forbidden(
            N_("You translate into {languages}, not into {language}."),
            language=i18n.language_name(language),
            languages=", ".join(i18n.language_name(code) for code in (member.languages if member else None) or [])
            or "—",
        )


def require_reviewer(tx: Session, process: Process, role: Role | None, actor: Actor | None, language: str) -> None:
    require(role, Action.REVIEW_TRANSLATION, is_admin=bool(actor and actor.is_admin))
    if not may_review(tx, process, role, actor, language):
        raise Forbidden(
            N_("Only the drafting committee and reviewers of {language} can approve its translations."),
            language=i18n.language_name(language),
        )


def translations_of(
    tx: Session, process: Process, language: str, eids: Iterable[str] | None = None
) -> dict[str, list[Translation]]:
    """Every translation into `language` of the paragraphs, newest first."""
    query = select(Translation).where(Translation.process_id == process.id, Translation.language == language)
    wanted = list(eids) if eids is not None else None
    if wanted is not None:
        query = query.where(Translation.eid.in_(wanted))
    found: dict[str, list[Translation]] = defaultdict(list)
    for row in tx.scalars(query.order_by(Translation.updated_at.desc(), Translation.id.desc())):
        found[row.eid].append(row)
    return found


def current(rows: list[Translation], source_sha: str) -> tuple[Translation | None, State]:
    """The translation read with source revision `source_sha`: made from it, else the latest (outdated)."""
    for row in rows:
        if row.source_sha == source_sha:
            return row, state_of(Stored(row.state), row.source_sha, source_sha)
    if rows:
        return rows[0], State.OUTDATED
    return None, State.MISSING


@lru_cache(maxsize=8192)
def _checked(source: str, target: str, source_lang: str, target_lang: str, glossary: Glossary) -> tuple[Finding, ...]:
    """The checks of a translation, kept for the last 8,192 (a page of the editor checks a hundred paragraphs
    at each view: 1 ms each, for the same texts and glossary)."""
    return tuple(check_translation(source, target, source_lang, target_lang, glossary))


def glossary(tx: Session, process: Process) -> Glossary:
    """The process's glossary, ready to check the paragraphs of a page."""
    return Glossary(
        [
            Term(g.source, dict(g.translations), {k: tuple(v) for k, v in g.forbidden.items()})
            for g in tx.scalars(
                select(GlossaryTerm).where(GlossaryTerm.process_id == process.id).order_by(GlossaryTerm.source)
            )
        ]
    )


def views(
    tx: Session,
    process: Process,
    blocks: list[Block],
    language: str,
    *,
    checks: bool = True,
    numbers: dict[str, int] | None = None,
    refs: Mapping[str, str] | None = None,
) -> list[TranslationView]:
    """Each paragraph of `blocks` (the source) with its translation into `language`: the state, what
    the translation was made from, the source's change since (for an outdated one), the checks. The
    paragraphs' `numbers` are counted in `blocks`, unless given (`blocks` is then part of the text)."""
    rows = translations_of(tx, process, language, [b.eid for b in blocks])
    page = _Page(
        source_language=process.source_language,
        language=language,
        terms=glossary(tx, process) if checks else None,
        numbers=numbering(blocks) if numbers is None else numbers,
        refs=refs or {},
        texts=_sources_read(tx, rows),
        names=_editors(tx, rows),
    )
    return [page.view(b, rows.get(b.eid, [])) for b in blocks]


def _sources_read(tx: Session, rows: dict[str, list[Translation]]) -> dict[str, str]:
    """The texts of the source revisions the translations speak of (made from, checked over, confirmed over), in
    one query."""
    found = [r for each in rows.values() for r in each]
    return texts_of(
        tx,
        {r.source_sha for r in found}
        | {r.checked_sha for r in found if r.checked_sha}
        | {r.confirmed_over for r in found if r.confirmed_over},
    )


def _editors(tx: Session, rows: dict[str, list[Translation]]) -> dict[int, str]:
    """The names of the people who last saved the translations, by id, in one query."""
    ids = {r.updated_by_id for each in rows.values() for r in each if r.updated_by_id}
    return dict(tx.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


@dataclass(frozen=True)
class _Page:
    """What the views of a list of paragraphs share: the languages, the glossary they are checked with (None: no
    checks), their numbers and printed references, the source texts and editors' names their translations name."""

    source_language: str
    language: str
    terms: Glossary | None
    numbers: dict[str, int]
    refs: Mapping[str, str]
    texts: dict[str, str]
    names: dict[int, str]

    def view(self, block: Block, found: list[Translation]) -> TranslationView:
        """Paragraph `block` with its translation among `found` (its paragraph's, newest first)."""
        sha = revision_id(block.text)
        row, state = current(found, sha)
        text = row.text.text if row is not None else ""
        # Made from the source as it reads now: its revision, review and confirmation still hold.
        now = row if state != State.OUTDATED else None
        confirmed = now.confirmed_over if now is not None else None
        return TranslationView(
            eid=block.eid,
            source_revision=sha,
            source_text=block.text,
            text=text,
            state=state.value,
            made_from=row.source_sha if row is not None else None,
            source_diff=self.diff(row.source_sha, block.text) if row is not None and now is None else None,
            checks=self.checks(block.text, text),
            kind=block.kind.value,
            number=self.numbers.get(block.eid),
            ref=self.refs.get(block.eid, ""),
            note=row.note if row is not None else "",
            check_editorial=bool(now is not None and now.checked_sha),
            updated_by=self.editor(row),
            updated_at=row.updated_at if row is not None else None,
            text_revision=now.text_sha if now is not None else "",
            confirmed_over=confirmed,
            confirmed_over_diff=self.diff(confirmed, block.text) if confirmed else None,
        )

    def editor(self, row: Translation | None) -> str | None:
        """The name of who last saved translation `row`, if any."""
        return self.names.get(row.updated_by_id) if row is not None and row.updated_by_id else None

    def diff(self, made_from: str, source: str) -> list[Piece]:
        """The source's change from revision `made_from` to the text `source`."""
        return list(word_diff(self.texts.get(made_from, ""), source))

    def checks(self, source: str, text: str) -> list[CheckView]:
        """The findings of the checks of translation `text` of `source`, in the reader's language."""
        if self.terms is None or not text:
            return []
        return [
            CheckView(check=f.check, severity=f.severity.value, message=i18n.translate(f.message).format(**f.params))
            for f in _checked(source, text, self.source_language, self.language, self.terms)
        ]
