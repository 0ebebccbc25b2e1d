"""The plain-file format of drafts/: golden round trips, properties, and precise errors."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.consultations.consultations import (
    Decision,
    MemberDraft,
    ProcessDraft,
    RecommendationDraft,
    SessionDraft,
)
from workspace.domain.errors import ImportFailed, InvalidInput
from workspace.domain.transfer.draft_format import (
    RecommendationFile,
    check_committee,
    entry_lines,
    front_matter,
    parse_process_file,
    parse_recommendation_file,
    parse_session_file,
    render_process_file,
    render_recommendation_file,
    render_session_file,
    split_front_matter,
)
from workspace.settings import ROOT

DRAFTS = ROOT / "drafts"
FOLDERS = sorted(p for p in DRAFTS.iterdir() if (p / "process.toml").is_file())
SESSION_FILES = sorted(DRAFTS.glob("*/sessions/*.md"))
RECOMMENDATION_FILES = sorted(DRAFTS.glob("*/recommendations/*.md"))


def rel(path: Path) -> str:
    return str(path.relative_to(DRAFTS))


# --- golden files: drafts/ is written in the canonical form ----------------------------------


def test_the_demo_drafts_are_there():
    assert len(FOLDERS) >= 5
    assert len(SESSION_FILES) >= len(FOLDERS)
    assert len(RECOMMENDATION_FILES) >= 30


@pytest.mark.parametrize("path", SESSION_FILES, ids=rel)
def test_a_session_file_parses_and_renders_back_to_the_same_bytes(path):
    text = path.read_text(encoding="utf-8")
    parsed = parse_session_file(text, rel(path), path.stem)
    assert parsed.ref == path.stem
    assert render_session_file(parsed.session, parsed.session.utc_offset_minutes) == text


@pytest.mark.parametrize("path", RECOMMENDATION_FILES, ids=rel)
def test_a_recommendation_file_parses_and_renders_back_to_the_same_bytes(path):
    text = path.read_text(encoding="utf-8")
    parsed = parse_recommendation_file(text, rel(path), path.stem)
    assert (path.parent.parent / "sessions" / f"{parsed.session_ref}.md").is_file()
    assert render_recommendation_file(parsed) == text


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_process_file_parses_and_renders_back_to_the_same_bytes(folder):
    text = (folder / "process.toml").read_text(encoding="utf-8")
    process, members = parse_process_file(text, "process.toml")
    assert process.slug == folder.name
    assert render_process_file(process, members) == text


def test_a_known_session_file_gives_the_values_it_shows():
    path = DRAFTS / "cordoba-led-2021" / "sessions" / "1-1-1-alianzas.md"
    session = parse_session_file(path.read_text(encoding="utf-8"), rel(path), path.stem).session
    assert session.starts_at == datetime(2021, 5, 26, 12, 55, tzinfo=UTC)
    assert session.ends_at == datetime(2021, 5, 26, 14, 25, tzinfo=UTC)
    assert session.utc_offset_minutes == -180
    assert session.platform == "Zoom"
    assert session.organisers == ("UCLG Forum of Regions", "CONGOPE")
    assert session.languages == ("en", "es", "fr")
    assert session.capacity == 150
    assert session.summary.startswith("Mesa redonda.")


SESSION = SessionDraft(
    title="Justicia climática: “el agua” — ¿para quién?",
    starts_at=datetime(2021, 10, 6, 10, 0, tzinfo=timezone(timedelta(hours=2))),
    ends_at=datetime(2021, 10, 6, 11, 30, tzinfo=timezone(timedelta(hours=2))),
    place="Kütahya, Türkiye",
    platform="",
    organisers=("CGLU", "Fondo Andaluz de Municipios"),
    languages=("es", "fr"),
    capacity=None,
    theme="Clima",
    summary="Primer párrafo.\n\n---\n\nkey: value\n\n- lista",
)

GOLDEN_SESSION = """---
title: "Justicia climática: “el agua” — ¿para quién?"
starts_at: "2021-10-06T10:00:00+02:00"
ends_at: "2021-10-06T11:30:00+02:00"
place: "Kütahya, Türkiye"
platform: ""
organisers: ["CGLU", "Fondo Andaluz de Municipios"]
languages: ["es", "fr"]
capacity: null
theme: "Clima"
---
Primer párrafo.

