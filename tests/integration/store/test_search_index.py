"""store.search_index.write on both backends: the texts already indexed are left as they are and the count is of the
new rows only, over batches longer than one of the statements SQLAlchemy writes for them (insertmanyvalues pages a
batch by a thousand rows), a text given twice in one batch included."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import make_people
from workspace.store import search_index
from workspace.store.models import Process, SearchEntry
from workspace.store.search_sources import Source


def sources(first: int, last: int) -> list[Source]:
    return [Source(f"c{n}", "es", f"Comentario número {n} sobre la gobernanza local", None) for n in range(first, last)]


def test_only_new_texts_are_written_and_counted(store):
    make_people(store)
    with Session(store.engine) as tx:
        process_id = tx.scalar(select(Process.id).where(Process.slug == "kutahya"))
        assert search_index.write(tx, process_id, "comment", sources(0, 2_500)) == 2_500
        ids = dict(tx.execute(select(SearchEntry.key, SearchEntry.id)).all())
        assert search_index.write(tx, process_id, "comment", sources(0, 2_500)) == 0
        again = [*sources(1_000, 2_510), *sources(2_505, 2_510)]  # 2,500 to 2,509 are new, 2,505 on given twice
        assert search_index.write(tx, process_id, "comment", again) == 10
        tx.commit()
    with Session(store.engine) as tx:
        assert tx.scalar(select(func.count()).select_from(SearchEntry)) == 2_510
        kept = dict(tx.execute(select(SearchEntry.key, SearchEntry.id).where(SearchEntry.key.in_(ids))).all())
    assert kept == ids  # the rows indexed first are the same rows
