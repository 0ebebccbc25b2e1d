"""Every TOML file of a process folder (domain/transfer/toml_reading.py): a table, or ImportFailed naming the file and
the line, never another exception."""

from __future__ import annotations

import pytest

from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.toml_reading import read_toml


def test_a_table_is_read_and_a_byte_order_mark_is_no_part_of_it():
    assert read_toml('\ufefftitle = "Kütahya"\n[languages]\nsource = "es"\n', "process.toml") == {
        "title": "Kütahya",
        "languages": {"source": "es"},
    }


def test_a_malformed_file_is_refused_at_its_line():
    with pytest.raises(ImportFailed) as refused:
        read_toml('title = "a"\n\nslug = \n', "process.toml")
    assert (refused.value.file, refused.value.line) == ("process.toml", 3)
    assert refused.value.render().startswith("process.toml:3: Not valid TOML")


def test_a_value_nested_past_the_stack_names_its_line_and_key():
    text = 'title = "a"\n[delegations]\ncodes = ' + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(ImportFailed) as refused:
        read_toml(text, "delegations.toml")
    assert refused.value.line == 3
    assert refused.value.params == {"key": "delegations.codes"}