---

key: value

- lista
"""


def test_a_session_renders_to_the_golden_text_and_back():
    assert render_session_file(SESSION, 120) == GOLDEN_SESSION
    assert parse_session_file(GOLDEN_SESSION, "s.md", "clima").session == SESSION


def test_a_session_is_written_at_the_offset_its_organisers_announced():
    in_utc = SessionDraft(
        **{
            **SESSION.__dict__,
            "starts_at": SESSION.starts_at.astimezone(UTC),
            "ends_at": SESSION.ends_at.astimezone(UTC),
        }
    )
    text = render_session_file(in_utc, -180)
    assert 'starts_at: "2021-10-06T05:00:00-03:00"' in text
    assert parse_session_file(text, "s.md", "s").session.starts_at == SESSION.starts_at


def test_a_session_without_summary_has_no_body():
    text = render_session_file(SessionDraft(**{**SESSION.__dict__, "summary": ""}), 120)
    assert text.endswith('theme: "Clima"\n---\n')
    assert parse_session_file(text, "s.md", "s").session.summary == ""


RECOMMENDATION = RecommendationFile(
    ref="clima-r01",
    session_ref="clima",
    recommendation=RecommendationDraft(
        text="Garantizar el acceso al agua: «derecho humano».\n\nSegundo párrafo.",
        language="es",
        author="Ana",
        organisation="CGLU",
        themes=("agua", "justicia climática"),
    ),
    decision=Decision(status="not_retained", reason="Ya cubierta por op_3."),
)

GOLDEN_RECOMMENDATION = """---
session: "clima"
language: "es"
author: "Ana"
organisation: "CGLU"
themes: ["agua", "justicia climática"]
status: "not_retained"
reason: "Ya cubierta por op_3."
---
Garantizar el acceso al agua: «derecho humano».

