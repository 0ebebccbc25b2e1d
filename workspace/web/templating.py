"""Jinja2 set up for Accord: gettext of the request's locale, safe Markdown, Babel dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from markupsafe import Markup

from .. import i18n
from ..domain import markdown
from ..domain.declaration import compare_render
from ..domain.declaration.document import Block, Kind
from ..domain.declaration.references import anchor, anchors, references
from ..domain.series import link_ref
from ..domain.vocabulary import LANGUAGE_NAMES, LANGUAGES
from . import labels
from .live_words import live_words

TEMPLATES = Path(__file__).parent / "templates"


def edition_refs(edition: Any) -> dict[str, str]:
    """eid -> printed reference of a published edition's paragraphs in its language: the published text is numbered
    cleanly (its "18." is "PD 18"), what its permalinks (`anchor`) are made of."""
    blocks = [Block(p.eid, Kind(p.kind), p.text, p.depth, p.marker) for p in edition.paragraphs]
    return references(blocks, None, edition.language)


def configure(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)  # type: ignore[attr-defined]
    env.globals.update(
        locale=i18n.get_locale,
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        language_name=i18n.language_name,
        # A version's name in the page's language where it has one ("Zero draft"), else its own (source) label.
        version_label=lambda v: v.labels.get(i18n.get_locale(), v.label),
        live_words=live_words,  # what a live page says of what changed (_live.html)
        # The label of the sign-in with the organisation's accounts ("UCLG account"), or "" where there is none.
        sign_in_with=lambda request: request.app.state.settings.oidc_offered,
    )
    env.filters.update(
        markdown=lambda text: Markup(markdown.render(text)),
        diff_inline=lambda ops: Markup(compare_render.markdown_inline(ops)),
        diff_sides=lambda ops: tuple(Markup(side) for side in compare_render.markdown_sides(list(ops))),
        inline_markdown=lambda text: Markup(markdown.render_inline(text)),
        datetime=i18n.format_datetime,
        date=i18n.format_date,
        day=i18n.format_day,
        time=i18n.format_time,
        number=i18n.format_number,
        size=i18n.format_size,
        language_name=i18n.language_name,
        zone_time=i18n.zone_time,  # a process's clock in words: "hora de Turquía", never "Europe/Istanbul"
        zone_label=i18n.zone_label,  # a time zone by its city and country: "Estambul (Turquía)"
        link_ref=link_ref,  # "A7" → "7" in a link or a field name; "D3" stays
        anchor=anchor,  # a printed reference as a permalink's fragment: "PD 18" → "pd-18"
        anchors=anchors,  # every fragment that lands on it: its own, then the other languages' ("op-18")
        edition_refs=edition_refs,  # a publication's edition: eid -> printed reference
        **labels.FILTERS,
    )
    env.globals.update(labels.GLOBALS)
    env.trim_blocks = True
    env.lstrip_blocks = True
    # The templates ship with the package and change only with it: checking each file's time at every use (of a
    # page, of each template it includes or imports) was 9 % of a version page's time under load.
    env.auto_reload = False


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(
        directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=lambda e: configure(e.engine)
    )
