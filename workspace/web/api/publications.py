"""Publishing: the gate, publishing (or a corrigendum), and the public list and files."""

from __future__ import annotations

import hashlib
from typing import Annotated

from litestar import Controller, Response
from litestar.params import QueryParameter, RawBody
from msgspec import structs

from ...domain.labels import BLOCKER_KINDS
from ...domain.publication.publication_commands import KeepLeftover, Publish
from ...services import publication
from ...services.publication.verification import LARGEST, Verified
from ...services.publication.views import BlockerView, GateView, PublicationSummary
from ..context import files_later
from ..downloads import CACHE_FOREVER, RANGE_RESPONSES, file_response
from ..http import AnyRequest
from ..openapi import ERROR_RESPONSES, PublicOperation
from ..params import Db, FromPath, FromQuery, JSONBody, Number, Slug, Who
from .paging import LINK, LIST_LIMIT, Limit, Offset, part
from .routes import delete, get, post
from .schemas import choice_filter

GateKind = Annotated[str | None, choice_filter(BLOCKER_KINDS)]
FileName = Annotated[
    str | None, QueryParameter(max_length=200, description="The file's name, as it was published (no folder).")
]


class PublicationController(Controller):
    path = "/processes/{slug:str}"
    tags = ("publication",)

    @get("/gate", response_headers=[LINK])
    def gate(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        version: FromQuery[str],
        kind: GateKind = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[GateView]:
        """What still keeps `version` from being published, each item with the page where it is fixed: those of
        `kind` (every kind by default), a part of at most `limit` from `offset` (the `Link` header names the
        next); `total` counts them all, `counts` each kind's, `clear` says whether the gate is clear; `kept` lists
        the negotiation's leftovers the committee keeps on purpose (each blocker that is one has its `leftover` key)."""
        gate = publication.check_gate(db, actor, slug, version, kind=kind, limit=limit + 1, offset=offset)
        answer = part(request, gate.blockers, limit, offset)
        return Response(structs.replace(gate, blockers=answer.content), headers=answer.headers)

    @post("/gate/kept")
    def keep_leftover(self, db: Db, actor: Who, slug: Slug, data: JSONBody[KeepLeftover]) -> BlockerView:
        """The committee keeps a leftover that the gate of `version` names (its `leftover` key) on purpose: said once,
        it blocks no more, in this version or a later one; the gate lists it under `kept` (404: no such leftover)."""
        return publication.keep_leftover(db, actor, slug, data)

    @delete("/gate/kept/{leftover:str}")
    def take_back_leftover(self, db: Db, actor: Who, slug: Slug, leftover: FromPath[str]) -> None:
        """The committee no longer keeps that leftover on purpose: the gate blocks on it again (204 either way)."""
        publication.take_back_leftover(db, actor, slug, leftover)

    @post("/publications")
    def publish(
        self, request: AnyRequest, db: Db, actor: Who, slug: Slug, data: JSONBody[Publish]
    ) -> PublicationSummary:
        """Freeze `version` as the published declaration (409 listing what blocks it); with `corrigendum_of`
        and `corrects`, a correction of an earlier publication. Where a job queue runs, the files are rendered
        by a worker after the commit: `files` is then empty here and `rendering` says how many are made; `GET
        …/publications` lists them once they all are."""
        return publication.publish(db, actor, slug, data, files_later=files_later(request))

    @get("/publications", security=[], operation_class=PublicOperation)
    def publications(self, db: Db, slug: Slug) -> list[PublicationSummary]:
        """The process's publications, for anyone (404 while it has none), each with its files: name, media
        type, size and the sha256 of the bytes a download gives."""
        return publication.publications(db, slug)

    @get(
        "/publications/{number:int}/manifest.json",
        media_type="application/json",
        security=[],
        operation_class=PublicOperation,
    )
    def manifest(self, db: Db, slug: Slug, number: Number) -> Response[bytes]:
        """The publication's manifest: every file with its size and SHA-256, the process, the version, the languages,
        when and by whom it was published, the key that signed it (`key_id`); `signed_later` when the publication was
        made before manifests were signed. Frozen bytes, signed by `manifest.json.minisig` beside it: `minisign -V -p
        accord.pub -m manifest.json` verifies it with the instance's key (`/.well-known/accord-keys.json`)."""
        signed = publication.signed_manifest(db, slug, number)
        return Response(signed.manifest, media_type="application/json", headers=_frozen(signed.manifest))

    @get(
        "/publications/{number:int}/manifest.json.minisig",
        media_type="text/plain",
        security=[],
        operation_class=PublicOperation,
    )
    def manifest_signature(self, db: Db, slug: Slug, number: Number) -> Response[bytes]:
        """The manifest's detached signature, in minisign's format (Ed25519, prehashed), whose trusted comment names
        the publication and the manifest's SHA-256."""
        signed = publication.signed_manifest(db, slug, number)
        return Response(signed.signature, media_type="text/plain; charset=utf-8", headers=_frozen(signed.signature))

    @get(
        "/publications/{number:int}/{name:str}",
        media_type="application/octet-stream",
        responses={**ERROR_RESPONSES, **RANGE_RESPONSES},
        security=[],
        operation_class=PublicOperation,
    )
    def file(self, request: AnyRequest, db: Db, slug: Slug, number: Number, name: FromPath[str]) -> Response[bytes]:
        """A file of the publication: `{slug}.{lang}.{pdf|docx|html|md|xml}`, `{slug}.es-en-fr.{pdf|docx|html|json}`.
        Always the bytes kept when it was published: the `ETag` is their sha256 (`If-None-Match` gives 304), caches
        may keep them for ever, and `Range` asks for a part (206, or 416 past the end)."""
        stored = publication.published_file(db, slug, number, name)
        return file_response(request, stored, lambda: publication.file_content(db, stored))


@post(
    "/verify",
    security=[],
    operation_class=PublicOperation,
    status_code=200,
    tags=["publication"],
    request_max_body_size=LARGEST,  # a published file, however long the declaration: not the API's 2 MiB
)
def verify_file(db: Db, body: RawBody, name: FileName = None) -> Verified:
    """Is the body a genuine published file? `genuine` with the `process`, its `publication` and `version`, the file's
    `lang` (`es-en-fr` for every language at once), its `file` name and when it was `published_at`, when its SHA-256
    is a published file's (or the body is a publication's signed manifest); otherwise, with `name` (the file's name),
    `differs` says how it differs from the published file of that name: sizes, digests, and the first byte that
    differs. For anyone; nothing sent is kept."""
    return publication.verify(db, body, name)


def _frozen(data: bytes) -> dict[str, str]:
    """Bytes that never change once made: cached for ever, named by their digest."""
    return {"ETag": f'"{hashlib.sha256(data).hexdigest()}"', "Cache-Control": CACHE_FOREVER}
