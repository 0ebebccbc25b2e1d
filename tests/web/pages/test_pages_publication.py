"""Publishing over HTTP: the committee's gate and form; the public (no account) reads the
declaration per language and in parallel, the list, the Atom feed, and downloads every file."""

from __future__ import annotations

import io
import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from docx import Document

from tests.conftest import restored
from tests.demo_data import kutahya
from tests.integration.services.publication.test_publication import SYMBOL, settle
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.web.conftest import form_post
from tests.web.pages.test_pages_support import html
from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM

S = "kutahya-2021"


@pytest.fixture
def demo(web_store):
    def build(store):
        transfer.import_folder(store, None, KUTAHYA)
        accounts.set_password(store, SYSTEM, "comite@demo.accord", "committee password 1")
        settle(store, SYSTEM)

    restored(web_store, "settled demo", build)


def committee_in(client):
    response = form_post(client, "/signin", {"email": "comite@demo.accord", "password": "committee password 1"})
    assert response.status_code == 303
    client.get(response.headers["location"])


def test_unpublished_the_public_pages_do_not_exist(client, web_people, demo):
    for path in (
        f"/p/{S}/fr",
        f"/p/{S}/parallel",
        f"/p/{S}/publications",
        f"/p/{S}/publications.atom",
        f"/api/processes/{S}/publications",
    ):
        assert client.get(path).status_code == 404, path


def test_the_committee_publishes_and_the_public_reads_and_downloads(client, web_people, demo, tmp_path):
    committee_in(client)
    gate = html(client.get(f"/p/{S}/publish?version=2"))
    assert not gate.select("ul.blockers li") and not gate.select_one("#publish-form button").has_attr("disabled")
    # The place of each edition's date line, prefilled with the process's, one field per language.
    assert [(field["name"], field["value"]) for field in gate.select("#publish-form input[name^=place_]")] == [
        ("place_es", "Kütahya, Turquía"),
        ("place_en", "Kütahya, Türkiye"),
        ("place_fr", "Kütahya, Turquie"),
    ]
    sent = {
        "version": "2",
        "symbol": SYMBOL,
        "date": "2021-10-08",
        "place_es": "Kütahya, Turquía",
        "place_en": "Kütahya, Türkiye",
        "place_fr": "Kütahya",
    }
    done = form_post(client, f"/p/{S}/publish", sent)
    assert done.status_code == 303, done.text
    again = form_post(client, f"/p/{S}/publish", sent)
    assert again.status_code == 409

    client.cookies.clear()  # the public: nobody signed in
    french = html(client.get(f"/p/{S}/fr"))
    assert french.find("html")["lang"] and french.select_one("p.date-line").get_text() == "Kütahya, le 8 octobre 2021"
    paragraphs = french.select("article .pub-para")
    assert paragraphs and paragraphs[0]["id"] == "hdg_1"
    permalink = french.select_one("#op_1 a.permalink")["href"]
    assert permalink == "#pd-1"  # its printed reference, "PD 1" in French (issue 67); its eId, an alias, lands too
    assert [a["id"] for a in french.select("#op_1 .para-anchor")] == ["pd-1", "op-1"]
    # One switcher: the page reads in the edition's language (no second, interface-language form), its date line
    # under the title, and this language's files at hand.
    assert french.find("html")["lang"] == "fr" and not french.select("form[action='/language']")
    assert french.select_one("nav.lang-switch a[aria-current=page]")["href"] == f"/p/{S}/fr"
    assert french.select_one("p.date-line-top").get_text() == "Kütahya, le 8 octobre 2021"
    assert [a["href"] for a in french.select(".public-downloads a[download]")] == [
        f"/p/{S}/publications/1/{S}.fr.pdf",
        f"/p/{S}/publications/1/{S}.fr.docx",
    ]
    english = html(client.get(f"/p/{S}/en", headers={"Accept-Language": "fr"}))
    assert english.find("html")["lang"] == "en" and "Download:" in english.select_one(".public-downloads").get_text()
    parallel = html(client.get(f"/p/{S}/parallel"))
    rows = parallel.select(".parallel-row[id]")
    assert all(len(r.select(".pub-para")) == 3 for r in rows)
    spanish = html(client.get(f"/p/{S}/es"))
    assert [p["id"] for p in spanish.select("article .pub-para")] == [r["id"] for r in rows]

    feed = ET.fromstring(client.get(f"/p/{S}/publications.atom").content)
    assert [
        e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.findall("{http://www.w3.org/2005/Atom}entry")
    ] == [SYMBOL]
    listed = html(client.get(f"/p/{S}/publications"))
    links = [a["href"] for a in listed.select("ul.downloads a")]
    assert f"/p/{S}/publications/1/{S}.fr.pdf" in links and f"/p/{S}/publications/1/{S}.es-en-fr.pdf" in links

    pdf = tmp_path / "fr.pdf"
    pdf.write_bytes(client.get(f"/p/{S}/publications/1/{S}.fr.pdf").content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kütahya, le 8 octobre 2021" in " ".join(text.split()) and SYMBOL in text
    docx = Document(io.BytesIO(client.get(f"/p/{S}/publications/1/{S}.en.docx").content))
    assert any("Kütahya, Türkiye, 8 October 2021" in p.text for p in docx.paragraphs)
    bundle = json.loads(client.get(f"/p/{S}/publications/1/{S}.es-en-fr.json").content)
    published = client.get(f"/api/processes/{S}/publications").json()[0]
    assert published["checksums"] == {e["language"]: e["checksum"]["value"] for e in bundle["editions"]}
    akn = ET.fromstring(client.get(f"/p/{S}/publications/1/{S}.es.xml").content)
    eids = {el.get("eId") for el in akn.iter() if el.get("eId")}
    assert {"op_1", "pre_1", "hdg_1"} <= eids
    assert client.get(f"/p/{S}/publications/1/{S}.de.pdf").status_code == 404


def test_the_gate_page_links_each_item_to_its_fix_and_the_button_waits(client, web_people, web_store):
    kutahya(web_store)
    accounts.set_password(web_store, SYSTEM, "comite@demo.accord", "committee password 1")
    committee_in(client)
    gate = html(client.get(f"/p/{S}/publish?version=2"))
    fixes = [a["href"] for a in gate.select("ul.blockers a")]
    assert any("/translations/fr?version=2&at=" in f for f in fixes) and any("/amendments/" in f for f in fixes)
    assert gate.select_one("#publish-form button").has_attr("disabled")
    refused = form_post(client, f"/p/{S}/publish", {"version": "2", "symbol": SYMBOL})
    assert refused.status_code == 409 and html(refused).select_one("[role=alert]")
