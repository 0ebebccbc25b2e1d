"""What to expect of the machine drafts: Apertium (Debian's packages) on the 169 Agenda 2030 targets of the
shared corpus, against their official translations, in each direction the editor offers. Run with `make bench`.

Printed per direction: chrF and BLEU (sacrebleu) over the targets, the seconds a paragraph takes, and one
example. Asserted: only that every target got a draft in the target language's words (chrF above 30).
"""

from __future__ import annotations

import time

import sacrebleu
import yaml

from tests import needs
from workspace.services.translations.machine import Apertium
from workspace.settings import ROOT

SDG = ROOT.parent / "shared" / "corpus" / "sdg"
DIRECTIONS = (("es", "en"), ("es", "fr"), ("en", "es"), ("fr", "es"), ("en", "fr"), ("fr", "en"))


def targets(lang: str) -> dict[str, str]:
    with (SDG / f"global_targets_{lang}.yml").open(encoding="utf-8") as handle:
        return {
            key: " ".join(str(text).split()) for key, text in yaml.safe_load(handle).items() if key.endswith("-title")
        }


def test_machine_drafts_against_the_official_translations():
    needs.program("apertium")
    texts = {lang: targets(lang) for lang in ("es", "en", "fr")}
    keys = sorted(set(texts["es"]) & set(texts["en"]) & set(texts["fr"]))
    engine = Apertium()
    print(f"\nApertium on {len(keys)} Agenda 2030 targets, against the official translations")
    for source, target in DIRECTIONS:
        began = time.perf_counter()
        drafts = [engine.translate(texts[source][k], source, target) for k in keys]
        seconds = (time.perf_counter() - began) / len(keys)
        references = [texts[target][k] for k in keys]
        chrf = sacrebleu.corpus_chrf(drafts, [references]).score
        bleu = sacrebleu.corpus_bleu(drafts, [references]).score
        through = "" if "es" in (source, target) else " (through Spanish)"
        print(
            f"  {source}→{target}{through}: chrF {chrf:.1f}, BLEU {bleu:.1f}, {seconds * 1000:.0f} ms a target; "
            f"e.g. {keys[0]}: «{drafts[0][:110]}»"
        )
        assert chrf > 30
