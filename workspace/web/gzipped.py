"""A page gzipped once for all its readers: its fixed parts deflated when it is made, each reader's own values as it
is sent, the pieces joined into one gzip member (RFC 1951, 1952). Each piece is deflated alone and ends on a byte
(a sync flush, its last block not the final one), so pieces join in any order; the member's checksum and length are
of the whole text. A reader's page then costs a pass of CRC-32 over it, not a compression of it (5 ms for the
302 KB version page on a slow core, a third of what the page cost a worker in a plenary)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

from werkzeug.http import parse_accept_header

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate; no flags, no time, no extra flags, unknown OS
_END = b"\x03\x00"  # an empty final block (fixed codes, end of block): the deflate stream ends
GZIPS_ITSELF = "gzips_itself"  # a handler's opt: its pages gzip themselves, the app's compression leaves them
GZIP_FROM = 32_768  # bytes: a shorter answer travels as it is (the app's compression too)
KEPT_LEVEL = 6  # a part kept for every reader is deflated once: the smaller the better for a room's network
SENT_LEVEL = 1  # what is deflated at each answer (a reader's name, form token): the fastest


def deflated(data: bytes, level: int = KEPT_LEVEL) -> bytes:
    """`data` as raw deflate blocks that end on a byte boundary and do not end the stream."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


def gzip_member(pieces: Iterable[tuple[bytes, bytes]]) -> bytes:
    """One gzip member of `pieces`, each a text and that text `deflated`, in their order."""
    out, crc, size = [_HEADER], 0, 0
    for text, packed in pieces:
        crc, size = zlib.crc32(text, crc), size + len(text)
        out.append(packed)
    out += (_END, struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an `Accept-Encoding` header takes gzip (by name or `*`, with a weight above zero; a weight of zero
    given to gzip by name refuses it whatever `*` says)."""
    return parse_accept_header(accept_encoding or "").quality("gzip") > 0
