"""The pages' one refusal path (web/pages/refusals.py), on its own: which refusals a page shows again, what its view
is given, and the helpers for what a page shows beside its main part."""

from __future__ import annotations

from typing import Any

import pytest

from workspace.domain.errors import AccordError, Conflict, Forbidden, InvalidInput, NotFound, TooMany
from workspace.web.pages.refusals import OF_THE_FORM, refusal_of, shown_again, tried, untyped


def _shown(**context: Any) -> dict[str, Any]:
    return context


def _raise(exc: Exception) -> Any:
    raise exc


def _refusing(exc: Exception) -> Any:
    def handler(slug: str) -> str:
        return _raise(exc)

    return handler


def test_a_refusal_the_page_shows_reaches_its_view_with_the_arguments_and_the_refusal() -> None:
    again = shown_again(_shown, shows=OF_THE_FORM)(_refusing(Conflict("Changed meanwhile.")))
    shown = again(slug="kutahya")
    assert shown["slug"] == "kutahya" and shown["values"] == {}
    assert shown["status"] == 409 and shown["error"] == "Changed meanwhile."
    assert "refusal" not in shown  # only a view that names it is given the refusal itself


@pytest.mark.parametrize("exc", [Forbidden("No."), NotFound("Gone."), TooMany("Slow down.", retry_after=3)])
def test_a_refusal_the_page_does_not_show_is_answered_as_everywhere(exc: AccordError) -> None:
    again = shown_again(_shown, shows=OF_THE_FORM[:2])(_refusing(exc))
    with pytest.raises(type(exc)):
        again(slug="kutahya")


def test_a_view_that_names_the_refusal_is_given_it() -> None:
    def view(refusal: AccordError, **context: Any) -> AccordError:
        return refusal

    refused = TooMany("Slow down.", retry_after=3)
    assert shown_again(view)(_refusing(refused))(slug="kutahya") is refused


def test_an_untyped_view_is_not_given_what_was_typed() -> None:
    assert untyped(_shown)(values={"text": "typed"}, slug="kutahya") == {"slug": "kutahya"}


def test_refusal_of_keeps_the_refusal_and_leaves_the_handler_s_arguments() -> None:
    context = {"status": 422, "error": "No.", "errors": ["No."], "data": object(), "store": object()}
    assert refusal_of(context) == {"status": 422, "error": "No.", "errors": ["No."]}


def test_tried_gives_the_value_or_the_refusal_it_was_told_of() -> None:
    assert tried(lambda: 7) == 7
    refused = InvalidInput("Not a place.")
    assert tried(lambda: _raise(refused), (InvalidInput,)) is refused
    with pytest.raises(Conflict):
        tried(lambda: _raise(Conflict("Other.")), (InvalidInput,))
