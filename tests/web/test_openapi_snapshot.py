"""The OpenAPI document is the API's public contract: it is kept in tests/web/snapshots/openapi.json,
so that any change to a field, a type or a route is a visible diff in review.

After a deliberate change to the API, write the new document and commit it with the change:

    ACCORD_UPDATE_SNAPSHOTS=1 python -m pytest tests/web/test_openapi_snapshot.py
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

from litestar.testing import TestClient

from workspace.settings import ROOT, Settings
from workspace.web.app import create_app

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"
UPDATE = os.environ.get("ACCORD_UPDATE_SNAPSHOTS") == "1"


def document_text(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "accord.db"
    shutil.copy(sqlite_template, path)
    settings = Settings.from_env(
        {}, database_url=f"sqlite:///{path}", secret_key="snapshot-secret-key-0123456789", jobs_in_process=False
    )
    with TestClient(create_app(settings)) as client:
        answer = client.get("/schema/openapi.json")
    assert answer.status_code == 200, answer.text
    return json.dumps(answer.json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_openapi_document_is_the_committed_snapshot(tmp_path, sqlite_template):
    now = document_text(tmp_path, sqlite_template)
    if UPDATE:
        SNAPSHOT.write_text(now, encoding="utf-8")
    kept = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if now != kept:
        diff = list(difflib.unified_diff(kept.splitlines(), now.splitlines(), "snapshot", "app", lineterm="", n=4))
        shown = "\n".join(diff[:200]) + (f"\n… {len(diff) - 200} more lines" if len(diff) > 200 else "")
        raise AssertionError(
            f"the OpenAPI document differs from {SNAPSHOT.relative_to(ROOT)}; if the change is meant, "
            f"rerun with ACCORD_UPDATE_SNAPSHOTS=1 and commit the file:\n{shown}"
        )
