"""The one YAML reader: what it reads, what it refuses with the line and the key, and — a property over
every reader of Accord's front matter — that a value of any kind in any key is read or refused with
the file and the line, never another exception (a ValueError of an impossible date, a RecursionError)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.declaration_format import parse_declaration, read_declaration
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.amendment_format import parse_amendment_file
from workspace.domain.transfer.draft_format import (
    entry_lines,
    parse_recommendation_file,
    parse_session_file,
    parse_version_header,
    read_version_header,
)
from workspace.domain.transfer.outcome_format import parse_publication_file, parse_statuses_file
from workspace.domain.transfer.thread_format import parse_thread_file
from workspace.domain.yaml_reading import MAX_DEPTH, MAX_REPEATED, read_mapping
from workspace.settings import ROOT

DRAFTS = ROOT / "drafts"


def refused(text: str) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        read_mapping(text, "f.md", 2)
    assert caught.value.file == "f.md"
    return caught.value


# --- what is read ----------------------------------------------------------------------------------


def test_dates_times_and_timestamps_are_read_as_the_text_they_are_written():
    text = (
        "day: 2021-10-08\nimpossible: 2021-02-30\nnote: 2021-13-45\nat: 2021-10-08T10:00:00+03:00\n"
        "spaced: 2021-10-08 10:00:00\ntime: 10:30\nlong: 1:20:30\n"
    )
    assert read_mapping(text, "f.md", 2) == {
        "day": "2021-10-08",
        "impossible": "2021-02-30",
        "note": "2021-13-45",
        "at": "2021-10-08T10:00:00+03:00",
        "spaced": "2021-10-08 10:00:00",
        "time": "10:30",
        "long": "1:20:30",
    }


def test_numbers_booleans_nulls_and_collections_are_read_as_before():
    text = (
        "n: 80\nhex: 0x1f\nf: 1.5\nyes_: yes\nno_: false\nnothing: ~\nempty:\n"
        "list: [a, 1]\nmap: {a: b}\nquoted: !!str 5\n"
    )
    assert read_mapping(text, "f.md", 2) == {
        "n": 80,
        "hex": 31,
        "f": 1.5,
        "yes_": True,
        "no_": False,
        "nothing": None,
        "empty": None,
        "list": ["a", 1],
        "map": {"a": "b"},
        "quoted": "5",
    }
    assert (
        read_mapping("", "f.md", 2) == {} == read_mapping("# only a comment", "f.md", 2) == read_mapping("~", "f.md", 2)
    )
    assert read_mapping("base: &b {k: 1}\nmore: {<<: *b, j: 2}", "f.md", 2)["more"] == {"k": 1, "j": 2}


@pytest.mark.parametrize(
    ("text", "line", "key", "says"),
    [
        ("a: 1\nlabel: !!binary AAAA", 3, "label", "!!binary"),
        ("a: 1\nnote: !!timestamp 2021-02-30", 3, "note", "!!timestamp"),
        ("x: !!python/object/apply:os.system [ls]", 2, "x", "!!python/object/apply:os.system"),
        ("x: [a, {b: [c, !local d]}]", 2, "x.2.b.2", "!local"),
        ("x: {y: !!int abc}", 2, "x.y", "!!int"),
        ("a: 1\nn: " + "9" * 5000, 3, "n", "cannot be read"),
    ],
)
def test_a_tag_or_a_value_that_cannot_be_built_is_refused_at_its_line_naming_its_key(text, line, key, says):
    exc = refused(text)
    assert exc.line == line and exc.params["key"] == key and says in exc.render()


@pytest.mark.parametrize(
    ("nest", "key"),
    [
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, "summary"),
        ("[" * 3000, "summary"),
        ("[" * 100_000, "summary"),
        ("[{a: [[{b: " + "[" * 3000, "summary.1.a.1.…"),
        ("{a: " * MAX_DEPTH + "1" + "}" * MAX_DEPTH, "summary.a.a.a.…"),
    ],
)
def test_deep_nesting_is_refused_at_its_line_naming_its_key_before_python_recurses(nest, key):
    exc = refused(f"title: x\nsummary: {nest}\n")
    assert (exc.line, exc.params["key"], exc.params["limit"]) == (3, key, MAX_DEPTH)
    assert "nests lists and mappings more than 16 levels deep" in exc.render()
    one_less = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert read_mapping(f"summary: {one_less}", "f.md", 2)["summary"]  # the limit itself is read


def test_nesting_through_aliases_and_a_node_inside_itself_are_refused():
    eight = "[" * 8 + "1" + "]" * 8
    exc = refused(f"a: &a {eight}\nb: &b {'[' * 8}*a{']' * 8}\n")
    assert (exc.line, exc.params["key"]) == (3, "b")
    exc = refused("x: 1\nloop: &l [*l]\n")
    assert (exc.line, exc.params["key"]) == (3, "loop")
    exc = refused("x: 1\nloop: &m {a: {b: *m}}\n")
    assert (exc.line, exc.params["key"]) == (3, "loop")


def test_a_billion_laughs_is_refused_in_no_time_and_a_small_alias_is_read():
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 10)]
    started = time.perf_counter()
    exc = refused("\n".join(lines))
    assert time.perf_counter() - started < 1  # not built: 9**10 strings would take hours
    assert "repeat more than 100000 characters" in exc.render() and exc.params["limit"] == MAX_REPEATED
    assert exc.line == int(exc.params["key"][1:]) + 2  # the first key whose repetitions pass the limit
    assert read_mapping("a: &a [1, 2]\nb: [*a, *a]", "f.md", 2) == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


@pytest.mark.parametrize(
    "text",
    ["- a\n- b", "just text", "? [a, b]\n: 1", "[" * 5000, "*a", "a: 1\n? {k: v}\n: 2", "!!set {a: 1}", "9" * 5000],
)
def test_front_matter_that_is_not_key_value_lines_is_refused(text):
    assert "must be a set of “key: value” lines" in refused(text).render()


def test_yaml_syntax_errors_keep_their_line():
    exc = refused("a: 1\nb: c: d\n")
    assert exc.line == 3 and exc.render().startswith("f.md:3: The front matter is not valid YAML: ")


def test_entry_lines_survive_any_front_matter():
    text = '---\nstatuses:\n  op_1: {status: agreed}\n  "op_\\x32": {}\nx: ' + "[" * 3000 + "\n---\n"
    assert entry_lines(text, "statuses") == {}
    assert entry_lines(text.replace("[" * 3000, "1"), "statuses") == {"op_1": 3, "op_2": 4}


# --- the property: every reader, every kind of value ---------------------------------------------

DATES = ["2021-05-26", "2021-02-30", "2021-13-45", "0000-00-00", "9999-12-31", "2021-5-6", "2021-02-29", "2024-02-29"]
TIMES = ["10:30", "25:61", "10:30:00", "1:20:30", "-1:30", "190:20:30.15"]
STAMPS = [
    "2021-05-26T10:00:00Z",
    "2021-05-26 10:00:00",
    "2021-05-26 10:00:00 +3",
    "2021-05-26t10:00:00.123456789-05:00",
    "2021-02-30T25:00:00+99:00",
    "2021-05-26T10:00:00+03:00",
    "2001-12-14 21:59:43.10 -5",
]
NUMBERS = [
    "0",
    "-1",
    "80",
    "1_000",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1.5",
    "1e400",
    "-.inf",
    ".inf",
    ".NaN",
    "+12e03",
    "9" * 5000,
    "-0",
    "1:30",
    "12345678901234567890",
]
WORDS = [
    "true",
    "False",
    "yes",
    "no",
    "on",
    "OFF",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "",
    "''",
    '""',
    '"x"',
    "'2021-02-30'",
    '"\\x85"',
    '"\\u0000"',
    '"\\ud800"',
    '"\\U0010FFFF"',
    "=",
    "<<",
    "- a",
    "a: b",
    "&a x",
    "*a",
    "*undefined",
    '"' + "y" * 3000 + '"',
    "|",
    ">-",
    "!",
    "%",
    "@x",
    "`x`",
]
TAGS = [
    "!!binary AAAA",
    "!!binary not-base64!",
    "!!python/object:os.system ls",
    "!!python/name:os.system ''",
    "!!python/object/apply:os.system [ls]",
    "!!timestamp 2021-02-30",
    "!!timestamp x",
    "!!int abc",
    "!!int 5",
    "!!float x",
    "!!bool maybe",
    "!!null x",
    "!!set {a}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!str 5",
    "!!seq [a]",
    "!!map {a: 1}",
    "!local x",
    "!<tag:example.org,2024:x> y",
    "!!merge x",
    "!!value =",
    "! 12",
]
DEEP = ["[" * n + "]" * n for n in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1)] + [
    "[" * 3000,
    "{a: " * 400 + "1" + "}" * 400,
    "&a [*a]",
    "&b {x: *b}",
    "[&c [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "
    + ", ".join(f"&d{n} [" + ", ".join([f"*{'c' if n == 0 else f'd{n - 1}'}"] * 10) + "]" for n in range(8))
    + "]",
]

scalars = st.sampled_from(DATES + TIMES + STAMPS + NUMBERS + WORDS + TAGS)
values = st.one_of(
    scalars,
    st.sampled_from(DEEP),
    st.recursive(
        scalars.filter(lambda s: "\n" not in s and s not in ("|", ">-", "- a", "a: b")),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(st.tuples(st.sampled_from(["a", "es", "op_1", "1", "null", "2021-02-30"]), inner), max_size=3).map(
                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
            ),
        ),
        max_leaves=6,
    ),
)


def _seed(path: str) -> str:
    return (DRAFTS / path).read_text(encoding="utf-8")


def _version(text: str, name: str) -> object:
    read = read_declaration(text, name)
    return parse_version_header(read.meta, text, name)


def _version_from_anywhere(text: str, name: str) -> object:
    read = read_declaration(text, name)
    return read_version_header(read.meta, text, name)


READERS = {  # what each door reads: the folder import, the API's imports, the concept note
    "session": (
        "kutahya-2021/sessions/cierre-plenaria.md",
        lambda t, n: parse_session_file(t, n, "nota", "Europe/Istanbul"),
    ),
    "recommendation": ("kutahya-2021/recommendations/race-r02.md", lambda t, n: parse_recommendation_file(t, n, "r")),
    "amendment": ("kutahya-2021/amendments/A3.md", lambda t, n: parse_amendment_file(t, n, "A3.md")),
    "thread": ("kutahya-2021/threads/1.md", lambda t, n: parse_thread_file(t, n, "1.md")),
    "statuses": ("cordoba-led-2021/statuses.md", parse_statuses_file),
    "publication": ("cordoba-led-2021/publications/1.md", lambda t, n: parse_publication_file(t, n, "1.md")),
    "version": ("kutahya-2021/declaration/02-rev-1.es.md", _version),
    "version-import": ("kutahya-2021/declaration/02-rev-1.es.md", _version_from_anywhere),
    "edition": ("cordoba-led-2021/declaration/01-mensajes-clave.en.md", parse_declaration),
}
_ENTRY = re.compile(r"^( *)([^\s:#-][^:]*):( .*)?$")


def _front_lines(text: str) -> list[int]:
    """The indexes of the front matter's `key: …` lines."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    return [i for i in range(1, end) if _ENTRY.match(lines[i])]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reader=st.sampled_from(sorted(READERS)),
    where=st.floats(0, 1),
    value=values,
    how=st.sampled_from(["replace", "add"]),
)
def test_every_reader_reads_or_refuses_any_value_with_the_file_and_line(reader, where, value, how):
    seed, read = READERS[reader]
    text = _seed(seed)
    lines = text.split("\n")
    entries = _front_lines(text)
    at = entries[min(int(where * len(entries)), len(entries) - 1)]
    indent, key = _ENTRY.match(lines[at]).group(1, 2)  # type: ignore[union-attr]
    if how == "replace":
        lines[at] = f"{indent}{key}: {value}"
    else:
        lines.insert(at + 1, f"{indent}{'extra' if not indent else 'op_99'}: {value}")
    damaged = "\n".join(lines)
    name = f"{reader}/{Path(seed).name}"
    try:
        read(damaged, name)
    except ImportFailed as exc:
        assert exc.file == name
        assert isinstance(exc.line, int) and 1 <= exc.line <= len(lines), exc.render()
        assert exc.render().startswith(f"{name}:{exc.line}: ")
    assert entry_lines(damaged, key.strip()) is not None  # the lines of a mapping are looked for in any file


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("value", ["2021-02-30", "2021-13-45", "!!binary AAAA", "[" * 3000, "9" * 5000])
def test_each_reader_with_each_bad_value_in_its_first_key(reader, value):
    """The finding's inputs, in every reader, deterministically (the property draws them among many)."""
    seed, read = READERS[reader]
    text = _seed(seed)
    lines = text.split("\n")
    at = next(i for i in _front_lines(text) if _ENTRY.match(lines[i]).group(3))  # type: ignore[union-attr]
    indent, key = _ENTRY.match(lines[at]).group(1, 2)  # type: ignore[union-attr]
    lines[at] = f"{indent}{key}: {value}"
    try:
        read("\n".join(lines), "f.md")
    except ImportFailed as exc:
        assert exc.file == "f.md" and exc.line == at + 1, exc.render()
