"""User Markdown is rendered inert: no raw HTML, no script links."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.markdown import render


def parsed(text: str) -> BeautifulSoup:
    return BeautifulSoup(render(text), "html.parser")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://uclg.org" onclick="steal()">UCLG</a>',
        "<iframe src=https://evil.example></iframe>",
        "Texto <b>en negrita</b> y <!-- comentario -->",
        "<div>\n\n**dentro**\n\n</div>",
    ],
)
def test_raw_html_is_shown_as_text_not_interpreted(text):
    soup = parsed(text)
    assert not soup.find_all(["script", "img", "iframe", "div", "b"])
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    assert "<" not in soup.get_text() or "&lt;" in render(text)


def test_the_escaped_html_is_visible_to_the_reader():
    assert parsed("<script>alert(1)</script>").get_text().strip() == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java&#115;cript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "<javascript:alert(1)>",
    ],
)
@pytest.mark.parametrize("form", ["[enlace]({url})", "![imagen]({url})", "[ref]: {url}\n\n[enlace][ref]"])
def test_unsafe_links_and_images_are_not_rendered(url, form):
    soup = parsed(form.format(url=url))
    assert soup.find("a") is None
    assert soup.find("img") is None


@pytest.mark.parametrize("url", ["<javascript:alert(1)>", "<data:text/html,x>"])
def test_unsafe_autolinks_are_not_rendered(url):
    assert parsed(url).find("a") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.uclg.org/es",
        "http://example.org/?q=javascript:x",
        "mailto:secretaria@uclg.org",
        "/p/kutahya-2021",
        "#op_12",
        "../relativo",
    ],
)
def test_web_mail_and_relative_links_are_rendered(url):
    link = parsed(f"[enlace]({url})").find("a")
    assert link is not None
    assert link["href"] == url
    assert link.get_text() == "enlace"


def test_autolinks_to_the_web_are_rendered():
    assert parsed("<https://www.uclg.org>").find("a")["href"] == "https://www.uclg.org"


def test_ordinary_markdown_still_works():
    soup = parsed("## Objetivos\n\n- *uno*\n- **dos**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert soup.find("h2").get_text() == "Objetivos"
    assert [li.get_text() for li in soup.find_all("li")] == ["uno", "dos"]
    assert soup.find("em") and soup.find("strong")
    assert [td.get_text() for td in soup.find_all("td")] == ["1", "2"]


@pytest.mark.parametrize("empty", ["", None])
def test_nothing_renders_to_nothing(empty):
    assert render(empty) == ""


@settings(max_examples=examples(100), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=&:/()[]!a jsvcriptJSdat\n")), max_size=60))
def test_no_input_produces_a_tag_or_a_script_link(text):
    soup = parsed(text)
    assert {tag.name for tag in soup.find_all(True)} <= {
        "p",
        "a",
        "code",
        "pre",
        "em",
        "strong",
        "br",
        "h1",
        "h2",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "img",
    }
    for tag in soup.find_all(["a", "img"]):
        target = (tag.get("href") or tag.get("src") or "").strip().lower()
        assert not target.startswith(("javascript:", "data:", "vbscript:"))
