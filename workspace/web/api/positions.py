"""Where the delegations stand, and the consensus view."""

from __future__ import annotations

from litestar import Controller, Response

from ...domain.delegations.positions import SetPosition
from ...services import positions
from ...services.positions import ConsensusView, PositionView
from ..params import Db, JSONBody, Query, Slug, Who
from ..responses import csv_response
from .routes import get, put


class PositionController(Controller):
    path = "/processes/{slug:str}"
    tags = ("positions",)

    @put("/positions")
    def set_position(self, db: Db, actor: Who, slug: Slug, data: JSONBody[SetPosition]) -> PositionView:
        """A delegation's position on a paragraph (`eid`) or an amendment (`amendment`): supports, can_live_with,
        reservation or objects, with a note (an explanation of position). `delegation`: the writer's own when left
        out (the committee may name any; a member only theirs: 403). Created where the delegation holds none; changed
        where `base_revision` is the revision stored, else 409 with what is stored (`detail.stored`)."""
        return positions.set_position(db, actor, slug, data)

    @get("/positions")
    def list_positions(
        self, db: Db, actor: Who, slug: Slug, eid: Query = None, amendment: Query = None, delegation: Query = None
    ) -> list[PositionView]:
        """The positions the reader may read (every delegation's if the committee made them public, else their own
        delegation's; the committee reads all), on a paragraph, an amendment, or of a delegation."""
        return positions.list_positions(db, actor, slug, eid=eid, amendment=amendment, delegation=delegation)

    @get("/consensus")
    def consensus(self, db: Db, actor: Who, slug: Slug, version: Query = None) -> ConsensusView:
        """Per paragraph of a version (its number or label; the working draft for the committee by default, the
        latest version for others): its printed reference, its level of agreement (`status`: not_discussed,
        under_negotiation, agreed_informals, agreed_ad_ref, agreed_plenary, reopened) and colour, the count and the
        codes of the delegations holding each position, and, agreed ad referendum, those it waits on; per section and
        over the whole text, the count per level; the delegations objecting; the positions changed since the last
        circulation."""
        return positions.consensus(db, actor, slug, version)

    @get("/consensus.csv", media_type="text/csv")
    def consensus_csv(self, db: Db, actor: Who, slug: Slug, version: Query = None) -> Response[str]:
        view = positions.consensus(db, actor, slug, version)
        return csv_response(positions.consensus_csv(view), f"{slug}-consensus.csv")
