"""A publication as one JSON bundle: every edition with its paragraphs and checksum, the symbol,
the dates. The checksum of an edition is sha256 of `domain.publication.publication.edition_text`."""

from __future__ import annotations

import json
from typing import Any

from ..domain.publication.publication import Edition, PublicationModel, published_crosswalk

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


def _crosswalk(model: PublicationModel) -> list[dict[str, Any]]:
    """Each paragraph's reference as its version circulated and as published, in every language."""
    by_language = {code: published_crosswalk(model, code) for code in model.languages}
    rows = by_language[model.languages[0]] if model.languages else []
    return [
        {
            "eid": eid,
            "circulated": {code: by_language[code][i][1] for code in model.languages},
            "published": {code: by_language[code][i][2] for code in model.languages},
        }
        for i, (eid, _, _) in enumerate(rows)
    ]


def bundle(model: PublicationModel) -> dict[str, Any]:
    """The bundle as plain data (what the JSON file holds); `crosswalk` only when the version's numbers were kept
    (a file made again of an older publication stays as it was)."""
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
        **({"crosswalk": _crosswalk(model)} if model.circulated else {}),
    }


def publication_json(model: PublicationModel) -> bytes:
    """The JSON file (UTF-8, keys in a stable order)."""
    return _dumped(bundle(model))


def with_manifest(data: bytes, manifest: bytes, signature: bytes) -> bytes:
    """The JSON file `data` carrying the signed manifest of the publication's other files, last: `manifest.signed` its
    exact bytes as text and `manifest.minisig` its signature (`jq -j .manifest.signed` writes them back, for
    `minisign -V`). Everything else stays as it was, in its order."""
    doc = json.loads(data)
    doc["manifest"] = {"signed": manifest.decode("utf-8"), "minisig": signature.decode("utf-8")}
    return _dumped(doc)


def _dumped(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
