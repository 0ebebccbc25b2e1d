"""Sessions and recommendations as given: the service's zone and language finish them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workspace.domain.consultations.consultation_commands import RecommendationFields, SessionFields
from workspace.domain.errors import InvalidInput

SESSION = SessionFields(title="Mesa", starts_at="2021-10-06T10:00", ends_at="2021-10-06T11:00", organisers="CGLU, ONU")


def test_naive_times_are_read_in_the_zone_the_service_gives():
    draft = SESSION.draft("Europe/Istanbul")
    assert draft.starts_at == datetime(2021, 10, 6, 7, 0, tzinfo=UTC)
    assert draft.organisers == ("CGLU", "ONU")


def test_a_session_naming_its_own_zone_keeps_it():
    draft = SessionFields(
        title="Mesa", starts_at="2021-10-06T10:00", ends_at="2021-10-06T11:00", timezone="Africa/Casablanca"
    ).draft("Europe/Istanbul")
    assert draft.utc_offset_minutes == 60


def test_a_recommendation_without_a_language_takes_the_one_the_service_gives():
    assert RecommendationFields(text="Texto").draft("fr").language == "fr"
    assert RecommendationFields(text="Text", language="EN").draft("fr").language == "en"


def test_an_empty_language_is_refused_not_replaced():
    with pytest.raises(InvalidInput) as caught:
        RecommendationFields(text="Texto", language="").draft("es")
    assert caught.value.params == {"code": "", "allowed": ("es", "en", "fr")}
