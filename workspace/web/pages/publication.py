"""Publication pages: the committee's gate and publish form; and, for the public (no account), the
published declaration per language, the three languages in parallel, the list and its Atom feed,
and the downloads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Response
from litestar.datastructures import UploadFile

from ... import i18n
from ...domain.errors import N_, NotFound
from ...domain.paging import page_number
from ...domain.publication.publication import parallel_rows
from ...domain.publication.publication_commands import KeepLeftover, Publish
from ...domain.vocabulary import LANGUAGES
from ...i18n import gettext as _
from ...services import publication
from ...services.publication.verification import LARGEST
from ...services.screens import publication as screens
from ..context import absolute, files_later
from ..downloads import file_response
from ..http import AnyRequest, AnyResponse
from ..params import Db, FromPath, FromQuery, InPath, Query, Slug, Who
from ..routes import get, post
from .common import flash, page, parts, render
from .draft import with_languages
from .forms import Form, PageForm, Upload, chosen, see_other
from .refusals import OF_THE_FORM, Sent, shown_again


def _publish_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: str | None, **context: Any
) -> AnyResponse:
    asked = request.query_params
    screen = screens.publish_screen(db, actor, slug, version, asked.get("kind") or None, page_number(asked.get("page")))
    places = {f"place_{code}": screen.process.places.get(code, "") for code in screen.process.languages}
    context.setdefault("values", {"symbol": "", "date": "", "corrects": "", "corrigendum_of": "", **places})
    return page(request, "publication/publish.html", tab="declaration", **parts(screen), **context)


@get("/p/{slug:str}/publish", include_in_schema=False)
def publish_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None) -> AnyResponse:
    return _publish_page(request, db, actor, slug, version)


def _publish_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, **context: Any) -> AnyResponse:
    version = values.get("version") or None
    return _publish_page(request, db, actor, slug, version, failed_form="publish", values=values, **context)


@post("/p/{slug:str}/publish", include_in_schema=False)
@shown_again(_publish_again, shows=OF_THE_FORM)
def publish_form(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[Publish], sent: Sent) -> AnyResponse:
    """The publish form: the version, its symbol and date, what it corrects, its place in each language (a field
    each: the command's `places`)."""
    command = with_languages(data, "places", sent, "place_")
    made = publication.publish(db, actor, slug, command, files_later=files_later(request))
    flash(request, _("%(symbol)s is published.", symbol=made.symbol))
    return see_other(f"/p/{slug}/publications")


def _kept_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, **context: Any) -> AnyResponse:
    return _publish_page(request, db, actor, slug, values.get("version") or None, failed_form="kept", **context)


@post("/p/{slug:str}/publish/kept", include_in_schema=False)
@shown_again(_kept_again)
def keep_leftover_form(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[KeepLeftover]) -> AnyResponse:
    """A leftover of the negotiation that the committee keeps in the text on purpose: it no longer blocks."""
    publication.keep_leftover(db, actor, slug, data)
    flash(request, _("Kept on purpose: it no longer keeps the text from being published."))
    return see_other(f"/p/{slug}/publish?{urlencode({'version': data.version})}#gate-title")


@post("/p/{slug:str}/publish/kept/take-back", include_in_schema=False)
@shown_again(_kept_again)
def take_back_leftover_form(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[KeepLeftover]
) -> AnyResponse:
    """A leftover kept on purpose, taken back: the gate holds the text on it again."""
    publication.take_back_leftover(db, actor, slug, data.leftover)
    flash(request, _("No longer kept: it keeps the text from being published again."))
    return see_other(f"/p/{slug}/publish?{urlencode({'version': data.version})}#gate-title")


# -- what the public reads --------------------------------------------------------------------


def _listed(db: Db, slug: Slug) -> tuple[Any, Any, list[Any]]:
    listed = publication.publications(db, slug)  # first: it may keep the files of an older publication
    summary, model = publication.publication_model(db, slug)
    return summary, model, listed


@get("/p/{slug:str}/publications", include_in_schema=False)
def publications_page(request: AnyRequest, db: Db, slug: Slug) -> AnyResponse:
    summary, model, listed = _listed(db, slug)
    return page(request, "publication/list.html", model=model, latest=summary, publications=listed)


@get("/p/{slug:str}/publications.atom", include_in_schema=False)
def publications_feed(request: AnyRequest, db: Db, slug: Slug) -> AnyResponse:
    _summary, model, listed = _listed(db, slug)
    body = render(
        request, "publication/feed.atom", {"model": model, "publications": listed, "base": absolute(request, "")}
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@get("/p/{slug:str}/parallel", include_in_schema=False)
def parallel_page(
    request: AnyRequest, db: Db, slug: Slug, publication_number: FromQuery[int | None] = None
) -> AnyResponse:
    summary, model = publication.publication_model(db, slug, publication_number)
    return page(request, "publication/parallel.html", model=model, summary=summary, rows=parallel_rows(model.editions))


@get("/p/{slug:str}/publications/{number:int}/{name:str}", include_in_schema=False)
def download(request: AnyRequest, db: Db, slug: Slug, number: FromPath[int], name: InPath) -> AnyResponse:
    stored = publication.published_file(db, slug, number, name)
    return file_response(request, stored, lambda: publication.file_content(db, stored))


@get("/p/{slug:str}/{lang:str}", include_in_schema=False)
def edition_page(
    request: AnyRequest, db: Db, slug: Slug, lang: InPath, publication_number: FromQuery[int | None] = None
) -> AnyResponse:
    if lang not in LANGUAGES:
        raise NotFound(N_("This page does not exist."))
    summary, model = publication.publication_model(db, slug, publication_number)
    if lang not in model.languages:
        raise NotFound(N_("This page does not exist."))
    # The public reads the declaration and its page in one language: the switcher of editions switches both.
    i18n.set_locale(lang)
    return page(
        request,
        "publication/edition.html",
        model=model,
        summary=summary,
        edition=model.edition(lang),
        one_switcher=True,
    )


class VerifyForm(PageForm):
    file: UploadFile | None = None


@get("/verify", include_in_schema=False)
def verify_page(request: AnyRequest) -> AnyResponse:
    """For anyone: a file chosen here is said genuine (which publication) or not (how it differs)."""
    return page(request, "publication/verify.html")


@post("/verify", include_in_schema=False, status_code=200, request_max_body_size=LARGEST + 64 * 1024)
def verify_upload(request: AnyRequest, db: Db, data: Upload[VerifyForm]) -> AnyResponse:
    upload = chosen(data.file)
    if upload is None:
        return page(request, "publication/verify.html", 422, error=_("Choose a file to verify."))
    return page(
        request, "publication/verify.html", verified=publication.verify(db, upload.file.read(), upload.filename)
    )
