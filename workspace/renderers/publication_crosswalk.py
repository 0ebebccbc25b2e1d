"""A publication's crosswalk, one file per language: each paragraph's reference as its version circulated (OP 7
bis, OP 9 [deleted] while numbers held still) beside its reference in the published text, numbered cleanly. What
delegations used in the room, found again in what was adopted."""

from __future__ import annotations

import csv
import io

from ..domain.publication.publication import PublicationModel, published_crosswalk
from .publication_words import word


def _plain(ref: str | None) -> str:
    """A reference as a spreadsheet cell holds it: ordinary spaces (a cell does not break lines)."""
    return (ref or "").replace("\u00a0", " ")


def crosswalk_csv(model: PublicationModel, language: str) -> str:
    """eId, the reference in the version as circulated, the reference as published ("" where there is none: a
    paragraph listed as deleted in the version is not in the published text). UTF-8 with a byte order mark, as
    spreadsheets expect."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["eId", word(language, "as_circulated", version=model.version_in(language)), word(language, "as_published")]
    )
    writer.writerows([eid, _plain(old), _plain(new)] for eid, old, new in published_crosswalk(model, language))
    return out.getvalue()
