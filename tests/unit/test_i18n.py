"""Locale negotiation and Babel formatting (the one module that wraps Babel)."""

from __future__ import annotations

import contextvars
from datetime import UTC, datetime, timedelta, timezone

import pytest

from workspace import i18n

ISTANBUL = "Europe/Istanbul"


def in_locale(locale: str, fn, *args, **kwargs):
    """Run `fn` with the request locale set, without leaking it to other tests."""

    def run():
        i18n.set_locale(locale)
        return fn(*args, **kwargs)

    return contextvars.copy_context().run(run)


# --- negotiate(accept_language, user_choice, process_language, default) ------------------------


@pytest.mark.parametrize(
    ("accept", "preferences", "expected"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", ("es", "en", "en"), "es"),  # the person's own choice wins
        ("fr-FR,fr;q=0.9,en;q=0.8", (None, "es", "en"), "fr"),  # then the browser
        ("de-DE,de;q=0.9,en;q=0.5,fr;q=0.7", (None, "es", "en"), "fr"),  # by q-value, not by order
        ("en;q=0.2, es;q=0.9", (None, None, "fr"), "es"),
        ("es-AR", (None, "fr", "en"), "es"),  # a regional variant is its language
        ("EN-gb", (None, "fr", "en"), "en"),
        ("en;q=0, fr;q=0.1", (None, "es", "en"), "fr"),  # q=0 means "not this one"
        ("fr;q=nonsense, es;q=0.3", (None, None, "en"), "es"),
        ("de-DE,pt;q=0.8", (None, "fr", "en"), "fr"),  # nothing acceptable: the process language
        ("", (None, "fr", "en"), "fr"),
        (None, (None, None, "es"), "es"),  # then the configured default
        (None, (None, None, None), "en"),  # and finally English
        (None, ("de", "xx", "fr"), "fr"),  # unknown preferences are skipped
        ("de", (), "en"),
    ],
)
def test_negotiate_prefers_choice_then_accept_language_then_process_then_default(accept, preferences, expected):
    assert i18n.negotiate(accept, *preferences) == expected


# --- formatting -------------------------------------------------------------------------------

OCTOBER_8 = datetime(2021, 10, 8, 17, 30, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("es", "8 de octubre de 2021"), ("en", "8 October 2021"), ("fr", "8 octobre 2021")],
)
def test_format_date_writes_the_date_as_each_language_does(locale, expected):
    assert in_locale(locale, i18n.format_date, OCTOBER_8) == expected


def test_format_date_uses_the_given_time_zone_for_the_day():
    late = datetime(2021, 10, 8, 22, 30, tzinfo=UTC)
    assert in_locale("en", i18n.format_date, late, ISTANBUL) == "9 October 2021"
    assert in_locale("en", i18n.format_date, late, "America/Argentina/Buenos_Aires") == "8 October 2021"
    assert in_locale("en", i18n.format_date, late) == "8 October 2021"


@pytest.mark.parametrize(("locale", "expected"), [("es", "18:30"), ("en", "18:30"), ("fr", "18:30")])
def test_format_time_shows_the_hour_in_the_zone(locale, expected):
    assert in_locale(locale, i18n.format_time, OCTOBER_8, ISTANBUL) == expected


@pytest.mark.parametrize(
    ("zone", "hour"), [(ISTANBUL, "18:30"), ("America/Argentina/Buenos_Aires", "12:30"), ("UTC", "15:30")]
)
def test_format_datetime_shows_the_moment_in_the_given_zone(zone, hour):
    text = in_locale("en", i18n.format_datetime, OCTOBER_8, zone)
    assert "2021" in text and "Oct" in text
    assert text.endswith(f"{hour}:00")


def test_format_datetime_in_spanish_and_french():
    assert in_locale("es", i18n.format_datetime, OCTOBER_8, ISTANBUL) == "8 oct 2021, 18:30:00"
    assert in_locale("fr", i18n.format_datetime, OCTOBER_8, ISTANBUL) == "8 oct. 2021, 18:30:00"


