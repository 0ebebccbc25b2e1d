"""`accord amendments export` and its import back (issue 34), as a secretariat scripts them for a translator, on the
demo and both backends: the file of amendments to render, given back unchanged, changes nothing; edited in a CAT tool,
the paragraphs' import (`accord translations import`) hands it on and the rendering is saved; a damaged file is
refused at its file:line."""

from __future__ import annotations

from lxml import etree

from tests.integration.test_cli import kutahya  # noqa: F401 - the fixture

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
S = "kutahya-2021"
TRANSLATOR = "traductor.en@demo.accord"


def test_export_import_unchanged_then_edited_through_the_translations_import(kutahya, tmp_path):  # noqa: F811
    xlf = tmp_path / "amendments.en.xlf"
    wrote = kutahya("amendments", "export", S, "--lang", "en", "--out", str(xlf))
    assert wrote.startswith(f"wrote {xlf}: ") and wrote.rstrip().endswith(" amendments")
    root = etree.fromstring(xlf.read_bytes())
    assert (root.get("srcLang"), root.get("trgLang")) == ("es", "en")
    found = {u.get("id"): u for u in root.iterfind(".//x:unit", NS)}
    assert found and {s.get("state") for s in root.iterfind(".//x:segment", NS)} == {"initial"}

    same = kutahya("amendments", "import-renderings", S, str(xlf), "--lang", "en", "--as", TRANSLATOR)
    assert same.rstrip().endswith(f"en amendments: 0 updated, {len(found)} unchanged")

    label, unit = next((k, u) for k, u in found.items() if u.find("x:segment/x:target", NS) is not None)
    target = unit.find("x:segment/x:target", NS)
    target.text = target.text.rstrip(".") + ", in every city."
    unit.find("x:segment", NS).set("state", "translated")
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    imported = kutahya("translations", "import", S, "en", str(xlf), "--as", TRANSLATOR)
    assert f"\t{label}\tupdated\trendered" in imported and "en amendments: 1 updated" in imported

    again = tmp_path / "again.xlf"
    kutahya("amendments", "export", S, "--lang", "en", "--out", str(again))
    unit = next(u for u in etree.fromstring(again.read_bytes()).iterfind(".//x:unit", NS) if u.get("id") == label)
    assert unit.find("x:segment", NS).get("state") == "translated"
    assert unit.findtext("x:segment/x:target", namespaces=NS).endswith(", in every city.")

    damaged = tmp_path / "damaged.xlf"
    damaged.write_bytes(again.read_bytes().replace(b"</segment>", b"</segmnt>", 1))
    refused = kutahya("amendments", "import-renderings", S, str(damaged), "--lang", "en", ok=False)
    assert f"accord: error: {damaged}:" in refused and "not well-formed XML" in refused
    other = kutahya("amendments", "export", S, "--lang", "es", ok=False)  # into the source: from which language?
    assert "accord: error: Say which language" in other
