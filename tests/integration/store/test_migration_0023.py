"""Migration 0023 on a database with publications in it: each one's head is read from its frozen model, and the
triggers lifted for that update are back (a publication still refuses any change). On both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError

from tests.conftest import make_people
from tests.integration.services.declaration.test_declaration import ZERO
from tests.unit.renderers.models import kutahya_blocks, long_blocks, model_of
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.publication.publication import model_data, model_head
from workspace.services.declaration import importing as version_import
from workspace.store import migrate
from workspace.store.db import make_engine, make_store
from workspace.store.models import Process, Publication, Version


def test_each_publication_gets_its_head_from_its_model_and_stays_frozen(empty_url):
    migrate.upgrade(empty_url)
    store = make_store(empty_url)
    people = make_people(store)
    version_import.import_version(store, people.committee, "kutahya", ImportVersion(filename="zero.md", text=ZERO))
    store.dispose()
    models = [model_of(kutahya_blocks()), model_of(long_blocks(40), languages=("fr", "es"))]
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        process = conn.scalar(select(Process.id).where(Process.slug == "kutahya"))
        version = conn.scalar(select(Version.id).where(Version.process_id == process))
        for number, model in enumerate(models, 1):
            conn.execute(
                insert(Publication).values(
                    process_id=process,
                    number=number,
                    version_id=version,
                    symbol=model.symbol,
                    day=model.date.isoformat(),
                    published_at=model.published_at,
                    corrects="",
                    model=model_data(model),
                    head=model_head(model),
                )
            )
    engine.dispose()
    migrate.downgrade(empty_url, "0022")
    migrate.upgrade(empty_url)

    engine = make_engine(empty_url)
    with engine.connect() as conn:
        heads = list(conn.scalars(select(Publication.head).order_by(Publication.number)))
    assert heads == [model_head(model) for model in models]
    assert [[e["language"] for e in head["editions"]] for head in heads] == [["es", "en", "fr"], ["fr", "es"]]
    with pytest.raises(DBAPIError, match="immutable"), engine.begin() as conn:
        conn.execute(update(Publication).values(corrects="changed"))
    engine.dispose()
