"""A page gzipped from pieces deflated apart (workspace/web/gzipped.py): any texts, deflated at either level and joined,
make one gzip member whose text is theirs, in their order, which the standard decoders read to its end."""

from __future__ import annotations

import gzip
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace.web.gzipped import KEPT_LEVEL, SENT_LEVEL, accepts_gzip, deflated, gzip_member

texts = st.lists(st.one_of(st.binary(max_size=3000), st.text(max_size=2000).map(str.encode)), max_size=12)


@given(texts, st.lists(st.booleans(), min_size=12, max_size=12))
def test_pieces_deflated_apart_join_into_one_member_of_their_text(pieces, kept):
    joined = gzip_member((text, deflated(text, KEPT_LEVEL if kept[i] else SENT_LEVEL)) for i, text in enumerate(pieces))
    whole = b"".join(pieces)
    assert gzip.decompress(joined) == whole
    reader = zlib.decompressobj(16 + zlib.MAX_WBITS)  # checks the member's CRC-32 and length
    assert reader.decompress(joined) == whole and reader.eof and reader.unused_data == b""


def test_a_long_piece_and_an_empty_one_join_as_well():
    long = bytes(range(256)) * 4000  # past deflate's 32 KB window, so nothing refers across pieces
    joined = gzip_member(
        [(long, deflated(long)), (b"", deflated(b"")), (b"<b>Luc\xc3\xada</b>", deflated(b"<b>Luc\xc3\xada</b>", 1))]
    )
    assert gzip.decompress(joined) == long + b"<b>Luc\xc3\xada</b>"


@pytest.mark.parametrize(
    ("header", "takes"),
    [
        ("gzip, deflate, br", True),
        ("GZIP;q=0.5", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("br", False),
        ("gzip;q=0, *", False),
        ("deflate, *;q=0", False),
        ("gzip;q=nonsense", False),
        ("", False),
        (None, False),
    ],
)
def test_gzip_is_sent_only_to_who_takes_it(header, takes):
    assert accepts_gzip(header) is takes
