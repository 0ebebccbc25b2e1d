"""The amendments to render as an XLIFF file through the JSON API (issue 34): the English translator downloads the
file, renders in a CAT tool, and sends it back to either import; a file made stale by a change in Accord is 409 with
what changed; one unchanged changes nothing."""

from __future__ import annotations

from lxml import etree

from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_renderings import EN_RENDERED, FR_AMENDED, translated

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
XLIFF = "application/xliff+xml"


def with_target(body: bytes, label: str, text: str, state: str = "translated") -> bytes:
    root = etree.fromstring(body)
    unit = next(u for u in root.iterfind(".//x:unit", NS) if u.get("id") == label)
    unit.find("x:segment/x:target", NS).text = text
    unit.find("x:segment", NS).set("state", state)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_download_render_and_send_back(client, tokens, zero):  # noqa: F811 - the fixtures
    translated(client, tokens)
    made = client.post(
        f"{P}/amendments",
        json={"version": "1", "eid": "op_2", "kind": "modify", "text": FR_AMENDED, "lang": "fr"},
        headers=tokens["member"],
    )
    label = made.json()["label"]
    translator = tokens["translator"]
    assert client.get(f"{P}/translations/en/amendments.xlf", headers=translator).content.count(b"<unit ") == 0
    got = client.get(f"{P}/translations/en/amendments.xlf", params={"from": "fr"}, headers=translator)
    assert got.status_code == 200 and got.headers["content-type"].startswith(XLIFF), got.text
    assert 'filename="kutahya-amendments.fr-en.xlf"' in got.headers["content-disposition"]
    assert client.get(f"{P}/translations/es/amendments.xlf", headers=translator).status_code == 403
    ask = client.get(f"{P}/translations/es/amendments.xlf", headers=tokens["committee"])
    assert ask.status_code == 422 and "Say which language" in ask.json()["error"]

    same = client.post(
        f"{P}/translations/en/amendments/import", content=got.content, headers={**translator, "Content-Type": XLIFF}
    )
    assert same.status_code == 201 and same.json()["imported"] == 0, same.text

    # Rendered in the CAT tool meanwhile, by someone in Accord: the file's unit is stale.
    [item] = client.get(f"{P}/translations/en/amendments", headers=translator).json()
    client.put(
        f"{P}/amendments/{label}/renderings/en",
        json={"text": EN_RENDERED, "state": "rendered", "base_revision": item["revision"]},
        headers=tokens["committee"],
    )
    stale = client.post(
        f"{P}/translations/en/amendments/import",
        content=with_target(got.content, label, EN_RENDERED.replace("firmly", "strongly")),
        headers={**translator, "Content-Type": XLIFF},
    )
    assert stale.status_code == 409 and label in stale.json()["error"], stale.text
    assert stale.json()["detail"]["units"][0]["diff"]

    # Exported again, and sent to the translations import: handed on.
    again = client.get(f"{P}/translations/en/amendments.xlf", params={"from": "fr"}, headers=translator).content
    done = client.post(
        f"{P}/translations/en/import",
        params={"filename": "en.xlf"},
        content=with_target(again, label, EN_RENDERED.replace("firmly", "strongly")),
        headers={**translator, "Content-Type": XLIFF},
    )
    assert done.status_code == 201, done.text
    assert [(u["eid"], u["outcome"], u["state"]) for u in done.json()["units"]] == [(label, "updated", "rendered")]
    rendering = client.get(f"{P}/amendments/{label}", headers=translator).json()["renderings"]["en"]
    assert rendering["text"] == EN_RENDERED.replace("firmly", "strongly")
