"""What keeps a version from being published: the gate. Pure: the caller gathers the facts."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..amendments.negotiation import NegotiationStatus, brackets, choosing
from ..declaration.document import Block
from ..errors import N_
from ..values import check_file_can_carry, uncarried
from .leftovers import CompiledProposal, Leftover, LeftoverKind, compiled_codes, edition_leftovers, other_brackets
from .leftovers import replaced as replaced_paragraphs
from .publication import PublicationModel


@dataclass(frozen=True)
class Blocker:
    """One item to settle before publishing, with what a page needs to link to its fix."""

    kind: str  # place, translation, amendment, status, brackets, alignment, character, glyph; a negotiation's
    # leftovers (domain.publication.leftovers): tag, replaced, placeholder, footnote
    message: str  # an N_() id with {params}
    params: dict[str, object] = field(default_factory=dict)
    eid: str | None = None
    language: str | None = None
    amendment: int | None = None
    amendment_label: str | None = None  # "A7", or "D3" (the committee's, on the working draft)
    leftover: str | None = None  # a leftover's key: what the committee keeps it by
    kept: bool = False  # a leftover the committee keeps on purpose: listed, not blocking


def gate(
    source: Sequence[Block],
    editions: Mapping[str, Mapping[str, tuple[str, str | None]]],
    open_amendments: Sequence[tuple[int, str]],
    statuses: Mapping[str, str],
    places: Mapping[str, str],
    languages: Sequence[str],
    *,
    unshown: Callable[[str], str | None],
    titles: Mapping[str, str] | None = None,
    unshown_plain: Callable[[str], str | None] | None = None,
    compiled: Sequence[CompiledProposal] = (),
    kept: Collection[str] = (),
) -> list[Blocker]:
    """Blocking items: the date line's place given in every language of the process (`languages`); every paragraph
    translated and approved in every target language (`editions`: language → eId → (state, text) of the translation made
    from this version's source); no open amendment; every paragraph agreed; no square brackets left in any language;
    editions aligned; no character that a file cannot carry, in any language (texts saved before such characters were
    refused may hold one); no character that the PDF cannot show, in any language (`unshown`: the code
    point of the first such character of a paragraph's text, if any, as the PDF's renderer knows it); no leftover of
    the negotiation in any language (`compiled`: the proposals compiled into the text), those the committee keeps
    on purpose (their keys `kept`) returned with `kept` set: they do not block."""
    found = [
        Blocker("place", N_("The place is missing in {language}."), {"language": code}, language=code)
        for code in languages
        if not places.get(code)
    ]
    # The title and the date line's place are printed too, as they are (`titles`: the process's, per language;
    # `unshown_plain`: `unshown` of a text that is not Markdown).
    found += _printed_blockers(languages, titles or {}, places, unshown_plain or unshown)
    found += _edition_blockers(source, editions, unshown)
    for number, label in open_amendments:  # (number, label)
        found.append(
            Blocker(
                "amendment",
                N_("Amendment {label} is still open."),
                {"number": number, "label": label},
                amendment=number,
                amendment_label=label,
            )
        )
    found += _source_blockers(source, statuses, unshown)
    found += _leftover_blockers(source, editions, compiled)
    return [replace(b, kept=True) if b.leftover in kept else b for b in found] if kept else found


def _printed_blockers(
    languages: Sequence[str], titles: Mapping[str, str], places: Mapping[str, str], unshown: Callable[[str], str | None]
) -> list[Blocker]:
    """A character of a title or place that no font of the PDF can show."""
    found = []
    for lang in languages:
        for field_name, printed, message in (
            (
                "title",
                titles.get(lang, ""),
                N_("The title in {language} holds a character that no font of the PDF can show (U+{code})."),
            ),
            (
                "place",
                places.get(lang, ""),
                N_("The place in {language} holds a character that no font of the PDF can show (U+{code})."),
            ),
        ):
            if printed and not uncarried(printed) and (shown := unshown(printed)):
                found.append(
                    Blocker("glyph", message, {"language": lang, "code": shown, "field": field_name}, language=lang)
                )
    return found


def _edition_blockers(
    source: Sequence[Block],
    editions: Mapping[str, Mapping[str, tuple[str, str | None]]],
    unshown: Callable[[str], str | None],
) -> list[Blocker]:
    """Per language: a paragraph the source does not have, or one not approved, with brackets, or a
    character that no file can carry or no font show."""
    found = []
    eids = {b.eid for b in source}
    for language, edition in editions.items():
        found += [_extra_paragraph(language, eid) for eid in edition if eid not in eids]
        for b in source:
            state, text = edition.get(b.eid, ("missing", None))
            found += _translation_blockers(b.eid, language, state, text, unshown)
    return found


def _extra_paragraph(language: str, eid: str) -> Blocker:
    """A paragraph of the `language` edition that the source does not have."""
    return Blocker(
        "alignment",
        N_("The {language} edition has a paragraph {eid} that the source does not."),
        {"language": language, "eid": eid},
        eid,
        language,
    )


def _translation_blockers(
    eid: str, language: str, state: str, text: str | None, unshown: Callable[[str], str | None]
) -> list[Blocker]:
    """One paragraph of one edition (its translation's `state` and `text`): not approved, or else with brackets; a
    character that no file can carry, or else one that no font shows."""
    found = []
    if state != "approved":
        found.append(
            _in_edition("translation", N_("{eid} is not approved in {language} ({state})."), eid, language, state=state)
        )
    elif text and other_brackets(text):
        found.append(_in_edition("brackets", N_("{eid} still has square brackets in {language}."), eid, language))
    if text and (code := uncarried(text)):
        found.append(
            _in_edition(
                "character",
                N_("{eid} holds a character that no file can carry (U+{code}) in {language}."),
                eid,
                language,
                code=code,
            )
        )
    elif text and (code := unshown(text)):
        found.append(
            _in_edition(
                "glyph",
                N_("{eid} holds a character that no font of the PDF can show (U+{code}) in {language}."),
                eid,
                language,
                code=code,
            )
        )
    return found


def _in_edition(kind: str, message: str, eid: str, language: str, **more: object) -> Blocker:
    """A blocker of paragraph `eid` in the `language` edition; `more`: its message's other params."""
    return Blocker(kind, message, {"eid": eid, "language": language, **more}, eid, language)


def _source_blockers(
    source: Sequence[Block], statuses: Mapping[str, str], unshown: Callable[[str], str | None]
) -> list[Blocker]:
    """Per paragraph of the source: not agreed, with brackets, or a character no file can carry or no font show."""
    found = []
    options = choosing(source)
    for b in source:
        status = statuses.get(b.eid) or (
            NegotiationStatus.BRACKETED.value if brackets(b.text) or b.eid in options else NegotiationStatus.OPEN.value
        )
        if status != NegotiationStatus.AGREED.value:
            found.append(
                Blocker("status", N_("{eid} is not agreed ({status})."), {"eid": b.eid, "status": status}, b.eid)
            )
        if other_brackets(b.text):
            found.append(Blocker("brackets", N_("{eid} still has square brackets."), {"eid": b.eid}, b.eid))
        if b.eid in options:
            found.append(
                Blocker(
                    "brackets", N_("{eid} is one of several options, none of them chosen yet."), {"eid": b.eid}, b.eid
                )
            )
        if code := uncarried(b.text):
            found.append(
                Blocker(
                    "character",
                    N_("{eid} holds a character that no file can carry (U+{code})."),
                    {"eid": b.eid, "code": code},
                    b.eid,
                )
            )
        elif code := unshown(b.text):
            found.append(
                Blocker(
                    "glyph",
                    N_("{eid} holds a character that no font of the PDF can show (U+{code})."),
                    {"eid": b.eid, "code": code},
                    b.eid,
                )
            )
    return found


# What each leftover says, in the source (None) and in an edition; a replaced paragraph is the source's only.
_SAID = {
    (LeftoverKind.TAG, False): N_("{eid} still holds the compile tag {tag}."),
    (LeftoverKind.TAG, True): N_("{eid} still holds the compile tag {tag} in {language}."),
    (LeftoverKind.PLACEHOLDER, False): N_("{eid} still holds a placeholder: {placeholder}"),
    (LeftoverKind.PLACEHOLDER, True): N_("{eid} still holds a placeholder in {language}: {placeholder}"),
    (LeftoverKind.FOOTNOTE, False): N_("{eid} has a footnote marker {marker} with no definition."),
    (LeftoverKind.FOOTNOTE, True): N_("{eid} has a footnote marker {marker} with no definition in {language}."),
}
_REPLACED = {
    "modify": N_("{replaced} and {eid}, the new wording {delegation} proposed for it, both still stand."),
    "delete": N_("{replaced} and {eid}, {delegation}’s proposal to delete it, both still stand."),
}
SHOWN = 120
"""A placeholder is quoted in its message up to this many characters."""


def _leftover_blockers(
    source: Sequence[Block],
    editions: Mapping[str, Mapping[str, tuple[str, str | None]]],
    compiled: Sequence[CompiledProposal],
) -> list[Blocker]:
    """A negotiation's leftovers (domain.publication.leftovers): each paragraph standing beside the proposal
    compiled to replace it; then in the source, and in each edition, its compile tags, placeholders and footnote
    markers with no definition."""
    codes = compiled_codes(compiled)
    found = [_left(f) for f in replaced_paragraphs(source, compiled)]
    found += [_left(f) for f in edition_leftovers(source, {b.eid: b.text for b in source}, None, codes)]
    for language, edition in editions.items():
        texts = {eid: text for eid, (_, text) in edition.items()}
        found += [_left(f) for f in edition_leftovers(source, texts, language, codes)]
    return found


def _left(found: Leftover) -> Blocker:
    """A leftover as the gate lists it."""
    params: dict[str, object] = {"eid": found.eid}
    if found.language is not None:
        params["language"] = found.language
    if found.kind == LeftoverKind.REPLACED:
        message = _REPLACED[found.proposal]
        params |= {"replaced": found.what, "delegation": found.code}
    else:
        message = _SAID[found.kind, found.language is not None]
        what = found.what if len(found.what) <= SHOWN else found.what[: SHOWN - 1] + "…"
        params[{"tag": "tag", "placeholder": "placeholder", "footnote": "marker"}[found.kind.value]] = what
    return Blocker(found.kind.value, message, params, found.eid, found.language, leftover=found.key)


def check_files_can_carry(model: PublicationModel, languages: Sequence[str] | None = None) -> None:
    """409 if a text of the publication (of the editions in `languages`, default all) holds a character
    that no Word or XML file can carry, rather than a file half made: the gate keeps such texts from
    being published, but a publication made before it checked them may hold one."""
    for edition in (e for e in model.editions if languages is None or e.language in languages):
        fields = {
            "title": edition.title,
            "date_line": edition.date_line,
            "symbol": model.symbol,
            "corrects": model.corrects,
        }
        check_file_can_carry([*fields.items(), *((p.eid, p.text) for p in edition.paragraphs)], edition.language)
