"""Amendments: the kinds and decisions, rebasing onto a newer text, what people ask of them, and
where the negotiation of a paragraph stands (its status, its brackets)."""
