"""The delegations of a process."""

from __future__ import annotations

from litestar import Controller

from ...domain.delegations.delegations import AddDelegation, ChangeDelegation, MapWordAuthor, MergeDelegation
from ...services import delegations
from ...services.delegations import DelegationView, WordAuthorView
from ..params import Db, DelegationCode, JSONBody, Slug, Who
from .routes import delete, get, post, put


class DelegationController(Controller):
    path = "/processes/{slug:str}/delegations"
    tags = ("delegations",)

    @get("/")
    def index(self, db: Db, actor: Who, slug: Slug) -> list[DelegationView]:
        """Every delegation of the process, by code; each name in the reader's language (`name`) and in every
        language (`names`)."""
        return delegations.list_delegations(db, actor, slug)

    @post("/")
    def add(self, db: Db, actor: Who, slug: Slug, data: JSONBody[AddDelegation]) -> DelegationView:
        """A new delegation (the drafting committee): its code, its names (the source language's required), its
        kind. 409 if the process has that code already."""
        return delegations.add_delegation(db, actor, slug, data)

    @get("/{code:str}")
    def read(self, db: Db, actor: Who, slug: Slug, code: DelegationCode) -> DelegationView:
        return delegations.get_delegation(db, actor, slug, code)

    @put("/{code:str}")
    def update(
        self, db: Db, actor: Who, slug: Slug, code: DelegationCode, data: JSONBody[ChangeDelegation]
    ) -> DelegationView:
        """Change its names or kind, or rename it with a new `code` (what it did stays its own)."""
        return delegations.update_delegation(db, actor, slug, code, data)

    @delete("/{code:str}")
    def remove(self, db: Db, actor: Who, slug: Slug, code: DelegationCode) -> None:
        """Delete a delegation that has done nothing (its members then speak for themselves); one with positions,
        amendments, co-sponsorships or threads on record is kept: 409 (merge it, or rename it)."""
        delegations.delete_delegation(db, actor, slug, code)

    @post("/{code:str}/merge", status_code=200)
    def merge(
        self, db: Db, actor: Who, slug: Slug, code: DelegationCode, data: JSONBody[MergeDelegation]
    ) -> DelegationView:
        """Merge this delegation into `into`: everything it did becomes the other's (where both hold a position on
        the same thing, the other's stays); the answer is the delegation that remains."""
        return delegations.merge_delegation(db, actor, slug, code, data)


class WordAuthorController(Controller):
    path = "/processes/{slug:str}/word-authors"
    tags = ("delegations",)

    @get("/")
    def index(self, db: Db, actor: Who, slug: Slug) -> list[WordAuthorView]:
        """The Word authors the committee said are a delegation's (a Word file's changes by such an author are filed
        on its behalf); the committee's only."""
        return delegations.list_word_authors(db, actor, slug)

    @put("/")
    def map(self, db: Db, actor: Who, slug: Slug, data: JSONBody[MapWordAuthor]) -> list[WordAuthorView]:
        """Say which delegation a Word author (`author`, as Word writes it) is, or forget it (`delegation` null)."""
        return delegations.map_word_author(db, actor, slug, data)
