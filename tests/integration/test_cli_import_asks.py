"""`accord import-version` asks before it circulates (issue 67, item 3), as the page's dialog does: it lists what the
import adds, changes and deletes in the working draft, then asks; no (or no answer at all) circulates nothing, yes
circulates, and --yes answers for a script. Both backends."""

from __future__ import annotations

import os

from click.testing import CliRunner

from tests.integration.test_cli import DEMO, kutahya  # noqa: F401 - the fixture, used by name
from workspace.cli import main
from workspace.services.actor import SYSTEM
from workspace.services.declaration import versions
from workspace.services.unit import open_store


def circulated(slug: str) -> list[str]:
    store = open_store(os.environ["ACCORD_DATABASE_URL"])
    try:
        return [v.label for v in versions.list_versions(store, SYSTEM, slug)]
    finally:
        store.dispose()


def test_import_version_lists_the_changes_and_circulates_only_when_the_answer_is_yes(kutahya, tmp_path):  # noqa: F811
    rev1 = (DEMO / "declaration" / "02-rev-1.es.md").read_text(encoding="utf-8")
    file = tmp_path / "rev2.md"
    file.write_text(rev1.replace("{#op_1}", "Y una frase más. {#op_1}", 1), encoding="utf-8")
    before = circulated("kutahya-2021")
    ask = ["import-version", "kutahya-2021", str(file), "--label", "Rev.2"]
    runner = CliRunner()
    for answer in ("n\n", ""):  # no, and no answer at all (a script without --yes)
        refused = runner.invoke(main, ask, input=answer, catch_exceptions=False)
        assert refused.exit_code == 1, refused.output
        assert "modified\top_1" in refused.output and "Import and circulate “Rev.2”" in refused.output
        assert "1 modified" in refused.output and "circulated version" not in refused.output
        assert circulated("kutahya-2021") == before
    done = runner.invoke(main, ask, input="y\n", catch_exceptions=False)
    assert done.exit_code == 0 and "circulated version" in done.output, done.output
    assert circulated("kutahya-2021") == [*before, "Rev.2"]
    again = tmp_path / "rev3.md"
    again.write_text(rev1.replace("{#op_1}", "Y otra frase. {#op_1}", 1), encoding="utf-8")
    quiet = kutahya("import-version", "kutahya-2021", str(again), "--label", "Rev.3", "--yes")  # asked nothing
    assert "modified\top_1" in quiet and "Import and circulate" not in quiet and "circulated version" in quiet
