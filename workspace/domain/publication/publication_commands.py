"""What the committee asks when it publishes, declared once: the API decodes it from JSON, the page from its form,
checked when it is made (domain/inputs.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ..errors import N_, InvalidInput
from ..inputs import Command, Label, Note, PerLanguage, Text, per_language_schema, says, text_schema
from ..values import MAX_PLACE


class Publish(Command, frozen=True):
    """`version` frozen as the published declaration under `symbol`, its date line's `date` (YYYY-MM-DD; default:
    today in the process's time zone) and place in each language (`places`; default: the process's); with
    `corrigendum_of` (the number of an earlier publication) and `corrects` (what it corrects), a correction."""

    version: Label
    symbol: Label
    date: Annotated[str, says(format="date")] | None = None
    places: Annotated[dict[str, str], per_language_schema(MAX_PLACE), PerLanguage(MAX_PLACE)] | None = None
    corrigendum_of: int | None = None
    corrects: Note = ""

    def check(self) -> None:
        self.day  # noqa: B018 (a date, or refused)
        if self.corrigendum_of is not None and not self.corrects:
            raise InvalidInput(N_("The field “{field}” is required."), field="corrects", detail={"field": "corrects"})

    @property
    def day(self) -> dt.date | None:
        """The date line's date; none: today in the process's time zone."""
        if not self.date:
            return None
        try:
            return dt.date.fromisoformat(self.date)
        except ValueError:
            raise InvalidInput(
                N_("“{value}” is not a date (YYYY-MM-DD)."), value=self.date, detail={"field": "date"}
            ) from None


Leftover = Annotated[
    str,
    says(**text_schema(200, required=True), description="A leftover's key, as the gate gives it (tag:op_25:BCN)."),
    Text(200, required=True),
]


class KeepLeftover(Command, frozen=True):
    """The committee keeps `leftover` (a key the gate of `version` gives) in the text on purpose."""

    version: Label
    leftover: Leftover
