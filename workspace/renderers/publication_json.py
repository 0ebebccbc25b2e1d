"""A publication as one JSON bundle: every edition with its paragraphs and checksum, the symbol,
the dates. The checksum of an edition is sha256 of `domain.publication.publication.edition_text`."""

from __future__ import annotations

import json
from typing import Any

from ..domain.publication.publication import Edition, PublicationModel

FORMAT = "accord-publication/2"  # 2: the place per edition (`places`), no longer one for all


def _edition(edition: Edition) -> dict[str, Any]:
    return {
        "language": edition.language,
        "title": edition.title,
        "place": edition.place,
        "date_line": edition.date_line,
        "checksum": {"algorithm": "sha256", "of": "edition_text", "value": edition.checksum},
        "paragraphs": [
            {
                "eid": p.eid,
                "kind": p.kind,
                "number": p.number,
                "text": p.text,
                "depth": p.depth,
                "marker": p.marker,
                "label": p.label,
            }
            for p in edition.paragraphs
        ],
    }


def bundle(model: PublicationModel) -> dict[str, Any]:
    """The bundle as plain data (what the JSON file holds)."""
    return {
        "format": FORMAT,
        "slug": model.slug,
        "symbol": model.symbol,
        "version": model.version_label,
        "published_at": model.published_at.isoformat(),
        "places": model.places,
        "date": model.date.isoformat(),
        "corrigendum_of": model.corrigendum_of,
        "corrects": model.corrects,
        "languages": list(model.languages),
        "source_language": model.languages[0] if model.languages else None,
        "editions": [_edition(edition) for edition in model.editions],
    }


def publication_json(model: PublicationModel) -> bytes:
    """The JSON file (UTF-8, keys in a stable order)."""
    return json.dumps(bundle(model), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
