"""`accord verify` (issue 64) on a folder `accord publish` wrote: every file genuine and the manifest's signature good;
one flipped byte in a file is caught, named with the byte where it differs (exit 1); a file nobody published is said
so; and `accord verify record SLUG` recomputes the process's record (exit 1 once an entry was changed)."""

from __future__ import annotations

from sqlalchemy import update

from tests.demo_data import settled_kutahya
from workspace.store.db import make_store
from workspace.store.models import Activity


def test_a_published_folder_verifies_and_one_flipped_byte_is_caught(accord, db_url, tmp_path):
    store = make_store(db_url)
    settled_kutahya(store)
    store.dispose()
    out = tmp_path / "out"
    accord("publish", "kutahya-2021", "Rev.1", "--out", str(out), "--date", "2021-10-08")
    said = accord("verify", str(out))
    lines = said.splitlines()
    assert len(lines) == 24 and all(line.startswith("genuine") for line in lines), said  # 22 files, manifest, sig
    assert "manifest.json.minisig  manifest.json signed by key" in said
    pdf = out / "kutahya-2021.fr.pdf"
    data = bytearray(pdf.read_bytes())
    data[1000] ^= 0x20
    pdf.write_bytes(bytes(data))
    refused = accord("verify", str(pdf), ok=False)
    assert refused.startswith("NOT GENUINE  kutahya-2021.fr.pdf  differs from kutahya-2021 publication 1")
    assert "from byte 1000 on" in refused
    stranger = tmp_path / "letter.txt"
    stranger.write_text("Dear all,")
    assert "no publication has these bytes" in accord("verify", str(stranger), ok=False)
    assert "no such file or folder" in accord("verify", str(tmp_path / "nothing"), ok=False)

    record = accord("verify", "record", "kutahya-2021")
    assert "entries chained (0 erased" in record and "BROKEN" not in record
    assert "checkpoint of" in record and "(publication, signed" in record and ": good" in record
    store = make_store(db_url)
    with store.writer() as tx, tx.begin():
        tx.execute(update(Activity).where(Activity.seq == 3).values(verb="paragraph.deleted"))
    store.dispose()
    broken = accord("verify", "record", "kutahya-2021", ok=False)
    assert "BROKEN at entry 3: its content is not what its digest committed to" in broken
    assert "NOT GOOD" in broken  # the checkpoint signed at publication no longer matches the record
    assert "give the process" in accord("verify", "record", ok=False)
