"""Pages of the declaration: the reading page (a version, or the working draft for the committee), a version's
names, compare, crosswalk, coverage and its links. The draft's editing is in draft.py, a version's import in
version_import.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from litestar.response import Redirect
from markupsafe import Markup

from ...domain.declaration.declaration_commands import SetVersionLabels
from ...i18n import gettext as _
from ...services.declaration import coverage, versions
from ...services.declaration.paragraphs import DRAFT
from ...services.declaration.views import ParagraphView
from ...services.screens import declaration as screens
from ..gzipped import GZIPS_ITSELF
from ..http import AnyRequest, AnyResponse
from ..params import Db, FromQuery, ParagraphRef, Query, Slug, VersionRef, Who
from ..routes import get, post
from .common import flash, kept_macros, kept_part, page, parts, screen_page
from .draft import by_language, place, printed
from .forms import Form, PageForm, see_other
from .refusals import OF_THE_FORM, shown_again

BASE = "/p/{slug:str}/declaration"


class LabelsForm(PageForm):
    """A version's names in each language (LANGUAGES): `label_en`, `label_fr` …"""

    label_es: str = ""
    label_en: str = ""
    label_fr: str = ""


class LinkForm(PageForm):
    ref: str = ""
    eid: str = ""
    remove: str = ""
    back: str = ""


@get(BASE, include_in_schema=False, opt={GZIPS_ITSELF: True})
def declaration(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None) -> AnyResponse:
    """The Declaration tab: the reading page of what the person may read (the working draft for the committee, the
    latest circulated version for everyone else). `version` (the switcher's choice, sent without script) opens that
    one: a version at its own address, the draft here."""
    lang = request.query_params.get("lang") or None
    chosen_ref = (version or "").strip()
    if chosen_ref and chosen_ref.lower() != DRAFT:
        query = f"?{urlencode({'lang': lang})}" if lang else ""
        return see_other(f"/p/{slug}/declaration/versions/{quote(chosen_ref, safe='')}{query}")
    if chosen_ref:
        screen = screens.draft_reading_screen(db, actor, slug, *place(request), lang)
    else:
        screen = screens.reading_screen(db, actor, slug, *place(request), lang)
    return _reading_page(request, screen, f"/p/{slug}/declaration")


def _labels_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: str, data: Any, **context: Any
) -> AnyResponse:
    return _version_page(request, db, actor, slug, ref, failed_form="labels", **context)


@post(BASE + "/versions/{ref:str}/labels", include_in_schema=False)
@shown_again(_labels_again, shows=OF_THE_FORM)
def version_labels(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef, data: Form[LabelsForm]
) -> AnyResponse:
    """A version's names, one field a language: the command's `labels`."""
    labels = SetVersionLabels(labels=by_language(data.values(), "label_"))
    view = versions.set_version_labels(db, actor, slug, ref, labels)
    flash(request, _("The names of %(label)s are saved.", label=view.label))
    return see_other(f"/p/{slug}/declaration/versions/{view.number}")


@get(BASE + "/versions/{ref:str}", include_in_schema=False, opt={GZIPS_ITSELF: True})
def version_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> AnyResponse:
    return _version_page(request, db, actor, slug, ref)


def _version_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: str, **extra: Any) -> AnyResponse:
    screen = screens.version_screen(db, actor, slug, ref, *place(request), request.query_params.get("lang") or None)
    return _reading_page(request, screen, f"/p/{slug}/declaration/versions/{screen.ref}", **extra)


def _reading_page(request: AnyRequest, screen: screens.ReadingScreen, here: str, **extra: Any) -> AnyResponse:
    """The reading page of a version or of the working draft (`here`: its address, without the query), made once
    for every reader of its screen (`kept`) unless a form's answer (`extra`) is in it."""
    text = kept_part(screen.key, lambda: paragraphs_html(request, screen)) if screen.ref else Markup("")
    return page(
        request,
        "declaration/reading.html",
        kept=None if extra or not screen.ref else screen.key,
        tab="declaration",
        process=screen.process,
        reading=screen,
        versions=screen.versions,
        window=screen.window,
        text_html=text,
        edition=screen.lang,
        untranslated=len(screen.untranslated),
        here=here,
        **extra,
    )


