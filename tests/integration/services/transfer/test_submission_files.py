"""A process folder carries the negotiation of issue 33, on both backends: the submission windows and the
delegations' proposals (`submissions.toml`, with the paragraph each compiled one went into) and what the committee
did with the brackets of the working draft (`brackets.toml`) go out and come back the same, and a second export gives
the same bytes; a damaged file is refused at its line and nothing is written."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.integration.services.transfer.test_transfer import admin_of, files_of
from tests.integration.support import dump
from workspace.domain.brackets.bracket_commands import MarkBracket, ResolveBracket
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.errors import ImportFailed
from workspace.domain.submissions.submissions import CompileSubmissions, OpenWindow, RenderSubmission, Submit
from workspace.services import brackets, delegations, processes, submissions, transfer
from workspace.services.declaration import draft, importing

P = "kutahya"
DRAFT = (Path(__file__).parents[3] / "fixtures" / "negotiation" / "bracketed-draft.md").read_text(encoding="utf-8")


def negotiated(store, people) -> None:
    """The bracketed text circulated; ARG (the member's) and EU; a window on the whole text with a proposal of each
    kind, compiled; a second window on one paragraph with a proposal left as filed; on the working draft a bracket
    agreed on, one dropped and one marked (its leading option, the delegation that introduced it)."""
    importing.import_version(
        store, people.committee, P, ImportVersion(filename="bracketed.md", text=DRAFT, label="Bracketed text")
    )
    for code, name in (("ARG", "Argentina"), ("EU", "Unión Europea")):
        delegations.add_delegation(
            store, people.committee, P, AddDelegation(code=code, names={"es": name}, kind="member_state")
        )
    processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="ARG"))
    paragraphs = draft.get_draft(store, people.committee, P).paragraphs
    operative = [p.eid for p in paragraphs if p.kind == "operative"]
    now = datetime.now(UTC)
    opens, closes = (now - timedelta(hours=1)).isoformat(), (now + timedelta(days=2)).isoformat()
    submissions.open_window(store, people.committee, P, OpenWindow(opens=opens, closes=closes))
    submissions.submit(
        store, people.member, P, Submit(kind="modify", text="Each Party shall report every year.", eid=operative[0])
    )
    submissions.submit(
        store,
        people.committee,
        P,
        Submit(kind="insert", text="A new paragraph on finance.", after=operative[1], delegation="EU"),
    )
    submissions.submit(store, people.member, P, Submit(kind="delete", eid=operative[2]))
    submissions.compile_submissions(store, people.committee, P, CompileSubmissions(window=1))
    submissions.open_window(store, people.committee, P, OpenWindow(opens=opens, closes=closes, eids=[operative[3]]))
    submissions.submit(
        store, people.member, P, Submit(kind="modify", text="Otra redacción.", eid=operative[3]), window=2
    )

    found = brackets.list_brackets(store, people.committee, P, version="draft")
    revision = {p.eid: p.revision for p in draft.get_draft(store, people.committee, P).paragraphs}
    agreed = next(b for b in found if b.options == ["shall", "should"])
    brackets.resolve_bracket(
        store, people.committee, P, agreed.id, ResolveBracket(option=1, base_revision=revision[agreed.eid])
    )
    dropped = next(b for b in found if b.options == ["every two years", "periodically"])
    brackets.resolve_bracket(
        store, people.committee, P, dropped.id, ResolveBracket(drop=True, base_revision=revision[dropped.eid])
    )
    marked = next(b for b in found if b.options == ["costed", "financed"])
    brackets.mark_bracket(store, people.committee, P, marked.id, MarkBracket(leading=1, delegation="eu"))


def negotiation(store, actor):
    return (
        submissions.list_windows(store, actor, P),
        submissions.list_submissions(store, actor, P),
        brackets.list_brackets(store, actor, P, version="draft"),
    )


@pytest.fixture
def exported(store, people, tmp_path):
    negotiated(store, people)
    transfer.export_folder(store, None, P, tmp_path / "first")
    return tmp_path / "first"


def test_windows_proposals_and_bracket_records_go_out_in_a_folder_and_come_back_the_same(
    store, people, fresh_store, exported, tmp_path
):
    first = files_of(exported)
    windows_file = first["submissions.toml"].decode()
    assert windows_file.count("[[windows]]") == 2 and windows_file.count("[[proposals]]") == 4
    assert 'eids = ["' in windows_file and windows_file.count("compiled_eid = ") == 3
    assert 'filed_by = "member@example.org"' in windows_file and 'delegation = "EU"' in windows_file
    brackets_file = first["brackets.toml"].decode()
    assert [s for s in ("agreed", "dropped", "open") if f'state = "{s}"' in brackets_file] == [
        "agreed",
        "dropped",
        "open",
    ]
    before = negotiation(store, people.committee)
    assert {b.state for b in before[2]} >= {"agreed", "dropped", "open"}
    assert sum(1 for s in before[1] if s.compiled_eid) == 3

    other = fresh_store()
    transfer.import_folder(other, None, exported)
    assert negotiation(other, admin_of(other)) == before
    transfer.export_folder(other, None, P, tmp_path / "second")
    assert files_of(tmp_path / "second") == first


def test_a_process_without_windows_nor_bracket_records_writes_neither_file(store, people, tmp_path):
    transfer.export_folder(store, None, P, tmp_path / "plain")
    assert not {"submissions.toml", "brackets.toml"} & set(files_of(tmp_path / "plain"))


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("submissions.toml", 'delegation = "ARG"', 'delegation = "CHE"', "“CHE” is not a delegation of this process"),
        ("submissions.toml", "window = 1", "window = 7", "No submission window 7 in this file"),
        ("submissions.toml", 'eid = "op_', 'eid = "op_99', "No paragraph “op_99"),
        ("submissions.toml", 'filed_by = "member@example.org"', 'filed_by = "nadie@example.org"', "is not a member"),
        ("submissions.toml", 'kind = "delete"', 'kind = "remove"', "Unknown kind “remove”"),
        ("brackets.toml", 'delegation = "EU"', 'delegation = "USA"', "“USA” is not a delegation of this process"),
        ("brackets.toml", 'updated_by = "committee@example.org"', 'updated_by = "x@example.org"', "is not a member"),
        ("brackets.toml", 'state = "dropped"', 'state = "agreed"', "An agreed bracket says which option"),
    ],
)
def test_a_damaged_file_is_refused_at_its_line_and_nothing_is_written(
    exported, fresh_store, tmp_path, file, old, new, message
):
    folder = tmp_path / "damaged"
    shutil.copytree(exported, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    other = fresh_store()
    before = dump(other)
    with pytest.raises(ImportFailed, match=message) as caught:
        transfer.import_folder(other, None, folder)
    at = text[: text.index(old)].count("\n") + 1
    assert (caught.value.file, caught.value.line) == (str(path), at)
    assert dump(other) == before


def test_a_negotiation_s_records_may_pass_a_megabyte_where_a_text_file_may_not(exported, fresh_store, tmp_path):
    """5,000 proposals of a few lines make some megabytes: the records files take up to 32 MB, a text file 1 MB."""
    folder = tmp_path / "large"
    shutil.copytree(exported, folder)
    records = folder / "submissions.toml"
    records.write_text(records.read_text(encoding="utf-8") + "# " + "x" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    other = fresh_store()
    transfer.import_folder(other, None, folder)
    assert len(submissions.list_submissions(other, admin_of(other), P)) == 4
    text = next((folder / "declaration").glob("*.md"))
    text.write_text(text.read_text(encoding="utf-8") + "\n" + "palabra " * 140_000, encoding="utf-8")
    with pytest.raises(ImportFailed, match="larger than 1 MB") as caught:
        transfer.import_folder(fresh_store(), None, folder)
    assert caught.value.file == str(text)


def test_proposals_written_in_another_edition_keep_their_language_and_rendering(store, people, fresh_store, tmp_path):
    """A proposal written in French keeps its language and the committee's Spanish rendering through a folder; one
    not rendered yet keeps its language alone; a folder without them is written as before (the test above)."""
    from workspace.domain.translations.translations import SaveTranslation
    from workspace.services import translations

    importing.import_version(
        store, people.committee, P, ImportVersion(filename="bracketed.md", text=DRAFT, label="Bracketed text")
    )
    delegations.add_delegation(
        store, people.committee, P, AddDelegation(code="ARG", names={"es": "Argentina"}, kind="member_state")
    )
    processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="ARG"))
    rows = [r for r in translations.list_translations(store, people.committee, P, "fr", "1") if r.kind == "operative"]
    for row in rows[:2]:
        translations.save_translation(
            store,
            people.committee,
            P,
            "fr",
            row.eid,
            SaveTranslation(text=f"Paragraphe {row.eid}.", source_revision=row.source_revision, state="translated"),
            "1",
        )
    now = datetime.now(UTC)
    opens, closes = (now - timedelta(hours=1)).isoformat(), (now + timedelta(days=2)).isoformat()
    submissions.open_window(store, people.committee, P, OpenWindow(opens=opens, closes=closes))
    first = submissions.submit(
        store, people.member, P, Submit(kind="modify", text="Paragraphe modifié.", eid=rows[0].eid, lang="fr")
    )
    submissions.submit(
        store, people.member, P, Submit(kind="modify", text="Autre paragraphe.", eid=rows[1].eid, lang="fr")
    )
    submissions.render_submission(
        store,
        people.committee,
        P,
        first.number,
        RenderSubmission(text="Párrafo modificado.", base_revision=first.source_revision or ""),
    )
    transfer.export_folder(store, None, P, tmp_path / "first")
    written = files_of(tmp_path / "first")
    text = written["submissions.toml"].decode()
    assert text.count('lang = "fr"') == 2 and text.count("source_text = ") == 1
    assert 'source_text = "Párrafo modificado."' in text
    before = submissions.list_submissions(store, people.committee, P)
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "first")
    after = submissions.list_submissions(other, admin_of(other), P)
    assert [(s.lang, s.source_text, s.source_revision) for s in after] == [
        (s.lang, s.source_text, s.source_revision) for s in before
    ]
    transfer.export_folder(other, None, P, tmp_path / "second")
    assert files_of(tmp_path / "second") == written
