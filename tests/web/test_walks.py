"""Issue 62's walks: the files an action's input passes through, from its handler to the store, measured by serving
it (tests/walks.py), at most eight each. Each walk prints its files."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.walks import walked
from tests.web.test_api_amendments import P, tokens  # noqa: F401 - fixtures
from tests.web.test_api_brackets import bracketed  # noqa: F401 - fixtures

MOST = 8


def _shown(name: str, files: list[str]) -> None:
    print(f"\n{name}: {len(files)} files")
    for path in files:
        print(f"  {path}")


def test_a_brackets_resolution_passes_at_most_eight_files(app, client, bracketed):  # noqa: F811
    draft = client.get(f"{P}/brackets", params={"version": "draft"}, headers=bracketed["committee"]).json()
    shall = next(b for b in draft if b["options"] == ["shall", "should"])
    paragraphs = client.get(f"{P}/draft", headers=bracketed["committee"]).json()["paragraphs"]
    revision = next(p["revision"] for p in paragraphs if p["eid"] == shall["eid"])
    with walked() as files:
        answer = TestClient(app).post(  # its own threads, made inside the walk: traced
            f"{P}/brackets/{shall['id']}/resolve",
            json={"option": 1, "base_revision": revision},
            headers=bracketed["committee"],
        )
    assert answer.status_code == 200, answer.text
    _shown("a bracket's resolution (API)", files)
    assert "workspace/services/brackets/brackets.py" in files  # the use case was reached
    assert len(files) <= MOST, files
