"""Long lists a page at a time, on a generated process of 210 paragraphs (three pages of the editor):
the pager's place and links keep the filters, a link to a paragraph (`at`) opens the page holding it,
saving the last row of a page goes on to the first of the next, and a wrong page number is refused."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD
from tests.web.conftest import form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import html
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.services.transfer import scaled_demo
from workspace.services.transfer.scaled_demo import Scale, build_scaled_demo

SCALE = Scale("paged", paragraphs=210, versions=3, threads=120, amendments=110, recommendations=4, members=6)
SLUG = scaled_demo.slug_of(SCALE)
EIDS = [b.eid for b in scaled_demo.text_of(SCALE, 3)]


@pytest.fixture
def long_process(web_store):
    build_scaled_demo(web_store, SCALE)
    for who in ("comite", "traductrice.fr"):
        accounts.set_password(web_store, SYSTEM, f"{who}.{SCALE.name}@demo.accord", PASSWORD)
    return SLUG


def _rows(page) -> list[str]:
    return [row["id"] for row in page.select("li.trow")]


def _place(page) -> str:
    return page.select_one(".pager .pager-place").get_text(" ", strip=True)


def check_the_translation_editor_and_the_side_by_side_view_are_paged(client):
    sign_in(client, f"traductrice.fr.{SCALE.name}@demo.accord")
    editor = f"/p/{SLUG}/translations/fr"
    first = html(client.get(f"{editor}?version=3"))
    assert _rows(first) == EIDS[:100] and _place(first) == "1–100 of 210"
    assert len(first.select("nav.pager")) == 2 and first.select_one('.pager a[rel="prev"]') is None
    following = first.select_one('.pager a[rel="next"]')["href"]
    assert following == f"{editor}?version=3&page=2"
    assert _rows(html(client.get(following))) == EIDS[100:200]
    last = html(client.get(f"{editor}?version=3&page=3"))
    assert (
        _rows(last) == EIDS[200:]
        and _place(last) == "201–210 of 210"
        and last.select_one('.pager a[rel="next"]') is None
    )
    assert _rows(html(client.get(f"{editor}?version=3&page=40"))) == EIDS[200:]  # past the end: the last page
    # A link to a paragraph opens the page holding it, whatever page number it carries.
    assert EIDS[150] in _rows(html(client.get(f"{editor}?version=3&page=1&at={EIDS[150]}")))
    for wrong in ("0", "two", "-1"):
        refused = client.get(f"{editor}?version=3&page={wrong}")
        assert refused.status_code == 422 and "is not a page number" in refused.text

    # A filter counts the whole text and pages its result; the pages' links keep it.
    outdated = html(client.get(f"{editor}?version=3&state=outdated"))
    shown = outdated.select("li.trow")
    assert shown and all("state-outdated" in row["class"] for row in shown)
    total = int(re.search(r"of (\d+)", _place(outdated)).group(1)) if outdated.select_one(".pager") else len(shown)
    everyone = [row for n in (1, 2, 3) for row in html(client.get(f"{editor}?version=3&page={n}")).select("li.trow")]
    assert total == sum("state-outdated" in row["class"] for row in everyone)

    # Ctrl+Enter on a page's last row saves it and opens the next page at its first row.
    row = first.select_one(f"li#{EIDS[99]} form.tform")
    assert row.find("input", attrs={"name": "next_eid"})["value"] == EIDS[100]
    saved = form_post(
        client,
        f"{editor}/{EIDS[99]}",
        {
            "text": (row.find("textarea").get_text() + " bis").strip(),
            "source_revision": row.find("input", attrs={"name": "source_revision"})["value"],
            "base_text_revision": row.find("input", attrs={"name": "base_text_revision"})["value"],
            "version": "3",
            "state": "translated",
            "go": "next",
            "next_eid": EIDS[100],
        },
    )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"{editor}?version=3&at={EIDS[100]}#{EIDS[100]}"
    assert _rows(html(client.get(saved.headers["location"])))[0] == EIDS[100]

    aligned = html(client.get(f"/p/{SLUG}/declaration/aligned?version=3&page=2"))
    assert [tr["id"] for tr in aligned.select("table.aligned tbody tr")] == EIDS[100:200]
    assert len(aligned.select("table.aligned tbody tr")[0].select("td")) == 3 and _place(aligned) == "101–200 of 210"
    assert "not complete" in aligned.get_text()  # counted over the whole text, not the page
    at = html(client.get(f"/p/{SLUG}/declaration/aligned?version=3&at={EIDS[205]}"))
    assert EIDS[205] in [tr["id"] for tr in at.select("table.aligned tbody tr")]


def check_the_threads_and_the_amendments_are_paged_with_their_filters(client):
    sign_in(client, f"comite.{SCALE.name}@demo.accord")
    threads = f"/p/{SLUG}/threads"
    first = html(client.get(threads))
    assert [a["id"] for a in first.select("[data-window] > article")] == [f"t{n}" for n in range(1, 101)]
    assert _place(first) == "1–100 of 120"
    assert "120 threads" in first.select_one(".result-count").get_text()
    second = html(client.get(f"{threads}?page=2"))
    assert [a["id"] for a in second.select("[data-window] > article")] == [f"t{n}" for n in range(101, 121)]
    assert client.get(f"{threads}?page=x").status_code == 422
    # A filter pages its result and its pages' links keep it.
    theirs = html(client.get(f"{threads}?author=comit"))  # the committee opened one thread in six
    assert "20 threads" in theirs.select_one(".result-count").get_text() and theirs.select_one(".pager") is None
    assert len(theirs.select("[data-window] > article")) == 20
    made_on = html(client.get(f"{threads}?made_on=3"))
    assert made_on.select_one('.pager a[rel="next"]')["href"] == f"{threads}?made_on=3&page=2"

    amendments = f"/p/{SLUG}/amendments"
    first = html(client.get(amendments))
    assert len(first.select("#amendment-cards > article")) == 100 and _place(first) == "1–100 of 110"
    counted = {
        a.get_text(strip=True).rsplit(":", 1)[0]: int(a.get_text(strip=True).rsplit(":", 1)[1])
        for a in first.select(".amendment-counts a")
    }
    assert sum(counted.values()) == 110  # counted over every page, not this one
    second = html(client.get(f"{amendments}?page=2"))
    assert (
        len(second.select("#amendment-cards > article")) == 10
        and second.select_one('.pager a[rel="prev"]')["href"] == amendments
    )
    assert "110 amendments" in second.select_one("#all-title").get_text()


def check_the_apis_long_lists_come_in_parts_linked_by_their_headers(client):
    committee = token_headers(client, f"comite.{SCALE.name}@demo.accord")
    api = f"/api/processes/{SLUG}"
    for path, key, total in (
        (f"{api}/threads?made_on=3", "id", 120),
        (f"{api}/amendments", "number", 110),
        (f"{api}/translations/fr?version=3", "eid", 210),
        (f"{api}/disposition?version=3", "number", 110),
    ):
        seen, following, parts = [], path + "&limit=80" if "?" in path else path + "?limit=80", 0
        while following:
            answer = client.get(following, headers=committee)
            assert answer.status_code == 200, answer.text
            seen += [item[key] for item in answer.json()]
            parts += 1
            link = answer.headers.get("link")
            following = re.fullmatch(r'<([^>]+)>; rel="next"', link).group(1) if link else ""
            assert not following or ("made_on=3" in following) == ("made_on=3" in path)  # the filters kept
        assert parts == -(-total // 80) and len(seen) == len(set(seen)) == total, path
    assert [t["eid"] for t in client.get(f"{api}/translations/fr?version=3", headers=committee).json()] == EIDS[
        :200
    ]  # 200 unless asked
    assert len(client.get(f"{api}/threads?limit=5000", headers=committee).json()) == 120
    assert client.get(f"{api}/threads?limit=5001", headers=committee).status_code == 400
    refused = client.get(f"{api}/translations/fr.xlf?limit=10", headers=committee)
    assert refused.status_code == 422 and "“limit” and “offset” are for the list" in refused.text


def check_the_text_is_read_two_hundred_paragraphs_a_page_and_an_edit_returns_to_its_page(client):
    sign_in(client, f"comite.{SCALE.name}@demo.accord")
    for path in (f"/p/{SLUG}/declaration", f"/p/{SLUG}/declaration/versions/3"):
        first = html(client.get(path))
        assert [p["id"] for p in first.select("[data-window] [id]") if p["id"] in EIDS] == EIDS[:200], path
        assert _place(first) == "1–200 of 210"
        second = html(client.get(f"{path}?page=2"))
        assert [p["id"] for p in second.select("[data-window] [id]") if p["id"] in EIDS] == EIDS[200:]
        assert EIDS[205] in second.select_one("[data-window]").decode() and "210" in _place(second)
        assert EIDS[205] in [p["id"] for p in html(client.get(f"{path}?at={EIDS[205]}")).select("[data-window] [id]")]
    draft = f"/p/{SLUG}/declaration/draft"
    second = html(client.get(f"{draft}?page=2"))
    assert [li["id"] for li in second.select("ol.draft > li")] == EIDS[200:]
    # The paragraph a new one follows is chosen among the page's; after it, the page holding the new one opens.
    assert [o["value"] for o in second.select("#add-after option")] == ["", *EIDS[200:]]
    added = form_post(
        client,
        f"{draft}/add",
        {
            "kind": "operative",
            "text": "Un párrafo más.",
            "after": EIDS[203],
            "base_order": second.find("input", attrs={"name": "base_order"})["value"],
        },
    )
    assert added.status_code == 303
    place = added.headers["location"]
    assert place.startswith(f"{draft}?at=") and place.split("#")[1] in [
        li["id"] for li in html(client.get(place)).select("ol.draft > li")
    ]


def check_the_publication_gate_groups_its_items_by_kind_and_pages_them(client):
    sign_in(client, f"comite.{SCALE.name}@demo.accord")
    committee = token_headers(client, f"comite.{SCALE.name}@demo.accord")
    gate = client.get(f"/api/processes/{SLUG}/gate?version=3", headers=committee).json()
    assert not gate["clear"] and len(gate["blockers"]) == 200 < gate["total"] == sum(
        gate["counts"].values()
    )  # 200 unless asked
    seen, following = [], f"/api/processes/{SLUG}/gate?version=3&kind=amendment&limit=40"
    while following:
        answer = client.get(following, headers=committee)
        assert answer.json()["total"] == gate["counts"]["amendment"] == 110
        seen += [b["amendment"] for b in answer.json()["blockers"]]
        link = answer.headers.get("link")
        following = re.fullmatch(r'<([^>]+)>; rel="next"', link).group(1) if link else ""
    assert seen == sorted(set(seen)) and len(seen) == 110
    assert client.get(f"/api/processes/{SLUG}/gate?version=3&kind=typo", headers=committee).status_code == 422
    page = html(client.get(f"/p/{SLUG}/publish?version=3"))
    groups = {
        li.a.get_text(strip=True): int(li.select_one(".count").get_text(strip=True).replace(",", ""))
        for li in page.select("ul.blocker-kinds li")
        if li.select_one(".count")
    }
    assert page.select_one("ul.blocker-kinds .bulk-fix a[href$='/amendments/voting']")  # a bulk fix beside its kind
    assert sum(groups.values()) == gate["total"] > 100 and groups["Amendments still open"] == 110
    assert len(page.select("ul.blockers li")) == 100 and _place(page) == f"1–100 of {gate['total']:,}"
    amendments = html(client.get(f"/p/{SLUG}/publish?version=3&kind=amendment&page=2"))
    assert [li["class"] for li in amendments.select("ul.blockers li")] == [["blocker-amendment"]] * 10
    assert _place(amendments) == "101–110 of 110"
    assert (
        amendments.select_one('.pager a[rel="prev"]')["href"] == f"/p/{SLUG}/publish?version=3&kind=amendment"
    )  # the address's order
    assert not html(client.get(f"/p/{SLUG}/publish?version=3")).select_one(
        "#publish-form button[type=submit]:not([disabled])"
    )


def check_the_compilation_is_read_a_page_at_a_time_with_every_amendment_of_its_paragraphs(client):
    sign_in(client, f"comite.{SCALE.name}@demo.accord")
    whole = client.get(
        f"/api/processes/{SLUG}/compilation?version=3",
        headers=token_headers(client, f"comite.{SCALE.name}@demo.accord"),
    ).json()
    under = {p["eid"]: [a["number"] for a in p["amendments"]] for p in whole["paragraphs"]}
    for n, eids in ((1, EIDS[:200]), (2, EIDS[200:])):
        page = html(client.get(f"/p/{SLUG}/amendments/compilation?version=Rev.2&page={n}"))
        sections = page.select("[data-window] > section.compiled")
        assert [s["id"] for s in sections] == eids
        assert {
            s["id"]: [int(a.get_text(strip=True)[1:]) for a in s.select(".compiled-amendment > p > a")]
            for s in sections
        } == {eid: under[eid] for eid in eids}
    assert sum(map(len, under.values())) == 110


def check_the_disposition_and_provenance_tables_are_paged(client):
    sign_in(client, f"comite.{SCALE.name}@demo.accord")
    disposition = f"/p/{SLUG}/amendments/disposition?version=3"
    first = html(client.get(disposition))
    labels = [a.get_text(strip=True) for a in first.select("table tbody tr td:first-child a")]
    assert len(labels) == 100 and _place(first) == "1–100 of 110" and len(first.select("nav.pager")) == 2
    second = html(client.get(first.select_one('.pager a[rel="next"]')["href"]))
    assert _place(second) == "101–110 of 110"
    rest = [a.get_text(strip=True) for a in second.select("table tbody tr td:first-child a")]
    assert len(set(labels + rest)) == 110  # every amendment of the version once, over the pages
    provenance = f"/p/{SLUG}/declaration/versions/3/provenance"
    first = html(client.get(provenance))
    rows = [tr.get("id") for tr in first.select("table tbody tr")]
    assert len(rows) == 200 and _place(first).startswith("1–200 of ")
    at = html(client.get(f"{provenance}?at={EIDS[205]}"))  # a paragraph's row, on the page holding it
    assert EIDS[205] in [tr.get("id") for tr in at.select("table tbody tr")] and _place(at).startswith("201–")
    assert client.get(f"{provenance}?page=0").status_code == 422


# Building the generated process is most of these tests' cost: each builds it once and checks several lists.
def _each(client, *checks) -> None:
    for check in checks:
        client.cookies.clear()  # each check signs in as whom it needs
        check(client)


def test_the_translation_pages_the_text_and_the_compilation_are_paged(client, long_process):
    _each(
        client,
        check_the_translation_editor_and_the_side_by_side_view_are_paged,
        check_the_text_is_read_two_hundred_paragraphs_a_page_and_an_edit_returns_to_its_page,
        check_the_compilation_is_read_a_page_at_a_time_with_every_amendment_of_its_paragraphs,
    )


def test_the_threads_the_amendments_the_gate_and_the_apis_lists_are_paged(client, long_process):
    _each(
        client,
        check_the_threads_and_the_amendments_are_paged_with_their_filters,
        check_the_apis_long_lists_come_in_parts_linked_by_their_headers,
        check_the_publication_gate_groups_its_items_by_kind_and_pages_them,
        check_the_disposition_and_provenance_tables_are_paged,
    )
