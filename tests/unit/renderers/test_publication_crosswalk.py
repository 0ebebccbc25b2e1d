"""A publication's crosswalk: each paragraph's reference as its version circulated (numbers held still: OP 1 bis,
OP 2 [deleted]) beside its reference in the published text, numbered cleanly; in each language, as a spreadsheet
and in the JSON bundle; none for a publication made before the circulated numbers were kept."""

from __future__ import annotations

import csv
import io
import json

from tests.unit.renderers.models import model_of
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.publication.publication import model_data, model_from_data
from workspace.renderers.publication_files import names, render

OP, PP = Kind.OPERATIVE, Kind.PREAMBULAR
BLOCKS = [
    Block("pre_1", PP, "Recordando …"),
    Block("op_1", OP, "Decidimos …"),
    Block("op_9", OP, "Nuevo …"),  # inserted after OP 1 since the last renumbering: OP 1 bis as circulated
    Block("op_3", OP, "Pedimos …"),
]
# As the version circulated: op_2 deleted since the renumbering, still listed.
CIRCULATED = (
    ("pre_1", "preambular", 1, 0, False),
    ("op_1", "operative", 1, 0, False),
    ("op_9", "operative", 1, 1, False),
    ("op_3", "operative", 3, 0, False),
    ("op_2", "operative", 2, 0, True),
)


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"))))


def test_the_crosswalk_files_map_the_references_as_circulated_to_the_published_ones_in_each_language():
    model = model_of(BLOCKS, circulated=CIRCULATED)
    listed = [name for name, key in names(model) if key == "crosswalk"]
    assert listed == [f"kutahya-2021.{code}.crosswalk.csv" for code in ("es", "en", "fr")]
    english, media = render(model, "kutahya-2021.en.crosswalk.csv")
    assert media.startswith("text/csv")
    assert rows(english) == [
        ["eId", "Reference in Rev.1", "Reference as published"],
        ["pre_1", "PP 1", "PP 1"],
        ["op_1", "OP 1", "OP 1"],
        ["op_9", "OP 1 bis", "OP 2"],
        ["op_3", "OP 3", "OP 3"],
        ["op_2", "OP 2 [deleted]", ""],
    ]
    french = rows(render(model, "kutahya-2021.fr.crosswalk.csv")[0])
    assert french[0] == ["eId", "Référence dans Rev.1", "Référence publiée"]
    assert french[3] == ["op_9", "PD 1 bis", "PD 2"] and french[1] == ["pre_1", "AP 1", "AP 1"]
    assert rows(render(model, "kutahya-2021.es.crosswalk.csv")[0])[5] == ["op_2", "PD 2 [suprimido]", ""]


def test_the_json_bundle_carries_the_crosswalk_in_every_language_and_the_model_keeps_it():
    model = model_of(BLOCKS, circulated=CIRCULATED)
    bundle = json.loads(render(model, "kutahya-2021.es-en-fr.json")[0])
    moved = {row["eid"]: row for row in bundle["crosswalk"]}
    assert moved["op_9"]["circulated"] == {
        "es": "PD\u00a01\u00a0bis",
        "en": "OP\u00a01\u00a0bis",
        "fr": "PD\u00a01\u00a0bis",
    }
    assert moved["op_9"]["published"]["en"] == "OP\u00a02" and moved["op_2"]["published"] == dict.fromkeys(
        ("es", "en", "fr")
    )
    again = model_from_data(json.loads(json.dumps(model_data(model))))
    assert again == model


def test_a_publication_made_before_keeps_its_files_and_bytes():
    model = model_of(BLOCKS)
    assert "circulated" not in model_data(model)
    assert not [name for name, key in names(model) if key == "crosswalk"]
    assert "crosswalk" not in json.loads(render(model, "kutahya-2021.es-en-fr.json")[0])
