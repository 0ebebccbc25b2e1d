"""Translation memory: approved translations of identical or similar source texts, across the
versions and processes the reader belongs to (of a working draft, only where they read it)."""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased

from ...domain.errors import N_, InvalidInput
from ...domain.permissions import Action
from ...domain.translation_memory import suggest
from ...domain.translations import Stored
from ...domain.values import MAX_TEXT, text_field
from ...store.models import Membership, ParagraphRevision, Translation, Version, VersionParagraph
from ..access import process_for
from ..actor import Actor
from ..declaration.sides import DRAFT_SOURCE_READERS
from ..unit import reads
from .views import SuggestionView


@reads
def memory(tx: Session, actor: Actor | None, slug: str, text: str, language: str, limit: int = 5) -> list[SuggestionView]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    asked = text_field({"text": text}, "text", required=True, limit=MAX_TEXT)
    code = (language or "").strip().lower()
    if code not in process.languages:
        raise InvalidInput(N_("“{language}” is not a language of this process."), language=language, detail={"field": "lang"})
    source, target = aliased(ParagraphRevision), aliased(ParagraphRevision)
    query = (select(source.text, target.text).select_from(Translation).join(source, source.sha == Translation.source_sha)
             .join(target, target.sha == Translation.text_sha)
             .where(Translation.language == code, Translation.state == Stored.APPROVED.value))
    if actor is not None and not actor.is_admin:
        mine = select(Membership.process_id).where(Membership.user_id == actor.id)
        # A source only in a working draft is for those who read that draft: elsewhere, circulated texts only.
        circulated = exists().where(VersionParagraph.revision_sha == Translation.source_sha, Version.id == VersionParagraph.version_id,
                                    Version.process_id == Translation.process_id)
        query = query.where(Translation.process_id.in_(mine), or_(
            Translation.process_id.in_(mine.where(Membership.role.in_([r.value for r in DRAFT_SOURCE_READERS]))), circulated))
    pairs = list(dict.fromkeys(tx.execute(query).all()))
    return [SuggestionView(source=s.source, text=s.target, similarity=round(s.similarity, 3), diff=list(s.diff))
            for s in suggest(asked, pairs, limit=max(1, min(limit, 20)))]
