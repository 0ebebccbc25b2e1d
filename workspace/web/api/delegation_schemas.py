"""Wire types of the delegations' and positions' request bodies."""

from __future__ import annotations

from typing import Annotated

from litestar.openapi.spec import OpenAPIType, Schema
from msgspec import UNSET, UnsetType

from ...domain.consultations.consultations import UNCHANGED, MemberChange
from ...domain.delegations.delegations import MAX_NAME, DelegationFields, DelegationKind
from ...domain.delegations.positions import MAX_NOTE, SetPosition, Stance
from ...domain.vocabulary import LANGUAGES
from ...services.delegations.word_authors import MAX_AUTHOR
from .schemas import AmendmentNumber, Body, EidText, Language, RoleName, _says, text_schema
from .schemas import DelegationCode as Code

Names = Annotated[
    dict[str, str],
    _says(
        property_names=Schema(type=OpenAPIType.STRING, enum=list(LANGUAGES)),
        additional_properties=Schema(type=OpenAPIType.STRING, **text_schema(MAX_NAME)),
        description="The delegation's name in each language of the process; the source language's is required.",
    ),
]
KindName = Annotated[str, _says(enum=[kind.value for kind in DelegationKind])]
StanceName = Annotated[str, _says(enum=[stance.value for stance in Stance])]


class DelegationInput(Body):
    code: Code
    names: Names
    kind: KindName = DelegationKind.MEMBER_STATE.value

    def command(self) -> DelegationFields:
        return DelegationFields(code=self.code, names=self.names, kind=self.kind)


class DelegationUpdate(Body):
    """What changes: a new `code` renames the delegation; a field left out stays as it is."""

    code: Code | None = None
    names: Names | None = None
    kind: KindName | None = None

    def command(self) -> DelegationFields:
        return DelegationFields(code=self.code, names=self.names, kind=self.kind)


class MergeInput(Body):
    into: Code  # the delegation that takes over what this one did


class MemberUpdate(Body):
    """`delegation`: the code of the delegation the member speaks for, or null for themselves; left out, it stays.
    `role`, `languages`, `reviews`: as when inviting, where given."""

    delegation: Code | UnsetType | None = UNSET
    role: RoleName | None = None
    languages: list[Language] | None = None
    reviews: list[Language] | None = None

    def command(self) -> MemberChange:
        return MemberChange.build(
            delegation=UNCHANGED if isinstance(self.delegation, UnsetType) else self.delegation,
            role=self.role,
            languages=self.languages,
            reviews=self.reviews,
        )


class PositionInput(Body):
    """A delegation's position on a paragraph (`eid`) or an amendment (`amendment`). `delegation`: the caller's own
    when left out. `base_revision`: the revision of the position the writer saw (0: none); left out, the write
    is refused (409, with what is stored) where the delegation already holds a position."""

    position: StanceName
    delegation: Code | None = None
    eid: EidText | None = None
    amendment: AmendmentNumber | None = None
    note: Annotated[str, _says(**text_schema(MAX_NOTE))] = ""
    base_revision: Annotated[int, _says(minimum=0)] | None = None

    def command(self) -> SetPosition:
        return SetPosition.build(
            delegation=self.delegation,
            eid=self.eid,
            amendment=self.amendment,
            position=self.position,
            note=self.note,
            base_revision=self.base_revision,
        )


class WordAuthorInput(Body):
    author: Annotated[str, _says(**text_schema(MAX_AUTHOR, required=True))]  # as Word writes it (w:author)
    delegation: Code | None  # null: forget the author