def paragraphs_html(request: AnyRequest, screen: screens.ReadingScreen) -> Markup:
    """The paragraphs of a page of a text as every reader of the screen's role sees them: each kept by what it
    shows (its text, its marks, its count of open threads), so that a change renders again only what it changed."""
    slug, source, ref = screen.process.slug, screen.language, screen.ref
    untranslated = set(screen.untranslated)
    calls = []
    for p in screen.paragraphs:
        count, marks = screen.threads.get(p.eid, 0), tuple(screen.marks.get(p.eid, ()))
        language = source if p.eid in untranslated or not screen.lang else screen.lang  # the words' own language
        shown_in = source if language != (screen.lang or source) else None  # not translated: said on the paragraph
        key = (slug, language, ref, *_shown(p), count, marks, shown_in)
        calls.append((key, (p, slug, language, ref, count, marks, shown_in)))
    return Markup("").join(kept_macros(request, "declaration/_paragraph.html", "paragraph", calls))


def _shown(p: ParagraphView) -> tuple[object, ...]:
    """What names what a paragraph shows, for good (its revision names its text; its reference may change while its
    text does not: a paragraph inserted before it, a renumbering)."""
    return (p.eid, p.kind, p.ref, p.revision, tuple(p.recommendations), p.depth, p.marker)


@get(BASE + "/versions/{ref:str}/projector/{eid:str}", include_in_schema=False)
def projector_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef, eid: ParagraphRef
) -> AnyResponse:
    """A paragraph under negotiation, large, for the room's screen (arrow keys go to the next and previous)."""
    screen = screens.projector_screen(db, actor, slug, ref, eid)
    return screen_page(request, "declaration/projector.html", "declaration", screen)


@get(BASE + "/compare", include_in_schema=False)
def compare_page(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    old: Query = None,
    new: Query = None,
    view: FromQuery[str] = "inline",
    all: FromQuery[bool] = False,
    only: Query = None,
) -> AnyResponse:
    screen = screens.compare_screen(db, actor, slug, old, new)
    if not (old and new) and len(screen.versions) >= 2:
        old, new = str(screen.versions[-2].number), str(screen.versions[-1].number)
        screen = screens.compare_screen(db, actor, slug, old, new)
    return page(
        request,
        "declaration/compare.html",
        tab="declaration",
        old=old,
        new=new,
        view="sides" if view == "sides" else "inline",
        show_all=all,
        only=only or "",
        **parts(screen),
    )


@get(BASE + "/versions/{ref:str}/crosswalk", include_in_schema=False)
def crosswalk_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> AnyResponse:
    """Each paragraph's printed reference in a version against the one before it (old → new)."""
    screen = screens.crosswalk_screen(db, actor, slug, ref)
    return screen_page(request, "declaration/crosswalk.html", "declaration", screen)


@get(BASE + "/coverage", include_in_schema=False)
def coverage_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    screen = screens.coverage_screen(db, actor, slug)
    return page(request, "declaration/coverage.html", tab="declaration", **parts(screen))


@post(BASE + "/links", include_in_schema=False)
def link(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[LinkForm]) -> Redirect:
    ref, eid = data.ref, data.eid.strip()
    if data.remove:
        coverage.unlink_recommendation(db, actor, slug, ref, eid)
        flash(
            request,
            _("Recommendation %(ref)s is no longer linked to %(eid)s.", ref=ref, eid=printed(db, actor, slug, eid)),
        )
    else:
        coverage.link_recommendation(db, actor, slug, ref, eid)
        flash(request, _("Recommendation %(ref)s is linked to %(eid)s.", ref=ref, eid=printed(db, actor, slug, eid)))
    # Back to the screen the link was made from: the recommendation's, or the paragraph's.
    back = f"/p/{slug}/declaration/draft/{eid}" if data.back == "paragraph" else f"/p/{slug}/recommendations/{ref}"
    return see_other(back + "#links")
