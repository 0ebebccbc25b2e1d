"""Consultations: sessions and the recommendations collected from them."""

from .recommendations import (
    CSV_COLUMNS,
    add_recommendation,
    decide_recommendation,
    get_recommendation,
    insert_recommendation,
    list_recommendations,
    recommendation_view,
    recommendations_csv,
    update_recommendation,
)
from .sessions import (
    create_session,
    get_session,
    import_concept_note,
    insert_session,
    list_sessions,
    session_view,
    update_session,
)

__all__ = [
    "CSV_COLUMNS",
    "add_recommendation",
    "create_session",
    "decide_recommendation",
    "get_recommendation",
    "get_session",
    "import_concept_note",
    "insert_recommendation",
    "insert_session",
    "list_recommendations",
    "list_sessions",
    "recommendation_view",
    "recommendations_csv",
    "session_view",
    "update_recommendation",
    "update_session",
]
