"""`accord import` of a hostile or careless folder (issue 30, finding 10): an impossible date or a deep
nesting in any YAML file of the folder, a symbolic link anywhere the import reads, are refused naming
the file and the line (or the file), having written nothing. Both backends."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.integration.support import counts, dump
from workspace.domain.errors import ImportFailed
from workspace.services import transfer
from workspace.settings import ROOT

DRAFTS = ROOT / "drafts"
KUTAHYA, CORDOBA = DRAFTS / "kutahya-2021", DRAFTS / "cordoba-led-2021"

# Each YAML file of a folder, a key of it, whether it holds a date (else text), and what is put in its
# place: the finding's inputs.
YAML_FILES = [
    (KUTAHYA, "sessions/cierre-plenaria.md", "starts_at:", True),
    (KUTAHYA, "recommendations/race-r02.md", "author:", False),
    (KUTAHYA, "declaration/01-borrador-cero.es.md", "date:", True),
    (KUTAHYA, "declaration/01-borrador-cero.es.md", "note:", False),
    (KUTAHYA, "declaration/01-borrador-cero.en.md", "label:", False),
    (KUTAHYA, "amendments/A3.md", "proposed_at:", True),
    (KUTAHYA, "threads/1.md", "opened_at:", True),
    (CORDOBA, "statuses.md", "    set_at:", True),
    (CORDOBA, "publications/1.md", "date:", True),
]
BAD_VALUES = {
    "impossible-day": "2021-02-30",
    "impossible-month": "2021-13-45",
    "deep": "[" * 3000,
    "tag": "!!python/object/apply:os.system [ls]",
    "alias-bomb": "[&a [x, x, x, x, x, x, x, x, x, x], "
    + ", ".join(f"&b{n} [" + ", ".join([f"*{'a' if n == 0 else f'b{n - 1}'}"] * 10) + "]" for n in range(7))
    + "]",
}


def copy_of(folder: Path, tmp_path: Path, what: str) -> Path:
    copy = tmp_path / what / folder.name
    shutil.copytree(folder, copy)
    return copy


def put(path: Path, prefix: str, value: str) -> int:
    """Put `value` as the value of the first line starting with `prefix`; its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(prefix))
    lines[at] = f"{prefix} {value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def refused(store, folder: Path) -> ImportFailed:
    before = dump(store)
    with pytest.raises(ImportFailed) as caught:
        transfer.import_folder(store, None, folder)
    assert dump(store) == before
    return caught.value


def test_an_impossible_date_a_deep_nesting_a_tag_or_an_alias_bomb_in_any_yaml_file_is_refused_at_its_line(
    store, tmp_path
):
    for folder, file, prefix, a_date in YAML_FILES:
        for what, value in BAD_VALUES.items():
            if what.startswith("impossible") and not a_date:
                continue  # text: `2021-02-30` is read as the text it is (the next test)
            copy = copy_of(folder, tmp_path, f"{what}-{file.replace('/', '-')}-{prefix.strip(' :')}")
            line = put(copy / file, prefix, value)
            exc = refused(store, copy)
            said = exc.render()
            if what == "alias-bomb" and prefix.startswith(" "):
                line = 2  # measured per top-level key: the line of `statuses:`
            assert (exc.file, exc.line) == (str(copy / file), line), said
            assert said.startswith(f"{copy / file}:{line}: "), said
            if what == "deep":
                assert "nests lists and mappings more than 16 levels deep" in said, said
            elif what == "tag":
                assert "!!python/object/apply:os.system" in said, said
            elif what == "alias-bomb":
                assert "repeat more than 100000 characters" in said, said
    assert counts(store)["processes"] == 0


