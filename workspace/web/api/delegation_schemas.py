"""The request body of a member's change (`PUT /processes/{slug}/members/{email}`)."""

from __future__ import annotations

from msgspec import UNSET, UnsetType

from ...domain.consultations.consultations import UNCHANGED, MemberChange
from .schemas import Body, Language, RoleName
from .schemas import DelegationCode as Code


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
