"""Search and replace in one text (domain/translations/find_replace.py): the words as typed, never a pattern of the
translator's; whole words bounded by letters of any script; the pieces rebuild the text before and after."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.errors import InvalidInput
from workspace.domain.token_runs import Op
from workspace.domain.translations.find_replace import Search, replaced

TEXT = st.text(alphabet=st.sampled_from(list("aAéÉ e\u0301ç.«» ,\nCiudad")), max_size=40)


def test_whole_words_case_and_literal_replacement():
    text = "La Ciudad y las ciudades, ciudad."
    assert replaced(text, Search.build("ciudad", "urbe", whole_word=True)).text == "La urbe y las ciudades, urbe."
    assert replaced(text, Search.build("ciudad", "urbe", case_sensitive=True)).text == "La Ciudad y las urbees, urbe."
    assert replaced("a.b (x)", Search.build("(x)", r"\1 $0")).text == r"a.b \1 $0"  # no pattern, no backreference
    assert replaced("«villes» et «villes»", Search.build("«villes»", "«communes»", whole_word=True)).count == 2
    assert replaced("Zürich, Zürichsee", Search.build("Zürich", "Z.", whole_word=True)).text == "Z., Zürichsee"
    assert replaced("nothing here", Search.build("ciudad", "urbe")) is None


@pytest.mark.parametrize(
    ("find", "replace"), [("", "x"), ("  \n", "x"), ("same", "same"), ("x" * 501, "y"), ("a\u0000", "b"), (3, "x")]
)
def test_what_cannot_be_searched_is_refused(find, replace):
    with pytest.raises(InvalidInput):
        Search.build(find, replace)


@settings(max_examples=examples(300), deadline=None)
@given(text=TEXT, find=st.sampled_from(["a", "Ciudad", "é", "« ", ".", "e\u0301"]), put=st.sampled_from(["", "Z", "ç"]))
def test_the_pieces_rebuild_both_texts(text, find, put):
    for case_sensitive in (False, True):
        for whole_word in (False, True):
            search = Search.build(find, put + "·", case_sensitive, whole_word)
            made = replaced(text, search)
            if made is None:
                assert search.pattern().search(text) is None
                continue
            assert "".join(p.text for p in made.pieces if p.op != Op.INSERT) == text
            assert "".join(p.text for p in made.pieces if p.op != Op.DELETE) == made.text
            assert sum(1 for p in made.pieces if p.op == Op.DELETE) == made.count
