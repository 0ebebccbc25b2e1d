"""The name a version takes when no one names it (domain.declaration.version_names), read from the process: its
versions so far and their names in every language, the zero draft's name in each of its languages."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.declaration.version_names import ZERO_DRAFT, DefaultName, default_name
from ...store.models import Process, Version, VersionLabel


def default_name_of(tx: Session, process: Process) -> DefaultName:
    """What the process's next version is called if no one names it."""
    number = (tx.scalar(select(func.max(Version.number)).where(Version.process_id == process.id)) or 0) + 1
    taken = [
        *tx.scalars(select(Version.label).where(Version.process_id == process.id)),
        *tx.scalars(select(VersionLabel.label).where(VersionLabel.process_id == process.id)),
    ]
    languages = dict.fromkeys([process.source_language, *process.languages])
    zero_draft = {code: i18n.translations(code).upgettext(ZERO_DRAFT.context, str(ZERO_DRAFT)) for code in languages}
    return default_name(number, taken, zero_draft, process.source_language)