def test_a_date_written_where_text_is_expected_is_that_text(store, tmp_path):
    copy = copy_of(KUTAHYA, tmp_path, "text")
    put(copy / "declaration" / "01-borrador-cero.es.md", "note:", "2021-13-45")
    put(copy / "recommendations" / "race-r02.md", "author:", "2021-02-30")
    transfer.import_folder(store, None, copy)
    transfer.export_folder(store, None, "kutahya-2021", tmp_path / "out")
    assert 'note: "2021-13-45"\n' in (tmp_path / "out" / "declaration" / "01-borrador-cero.es.md").read_text(
        encoding="utf-8"
    )
    assert 'author: "2021-02-30"\n' in (tmp_path / "out" / "recommendations" / "race-r02.md").read_text(
        encoding="utf-8"
    )


def test_unquoted_dates_read_as_quoted_ones(store, tmp_path):
    copy = copy_of(KUTAHYA, tmp_path, "unquoted")
    put(copy / "declaration" / "01-borrador-cero.es.md", "date:", "2021-09-06")
    put(copy / "sessions" / "cierre-plenaria.md", "starts_at:", "2021-10-08T17:30:00+02:00")
    put(copy / "amendments" / "A3.md", "proposed_at:", "2021-09-16 13:00:00+00:00")
    report = transfer.import_folder(store, None, copy)
    assert report.versions == 2
    transfer.export_folder(store, None, "kutahya-2021", tmp_path / "out")  # and written back quoted, as before
    for name in ("declaration/01-borrador-cero.es.md", "sessions/cierre-plenaria.md", "amendments/A3.md"):
        assert (tmp_path / "out" / name).read_bytes() == (KUTAHYA / name).read_bytes(), name


def _outside(tmp_path: Path) -> Path:
    """A file outside the folder that reads as a good session: what a link would smuggle in."""
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir(parents=True)
    secret.write_text(
        (KUTAHYA / "sessions" / "cierre-plenaria.md")
        .read_text(encoding="utf-8")
        .replace("Plenaria de cierre", "Contenido de fuera"),
        encoding="utf-8",
    )
    return secret


LINKS = {
    # where the link is (relative to the folder), and what it points at
    "session-file-outside": ("sessions/fuera.md", lambda tmp, copy: _outside(tmp)),
    "session-file-inside": ("sessions/otra.md", lambda tmp, copy: copy / "sessions" / "cierre-plenaria.md"),
    "relative-escape": (
        "sessions/rel.md",
        lambda tmp, copy: Path("../../outside/secret.md") if _outside(tmp) else None,
    ),
    "folder": ("recommendations", lambda tmp, copy: shutil.copytree(copy / "recommendations", tmp / "elsewhere")),
    "process-toml": ("process.toml", lambda tmp, copy: shutil.copy(copy / "process.toml", tmp / "p.toml")),
    "version": ("declaration/03-otra.es.md", lambda tmp, copy: copy / "declaration" / "02-rev-1.es.md"),
    "dangling": ("statuses.md", lambda tmp, copy: tmp / "nowhere.md"),
    "thread": ("threads/99.md", lambda tmp, copy: Path("/etc/hostname")),
}


@pytest.mark.parametrize("what", sorted(LINKS))
def test_a_symbolic_link_anywhere_the_import_reads_is_refused_naming_it(store, tmp_path, what):
    where, target = LINKS[what]
    copy = copy_of(KUTAHYA, tmp_path, "linked")
    link = copy / where
    pointed = target(tmp_path, copy)
    if link.is_dir():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    os.symlink(pointed, link)
    exc = refused(store, copy)
    assert (exc.file, exc.line) == (str(link), None)
    assert (
        exc.render() == f"{link}: This is a symbolic link: a process folder holds its own files, not links to others."
    )


def test_the_folder_named_may_itself_be_reached_through_a_link(store, tmp_path):
    copy = copy_of(DRAFTS / "tanger-2026", tmp_path, "real")
    os.symlink(copy, tmp_path / "via-link")
    assert transfer.import_folder(store, None, tmp_path / "via-link").slug == "tanger-2026"
