"""Publishing: the gate, publishing (or a corrigendum), and the public list and files."""

from __future__ import annotations

from litestar import Controller, Response

from ...services import publication
from ...services.publication import files
from ...services.publication.views import GateView, PublicationSummary
from ..params import Db, FromPath, FromQuery, JSONBody, Slug, Who
from .routes import get, post
from .schemas import PublishInput


class PublicationController(Controller):
    path = "/processes/{slug:str}"
    tags = ("publication",)

    @get("/gate")
    def gate(self, db: Db, actor: Who, slug: Slug, version: FromQuery[str]) -> GateView:
        """What still keeps `version` from being published, each item with the page where it is fixed."""
        return publication.check_gate(db, actor, slug, version)

    @post("/publications")
    def publish(self, db: Db, actor: Who, slug: Slug, data: JSONBody[PublishInput]) -> PublicationSummary:
        """Freeze `version` as the published declaration (409 listing what blocks it); with `corrigendum_of`
        and `corrects`, a correction of an earlier publication."""
        return publication.publish(db, actor, slug, data.command())

    @get("/publications")
    def publications(self, db: Db, slug: Slug) -> list[PublicationSummary]:
        """The process's publications, for anyone (404 while it has none)."""
        return publication.publications(db, slug)

    @get("/publications/{number:int}/{name:str}", media_type="application/octet-stream")
    def file(self, db: Db, slug: Slug, number: FromPath[int], name: FromPath[str]) -> Response[bytes]:
        """A file of the publication: `{slug}.{lang}.{pdf|docx|html|md|xml}`, `{slug}.es-en-fr.{pdf|docx|html|json}`."""
        _summary, model = publication.publication_model(db, slug, number)
        body, media_type = files.render(model, name)
        return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
