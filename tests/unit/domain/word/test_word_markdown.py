"""Word text with its emphasis as the Markdown Accord keeps (domain/word/word_markdown.py), and where comment marks
fall in it."""

from __future__ import annotations

from workspace.domain.markdown import render_inline
from workspace.domain.word.word_markdown import has_text, markdown, take_label
from workspace.domain.word.word_text import PLAIN, Fmt, Mark

BOLD, ITALIC = Fmt(bold=True), Fmt(italic=True)


def test_bold_italic_and_a_link_become_their_markdown():
    items = [("Pedimos ", PLAIN), ("apoyar", BOLD), (" la ", PLAIN), ("financiación", ITALIC), (" ", PLAIN)]
    items.append(("local", Fmt(href="https://example.org")))
    text, _ = markdown(items)
    assert text == "Pedimos **apoyar** la *financiación* [local](https://example.org)"


def test_a_marker_never_touches_a_space_inside_it():
    text, _ = markdown([("Un", PLAIN), (" texto ", BOLD), ("claro", PLAIN)])
    assert text == "Un **texto** claro"


def test_neighbours_of_one_emphasis_are_joined_and_headings_are_not_marked_bold():
    assert markdown([("muy ", BOLD), ("claro", BOLD)])[0] == "**muy claro**"
    assert markdown([("Preámbulo", BOLD)], heading=True)[0] == "Preámbulo"


def test_a_comment_mark_is_placed_where_its_words_are():
    start, end = Mark("7", True), Mark("7", False)
    text, offsets = markdown([("Pedimos ", PLAIN), start, ("apoyar", PLAIN), end, (" más.", PLAIN)])
    assert text[offsets[start] : offsets[end]] == "apoyar"


def test_a_paragraph_number_or_bullet_is_taken_off_as_its_label():
    items, label = take_label([("12. ", PLAIN), ("Nos comprometemos.", PLAIN)])
    assert label == "12." and markdown(items)[0] == "Nos comprometemos."
    assert take_label([("• Un punto.", PLAIN)])[1] == "•"
    untouched = [("2030 es el año.", PLAIN)]
    assert take_label(untouched) == (untouched, "")


def test_text_is_more_than_spaces_and_marks():
    assert not has_text([(" ", PLAIN), Mark("1", True)])
    assert has_text([(" ", PLAIN), ("a", PLAIN)])


def test_the_markdown_renders_back_to_the_same_emphasis():
    text, _ = markdown([("Un ", PLAIN), ("(a)", BOLD), ("b", PLAIN)])
    assert "<strong>" in render_inline(text)
