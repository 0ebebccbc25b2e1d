"""What a version is called when no one names it: a version imported from a file with no label of the person's, none in
the file, and no title that fits (issue 67). As negotiations name their texts: the first is the zero draft, in each
language of the process; each later one Rev.1, Rev.2 … after the versions before it. A name another version already
has, in any language, is passed over (a name names one version only)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ..labels import C_

ZERO_DRAFT = C_("version", "Zero draft")
"""The first version's name, in each language of the process (es "Borrador cero", fr "Avant-projet")."""


@dataclass(frozen=True)
class DefaultName:
    """A version's label, and its names in the process's other languages."""

    label: str
    labels: dict[str, str] = field(default_factory=dict)


def default_name(number: int, taken: Collection[str], zero_draft: Mapping[str, str], source: str) -> DefaultName:
    """The name of version `number`, none of `taken` (the names of the process's versions, in every language);
    `zero_draft`: the zero draft's name in each language of the process, its `source` language's among them."""
    used = {name.casefold() for name in taken}
    if number <= 1 and not any(name.casefold() in used for name in zero_draft.values()):
        return DefaultName(zero_draft[source], {code: name for code, name in zero_draft.items() if code != source})
    revision = max(number - 1, 1)
    while f"Rev.{revision}".casefold() in used:
        revision += 1
    return DefaultName(f"Rev.{revision}")
