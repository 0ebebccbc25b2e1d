"""What the committee asks when it publishes, validated once where the request comes in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..errors import N_, InvalidInput
from ..values import MAX_LABEL, MAX_PLACE, per_language, text_field


@dataclass(frozen=True)
class Publish:
    version: str
    symbol: str
    day: date | None = None  # the date line's; default: today in the process's time zone
    places: dict[str, str] = field(default_factory=dict)  # the date line's place per language, over the process's
    corrigendum_of: int | None = None
    corrects: str = ""

    @classmethod
    def build(
        cls,
        version: object,
        symbol: object,
        day: object = None,
        places: object = None,
        corrigendum_of: object = None,
        corrects: object = "",
    ) -> Publish:
        when = None
        if day:
            try:
                when = date.fromisoformat(str(day))
            except ValueError:
                raise InvalidInput(
                    N_("“{value}” is not a date (YYYY-MM-DD)."), value=day, detail={"field": "date"}
                ) from None
        of = corrigendum_of if isinstance(corrigendum_of, int) and not isinstance(corrigendum_of, bool) else None
        if corrigendum_of not in (None, "") and of is None:
            raise InvalidInput(
                N_("A corrigendum names the number of the publication it corrects."), detail={"field": "corrigendum_of"}
            )
        fixes = text_field({"corrects": corrects}, "corrects", required=of is not None, limit=2000)
        return cls(
            text_field({"version": version}, "version", required=True, limit=100),
            text_field({"symbol": symbol}, "symbol", required=True, limit=MAX_LABEL),
            when,
            per_language(places, "places", limit=MAX_PLACE),
            of,
            fixes,
        )
