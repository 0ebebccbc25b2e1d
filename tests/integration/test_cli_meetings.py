"""`accord meeting list` and `accord meeting pack` (issue 66), as a secretariat scripts them at the end of a day: on
a real database, a meeting read, typed into and closed through the use cases; the pack's ZIP read back with
python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from tests.conftest import make_people
from tests.integration.support import QUICK_HASHER
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.meetings.meetings import (
    AskFloor,
    GiveFloor,
    MovePointer,
    ScheduleMeeting,
    SetLight,
    SetMeetingState,
    TypeText,
)
from workspace.services import accounts, delegations, meetings
from workspace.services.declaration import draft, importing
from workspace.store.db import make_store

SLUG = "kutahya"
ZERO = """# Preámbulo {#hdg_1}

Reconociendo que las ciudades intermedias son polos de intermediación. {#pre_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local. {#op_2}
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def room(db_url, monkeypatch):
    """A plenary on the zero draft, closed after a reading: ARG's words typed into OP 1, OP 1 green, OP 2 red, ARG
    heard; and an informal still scheduled."""
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    store = make_store(db_url)
    try:
        people = make_people(store, SLUG)
        c = people.committee
        importing.import_version(store, c, SLUG, ImportVersion(filename="zero.md", text=ZERO, label="Borrador cero"))
        for code, name in (("ARG", "Argentina"), ("BRA", "Brasil")):
            delegations.add_delegation(store, c, SLUG, AddDelegation(code=code, names={"es": name}))
        title = {"es": "Primera lectura", "en": "First reading", "fr": "Première lecture"}
        meetings.schedule_meeting(store, c, SLUG, ScheduleMeeting(title=title, eids=["op_1", "op_2"]))
        meetings.set_state(store, c, SLUG, 1, SetMeetingState(state="open"))
        meetings.move_pointer(store, c, SLUG, 1, MovePointer(eid="OP 1"))
        meetings.ask_floor(store, c, SLUG, 1, AskFloor(delegation="ARG", intent="propose"))
        meetings.give_floor(store, c, SLUG, 1, GiveFloor())
        before = next(p for p in draft.get_draft(store, c, SLUG).paragraphs if p.eid == "op_1")
        typed = before.text.replace("multinivel", "[multinivel][territorial]")
        meetings.type_text(
            store, c, SLUG, 1, "op_1", TypeText(text=typed, base_revision=before.revision, delegation="ARG")
        )
        meetings.set_light(store, c, SLUG, 1, "op_1", SetLight(light="green"))
        meetings.move_pointer(store, c, SLUG, 1, MovePointer(eid="next"))
        meetings.set_light(store, c, SLUG, 1, "op_2", SetLight(light="red", delegations=["BRA"], note="No."))
        meetings.set_state(store, c, SLUG, 1, SetMeetingState(state="closed", greens="agreed"))
        meetings.schedule_meeting(
            store, c, SLUG, ScheduleMeeting(title="Amigos de la Presidencia", kind="informal", delegations=["BRA"])
        )
        return typed
    finally:
        store.dispose()


def test_the_meetings_of_a_process_are_listed_newest_first(accord, room):
    lines = [line.split("\t") for line in accord("meeting", "list", SLUG).splitlines()]
    assert lines == [
        ["2", "informal", "scheduled", "-", "Amigos de la Presidencia"],
        ["1", "plenary", "closed", "OP 2", "Primera lectura"],
    ]
    assert "accord: error:" in accord("meeting", "list", "nowhere", ok=False)


def test_the_pack_is_written_to_the_file_named_and_reads_back_in_three_languages(accord, room, tmp_path):
    target = tmp_path / "pack.zip"
    said = accord("meeting", "pack", SLUG, "1", "--lang", "es-en-fr", "-o", str(target))
    assert said.strip() == f"wrote {target} ({target.stat().st_size} bytes)"
    pack = zipfile.ZipFile(target)
    names = set(pack.namelist())
    for lang in ("es", "en", "fr"):
        for end in ("clean.docx", "clean.pdf", "tracked.docx", "status.docx", "floor.csv"):
            assert f"{SLUG}-meeting-1-{lang}-{end}" in names
    assert "README.txt" in names

    def read(name: str) -> docx.document.Document:
        return docx.Document(io.BytesIO(pack.read(f"{SLUG}-meeting-1-{name}")))

    clean = "\n".join(p.text for p in read("es-clean.docx").paragraphs)
    assert room in clean  # the text as it left the room, its brackets kept
    # The tracked text: the words ARG brought are inserted under ARG's name, as Word shows a revision's author.
    tracked = read("es-tracked.docx").element.body
    inserted = tracked.findall(f".//{W}ins")
    assert inserted and all("ARG" in i.get(f"{W}author") for i in inserted)
    assert "[territorial]" in "".join(t.text or "" for i in inserted for t in i.iter(f"{W}t"))
    for lang in ("en", "fr"):
        assert read(f"{lang}-clean.docx").paragraphs and read(f"{lang}-status.docx").paragraphs
    status = read("es-status.docx")
    cells = " ".join(cell.text for table in status.tables for row in table.rows for cell in row.cells)
    words = " ".join(p.text for p in status.paragraphs) + " " + cells
    assert "BRA" in words and "ARG" in words
    floor = pack.read(f"{SLUG}-meeting-1-es-floor.csv").decode("utf-8-sig").splitlines()
    assert len(floor) == 2 and "ARG" in floor[1]
    # The same pack again, without a change in between: the same bytes; one language alone, its files only.
    again = tmp_path / "again.zip"
    accord("meeting", "pack", SLUG, "1", "--lang", "es-en-fr", "-o", str(again))
    assert again.read_bytes() == target.read_bytes()
    french = tmp_path / "fr.zip"
    accord("meeting", "pack", SLUG, "1", "--lang", "fr", "-o", str(french))
    assert {n.split("-")[3] for n in zipfile.ZipFile(french).namelist() if n != "README.txt"} == {"fr"}


def test_the_pack_refuses_what_is_not_there(accord, room, tmp_path):
    assert "accord: error:" in accord("meeting", "pack", SLUG, "9", "-o", str(tmp_path / "x.zip"), ok=False)
    assert "accord: error:" in accord(
        "meeting", "pack", SLUG, "1", "--lang", "de", "-o", str(tmp_path / "y.zip"), ok=False
    )
    assert not (tmp_path / "x.zip").exists() and not (tmp_path / "y.zip").exists()
