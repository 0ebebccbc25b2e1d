"""Long answers travel gzipped (issue 17: a 3,000-paragraph version is 1.16 MB of JSON); short ones, live streams
and files sent as they are kept (a version's download) never are."""

from __future__ import annotations

import pytest

from tests.web.conftest import SQLITE_ONLY, token_headers

P = "/api/processes/kutahya"
pytestmark = SQLITE_ONLY  # the middleware's, the same on both backends


@pytest.fixture
def long_version(client, web_people):
    headers = token_headers(client, web_people.committee.email)
    text = "\n".join(
        f"{n}. Nos comprometemos a fortalecer la gobernanza multinivel en el punto {n} del plan local. {{#op_{n}}}\n"
        for n in range(1, 601)
    )
    answer = client.post(
        f"{P}/versions/import", json={"filename": "largo.md", "text": text, "label": "Largo"}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return headers


def test_a_long_answer_is_gzipped_and_reads_the_same(client, long_version):
    plain = client.get(f"{P}/versions/1", headers={**long_version, "Accept-Encoding": "identity"})
    zipped = client.get(f"{P}/versions/1", headers={**long_version, "Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers and len(plain.content) > 32_768
    assert zipped.headers["content-encoding"] == "gzip" and zipped.json() == plain.json()
    assert zipped.num_bytes_downloaded < len(plain.content) / 4  # what travelled is a fraction of it
    short = client.get(f"{P}/progress", headers={**long_version, "Accept-Encoding": "gzip"})
    assert "content-encoding" not in short.headers


def test_downloads_are_sent_as_they_are(client, long_version):
    word = client.get(
        f"{P}/versions/1/download", params={"format": "docx"}, headers={**long_version, "Accept-Encoding": "gzip"}
    )
    assert word.status_code == 200 and "content-encoding" not in word.headers and word.content[:2] == b"PK"
