"""The standalone HTML pages: parsed, not grepped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from workspace.renderers.publication_html import edition_html, parallel_html

from .support import shown, words


def test_a_language_page_holds_every_paragraph_in_order_with_its_eid_and_number(model):
    for edition in model.editions:
        page = BeautifulSoup(edition_html(model, edition.language), "html.parser")
        assert page.html["lang"] == edition.language
        found = page.select("main .paragraph")
        assert [p["id"] for p in found] == [p.eid for p in edition.paragraphs]
        for element, p in zip(found, edition.paragraphs, strict=True):
            number = element.select_one(".num")
            assert (number.get_text() if number else None) == (f"{p.number}." if p.number else None)
            assert words((element.select_one(".text") or element).get_text()) == shown(p.text)
        assert page.select_one(".date-line").get_text() == edition.date_line
        assert model.symbol in page.select_one(".symbol").get_text()


def test_the_parallel_page_has_one_row_per_eid_with_the_same_number_in_each_language(model):
    page = BeautifulSoup(parallel_html(model), "html.parser")
    rows = page.select("tbody tr[id]")
    source = model.editions[0]
    assert [row["id"] for row in rows] == [p.eid for p in source.paragraphs]
    assert len({row["id"] for row in rows}) == len(rows)  # ids unique in the page
    for row, p in zip(rows, source.paragraphs, strict=True):
        cells = row.find_all("td", recursive=False)
        assert [cell["lang"] for cell in cells] == ["es", "en", "fr"]
        numbers = [cell.select_one(".num").get_text() if cell.select_one(".num") else None for cell in cells]
        assert numbers == [f"{p.number}." if p.number else None] * 3
        for cell, edition in zip(cells, model.editions, strict=True):
            assert words(cell.select_one(".text, .heading").get_text()) == shown(
                edition.paragraphs[source.paragraphs.index(p)].text
            )
    assert [td.get_text(" ") for td in page.select("tr.date-row .date-line")] == [
        "Kütahya, 8 de octubre de 2021",
        "Kütahya, 8 October 2021",
        "Kütahya, le 8 octobre 2021",
    ]


def test_the_pages_are_standalone_printable_and_fit_a_phone(model):
    for html in (edition_html(model, "fr"), parallel_html(model)):
        page = BeautifulSoup(html, "html.parser")
        assert not page.find("script") and not page.find("link") and not page.find("img")
        assert not page.select("[src]") and not page.select("[style*='url(']")
        style = page.find("style").get_text()
        assert "@page" in style and "counter(page)" in style and "@media (max-width" in style
        assert "url(" not in style and "@import" not in style
        assert page.find("meta", attrs={"name": "viewport"})


def test_user_markdown_stays_inert(model):
    from dataclasses import replace

    from workspace.domain.publication.publication import PubParagraph

    edition = model.editions[0]
    evil = PubParagraph("op_99", "operative", 99, "<script>alert(1)</script> [x](javascript:alert(1)) *ok*")
    hostile = replace(model, editions=(replace(edition, paragraphs=(*edition.paragraphs, evil)), *model.editions[1:]))
    page = BeautifulSoup(edition_html(hostile, "es"), "html.parser")
    assert not page.find("script")
    assert not page.select("a[href^='javascript']")
    assert page.select_one("#op_99 em").get_text() == "ok"
