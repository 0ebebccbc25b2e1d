"""`statuses.md` and `publications/<n>.md`: canonical rendering (any values read back the same, with the
same bytes), and refusals naming the file and the line."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace.domain.amendments.negotiation import NegotiationStatus
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.outcome_format import (
    PublicationEntry,
    StatusEntry,
    parse_publication_file,
    parse_statuses_file,
    render_publication_file,
    render_statuses_file,
)

# Text as people write it: any letters, marks, punctuation and spaces (no controls: they are refused), in
# NFC as Accord keeps every text.
words = st.text(st.characters(whitelist_categories=("L", "M", "N", "P", "S", "Zs")), max_size=60).map(
    lambda w: unicodedata.normalize("NFC", w).strip()
)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
emails = st.none() | st.sampled_from(["comite@demo.accord", "Miembro@Example.org"])
eids = st.builds(lambda kind, n: f"{kind}_{n}", st.sampled_from(["hdg", "pre", "op"]), st.integers(1, 500))


@given(
    st.lists(
        st.builds(StatusEntry, eids, st.sampled_from(list(NegotiationStatus)), words, emails, moments),
        unique_by=lambda e: e.eid,
        max_size=8,
    )
)
def test_statuses_read_back_as_written_byte_for_byte(entries):
    text = render_statuses_file(entries)
    back = parse_statuses_file(text, "statuses.md")
    assert back == entries
    assert render_statuses_file(back) == text


@given(
    st.builds(
        PublicationEntry,
        st.integers(1, 99),
        st.integers(1, 40),
        words.filter(bool).map(lambda w: w[:100]),
        st.dates(date(2000, 1, 1), date(2100, 1, 1)),
        st.dictionaries(st.sampled_from(["es", "en", "fr"]), words.filter(bool)),
        moments,
        emails,
        st.none() | st.integers(1, 9),
        words,
    )
)
def test_a_publication_reads_back_as_written_byte_for_byte(item):
    text = render_publication_file(item)
    back = parse_publication_file(text, f"publications/{item.number}.md", f"{item.number}.md")
    assert back == item
    assert render_publication_file(back) == text


STATUSES = render_statuses_file(
    [
        StatusEntry("op_1", NegotiationStatus.AGREED, "", "comite@demo.accord", datetime(2021, 5, 31, 21, tzinfo=UTC)),
        StatusEntry(
            "op_2", NegotiationStatus.BRACKETED, "“[local]” por decidir", None, datetime(2021, 5, 31, 21, tzinfo=UTC)
        ),
    ]
)


@pytest.mark.parametrize(
    ("find", "put", "line", "says"),
    [
        ('  op_2:\n    status: "bracketed"', '  op_2:\n    status: "closed"', 9, "Unknown status “closed”"),
        ("  op_2:", "  op 2:", 8, "is not a paragraph identifier"),
        ('    set_at: "2021-05-31T21:00:00+00:00"\n---', '    set_at: "2021-05-31 21:00"\n---', 12, "has no time zone"),
        ('    note: ""', '    note: ""\n    colour: "red"', 3, "status, note, set_by and set_at"),
        ("statuses:", "estados:", 2, "Unknown field “estados”"),
    ],
)
def test_a_damaged_statuses_file_is_refused_at_the_field_or_the_paragraph_it_is_about(find, put, line, says):
    assert find in STATUSES
    with pytest.raises(ImportFailed) as refused:
        parse_statuses_file(STATUSES.replace(find, put, 1), "statuses.md")
    assert (refused.value.file, refused.value.line) == ("statuses.md", line)
    assert says in refused.value.render()


PUBLICATION = render_publication_file(
    PublicationEntry(
        1, 2, "UCLG/2021/1", date(2021, 6, 1), {}, datetime(2021, 6, 1, 21, tzinfo=UTC), "comite@demo.accord", None, ""
    )
)


@pytest.mark.parametrize(
    ("find", "put", "line", "says"),
    [
        ("version: 2", "version: 0", 2, "whole number from 1"),
        ("version: 2", 'version: "Rev.1"', 2, "whole number from 1"),
        ('symbol: "UCLG/2021/1"', 'symbol: ""', 3, "must be text"),
        ("place: {}", 'place: "Córdoba"', 5, "map each language to text"),
        ('published_at: "2021-06-01T21:00:00+00:00"', 'published_at: "ayer"', 6, "date and time (ISO 8601)"),
        ("corrigendum_of: null", "corrigendum_of: true", 8, "whole number from 1"),
    ],
)
def test_a_damaged_publication_file_is_refused_at_its_line(find, put, line, says):
    assert find in PUBLICATION
    with pytest.raises(ImportFailed) as refused:
        parse_publication_file(PUBLICATION.replace(find, put, 1), "publications/1.md", "1.md")
    assert (refused.value.file, refused.value.line) == ("publications/1.md", line)
    assert says in refused.value.render()


def test_publication_files_are_named_by_their_number():
    with pytest.raises(ImportFailed) as refused:
        parse_publication_file(PUBLICATION, "publications/first.md", "first.md")
    assert "1.md, 2.md" in refused.value.render()


def test_times_are_written_in_utc_whatever_zone_they_were_given_in():
    cordoba = timezone(timedelta(hours=-3))
    at = datetime(2021, 5, 31, 18, tzinfo=cordoba)  # 21:00 in UTC
    text = render_statuses_file([StatusEntry("op_1", NegotiationStatus.AGREED, "", None, at)])
    assert 'set_at: "2021-05-31T21:00:00+00:00"' in text
    assert parse_statuses_file(text, "statuses.md")[0].set_at == at  # the same moment


def test_a_key_written_in_yamls_own_escapes_is_read_and_named_at_its_line():
    text = STATUSES.replace("  op_2:", '  "op_\\x32":').replace('status: "bracketed"', 'status: "closed"')
    with pytest.raises(ImportFailed) as refused:
        parse_statuses_file(text, "statuses.md")
    assert (refused.value.line, refused.value.params.get("value")) == (9, "closed")
    escaped = STATUSES.replace("  op_2:", '  "op_\\x32":')
    assert parse_statuses_file(escaped, "statuses.md") == parse_statuses_file(STATUSES, "statuses.md")
    # a note going on over a line that starts with a quote: plain YAML, read as such
    continued = STATUSES.replace(
        '    note: ""\n    set_by: "comite', '    note: una nota\n      "larga" y más\n    set_by: "comite', 1
    )
    assert parse_statuses_file(continued, "statuses.md")[0].note == 'una nota "larga" y más'