Segundo párrafo.
"""


def test_a_recommendation_renders_to_the_golden_text_and_back():
    assert render_recommendation_file(RECOMMENDATION) == GOLDEN_RECOMMENDATION
    assert parse_recommendation_file(GOLDEN_RECOMMENDATION, "r.md", "clima-r01") == RECOMMENDATION


def test_a_process_renders_and_parses_back_to_the_same_values():
    process = ProcessDraft(
        slug="tanger-2026",
        titles={"es": "Congreso de Tánger", "fr": "Congrès de « Tanger »"},
        source_language="es",
        languages=("es", "en", "fr"),
        timezone="Africa/Casablanca",
        places={"es": "Tánger, Marruecos", "fr": "Tanger, « Maroc »"},
        phase="drafting",
    )
    members = [
        MemberDraft(email="comite@demo.accord", name="Lucía", role="committee"),
        MemberDraft(
            email="traductrice.fr@demo.accord", name='Élise "Lili" Martin', role="translator", languages=("fr", "en")
        ),
    ]
    text = render_process_file(process, members)
    assert 'languages = ["fr", "en"]' in text
    assert (
        '\n[place]\nes = "Tánger, Marruecos"\nfr = "Tanger, « Maroc »"\n' in text
    )  # a table per language, like [title]
    assert parse_process_file(text, "process.toml") == (process, members)


def test_an_older_process_file_with_one_place_gives_the_source_languages():
    older = PROCESS_TOML.replace(
        '\n[place]\nes = "Kütahya, Turquía"\nen = "Kütahya, Türkiye"\nfr = "Kütahya, Turquie"\n', ""
    )
    older = older.replace('phase = "drafting"\n', 'place = "Kütahya, Turquía"\nphase = "drafting"\n')
    assert older != PROCESS_TOML and "[place]" not in older
    process, _ = parse_process_file(older, "process.toml")
    assert process.places == {"es": "Kütahya, Turquía"}
    refused = failure(
        parse_process_file, older.replace('place = "Kütahya, Turquía"', 'place = "' + "x" * 201 + '"'), "process.toml"
    )
    assert refused.line == 5 and "too long" in refused.render()


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted():
    text = "\ufeff" + GOLDEN_RECOMMENDATION.replace("\n", "\r\n")
    assert parse_recommendation_file(text, "r.md", "clima-r01") == RECOMMENDATION


def test_a_missing_status_means_open():
    text = GOLDEN_RECOMMENDATION.replace('status: "not_retained"\n', "").replace(
        'reason: "Ya cubierta por op_3."\n', ""
    )
    assert parse_recommendation_file(text, "r.md", "x").decision == Decision(status="open")


def test_unquoted_yaml_dates_and_numbers_are_understood():
    text = GOLDEN_SESSION.replace('"2021-10-06T10:00:00+02:00"', "2021-10-06T10:00:00+02:00").replace(
        "capacity: null", "capacity: 80"
    )
    session = parse_session_file(text, "s.md", "s").session
    assert session.starts_at == SESSION.starts_at
    assert session.capacity == 80


# --- properties: whatever people write comes back ---------------------------------------------

FRAGMENTS = [
    "á",
    "é",
    "ñ",
    "ü",
    "ç",
    "œ",
    "ı",
    "İ",
    "ş",
    "e\u0301",
    "n\u0303",
    "\u0627\u0644\u0645\u062f\u064a\u0646\u0629",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u200f",
    "\u200e",
    "'",
    '"',
    "“",
    "”",
    "«",
    "»",
    ":",
    ": ",
    "- ",
    "# ",
    "---",
    "\n---\n",
    "---\n",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "&",
    "*",
    "!",
    "%",
    "@",
    "`",
    "|",
    ">",
    "null",
    "yes",
    "no",
    "~",
    " ",
    "\u00a0",
    "\u2028",
    "\ufeff",
    "\U0001f30d",
]
# Texts a person may write: the characters every way in refuses (controls but tab and line ends, surrogates,
# noncharacters) have tests of their own; drawn here, forty refused examples were drawn for each kept one.
fragments = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn", "Co")), max_size=4)
    ),
    max_size=10,
).map("".join)
line = fragments.map(lambda s: s[:200])
words = st.lists(line, max_size=4)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m))),
)


def build_or_reject(build, **fields):
    try:
        return build(**fields)
    except InvalidInput:
        assume(False)


@settings(
    max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    title=line,
    place=line,
    platform=line.map(lambda s: s[:100]),
    theme=line,
    summary=fragments,
    organisers=words,
    languages=st.lists(st.sampled_from(["es", "en", "fr"]), max_size=3),
    capacity=st.none() | st.integers(min_value=0, max_value=10**6),
    start=moments,
    length=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)),
)
def test_a_session_rendered_then_parsed_gives_back_the_same_fields(
    title,
    place,
    platform,
    theme,
    summary,
    organisers,
    languages,
    capacity,
    start,
    length,
):
    draft = build_or_reject(
        SessionDraft.build,
        title=title,
        place=place,
        platform=platform,
        theme=theme,
        summary=summary,
        organisers=organisers,
        languages=languages,
        capacity=capacity,
        starts_at=start,
        ends_at=start + length,
    )
    text = render_session_file(draft, draft.utc_offset_minutes)
    parsed = parse_session_file(text, "sessions/s.md", "s").session
    assert parsed == draft
    assert parsed.utc_offset_minutes == draft.utc_offset_minutes
    assert render_session_file(parsed, parsed.utc_offset_minutes) == text


@settings(
    max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    text=fragments,
    author=line,
    organisation=line,
    themes=words,
    language=st.sampled_from(["es", "en", "fr"]),
    status=st.sampled_from(["open", "incorporated", "partly_incorporated", "not_retained"]),
    reason=fragments,
    session_ref=st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True),
)
# Found by hypothesis: "İ" lowered is "i" and a combining dot above, which NFC puts after the mark below.
@example(
    text="á", author="", organisation="", themes=["İ\u0316"], language="es", status="open", reason="", session_ref="0"
)
def test_a_recommendation_rendered_then_parsed_gives_back_the_same_fields(
    text,
    author,
    organisation,
    themes,
    language,
    status,
    reason,
    session_ref,
):
    item = RecommendationFile(
        ref="r1",
        session_ref=session_ref,
        recommendation=build_or_reject(
            RecommendationDraft.build,
            text=text,
            author=author,
            organisation=organisation,
            themes=themes,
            language=language,
        ),
        decision=build_or_reject(Decision, status=status, reason=reason),
    )
    rendered = render_recommendation_file(item)
    assert parse_recommendation_file(rendered, "recommendations/r1.md", "r1") == item
    assert rendered.endswith("\n") and "\r" not in rendered.split("\n---\n", 1)[0]


def test_a_theme_longer_once_lowered_is_measured_as_it_is_kept():
    """ "İ" lowers to two characters: a theme is measured lowered, so what is kept is what its file brings back."""
    kept = RecommendationDraft.build(text="a", language="es", themes=["İ" * 50])
    assert RecommendationDraft.build(text="a", language="es", themes=list(kept.themes)) == kept
    with pytest.raises(InvalidInput, match="too long"):
        RecommendationDraft.build(text="a", language="es", themes=["İ" * 51])


@settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    titles=st.fixed_dictionaries({"es": line}, optional={"en": line, "fr": line}),
    places=st.fixed_dictionaries({}, optional={"es": line, "en": line, "fr": line}),
    names=words,
)
def test_a_process_rendered_then_parsed_gives_back_the_same_fields(titles, places, names):
    process = build_or_reject(
        ProcessDraft,
        slug="p",
        titles=titles,
        source_language="es",
        timezone="Europe/Istanbul",
        places=places,
    )
    members = [
        build_or_reject(MemberDraft, email=f"m{i}@example.org", name=name, role="member")
        for i, name in enumerate(names)
    ]
    text = render_process_file(process, members)
    assert parse_process_file(text, "process.toml") == (process, members)


def test_a_theme_at_its_limit_comes_back_and_a_longer_one_is_refused_never_cut():
    draft = RecommendationDraft.build(text="t", language="es", themes=["a" * 98 + " b", " " + "x" * 100 + " "])
    assert draft.themes == ("a" * 98 + " b", "x" * 100)
    item = RecommendationFile("r", "s", draft, Decision(status="open"))
    assert parse_recommendation_file(render_recommendation_file(item), "r.md", "r") == item
    with pytest.raises(InvalidInput) as refused:
        RecommendationDraft.build(text="t", language="es", themes=["x" * 101])
    assert refused.value.render() == "The field “themes” is too long (at most 100 characters)."


# --- malformed files: file and line ------------------------------------------------------------


def failure(parse, text: str, *args) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        parse(text, *args)
    return caught.value


def line_of(text: str, prefix: str) -> int:
    return next(n for n, text_line in enumerate(text.split("\n"), start=1) if text_line.startswith(prefix))


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        ("Solo texto, sin cabecera.\n", 1, "must start with a front matter block"),
        ("\n" + GOLDEN_RECOMMENDATION, 1, "must start with a front matter block"),
        ('---\nsession: "clima"\nlanguage: "es"\nTexto\n', 1, "not closed"),
        # YAML notices the unclosed list on the next line, and says what it expected there.
        (
            GOLDEN_RECOMMENDATION.replace('themes: ["agua", "justicia climática"]', 'themes: ["agua", "justicia"'),
            7,
            "expected ',' or ']'",
        ),
        (GOLDEN_RECOMMENDATION.replace('author: "Ana"', "author: Ana: Pérez"), 4, "not valid YAML"),
        ("---\n- una lista\n- no un mapa\n---\nTexto\n", 2, "set of “key: value” lines"),
        (GOLDEN_RECOMMENDATION.replace('reason: "Ya', 'razon: "Ya'), 8, "Unknown field “razon”"),
        (GOLDEN_RECOMMENDATION.replace('language: "es"', 'language: "de"'), 3, "Unknown language code “de”"),
        (GOLDEN_RECOMMENDATION.replace('status: "not_retained"', 'status: "accepted"'), 7, "Unknown status “accepted”"),
        (GOLDEN_RECOMMENDATION.replace('reason: "Ya cubierta por op_3."', 'reason: ""'), 8, "Say why"),
        # A list where one text goes: refused at its line (it was stored as a list, and the database refused it: a 500)
        (GOLDEN_RECOMMENDATION.replace('reason: "Ya cubierta por op_3."', 'reason: ["a", "b"]'), 8, "must be text"),
        (
            GOLDEN_RECOMMENDATION.replace('session: "clima"', 'session: "Clima Justa"'),
            2,
            "Invalid session “Clima Justa”",
        ),
        (
            GOLDEN_RECOMMENDATION.split("---\n")[0] + "---\n" + GOLDEN_RECOMMENDATION.split("---\n")[1] + "---\n\n",
            10,
            "“text” is required",
        ),
    ],
    ids=[
        "no-front-matter",
        "blank-first-line",
        "unclosed",
        "bad-yaml-list",
        "bad-yaml-colon",
        "not-a-mapping",
        "unknown-key",
        "unknown-language",
        "bad-status",
        "no-reason",
        "reason-a-list",
        "bad-session-ref",
        "no-text",
    ],
)
def test_a_malformed_recommendation_file_names_the_file_and_the_line(broken, line, message):
    error = failure(parse_recommendation_file, broken, "drafts/x/recommendations/r.md", "r")
    assert error.file == "drafts/x/recommendations/r.md"
    assert error.line == line
    assert error.detail == {"file": "drafts/x/recommendations/r.md", "line": line}
    assert message in error.render()
    assert error.render().startswith(f"drafts/x/recommendations/r.md:{line}: ")


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ('starts_at: "2021-10-06T10:00:00+02:00"', 'starts_at: "6 de octubre"', "starts_at", "not a date and time"),
        (
            'ends_at: "2021-10-06T11:30:00+02:00"',
            'ends_at: "2021-10-32T11:30:00+02:00"',
            "ends_at",
            "not a date and time",
        ),
        (
            'ends_at: "2021-10-06T11:30:00+02:00"',
            'ends_at: "2021-10-06T09:30:00+02:00"',
            "ends_at",
            "end before it starts",
        ),
        ('languages: ["es", "fr"]', 'languages: ["es", "de"]', "languages", "Unknown language code “de”"),
        ("capacity: null", "capacity: muchas", "capacity", "whole number"),
        ('title: "Justicia', 'titulo: "Justicia', "titulo", "Unknown field “titulo”"),
        ('title: "Justicia climática: “el agua” — ¿para quién?"', 'title: ""', "title", "“title” is required"),
    ],
)
def test_a_malformed_session_file_names_the_file_and_the_line(old, new, key, message):
    broken = GOLDEN_SESSION.replace(old, new)
    assert broken != GOLDEN_SESSION
    error = failure(parse_session_file, broken, "sessions/clima.md", "clima")
    assert (error.file, error.line) == ("sessions/clima.md", line_of(broken, f"{key}:"))
    assert message in error.render()


def test_a_naive_time_in_a_session_file_needs_the_process_zone():
    broken = GOLDEN_SESSION.replace("+02:00", "")
    assert parse_session_file(broken, "s.md", "s", "Europe/Istanbul").session.utc_offset_minutes == 180
    error = failure(parse_session_file, broken, "s.md", "s")
    assert error.line == 3 and "needs a time zone" in error.render()


def test_a_session_file_with_a_bad_name_is_refused():
    error = failure(parse_session_file, GOLDEN_SESSION, "sessions/Clima Justa.md", "Clima Justa")
    assert error.file == "sessions/Clima Justa.md"
    assert "Invalid reference" in error.render()


PROCESS_TOML = (DRAFTS / "kutahya-2021" / "process.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('es = "Kütahya, Turquía"', "es = Kütahya", 13, "Not valid TOML"),
        ("[title]", "[title", 7, "Not valid TOML"),
        ('timezone = "Europe/Istanbul"', 'timezone = "Europe/Kutahya"', 4, "Unknown time zone “Europe/Kutahya”"),
        ('phase = "drafting"', 'phase = "done"', 5, "Unknown phase “done”"),
        (
            'fr = "Kütahya, Turquie"',
            'fr = "' + "Kütahya " * 26 + '"',
            15,
            "too long",
        ),  # the place's line, not the title's
        ('fr = "Kütahya, Turquie"', 'tr = "Kütahya, Türkiye"', 15, "Unknown language code “tr”"),
        ('en = "Kütahya, Türkiye"', "en = [1]", 14, "must be text"),
        ("[place]", "[places]", 12, "Unknown field “places”"),
        ('slug = "kutahya-2021"', 'slug = "Kütahya 2021"', 1, "Invalid slug"),
        ('source_language = "es"', 'source_language = "tr"', 2, "Unknown language code “tr”"),
        ('languages = ["en"]', "languages = []", 33, "translator needs the languages"),
        ('role = "observer"', 'role = "guest"', 44, "Unknown role “guest”"),
    ],
)
def test_a_malformed_process_file_names_the_line(old, new, line, message):
    broken = PROCESS_TOML.replace(old, new, 1)
    assert broken != PROCESS_TOML
    error = failure(parse_process_file, broken, "kutahya-2021/process.toml")
    assert error.file == "kutahya-2021/process.toml"
    assert error.line == line
    assert message in error.render()


def test_split_front_matter_reports_where_the_body_starts():
    meta, body, body_line = split_front_matter(GOLDEN_RECOMMENDATION, "r.md")
    assert meta["session"] == "clima"
    assert body.startswith("Garantizar")
    assert GOLDEN_RECOMMENDATION.split("\n")[body_line - 1].startswith("Garantizar")


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("organisers: [", "organisers: 5\nx_organisers: [", "organisers"),
        ('languages: ["es", "fr"]', "languages: 5", "languages"),
        ('languages: ["es", "fr"]', "languages: {es: 1}", "languages"),
        ('languages: ["es", "fr"]', "languages: [[1]]", "languages"),
        ("capacity: null", "capacity: [1]", "capacity"),
        ('title: "Justicia climática: “el agua” — ¿para quién?"', "title: {a: 1}", "title"),
    ],
)
def test_a_session_field_of_the_wrong_type_names_its_line(old, new, key):
    broken = GOLDEN_SESSION.replace(old, new, 1)
    broken = "\n".join(kept for kept in broken.split("\n") if not kept.startswith("x_organisers"))
    assert broken != GOLDEN_SESSION
    error = failure(parse_session_file, broken, "sessions/clima.md", "clima")
    assert (error.file, error.line) == ("sessions/clima.md", line_of(broken, f"{key}:"))


@pytest.mark.parametrize("themes", ["5", "{a: 1}", "[[1]]", "true"])
def test_recommendation_themes_of_the_wrong_type_name_their_line(themes):
    broken = GOLDEN_RECOMMENDATION.replace('themes: ["agua", "justicia climática"]', f"themes: {themes}")
    error = failure(parse_recommendation_file, broken, "recommendations/r.md", "r")
    assert (error.file, error.line) == ("recommendations/r.md", line_of(broken, "themes:"))


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x9b"])
def test_a_control_character_in_a_session_summary_is_refused_at_its_own_line(char):
    text = GOLDEN_SESSION.rstrip("\n") + "\n\nOtra línea.\n\nY otra con" + char + " un carácter.\n"
    error = failure(parse_session_file, text, "sessions/clima.md", "clima")
    assert error.line == len(text.split("\n")) - 1
    assert "control character" in error.message


@pytest.mark.parametrize(
    ("members", "line"), [("members = [1]", 7), ('members = "comite@x.org"', 7), ("members = []", 1)]
)
def test_members_that_are_not_tables_or_no_committee_are_refused_with_the_line(members, line):
    text = (
        'slug = "p"\nsource_language = "es"\nlanguages = ["es"]\ntimezone = "UTC"\nplace = ""\nphase = "drafting"\n'
        f'{members}\n\n[title]\nes = "P"\n'
    )

    def parse(text, file):
        _, members = parse_process_file(text, file)
        check_committee(members, text, file)

    error = failure(parse, text, "process.toml")
    assert (error.file, error.line) == ("process.toml", line)


@pytest.mark.parametrize("end", ["---", "---\n", "---\n\n"])
def test_a_file_without_body_is_refused_at_a_line_it_has(end):
    text = GOLDEN_RECOMMENDATION.split("---\n")[0] + "---\n" + GOLDEN_RECOMMENDATION.split("---\n")[1] + end
    error = failure(parse_recommendation_file, text, "r.md", "r")
    assert 1 <= error.line <= text.count("\n") + 1 and "“text” is required" in error.render()


EIDS = st.from_regex(r"[a-z]{2,4}_[0-9]{1,4}(__[a-z]{2,4}_[0-9]{1,3})?", fullmatch=True)


@given(
    st.dictionaries(
        EIDS | st.sampled_from(["yes", "null", "on", "a b", "x: y", "ñ", '"q"']),
        st.text(max_size=80).filter(lambda v: unicodedata.normalize("NFC", v) == v) | st.integers(),
        max_size=30,
    )
)
@example({"aa_0": "\ufdd0", "\ufdef": 1})  # a noncharacter, which the files' reader refuses raw: written escaped
def test_a_mapping_is_written_one_entry_per_line_and_read_back_the_same(mapping):
    text = front_matter([("made_from", mapping), ("label", "Rev.1")], "")
    meta, _body, _line = split_front_matter(text, "t.md")
    assert meta["made_from"] == mapping and meta["label"] == "Rev.1"
    lines = text.split("\n")
    assert len(lines) == 5 + len(mapping)  # ---, made_from:, an entry a line, label, ---, and the last newline
    places = entry_lines(text, "made_from")
    assert set(places) == set(mapping)
    assert all(
        yaml.safe_load(lines[places[k] - 1].strip()) == {k: v} for k, v in mapping.items()
    )  # each key on its line


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=40).filter(lambda v: unicodedata.normalize("NFC", v) == v)
)
NESTED = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(EIDS | st.sampled_from(["by", "at", "body", "no", "a b", "- x", "#"]), inner, max_size=4)
    ),
    max_leaves=25,
)


@given(st.dictionaries(st.sampled_from(["quote", "comments", "made_from", "label"]), NESTED, max_size=4))
def test_any_front_matter_reads_back_as_written_and_holds_one_scalar_per_line_in_its_mappings(pairs):
    text = front_matter(list(pairs.items()), "")
    meta, _body, _line = split_front_matter(text, "t.md")
    assert meta == pairs
    for key, value in pairs.items():  # a mapping's or a list of mappings' entries: never two texts on a line
        if isinstance(value, dict) or (
            isinstance(value, list) and value and all(isinstance(i, dict) and i for i in value)
        ):
            assert f"\n{key}: " not in text or value in ({}, [])
