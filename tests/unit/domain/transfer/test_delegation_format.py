"""`delegations.toml` of a process folder (domain/transfer/delegation_format.py): written, read back the same, the same
bytes again, and every refusal at its line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workspace.domain.delegations.delegations import DelegationDraft
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.delegation_format import (
    DelegationEntry,
    PositionEntry,
    parse_delegations_file,
    render_delegations_file,
)

LANGUAGES = ("es", "en", "fr")


def delegation(code: str, es: str, *members: str) -> DelegationEntry:
    return DelegationEntry(
        DelegationDraft.build(
            code=code, names={"es": es, "en": es + " (en)"}, kind="member_state", languages=LANGUAGES
        ),
        members,
    )


def test_a_file_written_is_read_back_and_written_again_to_the_same_bytes():
    delegations = [delegation("ARG", "Argentina", "ana@example.org"), delegation("EU", "Unión Europea")]
    position = PositionEntry(
        delegation="ARG",
        eid="op_1",
        amendment=None,
        position="supports",
        note="Con matices.",
        revision=2,
        by="ana@example.org",
        at=datetime(2026, 11, 28, 9, 30, tzinfo=UTC),
        line=0,
    )
    text = render_delegations_file(delegations, [position])
    read, positions = parse_delegations_file(text, "delegations.toml", LANGUAGES)
    assert read == delegations
    assert [(p.delegation, p.eid, p.position, p.note, p.revision, p.by, p.at) for p in positions] == [
        ("ARG", "op_1", "supports", "Con matices.", 2, "ana@example.org", position.at)
    ]
    assert render_delegations_file(read, positions) == text


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            '[[delegations]]\ncode = "ARG"\nnames = { es = "A" }\n\n'
            '[[delegations]]\ncode = "arg"\nnames = { es = "B" }\n',
            6,
            "listed twice",
        ),
        ('[[delegations]]\ncode = "ARG"\nkind = "member_state"\nnames = { en = "Argentina" }\n', 4, "source language"),
        (
            '[[delegations]]\ncode = "ARG"\nnames = { es = "A" }\nmembers = ["a@x.org"]\n\n'
            '[[delegations]]\ncode = "EU"\nnames = { es = "B" }\nmembers = ["a@x.org"]\n',
            9,
            "speaks for two delegations",
        ),
    ],
)
def test_a_bad_entry_is_refused_at_its_line(text, line, words):
    with pytest.raises(ImportFailed) as refused:
        parse_delegations_file(text, "delegations.toml", LANGUAGES)
    assert refused.value.line == line and words in refused.value.render(), refused.value.render()
