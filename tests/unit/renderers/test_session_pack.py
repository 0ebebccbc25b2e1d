"""A meeting's session pack (renderers/session_pack): the ZIP's files, read back as a secretariat's readers would
(python-docx, the Word XML, pdftotext, LibreOffice, a CSV reader)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests import needs
from tests.unit.renderers.pack_models import BY_DKR, CAME_IN, FR_LEFT, LANGS, reading
from workspace.domain.errors import InvalidInput
from workspace.renderers.session_pack import session_pack

PREFIX = "forum-2026-meeting-3"
ENDS = ("clean.docx", "clean.pdf", "floor.csv", "status.docx", "tracked.docx")


def files(pack: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(pack)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


@pytest.fixture(scope="module")
def model():
    return reading()


@pytest.fixture(scope="module")
def trilingual(model):
    return files(session_pack(model, "es-en-fr"))


def lines(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def test_the_pack_in_one_language_holds_its_files_and_a_readme_naming_them(model):
    pack = session_pack(model, "es")
    with zipfile.ZipFile(io.BytesIO(pack)) as opened:
        entries = opened.infolist()
    assert [e.filename for e in entries] == ["README.txt", *(f"{PREFIX}-es-{end}" for end in ENDS)]
    assert all(e.compress_type == zipfile.ZIP_DEFLATED and e.date_time == (2026, 11, 29, 16, 0, 0) for e in entries)
    readme = files(pack)["README.txt"].decode("utf-8")
    assert "Documentación de la sesión" in readme and "Session pack" not in readme
    assert all(f"{PREFIX}-es-{end} — " in readme for end in ENDS)


def test_the_pack_in_every_language_holds_each_language_s_files(model, trilingual):
    assert sorted(trilingual) == sorted(["README.txt", *(f"{PREFIX}-{lang}-{end}" for lang in LANGS for end in ENDS)])
    readme = trilingual["README.txt"].decode("utf-8")
    for title in ("Documentación de la sesión", "Session pack", "Dossier de séance"):
        assert title in readme
    assert readme.count(f"{PREFIX}-fr-tracked.docx") == 3  # each file named in each language


def test_an_unknown_language_is_refused(model):
    for lang in ("de", "es-es", "", "es-de"):
        with pytest.raises(InvalidInput) as refused:
            session_pack(model, lang)
        assert refused.value.detail == {"field": "lang", "languages": list(LANGS)}


def test_python_docx_reads_the_clean_text_in_each_language(model, trilingual):
    for lang in LANGS:
        read = lines(trilingual[f"{PREFIX}-{lang}-clean.docx"])
        body = read[
            read.index(next(line for line in read if line.startswith(("Situación", "As at", "Situation")))) + 1 :
        ]
        expected = []
        for p in model.paragraphs:
            ref = p.ref[lang]
            expected.append(f"{ref}\u2003{p.left[lang]}" if ref and not p.heading else p.left[lang])
            if p.machine[lang]:
                expected.append(
                    {"en": "Machine draft, not approved", "fr": "Prétraduction automatique, non approuvée"}[lang]
                )
        assert body == expected, lang
    assert "PD 1\u2003" + BY_DKR in lines(trilingual[f"{PREFIX}-es-clean.docx"])
    assert "PD 1\u2003" + FR_LEFT in lines(trilingual[f"{PREFIX}-fr-clean.docx"])


def revisions(docx: bytes) -> list[tuple[str, str, str, str]]:
    """Each tracked change of the document in order: (ins | del, its text, its author, its date)."""
    found = []
    for change in Document(io.BytesIO(docx)).element.body.iter(qn("w:ins"), qn("w:del")):
        tag = change.tag.rsplit("}", 1)[1]
        text = "".join(node.text or "" for node in change.iter(qn("w:t"), qn("w:delText")))
        found.append((tag, text, change.get(qn("w:author")), change.get(qn("w:date"))))
    return found


def sides(docx: bytes, eid_start: str) -> tuple[str, str]:
    """The paragraph starting with `eid_start` with its changes all rejected, and all accepted."""
    for p in Document(io.BytesIO(docx)).element.body.iter(qn("w:p")):
        kept = "".join(n.text or "" for n in p.iter(qn("w:t")) if n.getparent().getparent().tag != qn("w:ins"))
        if not kept.startswith(eid_start):
            continue
        rejected = "".join(
            n.text or "" for n in p.iter(qn("w:t"), qn("w:delText")) if n.getparent().getparent().tag != qn("w:ins")
        )
        accepted = "".join(n.text or "" for n in p.iter(qn("w:t")))
        return rejected, accepted
    raise LookupError(eid_start)


def test_the_tracked_text_attributes_each_change_to_the_delegation_whose_edit_made_it(trilingual):
    tracked = trilingual[f"{PREFIX}-es-tracked.docx"]
    assert revisions(tracked) == [
        ("del", "deben", "BRA (Brasil)", "2026-11-29T13:10:00Z"),
        ("ins", "[deberán][deberían]", "BRA (Brasil)", "2026-11-29T13:10:00Z"),
        ("ins", " y digna para todas las personas", "DKR (Dakar)", "2026-11-29T13:20:00Z"),
    ]
    # Rejected, the changes give the text the meeting opened with; accepted, the text as it left the room.
    assert sides(tracked, "PD 1") == ("PD 1\u2003" + CAME_IN, "PD 1\u2003" + BY_DKR)
    ids = re.findall(rb'<w:(?:ins|del) w:id="(\d+)"', zipfile.ZipFile(io.BytesIO(tracked)).read("word/document.xml"))
    assert len(ids) == len(set(ids)) == 3


def test_in_another_language_the_changes_are_the_last_delegation_s_machine_draft(trilingual):
    found = revisions(trilingual[f"{PREFIX}-fr-tracked.docx"])
    assert {author for _, _, author, _ in found} == {"DKR (Dakar), prétraduction automatique"}
    assert ("ins", "[devront][devraient]") in [(tag, text) for tag, text, _, _ in found]
    assert sides(trilingual[f"{PREFIX}-fr-tracked.docx"], "PD 1")[1] == "PD 1\u2003" + FR_LEFT


def test_the_status_list_holds_lights_brackets_slots_positions_votes_and_the_floor(trilingual):
    document = Document(io.BytesIO(trilingual[f"{PREFIX}-fr-status.docx"]))
    said = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert headings == ["AP 1", "PD 1", "PD 2"]  # the paragraphs read, and no other
    assert (
        "Feu\u00a0: jaune (modifications demandées)\u202f; au plus tard le 29 novembre 2026, 16:00\u202f; "
        "en attente de\u00a0: BRA (Brasil), DKR (Dakar)"
    ) in said
    assert "Feu\u00a0: rouge (ne peut être accepté)\u202f; ne peuvent l’accepter\u00a0: FRA (Francia)" in said
    assert (
        "Texte entre crochets\u00a0: «\u00a0[deberán][deberían]\u00a0» — options\u00a0: deberán / deberían — "
        "maintenu par BRA (Brasil) — ouvert"
    ) in said
    assert (
        "Texte de remplacement 1, au plus tard le 29 novembre 2026, 15:00, demandé à FRA (Francia), DKR (Dakar)" in said
    )
    assert "FRA (Francia) (fr)\u00a0: Les villes intermédiaires s’engagent à promouvoir un logement digne." in said
    assert "FRA (Francia)\u00a0: réserve — Consultará a su capital." in said
    assert "KUT (Kütahya)\u00a0: appuie" in said
    assert "À la clôture de la réunion, les paragraphes en vert sont devenus\u00a0: convenus" in said
    votes, floor = ([[c.text for c in row.cells] for row in table.rows] for table in document.tables)
    assert votes[1] == ["1", "PD 2", "oui", "2", "1", "1", "adopté"]
    assert any("FRA (Francia) — Contre" in line for line in said)
    assert [row[:5] for row in floor[1:]] == [
        ["1", "BRA (Brasil)", "proposition", "PD 1", "est intervenue"],
        ["2", "FRA (Francia)", "motion d’ordre", "", "est intervenue"],
        ["3", "DKR (Dakar)", "appui", "PD 1", "est intervenue"],
        ["4", "KUT (Kütahya)", "objection", "PD 2", "retirée"],
    ]
    assert floor[2][5:] == ["14:07", "14:09", "14:10", "1,5"]  # the room's clock (Madrid), minutes as French writes


def test_the_floor_csv_records_every_turn(trilingual):
    rows = list(csv.reader(io.StringIO(trilingual[f"{PREFIX}-en-floor.csv"].decode("utf-8-sig"))))
    assert rows[0] == [
        "No.",
        "Code",
        "Delegation",
        "Intent",
        "Paragraph",
        "State",
        "Asked for the floor",
        "Started",
        "Ended",
        "Minutes spoken",
    ]
    assert rows[1] == [
        "1",
        "BRA",
        "Brasil",
        "proposal",
        "OP 1",
        "spoke",
        "2026-11-29T14:05:00+01:00",
        "2026-11-29T14:06:00+01:00",
        "2026-11-29T14:09:00+01:00",
        "3.0",
    ]
    assert rows[2][3] == "point of order" and rows[4][5:] == ["withdrawn", "2026-11-29T14:14:00+01:00", "", "", ""]


@pytest.mark.needs("poppler")
def test_pdftotext_reads_the_clean_pdf_in_french(model, trilingual):
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=trilingual[f"{PREFIX}-fr-clean.pdf"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    text = " ".join(done.stdout.decode("utf-8").split())
    assert "Le texte tel qu’il est sorti de la salle" in text
    for p in model.paragraphs:
        assert " ".join(p.left["fr"].split()) in text
    assert "PD 1 " + FR_LEFT in text
    assert "Prétraduction automatique, non approuvée" in text
    assert "Page 1 sur 1" in text


def test_the_same_model_gives_the_same_bytes_and_another_other_bytes(model):
    first = session_pack(model, "es-en-fr")
    assert session_pack(reading(), "es-en-fr") == first
    later = replace(model, made_at=model.made_at.replace(minute=1))
    assert files(session_pack(later, "es-en-fr")).keys() == files(first).keys()
    assert session_pack(later, "es-en-fr") != first


@pytest.mark.needs("libreoffice")
def test_libreoffice_reads_the_tracked_changes_with_their_delegations(tmp_path, trilingual):
    # Converted to LibreOffice's flat XML, the Word revisions are its own tracked changes, each with its author.
    source = tmp_path / "tracked.docx"
    source.write_bytes(trilingual[f"{PREFIX}-es-tracked.docx"])
    subprocess.run(
        [
            needs.program("libreoffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "fodt",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    flat = (tmp_path / "tracked.fodt").read_text(encoding="utf-8")
    regions = re.findall(r"<text:changed-region.*?</text:changed-region>", flat, re.S)
    authors = [re.search(r"<dc:creator>(.*?)</dc:creator>", r).group(1) for r in regions]
    assert sorted(authors) == ["BRA (Brasil)", "BRA (Brasil)", "DKR (Dakar)"]
    assert sum("<text:deletion>" in r for r in regions) == 1
