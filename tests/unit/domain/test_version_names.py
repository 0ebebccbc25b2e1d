"""A version no one names takes its default name, and nothing the person left empty is refused (issue 67, item 4): a
front matter title names the version when it fits a label, else the default name does, and a notice says so."""

from __future__ import annotations

import pytest

from workspace.domain.declaration.version_names import DefaultName, default_name
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.draft_format import read_version_header

ZERO = {"es": "Borrador cero", "en": "Zero draft", "fr": "Avant-projet"}
DEFAULT = DefaultName("Borrador cero", {"en": "Zero draft", "fr": "Avant-projet"})
LONG = "Draft CMA decision on guidance on cooperative approaches referred to in Article 6, paragraph 2, " + "x" * 40


@pytest.mark.parametrize(
    ("number", "taken", "named"),
    [
        (1, [], DEFAULT),
        (2, ["Borrador cero"], DefaultName("Rev.1")),
        (4, ["Borrador cero", "Rev.1", "Final"], DefaultName("Rev.3")),
        (3, ["Borrador cero", "rev.2", "Rev.3"], DefaultName("Rev.4")),  # a name taken, in any case, is passed over
        (1, ["Zero draft"], DefaultName("Rev.1")),  # the zero draft's name taken in another language
    ],
)
def test_a_version_no_one_names_is_the_zero_draft_then_a_revision(number, taken, named):
    assert default_name(number, taken, ZERO, "es") == named


def header(meta: dict, label: str | None = None, default: DefaultName | None = DEFAULT):
    text = "---\n" + "".join(f"{key}: {value}\n" for key, value in meta.items()) + "---\nTexto.\n"
    return read_version_header(meta, text, "cma.md", label, default)


def test_a_title_too_long_for_a_label_names_the_version_by_default_and_says_so():
    circulated, notices = header({"title": LONG, "layout": "post"})
    assert (circulated.label, circulated.labels) == ("Borrador cero", {"en": "Zero draft", "fr": "Avant-projet"})
    assert [(n.line, n.params) for n in notices if "too long" in n.message] == [
        (2, {"limit": 100, "label": "Borrador cero"})
    ]


@pytest.mark.parametrize(
    ("meta", "label", "named", "says"),
    [
        ({"title": "Rev.2 (Bonn)"}, None, "Rev.2 (Bonn)", "named after the front matter's title"),
        ({"title": LONG}, "Rev.2", "Rev.2", "is not Accord's: it is set aside"),  # the person's label wins
        ({"label": "Rev.2", "title": LONG}, None, "Rev.2", "is not Accord's: it is set aside"),
        ({}, None, "Borrador cero", "No label was given, and the file gives none"),
        ({"title": ["a", "list"]}, None, "Borrador cero", "No label was given, and the file gives none"),
    ],
)
def test_the_label_given_else_the_files_else_a_title_that_fits_else_the_default(meta, label, named, says):
    circulated, notices = header(meta, label)
    assert circulated.label == named
    assert any(says in n.message for n in notices), notices


def test_without_a_default_an_empty_label_is_still_the_files_to_give():
    with pytest.raises(ImportFailed) as caught:
        header({"title": LONG}, default=None)
    assert caught.value.params["field"] == "label"
