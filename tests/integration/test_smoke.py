from tests.conftest import SESSION
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.services import consultations


def test_a_committee_member_records_a_session_and_a_recommendation(store, people):
    session = consultations.create_session(store, people.committee, "kutahya", SESSION)
    added = consultations.add_recommendation(
        store, people.member, "kutahya", session.ref, RecommendationFields(text="Fortalecer la gobernanza multinivel")
    )
    page = consultations.list_recommendations(store, people.observer, "kutahya")
    assert [r.ref for r in page.items] == [added.ref]
    assert page.items[0].session_ref == session.ref
