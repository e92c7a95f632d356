"""The gold annotations in eval/gold are well-formed, and bench/eval_extraction.py runs.

No accuracy threshold is asserted here: the figures are reported by the script, not tested.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from marsad.kb import load_kb

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "eval" / "gold"
SCRIPT = REPO / "bench" / "eval_extraction.py"

EVENT_TYPES = {
    "attack", "clash", "riot", "escape", "release", "transfer", "arrest", "hostage_taking",
    "killing", "security_operation", "reinforcement", "repatriation", "agreement", "other",
}  # fmt: skip
MODALITIES = {"asserted", "denied", "alleged", "expected", "hypothetical"}
SPEAKER_KINDS = {
    "named_person", "official_body", "outlet", "correspondent", "anonymous_source",
    "local_sources", "intelligence_reports", "activists", "leaked_material", "media_reports",
    "unknown",
}  # fmt: skip
STANCES = {"assert", "deny", "predict", "warn", "allege"}
EVENT_KEYS = {
    "type", "place", "date", "count", "modality", "speaker_kind", "speaker_entity", "via",
    "evidence", "optional",
}  # fmt: skip
CLAIM_KEYS = {"speaker_kind", "speaker_entity", "stance", "via", "optional"}
DATE = re.compile(r"^(\d{4}|XXXX)(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}$")
GOLD_DIRS = {"seeds": "seeds", "corpus": "corpus"}


def _gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))


def _alts(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _annotations() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path in _gold_files():
        for name, ann in json.loads(path.read_text(encoding="utf-8")).items():
            out.append((path.stem, name, ann))
    return out


def test_gold_files_exist_and_cover_enough_documents() -> None:
    files = _gold_files()
    assert {p.stem for p in files} >= {"seeds", "corpus"}
    anns = _annotations()
    assert sum(1 for stem, _, _ in anns if stem == "seeds") == 5
    assert sum(1 for stem, _, _ in anns if stem == "corpus") >= 17


@pytest.mark.parametrize(
    ("stem", "name", "ann"), _annotations(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_annotation_is_well_formed(stem: str, name: str, ann: dict[str, Any]) -> None:
    kb = load_kb()
    where = f"{stem}/{name}"
    assert stem in GOLD_DIRS, f"{where}: unknown gold set {stem}"
    assert set(ann) == {"outlet", "published", "events", "claims"}, where
    for outlet in _alts(ann["outlet"]):
        assert outlet is None or kb.get(outlet) is not None, f"{where}: outlet {outlet} not in KB"
    for published in _alts(ann["published"]):
        assert published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", published), where

    for event in ann["events"]:
        label = f"{where} event {event.get('evidence')}"
        assert set(event) <= EVENT_KEYS, f"{label}: unknown keys {set(event) - EVENT_KEYS}"
        assert all(t in EVENT_TYPES for t in _alts(event["type"])), label
        for place in _alts(event.get("place")):
            assert place is None or kb.get(place) is not None, f"{label}: place {place} not in KB"
        for date in _alts(event.get("date")):
            assert date is None or DATE.match(date), f"{label}: bad date {date}"
        for count in _alts(event.get("count")):
            if count is not None:
                assert set(count) == {"min", "max"}, label
                lo, hi = count["min"], count["max"]
                assert lo is None or hi is None or lo <= hi, label
        if "modality" in event:
            assert all(m in MODALITIES for m in _alts(event["modality"])), label
        for kind in _alts(event.get("speaker_kind")):
            assert kind is None or kind in SPEAKER_KINDS, f"{label}: kind {kind}"
        for entity in _alts(event.get("speaker_entity")):
            assert entity is None or kb.get(entity) is not None, (
                f"{label}: entity {entity} not in KB"
            )
        for hop in event.get("via", []):
            assert kb.get(hop) is not None, f"{label}: via {hop} not in KB"
        # A short pointer, never a copy of the article.
        assert len(event.get("evidence", "").split()) <= 6, f"{label}: evidence longer than 6 words"
        assert isinstance(event.get("optional", False), bool), label

    for claim in ann["claims"]:
        label = f"{where} claim {claim}"
        assert set(claim) <= CLAIM_KEYS, label
        assert all(k in SPEAKER_KINDS for k in _alts(claim["speaker_kind"])), label
        assert all(s in STANCES for s in _alts(claim["stance"])), label
        for entity in _alts(claim.get("speaker_entity")):
            assert entity is None or kb.get(entity) is not None, (
                f"{label}: entity {entity} not in KB"
            )
        for hop in claim.get("via", []):
            assert kb.get(hop) is not None, f"{label}: via {hop} not in KB"


def test_annotated_documents_exist(shared_dir: Path) -> None:
    for stem, name, _ in _annotations():
        assert (shared_dir / GOLD_DIRS[stem] / name).is_file(), f"{stem}/{name} not in {shared_dir}"


def test_eval_script_runs(shared_dir: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--shared", str(shared_dir), "--errors"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for heading in ("outlet id", "event detection", "matched events", "claims by", "errors ("):
        assert heading in out, f"missing section {heading!r}"
    assert re.search(r"documents: \d+", out)


def test_eval_script_reports_missing_shared(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--shared", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "absent" in proc.stderr and "Traceback" not in proc.stderr
