"""The `accord` command, as a secretariat scripts it: each command on a real database, both backends."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.needs import program
from workspace.cli import main
from workspace.services import processes
from workspace.services.actor import SYSTEM
from workspace.settings import ROOT
from workspace.store.db import make_store

DEMO = ROOT / "drafts" / "kutahya-2021"


@pytest.fixture
def kutahya(accord):
    accord("import", str(DEMO))
    return accord


def test_accounts_processes_and_members(accord):
    assert "added ana@example.org (Ana" in accord(
        "user", "add", "ana@example.org", "--name", "Ana", "--password", "una clave larga"
    )
    assert "ana@example.org\tAna" in accord("user", "list")
    assert "created process bordeaux" in accord(
        "process", "create", "bordeaux", "--title", "Déclaration", "--source", "fr", "--timezone", "Europe/Paris"
    )
    invited = accord("member", "add", "bordeaux", "ana@example.org", "--role", "committee")
    assert "invited ana@example.org as committee to bordeaux: send them /invitations/" in invited
    assert "bordeaux\tconsultation\tDéclaration" in accord("process", "list")
    assert "accord: error:" in accord("member", "add", "bordeaux", "x@example.org", "--role", "chair", ok=False)


def test_diff_as_json_lists_every_paragraph_with_whether_it_moved(kutahya):
    rows = json.loads(kutahya("diff", "kutahya-2021", "1", "2", "--format", "json"))
    assert {r["change"] for r in rows} >= {"unchanged", "modified", "added", "deleted"}
    assert all(set(r) == {"eid", "change", "moved", "old_text", "new_text", "ops"} for r in rows)
    moved = [r for r in rows if r["moved"]]
    assert moved and all(r["change"] in ("moved", "modified") for r in moved)
    for r in rows:  # the ops rebuild both texts
        if r["change"] == "modified":
            assert "".join(t for op, t in r["ops"] if op != -1) == r["new_text"]
    text = kutahya("diff", "kutahya-2021", "Borrador cero", "Rev.1")
    assert "modified" in text and "unchanged" not in text
    assert kutahya("diff", "kutahya-2021", "1", "2", "--format", "html").startswith("<!doctype html>")


def _rewrapped(markdown: str, every: int, revise: int) -> str:
    """The paragraphs of `markdown` wrapped every `every` words, and one paragraph in `revise` with a word changed."""
    lines = []
    for n, line in enumerate(markdown.split("\n")):
        text, attrs, eid = line.rpartition(" {#")
        if not text or line.startswith("#"):
            lines.append(line)
            continue
        words = text.split(" ")
        if n % revise == 0:
            words[2] = "distinto"
        lines.append(
            "".join(w + ("\n" if k % every == every - 1 else " ") for k, w in enumerate(words)).rstrip() + attrs + eid
        )
    return "\n".join(lines)


def test_diff_as_json_rebuilds_both_texts_of_rewrapped_and_modified_paragraphs(kutahya, tmp_path):
    rev1 = (DEMO / "declaration" / "02-rev-1.es.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    for label, every, revise in (("Rev.2", 7, 3), ("Rev.3", 5, 4)):
        file = tmp_path / f"{label}.md"
        file.write_text(_rewrapped(rev1, every, revise), encoding="utf-8")
        assert "circulated version" in kutahya("import-version", "kutahya-2021", str(file), "--label", label, "--yes")
    rows = json.loads(kutahya("diff", "kutahya-2021", "Rev.2", "Rev.3", "--format", "json"))
    for r in rows:  # every op list gives back both texts, character for character
        assert "".join(t for op, t in r["ops"] if op != 1) == (r["old_text"] or ""), r["eid"]
        assert "".join(t for op, t in r["ops"] if op != -1) == (r["new_text"] or ""), r["eid"]
    changes = {r["change"] for r in rows}
    rewrapped = [r for r in rows if r["old_text"] != r["new_text"]]
    assert changes == {"modified", "unchanged"} and len(rewrapped) >= 20
    assert all("\n" in r["old_text"] and "\n" in r["new_text"] for r in rewrapped)
    assert any(r["change"] == "unchanged" for r in rewrapped)  # only re-wrapped
    # The text report shows the words that changed, never a line break as a change.
    shown = kutahya("diff", "kutahya-2021", "Rev.2", "Rev.3")
    assert "distinto" in shown and "[-\n" not in shown and "{+\n" not in shown


def test_import_version_previews_then_refuses_to_replace_draft_edits_unless_asked(kutahya, tmp_path):
    export = tmp_path / "out"
    kutahya("export", "kutahya-2021", str(export))
    rev1 = next((export / "declaration").glob("02-*.es.md")).read_text(encoding="utf-8")
    new = tmp_path / "rev2.md"
    new.write_text(
        rev1.replace('label: "Rev.1"', 'label: "Rev.2"')
        .replace("Rev.1", "Rev.2", 1)
        .replace("{#op_1}", "Y una frase más. {#op_1}", 1),
        encoding="utf-8",
    )
    preview = kutahya("import-version", "kutahya-2021", str(new), "--label", "Rev.2", "--preview")
    assert "nothing saved" in preview and "\top_1\texplicit" in preview
    saved = kutahya("import-version", "kutahya-2021", str(new), "--label", "Rev.2", "--yes")
    assert "circulated version 3 “Rev.2”" in saved

    # Now the draft has an edit no version carries: the import lists it and stops.
    newer = tmp_path / "rev3.md"
    newer.write_text(new.read_text(encoding="utf-8").replace("Y una frase más.", "Y otra frase."), encoding="utf-8")
    import os

    from workspace.domain.declaration.declaration_commands import EditParagraph
    from workspace.services.actor import SYSTEM
    from workspace.services.declaration import draft as draft_service
    from workspace.services.unit import open_store

    store = open_store(os.environ["ACCORD_DATABASE_URL"])
    seen = draft_service.get_draft_paragraph(store, SYSTEM, "kutahya-2021", "op_2")
    draft_service.edit_paragraph(
        store, SYSTEM, "kutahya-2021", "op_2", EditParagraph(base_revision=seen.revision, text="Editado a mano.")
    )
    store.dispose()
    refused = kutahya("import-version", "kutahya-2021", str(newer), "--label", "Rev.3", ok=False)
    assert "uncirculated\top_2\tmodified" in refused and "--replace-draft" in refused
    assert "circulated version 4" in kutahya(
        "import-version", "kutahya-2021", str(newer), "--label", "Rev.3", "--replace-draft", "--yes"
    )


def test_export_then_import_into_an_empty_database_gives_the_same_files(kutahya, tmp_path, fresh_store, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    kutahya("export", "kutahya-2021", str(first))
    other = fresh_store()
    monkeypatch.setenv(
        "ACCORD_DATABASE_URL", other.engine.url.render_as_string(hide_password=False).replace("+psycopg", "")
    )
    kutahya("import", str(first))
    kutahya("export", "kutahya-2021", str(second))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_errors_are_one_line_with_a_reason_and_exit_status_one(kutahya, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(DEMO, bad)
    (bad / "process.toml").write_text('slug = "otro"\n', encoding="utf-8")
    output = kutahya("import", str(bad), ok=False)
    assert output.startswith("accord: error: ") and "process.toml" in output and output.count("\n") == 1
    assert "No version" in kutahya("diff", "kutahya-2021", "1", "Rev.9", ok=False)
    assert "No process" in kutahya("diff", "nowhere", "1", "2", ok=False)
    assert "not UTF-8" in kutahya("import-version", "kutahya-2021", str(_binary(tmp_path)), ok=False)


@pytest.mark.parametrize("char", ["\ufffe", "\ufdd0", "\U0010ffff"], ids=lambda c: f"U+{ord(c):04X}")
def test_files_holding_a_character_no_file_can_carry_are_refused_at_their_line(accord, tmp_path, char):
    bad = tmp_path / "bad"
    shutil.copytree(DEMO, bad)
    toml = bad / "process.toml"
    # As TOML writes any character: an escape in a quoted value.
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('es = "Kütahya, Turquía"', f'es = "Kütahya\\U{ord(char):08X}"'),
        encoding="utf-8",
    )
    output = accord("import", str(bad), ok=False)
    assert output.startswith("accord: error: ") and f"U+{ord(char):04X}" in output and "process.toml:13: " in output
    assert "No process" in accord("diff", "kutahya-2021", "1", "2", ok=False)  # nothing half-imported
    accord("import", str(DEMO))
    version = tmp_path / "rev2.md"
    version.write_text(f"# Preámbulo\n\nUno.\n\n1. Dos{char}.\n", encoding="utf-8")
    output = accord("import-version", "kutahya-2021", str(version), "--label", "Rev.2", ok=False)
    assert f"{version}:5: " in output and f"U+{ord(char):04X}" in output


def test_an_argument_that_is_not_utf_8_is_refused_naming_the_character(accord):
    # Python reads bytes of an argument that are not UTF-8 as lone surrogates (U+DC80-U+DCFF).
    output = accord("user", "add", "ana@example.org", "--name", "Ana \udcff", "--password", "una clave larga", ok=False)
    assert output.startswith("accord: error: ") and "U+DCFF" in output
    assert "ana@example.org" not in accord("user", "list")


def _binary(folder: Path) -> Path:
    path = folder / "latin1.md"
    path.write_bytes("Declaración".encode("latin-1"))
    return path


def test_amendments_list_and_the_compilation_as_a_word_file(kutahya, tmp_path):
    import os

    from workspace.domain.amendments.amendment_commands import ProposeAmendment
    from workspace.services import amendments
    from workspace.services.actor import SYSTEM
    from workspace.services.unit import open_store

    store = open_store(os.environ["ACCORD_DATABASE_URL"])
    version = amendments.compilation(store, SYSTEM, "kutahya-2021", "2")
    target = next(p for p in version.paragraphs if p.kind == "operative")
    amendments.propose(
        store,
        SYSTEM,
        "kutahya-2021",
        ProposeAmendment(version="2", eid=target.eid, kind="modify", text=target.text + " Y más."),
    )
    store.dispose()
    listed = kutahya("amendments", "list", "kutahya-2021", "--status", "open")
    assert f"\topen\t{target.eid}\tmodify\t" in listed and "applies" in listed
    out = tmp_path / "compilacion.docx"
    assert "open amendments" in kutahya("compilation", "kutahya-2021", "Rev.1", "--out", str(out))
    assert out.read_bytes()[:2] == b"PK"
    assert "No version" in kutahya("compilation", "kutahya-2021", "Rev.9", "--out", str(out), ok=False)


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        ("process.toml", 'role = "committee"', 'role = "member"', "process.toml:17: "),
        ("process.toml", 'fr = "Kütahya, Turquie"', 'de = "Kütahya, Türkei"', "process.toml:15: "),
        (
            "sessions/cierre-plenaria.md",
            '"2021-10-08T17:30:00+02:00"',
            '"2021-10-08T17:30:00"',
            "cierre-plenaria.md:3: ",
        ),
        ("sessions/cierre-plenaria.md", 'organisers: ["CGLU"]', "organisers: 5", "cierre-plenaria.md:7: "),
        ("recommendations/apertura-r01.md", 'paragraphs: ["pre_4"]', 'paragraphs: ["pre_999"]', "apertura-r01.md:9: "),
        (
            "recommendations/race-r02.md",
            'themes: ["financiación", "justicia climática"]',
            "themes: 5",
            "race-r02.md:6: ",
        ),
        ("declaration/01-borrador-cero.es.md", 'label: "Borrador cero"', "label: [1]", "01-borrador-cero.es.md:3: "),
    ],
)
def test_import_refuses_a_bad_folder_naming_file_and_line_and_imports_nothing(accord, tmp_path, file, old, new, where):
    bad = tmp_path / "kutahya-2021"
    shutil.copytree(DEMO, bad)
    text = (bad / file).read_text(encoding="utf-8")
    assert old in text
    (bad / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    output = accord("import", str(bad), ok=False)
    assert output.startswith("accord: error: ") and where in output and output.count("\n") == 1
    assert "kutahya-2021" not in accord("process", "list")


def test_a_hostile_folder_is_one_line_naming_the_file_and_line_never_a_traceback(accord, tmp_path):
    """Issue 30, finding 10: an impossible date was a ValueError's traceback, a deep nesting (YAML, and TOML: issue
    65) a RecursionError's of 2,998 lines, a symbolic link was followed out of the folder, a phase the data
    contradicts was taken."""
    outside = tmp_path / "outside.md"
    outside.write_text((DEMO / "sessions" / "cierre-plenaria.md").read_text(encoding="utf-8"), encoding="utf-8")
    cases = {
        "impossible-date": (
            "sessions/cierre-plenaria.md",
            'starts_at: "2021-10-08T17:30:00+02:00"',
            "starts_at: 2021-02-30",
            3,
        ),
        "impossible-month": ("declaration/01-borrador-cero.es.md", 'date: "2021-09-06"', "date: 2021-13-45", 4),
        "deep-nesting": (
            "recommendations/race-r02.md",
            'themes: ["financiación", "justicia climática"]',
            "themes: " + "[" * 3000,
            6,
        ),
        "tag": ("threads/1.md", "version: 1", "version: !!python/object/apply:os.system [ls]", 3),
        # Issue 65, finding 7: TOML nested 3,000 deep was a RecursionError's traceback; the key is named.
        "toml-deep": ("process.toml", 'phase = "drafting"', 'phase = "drafting"\nlevels = ' + "[" * 3000, 6),
        "markdown-deep": (
            "declaration/01-borrador-cero.es.md",
            "Recordando la Declaración",
            "*" * 3000 + "Recordando" + "*" * 3000 + " la Declaración",
            14,
        ),
        "toml-deep-delegations": ("delegations.toml", 'kind = "city"', 'kind = "city"\nnotes = ' + "{a = " * 3000, 6),
        "phase": ("process.toml", 'phase = "drafting"', 'phase = "published"', 5),
        "symlink": ("sessions/fuera.md", None, outside, None),
    }
    for what, (file, old, new, line) in cases.items():
        bad = tmp_path / what / "kutahya-2021"
        shutil.copytree(DEMO, bad)
        if old is None:
            (bad / file).symlink_to(new)
        else:
            text = (bad / file).read_text(encoding="utf-8")
            assert old in text
            (bad / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        output = accord("import", str(bad), ok=False)
        where = f"{bad / file}:{line}: " if line else f"{bad / file}: "
        assert output.startswith(f"accord: error: {where}") and output.count("\n") == 1, (what, output[:300])
        if what.startswith("toml-"):
            assert "“delegations.notes”" in output if "delegations" in what else "“levels”" in output, output
    assert "kutahya-2021" not in accord("process", "list")


def test_publish_writes_every_file_named_by_language(accord, db_url, tmp_path):
    from tests.demo_data import kutahya
    from tests.integration.services.publication.test_publication import settle
    from workspace.services import publication
    from workspace.services.actor import SYSTEM
    from workspace.store.db import make_store

    store = make_store(db_url)
    kutahya(store)
    blocked = accord("publish", "kutahya-2021", "Rev.1", "--out", str(tmp_path / "out"), ok=False)
    assert "cannot be published yet" in blocked and not (tmp_path / "out").exists()  # the same gate as the pages
    settle(store, SYSTEM)
    store.dispose()
    assert "give the language" in accord(
        "publish", "kutahya-2021", "Rev.1", "--out", str(tmp_path / "out"), "--place", "Kütahya", ok=False
    )
    said = accord(
        "publish",
        "kutahya-2021",
        "Rev.1",
        "--out",
        str(tmp_path / "out"),
        "--date",
        "2021-10-08",
        "--place",
        "en=Kütahya, Turkey",
    )
    assert "published KUTAHYA/2021/DECL" in said
    date_lines = json.loads((tmp_path / "out" / "kutahya-2021.es-en-fr.json").read_text(encoding="utf-8"))["places"]
    assert date_lines == {
        "es": "Kütahya, Turquía",
        "en": "Kütahya, Turkey",
        "fr": "Kütahya, Turquie",
    }  # the process's, but one given
    verification = ["README.txt", "accord.pub", "manifest.json", "manifest.json.minisig"]
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.name not in verification)
    _verified_as_the_readme_says(tmp_path / "out", names)
    assert (
        "kutahya-2021.fr.pdf" in names
        and "kutahya-2021.es-en-fr.pdf" in names
        and "kutahya-2021.es-en-fr.json" in names
    )
    assert {n.split(".")[-1] for n in names} == {"pdf", "docx", "html", "md", "xml", "json", "csv"}
    assert "kutahya-2021.fr.crosswalk.csv" in names  # each reference as circulated → as published
    again = accord("publish", "kutahya-2021", "2", "--out", str(tmp_path / "again"))  # by number: written as published
    assert "published" not in again.split("\n")[0]
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == sorted(names + verification)
    store = make_store(db_url)
    kept = {f.name: f.sha256 for f in publication.publications(store, "kutahya-2021")[0].files}
    store.dispose()
    for name in names:  # the very bytes kept when it was published, each time, with their published sha256
        first, second = (tmp_path / "out" / name).read_bytes(), (tmp_path / "again" / name).read_bytes()
        assert first == second and hashlib.sha256(first).hexdigest() == kept[name] and f"sha256:{kept[name]}" in again
    assert "published already" in accord(
        "publish", "kutahya-2021", "Rev.1", "--out", str(tmp_path / "x"), "--symbol", "X", ok=False
    )


def _verified_as_the_readme_says(folder: Path, names: list[str]) -> None:
    """A reader of the folder follows its README: minisign verifies the manifest with the key beside it, and every
    file's SHA-256 is the manifest's; the README says so in the publication's three languages."""
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "minisign -V -p accord.pub -m manifest.json" in readme
    assert all(said in readme for said in ("How to verify", "Cómo verificar", "Comment vérifier"))
    checked = subprocess.run(
        [program("minisign"), "-V", "-p", "accord.pub", "-m", "manifest.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0 and "Trusted comment: accord kutahya-2021 publication 1" in checked.stdout
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert sorted(f["name"] for f in manifest["files"]) == names and manifest["signed_later"] is False
    for f in manifest["files"]:
        assert hashlib.sha256((folder / f["name"]).read_bytes()).hexdigest() == f["sha256"], f["name"]


def test_import_version_reads_a_foreign_markdown_file_and_names_what_it_sets_aside(accord):
    accord("process", "create", "sevilla", "--title", "Declaration", "--source", "en", "--timezone", "Europe/Madrid")
    drafts = sorted((Path(__file__).parents[1] / "fixtures" / "negotiation").glob("0*.md"))
    preview = accord("import-version", "sevilla", str(drafts[0]), "--preview")
    assert f"{drafts[0]}:2\tnotice\t" in preview and "layout" in preview
    assert "preview of “Zero draft — Declaration on Local Finance for Sustainable Development”" in preview
    for path in drafts:
        assert "circulated version" in accord("import-version", "sevilla", str(path), "--replace-draft", "--yes")
    changes = json.loads(accord("diff", "sevilla", "4", "5", "--format", "json"))
    rows = changes["changes"] if isinstance(changes, dict) else changes
    assert any(r["change"] == "modified" and "United Cities" in (r["new_text"] or "") for r in rows)


def test_a_translators_files_imported_back_unchanged_keep_every_state_and_every_refusal_is_printed(kutahya, tmp_path):
    status = kutahya("translations", "status", "kutahya-2021", "--version", "Rev.1")
    assert "\ten\t" in status and " approved\t0/" not in status
    xlf = tmp_path / "rev1.en.xlf"
    kutahya("translations", "export", "kutahya-2021", "en", "--version", "Rev.1", "--out", str(xlf))
    printed = kutahya(
        "translations",
        "import",
        "kutahya-2021",
        "en",
        str(xlf),
        "--version",
        "Rev.1",
        "--as",
        "traductor.en@demo.accord",
    )
    units = [line.split("\t") for line in printed.splitlines() if "\t" in line]
    assert len(units) == 36 and {u[2] for u in units} == {"unchanged"} and units[0][:2] == ["4", "hdg_1"]
    assert "en Rev.1: 0 updated, 36 unchanged" in printed
    kutahya("export", "kutahya-2021", str(tmp_path / "out"))
    edition = tmp_path / "out" / "declaration" / "02-rev-1.en.md"
    printed = kutahya(
        "translations",
        "import",
        "kutahya-2021",
        "en",
        str(edition),
        "--version",
        "Rev.1",
        "--as",
        "traductor.en@demo.accord",
    )
    assert "0 updated" in printed
    assert kutahya("translations", "status", "kutahya-2021", "--version", "Rev.1") == status

    forged = tmp_path / "forged.en.xlf"
    forged.write_bytes(
        xlf.read_bytes()
        .replace(b">Preamble</target>", b">1. Preamble</target>")
        .replace(b'<unit id="op_9">', b'<unit id="op_99">')
    )
    refused = kutahya("translations", "import", "kutahya-2021", "en", str(forged), "--version", "Rev.1", ok=False)
    errors = sorted(line for line in refused.splitlines() if line.startswith("accord: error: "))
    op_99 = forged.read_bytes().split(b'<unit id="op_99">')[0].count(b"\n") + 1  # the line of the unit refused
    assert (
        len(errors) == 2
        and errors[0].startswith(f"accord: error: {forged}:10: ")
        and errors[1].startswith(f"accord: error: {forged}:{op_99}: ")
    )
    assert "\thdg_1\trefused\tapproved\t" in refused
    assert kutahya("translations", "status", "kutahya-2021", "--version", "Rev.1") == status


def test_demo_at_a_scale_generates_a_process_whose_committee_signs_in(accord):
    printed = accord("demo", "--scale", "40")
    assert (
        "generating demo-p40: 40 paragraphs, 12 versions, 40 threads, 10 amendments, 5 recommendations, 6 members"
        in printed
    )
    assert "  12 versions: " in printed and "done in " in printed
    assert "comite.p40@demo.accord" in printed  # the demo accounts, with the demo password
    assert "demo-p40\tnegotiation\tDeclaración de demostración (p40)" in accord("process", "list")
    assert "already exists" in accord("demo", "--scale", "40", ok=False)
    assert "The scale is large, huge or a number of paragraphs from 10 to 100000, not “tiny”." in accord(
        "demo", "--scale", "tiny", ok=False
    )


def test_delegations_and_a_clean_renumbering_from_the_command_line(kutahya):
    said = kutahya(
        "delegation",
        "add",
        "kutahya-2021",
        "g-77",
        "--name-es",
        "Grupo de los 77",
        "--name-en",
        "Group of 77",
        "--kind",
        "group",
    )
    assert said == "added G-77 (group) to kutahya-2021: es=Grupo de los 77; en=Group of 77\n"
    refused = kutahya("delegation", "add", "kutahya-2021", "G-77", "--name-es", "Otro", ok=False)
    assert refused.startswith("accord: error: ") and "G-77" in refused and refused.count("\n") == 1
    assert "is not a delegation code" in kutahya("delegation", "add", "kutahya-2021", "x", "--name-es", "X", ok=False)
    assert "source language" in kutahya("delegation", "add", "kutahya-2021", "FRA", "--name-en", "France", ok=False)
    listed = kutahya("delegation", "list", "kutahya-2021").splitlines()  # the demo's own, and the new one
    assert "G-77\tgroup\t0\tes=Grupo de los 77; en=Group of 77" in listed
    assert "CHE\tcity\t1\tes=Chefchaouen; en=Chefchaouen; fr=Chefchaouen" in listed
    first = kutahya("renumber", "kutahya-2021")
    assert first.splitlines()[-1].startswith("renumbered the working draft of kutahya-2021: ")
    again = kutahya("renumber", "kutahya-2021")  # clean already: nothing moves
    assert again.splitlines() == [again.splitlines()[-1]] and " 0 of " in again
    assert kutahya("renumber", "no-such", ok=False) == "accord: error: No process “no-such”.\n"


def test_the_brackets_of_a_version_per_article_from_the_command_line(kutahya):
    bracketed = ROOT / "tests" / "fixtures" / "negotiation" / "bracketed-draft.md"
    assert "Bracketed text" in kutahya("import-version", "kutahya-2021", str(bracketed), "--replace-draft", "--yes")
    printed = kutahya("brackets", "kutahya-2021", "Bracketed text").splitlines()
    # Seven brackets in OP 3 and its sub-items, one in its footnote (its note is in its text), and its two options.
    assert "OP 3\t9\t0\t0\t0" in printed
    assert "OP 2\t5\t0\t0\t1" in printed  # and the "[" of its second paragraph, never closed
    assert printed[-2].startswith("Bracketed text (es): ") and " open, 0 agreed, 0 dropped, 1 unbalanced" in printed[-2]
    assert printed[-1] == "unbalanced '[' in OP 2, para. 2, line 1"
    assert "is not a language of this process" in kutahya("brackets", "kutahya-2021", "3", "--lang", "de", ok=False)
    assert "No version" in kutahya("brackets", "kutahya-2021", "Rev.9", ok=False)


def test_compiling_a_window_s_proposals_from_the_command_line(kutahya, db_url):
    from datetime import UTC, datetime, timedelta

    from workspace.domain.submissions.submissions import OpenWindow, Submit
    from workspace.services import submissions
    from workspace.services.actor import SYSTEM
    from workspace.store.db import make_store

    store = make_store(db_url)
    now = datetime.now(UTC)
    submissions.open_window(
        store,
        SYSTEM,
        "kutahya-2021",
        OpenWindow(opens=(now - timedelta(hours=1)).isoformat(), closes=(now + timedelta(hours=1)).isoformat()),
    )
    submissions.submit(
        store,
        SYSTEM,
        "kutahya-2021",
        Submit(kind="modify", text="Nos comprometemos, con más fuerza.", eid="op_1", delegation="KUT"),
    )
    store.dispose()
    printed = kutahya("compile-submissions", "kutahya-2021", "--circulate", "Compilación").splitlines()
    assert printed[0].startswith("OP 1 bis\t") and printed[0].endswith("\tKUT\tsubmission 1")
    assert printed[-1] == (
        "compiled 1 proposals of window 1 into the working draft of kutahya-2021; circulated as Compilación"
    )
    assert "No submission window" in kutahya("compile-submissions", "kutahya-2021", "--window", "9", ok=False)


def test_a_process_archived_from_the_command_line_takes_no_write(accord):
    accord("process", "create", "lyon", "--title", "Déclaration de Lyon", "--source", "fr")
    assert accord("process", "archive", "lyon").strip() == "lyon: archived"
    refused = accord("member", "add", "lyon", "ana@example.org", "--role", "committee", ok=False)
    assert "accord: error:" in refused and "archived" in refused
    assert "archived already" in accord("process", "archive", "lyon", ok=False)
    assert accord("process", "archive", "lyon", "--undo").strip() == "lyon: in use"
    assert "invited ana@example.org" in accord("member", "add", "lyon", "ana@example.org", "--role", "committee")


def test_a_process_deleted_from_the_command_line_asks_for_its_slug_and_says_what_it_removed(kutahya):
    runner = CliRunner()
    slip = runner.invoke(main, ["process", "delete", "kutahya-2021"], input="kutahia\n")
    assert slip.exit_code == 1 and "Type kutahya-2021 to delete it" in slip.output and "“kutahya-2021”" in slip.output
    assert "kutahya-2021" in kutahya("process", "list")
    done = runner.invoke(main, ["process", "delete", "kutahya-2021"], input="kutahya-2021\n")
    assert done.exit_code == 0, done.output
    said = done.output.splitlines()
    assert "kutahya-2021: deleted" in said and "  processes: 1" in said and "  versions: 2" in said, said
    assert said[-1].startswith("removed ") and said[-1].endswith(" rows and 0 stored files")
    assert "kutahya-2021" not in kutahya("process", "list")
    assert "No process “kutahya-2021”" in kutahya("process", "delete", "kutahya-2021", "--confirm", "x", ok=False)
    kutahya("process", "create", "lyon", "--title", "Déclaration de Lyon", "--source", "fr")
    kutahya("process", "archive", "lyon")  # an archived process is deleted as any other
    kept = kutahya("process", "delete", "lyon", "--confirm", "lyon", "--keep-published")
    assert kept.startswith("lyon: deleted, its publications kept public\n") and "  activity: 2" in kept, kept
    assert "  processes: 1" in kept  # it published nothing: nothing to keep it for
    assert "lyon" not in kutahya("process", "list")


def test_a_deletion_cut_short_is_finished_by_the_command_and_keeps_what_it_was_asked_to(kutahya, db_url):
    """A process deleted (by the API) whose removal has not run yet: the command removes the rest; asked to keep the
    publications of one deleted without keeping them, it says they cannot be kept, and removes nothing."""
    kutahya("process", "create", "lyon", "--title", "Déclaration de Lyon", "--source", "fr")
    store = make_store(db_url)
    try:
        for slug in ("kutahya-2021", "lyon"):
            processes.delete_process(store, SYSTEM, slug, slug, keep_published=slug == "lyon")
    finally:
        store.dispose()
    refused = kutahya("process", "delete", "kutahya-2021", "--keep-published", ok=False)
    assert "deleted without keeping its publications: --keep-published cannot keep them now" in refused
    assert "removed" not in refused
    finished = kutahya("process", "delete", "kutahya-2021")
    assert (
        finished.startswith("kutahya-2021: deleted already; removing what is left of it\n")
        and "  processes: 1" in finished
    )
    kept = kutahya("process", "delete", "lyon", "--keep-published")  # as it was deleted: it published nothing
    assert kept.startswith("lyon: deleted already") and "  processes: 1" in kept, kept


def test_an_account_disabled_and_erased_from_the_command_line(accord):
    accord("user", "add", "ana@example.org", "--name", "Ana Ruiz", "--password", "una clave bastante larga")
    accord("user", "add", "luis@example.org", "--name", "Luis Pardo", "--password", "una clave bastante larga")
    assert accord("user", "disable", "ana@example.org").strip() == "ana@example.org: disabled"
    assert "disabled already" in accord("user", "disable", "ana@example.org", ok=False)
    assert accord("user", "disable", "ana@example.org", "--undo").strip() == "ana@example.org: enabled"
    kept = accord("user", "erase", "ana@example.org", "--confirm", "luis@example.org", ok=False)
    assert "not erased" in kept and "ana@example.org" in accord("user", "list")
    assert (
        accord("user", "erase", "ana@example.org", "--confirm", "ana@example.org").strip() == "ana@example.org: erased"
    )
    listed = accord("user", "list")
    assert "ana@example.org" not in listed and "Ana Ruiz" not in listed and "luis@example.org" in listed
    assert "No account" in accord("user", "erase", "ana@example.org", "--confirm", "ana@example.org", ok=False)


@pytest.mark.needs("poppler")
def test_the_seal_set_for_the_command_line_seals_what_it_publishes_and_one_unusable_stops_it(
    accord, db_url, tmp_path, monkeypatch
):
    from tests.demo_data import settled_kutahya
    from tests.seals import PASSWORD, certificate_file

    monkeypatch.setenv("ACCORD_PDF_SEAL", str(tmp_path / "missing.p12"))
    assert "ACCORD_PDF_SEAL: no file at" in accord("process", "list", ok=False)
    assert "ACCORD_PDF_SEAL: no file at" in accord("serve", "--port", "1", ok=False)  # before any server starts
    monkeypatch.setenv("ACCORD_PDF_SEAL", str(certificate_file(tmp_path)))
    assert "ACCORD_PDF_SEAL_PASSWORD its password" in accord("process", "list", ok=False)
    monkeypatch.setenv("ACCORD_PDF_SEAL_PASSWORD", PASSWORD)
    store = make_store(db_url)
    settled_kutahya(store)
    store.dispose()
    accord("publish", "kutahya-2021", "Rev.1", "--out", str(tmp_path / "out"), "--date", "2021-10-08")
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 4
    for pdf in pdfs:
        said = subprocess.run([program("poppler", "pdfsig"), pdf], capture_output=True, text=True).stdout
        assert "Total document signed" in said and "Signature is Valid" in said, (pdf.name, said)
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix not in {".txt", ".pub", ".minisig"})
    _verified_as_the_readme_says(tmp_path / "out", [n for n in names if n != "manifest.json"])
