"""Who is told of an activity by mail, and what the mail says: the news (services/news.py: one list for the mails and
the inbox), each with the printed reference of the paragraph it is on, in each language, as its reader names it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from ...domain.vocabulary import LANGUAGES
from ...store.models import Activity, Process, Version
from ..declaration.naming import paragraph_names
from ..news import News, changed_paragraphs, outdated_for_translators
from ..news import news_of as told_of


def news_of(tx: Session, activity: Activity) -> list[News]:
    """Everyone to tell of `activity` by mail, the paragraph it is on named in each language (`refs`)."""
    printed: dict[tuple[int, int | None, str], dict[str, str]] = {}
    out = []
    for news in told_of(tx, activity):
        if news.printed_on is not None:
            if news.printed_on not in printed:
                printed[news.printed_on] = _printed_on(tx, *news.printed_on)
            news = replace(news, data={**news.data, "refs": printed[news.printed_on]})
        out.append(news)
    return out


def _printed_on(tx: Session, process_id: int, version_id: int | None, eid: str) -> dict[str, str]:
    """A paragraph's printed reference in a version (None: the working draft), in each language; one the text no longer
    has, as it was last printed ("OP 9 (Rev.1)"), never its eId."""
    process = tx.get(Process, process_id)
    version = tx.get(Version, version_id) if version_id is not None else None
    if process is None:
        return {}
    found = {lang: paragraph_names(tx, process, version, {eid}, lang).get(eid) for lang in LANGUAGES}
    return {lang: ref for lang, ref in found.items() if ref}


__all__ = ["News", "changed_paragraphs", "news_of", "outdated_for_translators"]
