"""The session pack as a file: its model read in one transaction, its files made outside it (Typst and python-docx
take seconds for a long text; no connection is held meanwhile)."""

from __future__ import annotations

from ...renderers.session_pack import session_pack
from ..actor import Actor
from ..unit import Db
from .pack import meeting_pack_model


def pack_file(db: Db, actor: Actor | None, slug: str, number: int, lang: str) -> tuple[bytes, str]:
    """The ZIP of meeting `number`'s pack in `lang` ("es", or several: "es-en-fr") and its file name."""
    model = meeting_pack_model(db, actor, slug, number)
    return session_pack(model, lang), f"{slug}-meeting-{number}-{lang}.zip"
