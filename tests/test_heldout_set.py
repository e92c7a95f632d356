"""The held-out set (eval/heldout): records readable, gold well-formed, the evaluation runs.

No accuracy threshold: the figures are reported by ``bench/eval_extraction.py --set heldout``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from marsad.io.readers import InputError, read_file
from marsad.kb import load_kb

REPO = Path(__file__).resolve().parent.parent
HELDOUT = REPO / "eval" / "heldout"
GOLD = HELDOUT / "gold" / "heldout.json"
SCRIPT = REPO / "bench" / "eval_extraction.py"
DATE = re.compile(r"^(\d{4}|XXXX)(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}$")


def _alts(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def test_records_are_readable_and_news_sized() -> None:
    names = sorted(p.name for p in HELDOUT.glob("*.json"))
    assert len(names) == 10
    for name in names:
        items = list(read_file(HELDOUT / name))
        assert len(items) == 1 and not isinstance(items[0], InputError), name
        record = json.loads((HELDOUT / name).read_text(encoding="utf-8"))
        assert {"text", "title", "outlet", "url"} <= record.keys()
        assert 90 <= len(record["text"].split()) <= 350, name


def test_gold_annotates_every_record_with_known_ids() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert sorted(gold) == sorted(p.name for p in HELDOUT.glob("*.json"))
    kb = load_kb()
    for name, ann in gold.items():
        for event in ann["events"]:
            for place in _alts(event.get("place")):
                assert place is None or kb.get(place) is not None, (name, place)
            for date in _alts(event.get("date")):
                assert date is None or DATE.match(date), (name, date)
            assert event.get("evidence"), name
        for claim in ann["claims"]:
            assert claim["speaker_kind"] and claim["stance"], name


def test_evaluation_runs_on_the_heldout_set() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--set", "heldout"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert out.returncode == 0, out.stderr
    assert "documents: 10" in out.stdout
    assert "heldout" in out.stdout
