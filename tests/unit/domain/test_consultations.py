"""The value builders every way in (API, form, draft file) goes through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from workspace.domain.consultations.consultations import (
    Decision,
    MemberDraft,
    ProcessDraft,
    RecommendationDraft,
    SessionDraft,
    with_offset,
)
from workspace.domain.errors import InvalidInput
from workspace.domain.values import MAX_LINE, MAX_TEXT, parse_email, text_field

PROCESS = {
    "slug": "kutahya-2021",
    "titles": {"es": "Declaración de Kütahya", "en": "Kütahya Declaration"},
    "source_language": "es",
    "languages": ["es", "en", "fr"],
    "timezone": "Europe/Istanbul",
    "place": "Kütahya",
}
SESSION = {
    "title": "Justicia climática",
    "starts_at": "2021-10-06T10:00:00+02:00",
    "ends_at": "2021-10-06T11:30:00+02:00",
    "organisers": "CGLU, Fondo Andaluz, CGLU",
    "languages": ["es", "EN"],
    "capacity": "150",
}


def refusal(build, *args, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        build(*args, **kwargs)
    return caught.value


# --- ProcessDraft -----------------------------------------------------------------------


def test_process_draft_keeps_valid_values_and_fills_defaults():
    draft = ProcessDraft(**PROCESS)
    assert draft.slug == "kutahya-2021"
    assert draft.titles == {"es": "Declaración de Kütahya", "en": "Kütahya Declaration"}
    assert draft.languages == ("es", "en", "fr")
    assert draft.timezone == "Europe/Istanbul"
    assert draft.phase == "consultation"


def test_process_draft_defaults_to_the_three_languages_and_utc():
    draft = ProcessDraft(slug="p", titles={"fr": "Titre"}, source_language="fr")
    assert draft.languages == ("es", "en", "fr")
    assert draft.timezone == "UTC"


def test_process_draft_drops_blank_titles():
    draft = ProcessDraft(**{**PROCESS, "titles": {"es": "Título", "fr": "   "}})
    assert draft.titles == {"es": "Título"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"titles": {"en": "Only English"}}, "title in its source language"),
        ({"languages": ["en", "fr"]}, "source language must be one of the process languages"),
        ({"source_language": "de"}, "Unknown language code “de”"),
        ({"titles": {"de": "Titel", "es": "Título"}}, "Unknown language code “de”"),
        ({"titles": "Declaración"}, "Titles must be given per language"),
        ({"slug": "Kütahya 2021"}, "Invalid slug “Kütahya 2021”"),
        ({"timezone": "Europe/Kutahya"}, "Unknown time zone “Europe/Kutahya”"),
        ({"phase": "finished"}, "Unknown phase “finished”"),
        ({"languages": []}, None),
    ],
)
def test_process_draft_refuses_bad_values_with_a_readable_message(change, message):
    if message is None:  # an empty list means "the default languages", not an error
        assert ProcessDraft(**{**PROCESS, **change}).languages == ("es", "en", "fr")
        return
    error = refusal(ProcessDraft, **{**PROCESS, **change})
    assert message in error.render()


# --- MemberDraft ------------------------------------------------------------------------


def test_member_draft_normalises_the_email_and_keeps_the_name():
    draft = MemberDraft(email=" Lucia@Example.ORG ", name="Lucía", role="Committee")
    assert (draft.email, draft.name, draft.role, draft.languages) == ("lucia@example.org", "Lucía", "committee", ())


def test_a_translator_needs_languages():
    error = refusal(MemberDraft, email="t@example.org", role="translator")
    assert "translator needs the languages" in error.render()
    error = refusal(MemberDraft, email="t@example.org", role="translator", languages=" , ")
    assert "translator needs the languages" in error.render()


def test_a_translator_keeps_their_languages_deduplicated():
    draft = MemberDraft(email="t@example.org", role="translator", languages=["FR", "en", "fr"])
    assert draft.languages == ("fr", "en")


def test_languages_of_other_roles_are_dropped():
    draft = MemberDraft(email="m@example.org", role="member", languages=["en"])
    assert draft.languages == ()


@pytest.mark.parametrize(
    ("raw", "params"),
    [
        ({"email": "m@example.org", "role": "chair"}, {"what": "role", "value": "chair"}),
        ({"email": "not-an-email", "role": "member"}, {"email": "not-an-email"}),
        ({"email": "t@example.org", "role": "translator", "languages": ["de"]}, {"code": "de"}),
    ],
)
def test_member_draft_errors_carry_their_params(raw, params):
    error = refusal(MemberDraft, **raw)
    assert params.items() <= error.params.items()
    assert all(str(v) in error.render() for v in params.values())


@pytest.mark.parametrize("email", ["a@b.org", "Élise.Martin@ville.fr", "x+tag@sub.example.org"])
def test_parse_email_accepts_plain_addresses(email):
    assert parse_email(email) == email.strip().lower()


@pytest.mark.parametrize("email", ["", "@b.org", "a@b", "a b@c.org", "a@", f"{'x' * 250}@b.org"])
def test_parse_email_refuses_what_is_not_an_address(email):
    assert refusal(parse_email, email).params == {"email": email}


# --- SessionDraft -----------------------------------------------------------------------


def test_session_draft_reads_aware_times_and_lists():
    draft = SessionDraft.build(**SESSION)
    assert draft.starts_at == datetime(2021, 10, 6, 8, 0, tzinfo=UTC)
    assert draft.ends_at - draft.starts_at == timedelta(minutes=90)
    assert draft.utc_offset_minutes == 120
    assert draft.organisers == ("CGLU", "Fondo Andaluz")
    assert draft.languages == ("es", "en")
    assert draft.capacity == 150


def test_a_naive_time_is_read_in_the_process_zone():
    draft = SessionDraft.build(
        **{**SESSION, "starts_at": "2021-05-26T09:55", "ends_at": "2021-05-26T11:25"},
        zone="America/Argentina/Buenos_Aires",
    )
    assert draft.starts_at == datetime(2021, 5, 26, 12, 55, tzinfo=UTC)
    assert draft.utc_offset_minutes == -180


def test_the_session_own_zone_wins_over_the_process_zone():
    raw = {**SESSION, "starts_at": "2021-10-06T10:00", "ends_at": "2021-10-06T11:00", "timezone": "Africa/Casablanca"}
    draft = SessionDraft.build(**raw, zone="Europe/Istanbul")
    assert draft.starts_at == datetime(2021, 10, 6, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca"))
    assert draft.utc_offset_minutes == 60


def test_a_naive_time_without_any_zone_is_refused():
    error = refusal(SessionDraft.build, **{**SESSION, "starts_at": "2021-10-06T10:00"})
    assert error.params == {"field": "starts_at"}


def test_an_aware_datetime_object_is_taken_as_it_is():
    start = datetime(2021, 10, 6, 10, 0, tzinfo=timezone(timedelta(hours=3)))
    draft = SessionDraft.build(**{**SESSION, "starts_at": start, "ends_at": start + timedelta(hours=1)})
    assert draft.starts_at == start and draft.utc_offset_minutes == 180


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_at": "2021-10-06T09:59:00+02:00"}, "ends_at", "cannot end before it starts"),
        ({"starts_at": "el martes"}, "starts_at", "“starts_at” is not a date and time"),
        ({"ends_at": "2021-02-30T10:00:00+02:00"}, "ends_at", "“ends_at” is not a date and time"),
        ({"title": "  "}, "title", "“title” is required"),
        ({"title": "x" * (MAX_LINE + 1)}, "title", "“title” is too long (at most 500 characters)"),
        ({"capacity": "muchos"}, "capacity", "whole number"),
        ({"capacity": -1}, "capacity", "whole number"),
        ({"capacity": 12.5}, "capacity", "whole number"),
        ({"capacity": True}, "capacity", "whole number"),
        ({"languages": ["es", "tr"]}, None, "Unknown language code “tr”"),
        ({"timezone": "Asia/Kutahya"}, None, "Unknown time zone “Asia/Kutahya”"),
    ],
)
def test_session_draft_refuses_bad_values(change, field, message):
    error = refusal(SessionDraft.build, **{**SESSION, **change})
    assert message in error.render()
    if field:
        assert error.detail == {"field": field}


@pytest.mark.parametrize(("capacity", "expected"), [(None, None), ("", None), (0, 0), ("40", 40), (40.0, 40)])
def test_capacity_is_optional_and_whole(capacity, expected):
    assert SessionDraft.build(**{**SESSION, "capacity": capacity}).capacity == expected


def test_a_session_may_start_and_end_at_the_same_moment():
    draft = SessionDraft.build(**{**SESSION, "ends_at": SESSION["starts_at"]})
    assert draft.starts_at == draft.ends_at


def test_summary_line_endings_are_normalised():
    draft = SessionDraft.build(**{**SESSION, "summary": "\r\nUno\r\n\r\nDos\rTres\n\n"})
    assert draft.summary == "Uno\n\nDos\nTres"


def test_with_offset_keeps_the_instant_and_shows_the_announced_offset():
    moment = datetime(2021, 5, 26, 12, 55, tzinfo=UTC)
    shown = with_offset(moment, -180)
    assert shown == moment
    assert shown.isoformat() == "2021-05-26T09:55:00-03:00"


# --- RecommendationDraft and Decision ---------------------------------------------------


def test_recommendation_themes_are_lowercased_and_deduplicated_in_order():
    draft = RecommendationDraft.build(
        text="  Fortalecer la gobernanza multinivel.  ",
        language="ES",
        themes=["Gobernanza", "agua", "GOBERNANZA", " Agua ", "", "Economía de los Cuidados"],
    )
    assert draft.text == "Fortalecer la gobernanza multinivel."
    assert draft.language == "es"
    assert draft.themes == ("gobernanza", "agua", "economía de los cuidados")


def test_recommendation_themes_may_be_comma_separated_text():
    assert RecommendationDraft.build(text="t", language="fr", themes="Eau, climat,eau").themes == ("eau", "climat")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"text": "", "language": "es"}, "“text” is required"),
        ({"text": "x" * (MAX_TEXT + 1), "language": "es"}, "at most 20000 characters"),
        ({"text": "t", "language": "pt"}, "Unknown language code “pt”"),
        ({"text": "t", "language": None}, "Unknown language code “”"),  # a draft file without one
    ],
)
def test_recommendation_draft_refuses_bad_values(raw, message):
    assert message in refusal(RecommendationDraft.build, **raw).render()


@pytest.mark.parametrize("status", ["open", "incorporated", "partly_incorporated"])
def test_a_decision_other_than_not_retained_needs_no_reason(status):
    assert Decision(status=status) == Decision(status=status, reason="")


def test_not_retained_needs_a_reason():
    error = refusal(Decision, status="not_retained", reason="   ")
    assert "Say why" in error.render()
    assert Decision(status="Not_Retained", reason=" Duplicada ") == Decision(status="not_retained", reason="Duplicada")


def test_an_unknown_status_lists_the_allowed_ones():
    error = refusal(Decision, status="accepted")
    assert error.params == {
        "what": "status",
        "value": "accepted",
        "allowed": ("open", "incorporated", "partly_incorporated", "not_retained"),
    }
    assert error.render() == (
        "Unknown status “accepted”: use one of “open”, “incorporated”, “partly_incorporated”, “not_retained”."
    )


# --- errors -----------------------------------------------------------------------------


def test_error_messages_are_translated_before_params_are_filled_in():
    error = refusal(text_field, {"title": ""}, "title", required=True)
    assert error.message == "The field “{field}” is required."
    assert str(error) == "The field “title” is required."
    spanish = {"The field “{field}” is required.": "El campo «{field}» es obligatorio."}
    assert error.render(lambda m: spanish.get(m, m)) == "El campo «title» es obligatorio."


def test_text_field_normalises_line_endings_and_strips():
    assert text_field({"x": " a\r\nb\r "}, "x") == "a\nb"
    assert text_field({}, "x") == ""
    assert text_field({"x": 42}, "x") == "42"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (" Lucia@Example.ORG ", "lucia@example.org"),
        ("ｌｕｃｉａ@example.org", "lucia@example.org"),  # noqa: RUF001 - full-width letters on purpose: NFKC folds them
        ("josé@ciudad.es", "josé@ciudad.es"),
        ("ana@bücher.de", "ana@xn--bcher-kva.de"),  # the domain as IDNA writes it
    ],
)
def test_addresses_are_normalised_one_way(given, stored):
    assert parse_email(given) == stored


@pytest.mark.parametrize(
    "hostile",
    [
        "admin\u202e@example.org",  # a bidirectional override
        "ad\u200bmin@example.org",  # a zero-width space
        "p\u0430ypal@example.org",  # noqa: RUF003 - a Cyrillic а among Latin letters
        "ana@ex\u0430mple.org",
        "ana@@example.org",
        "ana@example",
        "ana@-example.org",
        "a b@example.org",
        "ana..x@example.org",
        "",
    ],
)
def test_addresses_that_hide_something_are_refused(hostile):
    with pytest.raises(InvalidInput):
        parse_email(hostile)
