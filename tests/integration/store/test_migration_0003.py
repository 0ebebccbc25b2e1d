"""Migration 0003 on a real database: the demo as the code at revision 0002 stored it, carried over.

The fixture is every row of a database at 0002 after `accord demo` (five processes, Kütahya's
two versions, links, the edit log), dumped by the code of that revision.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import DateTime, MetaData, create_engine, select, text

from workspace.domain.brackets.kept import kept_value
from workspace.store import migrate
from workspace.store.db import make_engine

FIXTURE = Path(__file__).parent / "fixtures" / "demo_at_0002.json"


def _engine(url: str):
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def load(url: str, rows: dict[str, list[dict]]) -> None:
    """Insert the fixture's rows into a database migrated to 0002, table by table."""
    engine = _engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version" or not rows.get(table.name):
                continue
            dates = {c.name for c in table.columns if isinstance(c.type, DateTime)}
            values = [
                {k: datetime.fromisoformat(v) if k in dates and v else v for k, v in row.items()}
                for row in rows[table.name]
            ]
            conn.execute(table.insert(), values)
        if conn.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in metadata.sorted_tables:
                if "id" in table.columns and rows.get(table.name):
                    conn.execute(
                        text(
                            f"select setval(pg_get_serial_sequence('{table.name}', 'id'), (select max(id) from "
                            f"{table.name}))"
                        )
                    )
    engine.dispose()


def dump(url: str) -> dict[str, list[dict]]:
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        result = {
            t.name: [dict(r._mapping) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in metadata.sorted_tables
        }
    engine.dispose()
    return result


@pytest.fixture
def at_0002(empty_url: str) -> str:
    migrate.upgrade(empty_url, "0002")
    load(empty_url, json.loads(FIXTURE.read_text(encoding="utf-8")))
    return empty_url


def test_the_demo_is_carried_over_and_back(at_0002: str):
    before = dump(at_0002)
    migrate.upgrade(at_0002, "head")
    after = dump(at_0002)

    # Every eId ever used is registered once, with the kind it has in the texts.
    used = {
        (r["process_id"], r["eid"])
        for table in ("paragraph_edits", "draft_paragraphs", "recommendation_links")
        for r in before[table]
    }
    versions = {v["id"]: v for v in before["versions"]}
    used |= {(versions[r["version_id"]]["process_id"], r["eid"]) for r in before["version_paragraphs"]}
    register = {(r["process_id"], r["eid"]): r["kind"] for r in after["paragraphs"]}
    assert set(register) == used and len(after["paragraphs"]) == len(used)
    kinds = {(r["process_id"], r["eid"]): r["kind"] for r in before["draft_paragraphs"]}
    assert all(register[key] == kind for key, kind in kinds.items())

    # The source edition of each version is the same texts, in the version's language.
    assert [(r["version_id"], r["position"], r["eid"], r["revision_sha"]) for r in after["version_paragraphs"]] == [
        (r["version_id"], r["position"], r["eid"], r["revision_sha"]) for r in before["version_paragraphs"]
    ]
    assert {r["language"] for r in after["version_paragraphs"]} == {"es"}
    assert all(
        r["source_sha"] is None and r["process_id"] == versions[r["version_id"]]["process_id"]
        for r in after["version_paragraphs"]
    )

    # The edit log keeps every entry; an import names its file as the cause's reference.
    assert len(after["paragraph_edits"]) == len(before["paragraph_edits"])
    imports = [r for r in after["paragraph_edits"] if r["cause"] == "import"]
    assert imports and all(
        r["cause_ref"].endswith(".md") and r["note"] == "" and r["editorial"] is False for r in imports
    )
    assert {r["draft_order"] for r in after["processes"]} == {0}
    for table in ("recommendation_links", "versions"):
        assert after[table] == before[table], table
    # The same texts, each kept with its brackets as read once (0040).
    assert [{k: v for k, v in r.items() if k != "brackets"} for r in after["paragraph_revisions"]] == before[
        "paragraph_revisions"
    ]
    assert all(r["brackets"] == kept_value(r["text"]) for r in after["paragraph_revisions"])
    # The activity is numbered per process (0014), and forgets the server's folders that imports named; the
    # translators' numbering (0039) starts as everyone's.
    numbers_and_chain = ("seq", "translators_seq", "shared_seq", "salt", "digest", "chain")  # chained in 0052
    assert [{k: v for k, v in r.items() if k not in numbers_and_chain} for r in after["activity"]] == after_activity(
        before["activity"]
    )
    assert all(r["translators_seq"] == r["shared_seq"] for r in after["activity"])
    for process_id in {r["process_id"] for r in after["activity"] if r["process_id"] is not None}:
        mine = [r for r in after["activity"] if r["process_id"] == process_id]
        assert [r["seq"] for r in mine] == list(range(1, len(mine) + 1))
        shared = [r["shared_seq"] for r in mine if r["shared_seq"] is not None]
        assert shared == list(range(1, len(shared) + 1))
        assert all(r["shared_seq"] is None for r in mine if r["verb"].startswith("paragraph."))
    # Paragraphs stand at the top level, as plain paragraphs or numbered ones (0010 adds their place in lists).
    assert [{k: v for k, v in r.items() if k not in ("depth", "marker")} for r in after["draft_paragraphs"]] == before[
        "draft_paragraphs"
    ]
    assert {(r["depth"], r["marker"]) for r in after["draft_paragraphs"] + after["version_paragraphs"]} == {(0, "")}
    # Recommendations gain their folded text for search (0009), filled from what they say.
    assert [{k: v for k, v in r.items() if k != "folded"} for r in after["recommendations"]] == before[
        "recommendations"
    ]
    assert all(r["folded"] and r["folded"] == r["folded"].lower() for r in after["recommendations"])

    # The one place becomes the source language's (0017): the others wait for the committee.
    assert {r["id"]: r["places"] for r in after["processes"]} == {
        r["id"]: {r["source_language"]: r["place"]} if r["place"] else {} for r in before["processes"]
    }
    assert all("place" not in r for r in after["processes"])

    migrate.downgrade(at_0002, "0002")
    back = dump(at_0002)
    assert {**back, "activity": None} == {**before, "activity": None}
    assert back["activity"] == after_activity(before["activity"])  # the folders stay forgotten


def after_activity(rows: list[dict]) -> list[dict]:
    return [{**r, "data": {k: v for k, v in r["data"].items() if k != "folder"}} for r in rows]
