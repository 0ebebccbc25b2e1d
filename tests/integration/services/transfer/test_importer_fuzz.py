"""Standing check B.4: the importers under mutated and generated files, on both backends.

A drafts folder (`accord import`), a version file and a concept note are fed real files from
drafts/ with random damage: bytes and Markdown, YAML or TOML markers inserted, spans deleted,
lines dropped or repeated, values replaced by values of another type, invalid UTF-8. Each must
either be imported whole, or be refused with Accord's own error naming the file and a line in
it, having written nothing. Any other exception fails the test. Examples are few per backend
(the suite's time is shared): hypothesis keeps the failures it finds in its database.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.support import counts, dump
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.errors import AccordError, Conflict, ImportFailed, InvalidInput
from workspace.services import consultations, transfer
from workspace.services.declaration import importing as version_import
from workspace.settings import ROOT

DRAFTS = ROOT / "drafts"
SEED = DRAFTS / "cordoba-led-2021"
VERSION_SEEDS = sorted((DRAFTS / "kutahya-2021" / "declaration").glob("*.md"))
NOTE_SEEDS = sorted(DRAFTS.glob("*/sessions/*.md"))

DECLARATION = """---
number: 1
label: "Borrador cero"
date: "2021-09-06"
note: "Primer borrador."
---
# Preámbulo {#hdg_1}

Reconociendo el [informe][src] de las ciudades intermedias. {#pre_1}

[src]: https://example.org/informe

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}