def test_an_unknown_zone_falls_back_to_utc_instead_of_failing():
    assert in_locale("en", i18n.format_time, OCTOBER_8, "Nowhere/Atlantis") == "15:30"


@pytest.mark.parametrize(("locale", "expected"), [("es", 1234.5), ("en", 1234.5), ("fr", 1234.5)])
def test_format_number_gives_back_the_value_in_each_language(locale, expected):
    text = in_locale(locale, i18n.format_number, 1234.5)
    decimal = "," if locale in ("es", "fr") else "."
    group = text[1]  # ".", "," or a narrow no-break space
    assert float(text.replace(group, "").replace(decimal, ".")) == expected


@pytest.mark.parametrize(("locale", "expected"), [("es", "francés"), ("en", "French"), ("fr", "français")])
def test_language_names_are_in_the_reader_language(locale, expected):
    assert in_locale(locale, i18n.language_name, "fr") == expected


def test_an_unknown_locale_falls_back_to_english():
    assert in_locale("de", i18n.get_locale) == "en"


def test_set_locale_does_not_leak_out_of_its_context():
    before = i18n.get_locale()
    in_locale("fr", i18n.get_locale)
    assert i18n.get_locale() == before


def test_translate_returns_the_message_id_when_no_catalog_has_it():
    message = "A message no catalog will ever contain {x}."
    assert in_locale("fr", i18n.translate, message) == message


def test_an_error_that_counts_takes_the_form_its_number_asks_for_in_every_language():
    """`NN_`: one item is not “1 items”, in English as in Spanish and French; the API and a worker's pickle keep it."""
    import pickle

    from workspace.domain.errors import NN_, Conflict

    def refused(count: int) -> Conflict:
        return Conflict(
            NN_(
                "{label} cannot be published yet: {count} item is not settled.",
                "{label} cannot be published yet: {count} items are not settled.",
                "count",
            ),
            label="Rev.1",
            count=count,
        )

    assert str(refused(1)) == refused(1).render() == "Rev.1 cannot be published yet: 1 item is not settled."
    assert pickle.loads(pickle.dumps(refused(2))).render() == "Rev.1 cannot be published yet: 2 items are not settled."
    with i18n.locale_scope("es"):
        assert [refused(n).render(i18n.translate) for n in (1, 2)] == [
            "Rev.1 aún no puede publicarse: 1 punto no está resuelto.",
            "Rev.1 aún no puede publicarse: 2 puntos no están resueltos.",
        ]
    with i18n.locale_scope("fr"):
        assert (
            refused(1).render(i18n.translate) == "Rev.1 ne peut pas encore être publiée\u00a0: 1 point n’est pas réglé."
        )
        assert i18n.translate_with(refused(0).message, {"label": "Rev.1", "count": "0"}).endswith(
            ": 0 point n’est pas réglé."
        )


def test_an_error_names_a_status_by_its_label_in_the_readers_language():
    """A status in a sentence is its label, not its code: es reads «Retirada», not “withdrawn”; the code stays in
    `detail`. The label is quoted, as a label keeps its capital inside a sentence."""
    import pickle

    from workspace.domain.amendments.amendments import Status, reopen
    from workspace.domain.errors import AccordError

    with pytest.raises(AccordError) as caught:
        reopen(Status.WITHDRAWN)
    refused = pickle.loads(pickle.dumps(caught.value))
    assert refused.detail == {"status": "withdrawn"}
    assert refused.render(i18n.translate) == (
        "This amendment's status is “Withdrawn”: only an accepted, rejected or moot amendment can be reopened."
    )
    with i18n.locale_scope("es"):
        assert "en estado «Retirada»:" in refused.render(i18n.translate)
    with i18n.locale_scope("fr"):
        assert "est «\u00a0Retiré\u00a0»\u00a0:" in refused.render(i18n.translate)
