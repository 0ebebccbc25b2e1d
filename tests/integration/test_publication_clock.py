"""The same model rendered two seconds later gives the same bytes in every format: no file is dated by the clock
(a PDF would be to the second, a zip entry to two seconds). Here, not among the unit tests: it waits for the
clock to move."""

from __future__ import annotations

import time

from tests.unit.renderers.models import kutahya_model
from tests.unit.renderers.test_publication_frozen import everything


def test_the_same_model_renders_to_the_same_bytes_in_every_format():
    model = kutahya_model()
    first = everything(model)
    time.sleep(2.1)  # a clock-dated file would differ now
    second = everything(model)
    assert {n.rsplit(".", 1)[1] for n in first} == {"pdf", "docx", "html", "md", "xml", "json"}
    assert [n for n in first if first[n] != second[n]] == []
