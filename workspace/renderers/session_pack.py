"""A meeting's session pack: one ZIP, in one language or several, of what the secretariat hands out at its end.

For each language L: `{slug}-meeting-{n}-{L}-clean.docx` and `-clean.pdf` (the text as it left the room),
`-tracked.docx` (tracked changes against the text as the meeting opened, under the delegations whose words they are),
`-status.docx` (the status list: lights, brackets and who holds them, alternative texts asked for, positions, votes,
the record of the floor; Word, as a secretariat circulates it for the next meeting to work on) and `-floor.csv` (the
record of the floor, for a spreadsheet); and a README.txt naming the files in the pack's languages.

The same model gives the same bytes: every file and every ZIP entry is dated with the meeting's last event
(`made_at`), the entries are sorted, and nothing reads the clock.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ..domain.errors import N_, Choices, InvalidInput
from ..domain.meetings.pack_model import PackModel
from ..domain.values import check_file_can_carry
from ..i18n import language_name, locale_scope
from .session_pack_docx import clean_docx
from .session_pack_pdf import clean_pdf
from .session_pack_status import FLOOR_HEADS, floor_rows, status_docx
from .session_pack_tracked import tracked_docx
from .session_pack_words import colon, front_lines, process_title, word

Make = Callable[[PackModel, str], bytes]


def floor_csv(model: PackModel, language: str) -> bytes:
    """The record of the floor as CSV (RFC 4180, UTF-8 with the mark spreadsheets look for), its heads in `language`,
    its times ISO 8601 on the room's clock, the minutes spoken as a decimal number."""
    zone = ZoneInfo(model.timezone or "UTC")

    def iso(moment: datetime | None) -> str:
        return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([word(language, k) for k in FLOOR_HEADS])
    writer.writerows(floor_rows(model, language, iso, lambda value: f"{value:.1f}"))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


FILES: tuple[tuple[str, str, Make], ...] = (  # (the name's end, its description's key, how it is made)
    ("clean.docx", "clean_docx", clean_docx),
    ("clean.pdf", "clean_pdf", clean_pdf),
    ("tracked.docx", "tracked_docx", tracked_docx),
    ("status.docx", "status_docx", status_docx),
    ("floor.csv", "floor_csv", floor_csv),
)
README = "README.txt"


def file_name(model: PackModel, language: str, end: str) -> str:
    return f"{model.slug}-meeting-{model.meeting_number}-{language}-{end}"


def pack_languages(model: PackModel, lang: str) -> list[str]:
    """`es`, or several joined by hyphens (`es-en-fr`: every language of the process), in the process's order; 422
    for a language the process does not have."""
    known = list(model.languages)
    codes = [c.strip().lower() for c in lang.split("-")]
    if not lang or any(c not in known for c in codes) or len(set(codes)) != len(codes):
        raise InvalidInput(
            N_("“{lang}” is not a language of this process, nor several of them joined by hyphens ({languages})."),
            lang=lang,
            languages=Choices(known),
            detail={"field": "lang", "languages": known},
        )
    return [c for c in known if c in codes]


def readme(model: PackModel, languages: Sequence[str]) -> bytes:
    """The list of the pack's files, in each of its languages in turn."""
    blocks = []
    for reader in languages:
        lines = [f"{process_title(model, reader)} · {word(reader, 'pack')}", *front_lines(model, reader), ""]
        lines.append(colon(reader, word(reader, "files")))
        for language in languages:
            with locale_scope(reader):
                lines.append(f"  {colon(reader, language_name(language).capitalize())}")
            lines += [f"    {file_name(model, language, end)} — {word(reader, key)}" for end, key, _ in FILES]
        lines.append(f"  {README} — {word(reader, 'readme')}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks).encode("utf-8")


def _texts(model: PackModel, language: str) -> Iterator[tuple[str, str]]:
    """Every text the pack's files hold in `language`, with where it is."""
    yield "title", process_title(model, language)
    yield "meeting", model.meeting_title.get(language, "")
    yield from (("facilitators", name) for name in model.facilitators)
    yield from model.delegations.items()
    for p in model.paragraphs:
        yield from ((p.eid, text) for text in (p.came_in.get(language, ""), p.left.get(language, ""), p.light_note))
        yield from ((p.eid, text) for b in p.brackets for text in (b.text, *b.options))
        yield from ((p.eid, text) for s in p.slots for _, _, text in s.answers)
        yield from ((p.eid, position.note) for position in p.positions)
        yield from ((p.eid, e.after) for e in p.edits)


def _zipped(files: dict[str, bytes], made_at: datetime) -> bytes:
    when = max(made_at.astimezone(UTC).timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # a ZIP dates nothing before 1980
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as pack:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            pack.writestr(entry, files[name])
    return out.getvalue()


def session_pack(model: PackModel, lang: str) -> bytes:
    """The ZIP of the session pack in `lang` ("es", or "es-en-fr" for every language of the process): the same model,
    the same bytes. 422 for a language the process does not have; 409 for a text holding a character no file can
    carry (saved before such characters were refused) or no font of the PDF shows."""
    languages = pack_languages(model, lang)
    for language in languages:
        check_file_can_carry(_texts(model, language), language)
    files = {file_name(model, language, end): make(model, language) for language in languages for end, _, make in FILES}
    files[README] = readme(model, languages)
    return _zipped(files, model.made_at)