2. Pedimos a los gobiernos nacionales apoyar
   la financiación local. {#op_2}
"""

# What breaks parsers: control characters, line breaks of every kind, Markdown, YAML and TOML
# syntax, values of other types, long and odd Unicode.
PIECES = [
    "\x00",
    "\x01",
    "\x7f",
    "\x85",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\t",
    " ",
    "---",
    "---\n",
    "===\n",
    "```",
    "~~~\n",
    "# ",
    "1. ",
    "- ",
    "> ",
    "    ",
    "{#op_1}",
    "{#pre_1}",
    "{#Op 1}",
    "{",
    "}",
    "[",
    "]",
    "[src]: https://x.org\n",
    ":",
    ": ",
    '"',
    "'",
    "\\",
    "#",
    "=",
    " = ",
    "[[members]]\n",
    "[title]\n",
    "null",
    "true",
    "5",
    "-1",
    "1.5",
    "[1]",
    "{a: 1}",
    "[]",
    "{}",
    "2021-05-26",
    "2021-05-26 10:00:00",
    "&a",
    "*a",
    "!!python/object:os.system",
    "é",
    "e\u0301",
    "مدن",
    "𝔘",  # noqa: RUF001 - a Fraktur letter on purpose: text an import must keep as it is
    "x" * 300,
]
VALUES = [
    "5",
    "-1",
    "1.5",
    "true",
    "null",
    "[]",
    "[1, 2]",
    "{a: 1}",
    '""',
    '"x"',
    '"2021-05-26T10:00:00"',
    "2021-05-26",
    '"de"',
    '"committee"',
    '["es", "de"]',
    '"' + "y" * 600 + '"',
    "[[1]]",
    '"\\u0000"',
    '"\\x85"',
    "~",
    "!!binary AAAA",
]
TOML_VALUES = [
    "5",
    "-1",
    "1.5",
    "true",
    "[]",
    "[1, 2]",
    "{ a = 1 }",
    '""',
    '"x"',
    "2021-05-26T10:00:00",
    '"de"',
    '["es", "de"]',
    '"' + "y" * 600 + '"',
    "[[1]]",
    '"\\u0000"',
]


def mutation() -> st.SearchStrategy:
    at = st.floats(0, 1)
    return st.one_of(
        st.tuples(st.just("insert"), at, st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join)),
        st.tuples(st.just("delete"), at, st.integers(1, 40)),
        st.tuples(st.just("drop_line"), at, st.just(0)),
        st.tuples(st.just("repeat_line"), at, st.just(0)),
        st.tuples(st.just("value"), at, st.sampled_from(VALUES)),
        st.tuples(st.just("toml_value"), at, st.sampled_from(TOML_VALUES)),
        st.tuples(st.just("bytes"), at, st.binary(min_size=1, max_size=4)),
        st.tuples(st.just("truncate"), at, st.just(0)),
    )


_KEY = re.compile(r"^([A-Za-z_]+)(: | = )")


def mutate(data: bytes, steps: list[tuple]) -> bytes:
    """`data` damaged by each step in turn; `at` is a place in the file as a fraction of its length."""
    for kind, at, arg in steps:
        if kind == "bytes":
            i = int(at * len(data))
            data = data[:i] + arg + data[i + 1 :]
            continue
        text = data.decode("utf-8", errors="surrogateescape")
        i = int(at * len(text))
        lines = text.split("\n")
        n = min(int(at * len(lines)), len(lines) - 1)
        if kind == "insert":
            text = text[:i] + arg + text[i:]
        elif kind == "delete":
            text = text[:i] + text[i + arg :]
        elif kind == "truncate":
            text = text[:i]
        elif kind == "drop_line":
            text = "\n".join(lines[:n] + lines[n + 1 :])
        elif kind == "repeat_line":
            text = "\n".join(lines[: n + 1] + lines[n:])
        else:  # a key's value replaced: the nearest "key: value" (YAML) or "key = value" (TOML) line from n on
            for j in [*range(n, len(lines)), *range(n)]:
                found = _KEY.match(lines[j])
                if found and (found.group(2) == " = ") == (kind == "toml_value"):
                    lines[j] = found.group(0) + arg
                    break
            text = "\n".join(lines)
        data = text.encode("utf-8", errors="surrogateescape")
    return data


steps = st.lists(mutation(), min_size=1, max_size=3)


def assert_clear(exc: AccordError, files: dict[str, bytes]) -> None:
    """Accord's own refusal: an import error naming one of the files given, and a line in it."""
    assert isinstance(exc, ImportFailed), f"{type(exc).__name__}: {exc.render()} (no file, no line)"
    name = next((n for n in files if exc.file.endswith(n)), None)
    assert (
        name is not None
        or exc.file.endswith(("process.toml", "sessions", "recommendations", "declaration", "publications"))
        or (Path(exc.file).is_dir())
    ), exc.render()
    if exc.line is not None:
        # Lines as the reader counts them: a lone carriage return ends a line too (as CommonMark says).
        lines = files[name].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1 if name else 1
        assert 1 <= exc.line <= lines, exc.render()
    assert exc.render().startswith(exc.file), exc.render()


# ACCORD_FUZZ_SCALE=20 for a longer hunt (by hand or nightly); the default keeps `make test` quick.
SCALE = int(os.environ.get("ACCORD_FUZZ_SCALE", "1"))


def examples(db_url: str, sqlite: int, postgresql: int) -> settings:
    count = sqlite if db_url.startswith("sqlite") else postgresql
    return settings(max_examples=count * SCALE, deadline=None, suppress_health_check=list(HealthCheck))


_runs = itertools.count()
STATE_CONFLICTS = {
    "A version labelled “{label}” already exists.",
    "The working draft is the same as version “{label}”: there is nothing new to circulate.",
}
FIGURES: dict[str, list] = {}


def record_figures(name: str, tried: int, imported: int, seconds: float, reasons: Counter[str] | None = None) -> None:
    common = "; ".join(f"{n}× {m}" for m, n in (reasons or Counter()).most_common(3))
    print(
        f"\n[fuzz] {name}: {tried} examples, {imported} imported whole, {tried - imported} refused clearly, "
        f"{seconds:.1f} s (most common refusals: {common})"
    )


def test_a_damaged_drafts_folder_is_imported_whole_or_refused_with_file_and_line(db_url, fresh_store, tmp_path):
    seed = tmp_path / "seed"
    shutil.copytree(
        SEED, seed
    )  # a published process: its declaration, editions, statuses and publication are damaged too
    names = sorted(str(p.relative_to(seed)) for p in seed.rglob("*") if p.is_file())
    holder = {"store": fresh_store()}
    tally: list = [0, 0, Counter()]
    started = time.perf_counter()

    @examples(db_url, sqlite=80, postgresql=30)
    @given(name=st.sampled_from(names), damage=steps)
    def run(name, damage):
        folder = tmp_path / f"run-{next(_runs)}" / SEED.name
        shutil.copytree(seed, folder)
        path = folder / name
        path.write_bytes(mutate(path.read_bytes(), damage))
        files = {n: (folder / n).read_bytes() for n in names}
        store = holder["store"]
        tally[0] += 1
        try:
            report = transfer.import_folder(store, None, folder)
        except AccordError as exc:
            assert_clear(exc, files)
            tally[2][exc.message] += 1
            assert sum(counts(store).values()) == 0, "a refused import wrote something"
            return
        tally[1] += 1
        assert counts(store)["processes"] == 1 and counts(store)["consultation_sessions"] == report.sessions
        holder["store"] = fresh_store()  # the next example starts from an empty database again

    run()
    record_figures(
        f"drafts folder ({db_url.split(':')[0]})", tally[0], tally[1], time.perf_counter() - started, tally[2]
    )


def test_a_damaged_version_file_is_imported_whole_or_refused_with_file_and_line(db_url, store, people):
    seeds = [DECLARATION.encode("utf-8"), *(p.read_bytes() for p in VERSION_SEEDS)]
    tally: list = [0, 0, Counter()]
    started = time.perf_counter()

    @examples(db_url, sqlite=60, postgresql=25)
    @given(seed=st.sampled_from(seeds), damage=steps, own_label=st.booleans())
    def run(seed, damage, own_label):
        data = mutate(seed, damage)
        tally[0] += 1
        before = dump(store)
        label = f"Rev.{tally[0]}" if own_label else None  # else the file's, used once only
        try:
            text = data.decode("utf-8")  # the API and the CLI refuse other bytes before the service
            result = version_import.import_version(
                store,
                people.committee,
                "kutahya",
                ImportVersion(filename="rev.md", text=text, label=label, replace_draft=True),
            )
        except UnicodeDecodeError:
            tally[2]["not UTF-8"] += 1
            return
        except Conflict as exc:  # the state, not the file: a label already used, nothing new to circulate
            assert exc.message in STATE_CONFLICTS, exc.render()
            tally[2][exc.message] += 1
            assert dump(store) == before, "a refused version import wrote something"
            return
        except AccordError as exc:
            assert_clear(exc, {"rev.md": data})
            tally[2][exc.message] += 1
            assert dump(store) == before, "a refused version import wrote something"
            return
        tally[1] += 1
        assert result.saved and result.version is not None

    run()
    record_figures(
        f"version file ({db_url.split(':')[0]})", tally[0], tally[1], time.perf_counter() - started, tally[2]
    )


def test_a_damaged_concept_note_becomes_a_session_or_is_refused_with_file_and_line(db_url, store, people):
    seeds = [p.read_bytes() for p in NOTE_SEEDS]
    tally: list = [0, 0, Counter()]
    started = time.perf_counter()

    @examples(db_url, sqlite=80, postgresql=30)
    @given(seed=st.sampled_from(seeds), damage=steps)
    def run(seed, damage):
        data = mutate(seed, damage)
        tally[0] += 1
        before = counts(store)
        try:
            text = data.decode("utf-8")
            consultations.import_concept_note(store, people.committee, "kutahya", "nota.md", text)
        except UnicodeDecodeError:
            tally[2]["not UTF-8"] += 1
            return
        except AccordError as exc:
            assert_clear(exc, {"nota.md": data})
            tally[2][exc.message] += 1
            assert counts(store) == before, "a refused concept note wrote something"
            return
        tally[1] += 1
        assert counts(store)["consultation_sessions"] == before["consultation_sessions"] + 1

    run()
    record_figures(
        f"concept note ({db_url.split(':')[0]})", tally[0], tally[1], time.perf_counter() - started, tally[2]
    )


@pytest.mark.parametrize("value", ["5", "12", "[1]", "{a: 1}", "true", "null", "1.5"])
@pytest.mark.parametrize("key", ["organisers", "languages", "theme", "title", "capacity", "place", "starts_at"])
def test_every_concept_note_field_of_any_type_is_taken_or_refused_at_its_line(store, people, key, value):
    text = NOTE_SEEDS[0].read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(n for n, text_line in enumerate(lines) if text_line.startswith(f"{key}:"))
    lines[line] = f"{key}: {value}"
    try:
        consultations.import_concept_note(store, people.committee, "kutahya", "nota.md", "\n".join(lines))
    except AccordError as exc:
        assert isinstance(exc, ImportFailed) and (exc.file, exc.line) == ("nota.md", line + 1), exc.render()


def test_a_version_file_whose_label_reads_as_another_versions_number_is_refused_at_its_line(store, people):
    """Found by the fuzz above: a front matter's `label` that names another version's number (or the draft) is the
    file's fault, said at its line; the same name typed as the command's `label` is the person's field to fix."""
    first = version_import.import_version(
        store, people.committee, "kutahya", ImportVersion(filename="v1.md", text=DECLARATION, replace_draft=True)
    )
    numbered = DECLARATION.replace('label: "Borrador cero"', f'label: "{first.version}"')
    line = next(n for n, text in enumerate(numbered.split("\n"), start=1) if text.startswith("label:"))
    with pytest.raises(ImportFailed) as refused:
        version_import.import_version(
            store, people.committee, "kutahya", ImportVersion(filename="rev.md", text=numbered, replace_draft=True)
        )
    assert (refused.value.file, refused.value.line) == ("rev.md", line)
    assert refused.value.render().startswith(f"rev.md:{line}: ")
    with pytest.raises(InvalidInput) as typed:
        version_import.import_version(
            store,
            people.committee,
            "kutahya",
            ImportVersion(filename="rev.md", text=DECLARATION, label="draft", replace_draft=True),
        )
    assert not isinstance(typed.value, ImportFailed) and typed.value.detail == {"field": "label"}
