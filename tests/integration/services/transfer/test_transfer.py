"""Import and export of whole process folders (drafts/), all or nothing, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import join
from tests.integration.support import counts, dump
from workspace.domain.consultations.consultations import Decision
from workspace.domain.errors import Conflict, ImportFailed, NotAuthenticated, NotFound
from workspace.domain.transfer.draft_format import parse_process_file, parse_recommendation_file, parse_session_file
from workspace.services import accounts, consultations, processes, transfer
from workspace.services.actor import SYSTEM
from workspace.settings import ROOT

DRAFTS = ROOT / "drafts"
FOLDERS = sorted(p for p in DRAFTS.iterdir() if (p / "process.toml").is_file())


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def admin_of(store):
    """An administrator on this database, to read what was imported through the services."""
    accounts.add_user(store, SYSTEM, "root@example.org", "Root", "root password 123", is_admin=True)
    return accounts.authenticate(store, "root@example.org", "root password 123")


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_each_demo_folder_imports_into_an_empty_database_with_all_its_data(store, folder):
    report = transfer.import_folder(store, None, folder)
    process, members = parse_process_file((folder / "process.toml").read_text(encoding="utf-8"), "process.toml")
    sessions = {
        p.stem: parse_session_file(p.read_text(encoding="utf-8"), p.name, p.stem, process.timezone).session
        for p in (folder / "sessions").glob("*.md")
    }
    recommendations = {
        p.stem: parse_recommendation_file(p.read_text(encoding="utf-8"), p.name, p.stem)
        for p in (folder / "recommendations").glob("*.md")
    }
    assert (report.slug, report.members, report.sessions, report.recommendations) == (
        folder.name,
        len(members),
        len(sessions),
        len(recommendations),
    )

    admin = admin_of(store)
    view = processes.get_process(store, admin, folder.name)
    assert (view.titles, view.languages, view.timezone, view.phase) == (
        process.titles,
        list(process.languages),
        process.timezone,
        process.phase,
    )
    assert {m.email: (m.role, m.languages) for m in processes.list_members(store, admin, folder.name)} == {
        m.email: (m.role, list(m.languages)) for m in members
    }
    for member in members:  # imported people are invited: no password travels in the files
        with pytest.raises(NotAuthenticated):
            accounts.authenticate(store, member.email, "")
    for s in consultations.list_sessions(store, admin, folder.name):
        expected = sessions[s.ref]
        assert (s.title, s.starts_at, s.ends_at, s.summary, s.capacity) == (
            expected.title,
            expected.starts_at,
            expected.ends_at,
            expected.summary,
            expected.capacity,
        )
        assert s.utc_offset_minutes == expected.utc_offset_minutes
    page = consultations.list_recommendations(store, admin, folder.name)
    assert page.total == len(recommendations)
    for item in page.items:
        expected = recommendations[item.ref]
        assert (item.session_ref, item.text, item.themes, item.status, item.reason) == (
            expected.session_ref,
            expected.recommendation.text,
            list(expected.recommendation.themes),
            expected.decision.status,
            expected.decision.reason,
        )


@pytest.mark.parametrize("name", ["kutahya-2021", "cordoba-led-2021"])
def test_export_import_export_gives_the_same_bytes_as_the_drafts(store, fresh_store, tmp_path, name):
    transfer.import_folder(store, None, DRAFTS / name)
    transfer.export_folder(store, None, name, tmp_path / "first")
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "first")
    transfer.export_folder(other, None, name, tmp_path / "second")
    first, second = files_of(tmp_path / "first"), files_of(tmp_path / "second")
    assert first == second
    # and the export is the data itself: exactly the files it was imported from
    assert first == files_of(DRAFTS / name)


def test_the_two_databases_hold_the_same_data_after_the_round_trip(store, fresh_store, tmp_path):
    transfer.import_folder(store, None, DRAFTS / "tanger-2026")
    transfer.export_folder(store, None, "tanger-2026", tmp_path / "out")
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "out")
    admin_here, admin_there = admin_of(store), admin_of(other)

    def content(db, admin):
        return (
            processes.get_process(db, admin, "tanger-2026"),
            processes.list_members(db, admin, "tanger-2026"),
            [
                s.__class__.__name__ and (s.ref, s.title, s.starts_at, s.utc_offset_minutes, s.summary, s.organisers)
                for s in consultations.list_sessions(db, admin, "tanger-2026")
            ],
            [
                (r.ref, r.session_ref, r.text, r.themes, r.status, r.reason, r.language)
                for r in consultations.list_recommendations(db, admin, "tanger-2026").items
            ],
        )

    assert content(store, admin_here) == content(other, admin_there)


def test_a_process_changed_in_accord_exports_its_changes(store, people, tmp_path):
    transfer.import_folder(store, None, DRAFTS / "tanger-2026")
    join(store, people.admin, "tanger-2026", people.committee, "committee")
    consultations.decide_recommendation(
        store,
        people.committee,
        "tanger-2026",
        "scalex-r01",
        Decision(status="not_retained", reason="Repetida: ver scalex-r02."),
    )
    transfer.export_folder(store, people.committee, "tanger-2026", tmp_path / "out")
    text = (tmp_path / "out" / "recommendations" / "scalex-r01.md").read_text(encoding="utf-8")
    assert 'status: "not_retained"\nreason: "Repetida: ver scalex-r02."\n' in text
    assert 'email = "committee@example.org"' in (tmp_path / "out" / "process.toml").read_text(encoding="utf-8")
    assert (
        files_of(tmp_path / "out")["sessions/scalex-bridge-for-cities.md"]
        == files_of(DRAFTS / "tanger-2026")["sessions/scalex-bridge-for-cities.md"]
    )


def test_exporting_an_unknown_process_is_not_found(store, tmp_path):
    with pytest.raises(NotFound):
        transfer.export_folder(store, None, "nowhere", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_importing_the_same_slug_twice_is_a_conflict_and_adds_nothing(store):
    transfer.import_folder(store, None, DRAFTS / "tanger-2026")
    before = dump(store)
    with pytest.raises(Conflict) as caught:
        transfer.import_folder(store, None, DRAFTS / "tanger-2026")
    assert caught.value.params == {"slug": "tanger-2026"}
    assert dump(store) == before


# --- malformed folders: the file, the line, and nothing written ----------------------------------


@pytest.fixture
def broken(tmp_path) -> Path:
    folder = tmp_path / "kutahya-2021"
    shutil.copytree(DRAFTS / "kutahya-2021", folder)
    return folder


def replace_in(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def line_of(text: str, prefix: str) -> int:
    return next(n for n, text_line in enumerate(text.split("\n"), start=1) if text_line.startswith(prefix))


BREAKS = {
    "front-matter": ("recommendations/cierre-r02.md", "themes: [", "themes: {", "themes:"),
    "unknown-session": ("recommendations/clima-r03.md", 'session: "', 'session: "sesion-inexistente', "session:"),
    "unknown-key": ("recommendations/humana-r04.md", "organisation:", "organizacion:", "organizacion:"),
    "bad-status": ("recommendations/race-r01.md", 'status: "', 'status: "aprobada', "status:"),
    "bad-date": ("sessions/dimension-humana.md", 'starts_at: "', 'starts_at: "mañana', "starts_at:"),
    "bad-language": ("sessions/race-to-resilience.md", "languages: [", 'languages: ["de", ', "languages:"),
    "bad-toml": ("process.toml", 'phase = "drafting"', "phase = drafting", "phase ="),
    "bad-member": ("process.toml", 'role = "observer"', 'role = "invitado"', 'role = "invitado"'),
    # accord import refuses, with the file and line, what it used to take in or answer without a place
    "no-committee": ("process.toml", 'role = "committee"', 'role = "member"', "[[members]]"),
    "member-twice": ("process.toml", 'email = "miembro@demo.accord"', 'email = "comite@demo.accord"', 24),
    "place-language": ("process.toml", 'fr = "Kütahya, Turquie"', 'de = "Kütahya, Türkei"', 15),
    "missing-paragraph": (
        "recommendations/apertura-r01.md",
        'paragraphs: ["pre_4"]',
        'paragraphs: ["pre_999"]',
        "paragraphs:",
    ),
    "naive-time": ("sessions/cierre-plenaria.md", '"2021-10-08T17:30:00+02:00"', '"2021-10-08T17:30:00"', "starts_at:"),
    "unquoted-naive-time": (
        "sessions/cierre-plenaria.md",
        '"2021-10-08T18:30:00+02:00"',
        "2021-10-08 18:30:00",
        "ends_at:",
    ),
    "languages-number": ("process.toml", 'languages = ["es", "en", "fr"]', "languages = 5", "languages ="),
    "timezone-number": ("process.toml", 'timezone = "Europe/Istanbul"', "timezone = 3", "timezone ="),
    "title-not-a-table": ("process.toml", "[title]\n", 'title = "Kütahya"\n[other]\n', "title ="),
    "unknown-process-key": ("process.toml", 'phase = "drafting"\n', 'phase = "drafting"\ncolour = "red"\n', "colour ="),
    "organisers-number": ("sessions/cierre-plenaria.md", 'organisers: ["CGLU"]', "organisers: 5", "organisers:"),
    "session-languages-number": ("sessions/cierre-plenaria.md", "languages: []", "languages: 12", "languages:"),
    "themes-number": (
        "recommendations/race-r02.md",
        'themes: ["financiación", "justicia climática"]',
        "themes: 5",
        "themes:",
    ),
    "status-number": ("recommendations/race-r02.md", 'status: "open"', "status: 5", "status:"),
    "language-list": ("recommendations/race-r02.md", 'language: "es"', 'language: ["es"]', "language:"),
    "version-label-list": ("declaration/01-borrador-cero.es.md", 'label: "Borrador cero"', "label: [1]", "label:"),
    "version-date-table": ("declaration/01-borrador-cero.es.md", 'date: "2021-09-06"', "date: {a: 1}", "date:"),
    "version-number-text": ("declaration/01-borrador-cero.es.md", "number: 1", 'number: "1"', "number:"),
    "version-number-bool": ("declaration/01-borrador-cero.es.md", "number: 1", "number: true", "number:"),
    "version-bad-date": ("declaration/01-borrador-cero.es.md", 'date: "2021-09-06"', "date: 6", "date:"),
    "version-unknown-key": ("declaration/01-borrador-cero.es.md", "number: 1\n", "number: 1\ntitulo: x\n", "titulo:"),
    "version-nul": ("declaration/02-rev-1.es.md", "# Preámbulo", "# Pre\x00ámbulo", "# Pre"),
    "version-unclosed": ("declaration/02-rev-1.es.md", "---\n# Preámbulo", "# Preámbulo", 1),
}


def test_a_malformed_folder_names_the_file_and_line_and_imports_nothing(store, tmp_path):
    # One database for every break: a refused import writes nothing, which is what is checked.
    before = counts(store)
    assert (before["processes"], before["consultation_sessions"], before["users"]) == (0, 0, 0)
    for what, (file, old, new, at) in BREAKS.items():
        broken = tmp_path / what / "kutahya-2021"
        shutil.copytree(DRAFTS / "kutahya-2021", broken)
        text = replace_in(broken / file, old, new)
        with pytest.raises(ImportFailed) as caught:
            transfer.import_folder(store, None, broken)
        assert caught.value.file.endswith(file), what
        assert caught.value.line == (at if isinstance(at, int) else line_of(text, at)), what
        assert caught.value.render().startswith(f"{caught.value.file}:{caught.value.line}: "), what
        assert counts(store) == before, what


def test_a_file_that_is_not_utf8_is_named_with_its_line(store, broken):
    path = broken / "sessions" / "cierre-plenaria.md"
    path.write_bytes(path.read_bytes().replace(b"Plenaria", "Plenar\xeda".encode("latin-1"), 1))
    with pytest.raises(ImportFailed) as caught:
        transfer.import_folder(store, None, broken)
    assert caught.value.file.endswith("sessions/cierre-plenaria.md")
    assert caught.value.line == 2
    assert counts(store)["processes"] == 0


def test_a_folder_without_process_toml_is_refused(store, tmp_path):
    with pytest.raises(ImportFailed) as caught:
        transfer.import_folder(store, None, tmp_path)
    assert caught.value.file.endswith("process.toml")


def test_a_failure_while_writing_rolls_back_everything_already_written(store, broken, monkeypatch):
    # Every file is read and checked before anything is written; a failure after the process,
    # people, sessions and versions exist (here, at the very last step) must still leave nothing.
    def fail(*args, **kwargs):
        raise Conflict("Simulated failure at the last step.")

    monkeypatch.setattr(transfer.folders, "add_link", fail)
    before = dump(store)
    with pytest.raises(Conflict):
        transfer.import_folder(store, None, broken)
    assert dump(store) == before


def test_a_versions_names_in_other_languages_go_out_in_its_file_and_come_back(store, fresh_store, tmp_path):
    from workspace.domain.declaration.declaration_commands import SetVersionLabels
    from workspace.services.declaration import versions

    transfer.import_folder(store, None, DRAFTS / "kutahya-2021")
    admin = admin_of(store)
    versions.set_version_labels(
        store, admin, "kutahya-2021", "1", SetVersionLabels(labels={"en": "Zero draft", "fr": "Avant-projet"})
    )
    transfer.export_folder(store, None, "kutahya-2021", tmp_path / "first")
    first = files_of(tmp_path / "first")
    source = first["declaration/01-borrador-cero.es.md"].decode()
    assert (
        source.startswith('---\nnumber: 1\nlabel: "Borrador cero"\n')
        and '\nlabels:\n  en: "Zero draft"\n  fr: "Avant-projet"\n---\n' in source
    )
    assert (
        first["declaration/02-rev-1.es.md"] == files_of(DRAFTS / "kutahya-2021")["declaration/02-rev-1.es.md"]
    )  # no names: as before
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "first")
    assert versions.get_version(other, admin_of(other), "kutahya-2021", "Avant-projet").version.labels == {
        "es": "Borrador cero",
        "en": "Zero draft",
        "fr": "Avant-projet",
    }
    transfer.export_folder(other, None, "kutahya-2021", tmp_path / "second")
    assert files_of(tmp_path / "second") == first


def test_a_version_file_naming_it_in_a_language_the_process_lacks_is_refused_at_that_line(store, tmp_path):
    folder = tmp_path / "kutahya-2021"
    shutil.copytree(DRAFTS / "kutahya-2021", folder)
    path = folder / "declaration" / "02-rev-1.es.md"  # named in no other language (the zero draft is)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", '\nlabels:\n  de: "Nullentwurf"\n---\n', 1), encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        transfer.import_folder(store, None, folder)
    assert refused.value.file.endswith("02-rev-1.es.md") and refused.value.line == 7  # the `de:` line under `labels:`
    assert sum(counts(store).values()) == 0


def test_a_version_file_giving_another_versions_name_is_refused_at_that_names_line(store, tmp_path):
    folder = tmp_path / "kutahya-2021"
    shutil.copytree(DRAFTS / "kutahya-2021", folder)
    path = folder / "declaration" / "02-rev-1.es.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\n---\n", '\nlabels:\n  en: "Revision 1"\n  fr: "Borrador cero"\n---\n', 1), encoding="utf-8"
    )
    with pytest.raises(ImportFailed) as refused:
        transfer.import_folder(store, None, folder)
    assert refused.value.file.endswith("02-rev-1.es.md") and refused.value.line == 8  # the `fr:` line: version 1's name
    assert "Borrador cero" in refused.value.render()
