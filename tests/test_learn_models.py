"""The shipped models: they load, they are small, they reproduce, and they score on real gold.

The gold figures here are on data the models were trained on, so they are floors against
regressions, not estimates of accuracy on unseen news (those are the cross-validated figures
of the data cards, and the first runs recorded in eval/corpus_gold/README.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.learn.events import MODELS
from marsad.learn.models import load, models_dir

REPO = Path(__file__).resolve().parent.parent
SHIPPED = (*MODELS, "claims")


def test_every_shipped_model_loads_with_a_data_card() -> None:
    total = 0
    for name in SHIPPED:
        model = load(name)
        assert model.classes and model.weights.shape[0] == len(model.vocabulary)
        card = json.loads((models_dir() / f"{name}.card.json").read_text(encoding="utf-8"))
        assert card["model"] == name and card["date"] and card["cross_validated"]
        total += sum((models_dir() / f"{name}{s}").stat().st_size for s in (".json", ".npy"))
    assert total < 5_000_000


def test_the_events_card_reports_outlet_folds_and_calibration() -> None:
    card = load("events").card
    cv = card["cross_validated"]
    assert cv["pooled"]["gold_events"] > 0 and 0.0 <= cv["pooled"]["events"] <= 1.0
    assert cv["calibration"]["ece_calibrated_crossfit"] <= 0.1
    assert card["outlets"] > 50


def _score(shared: Path, gold: Path, places: list[Path]) -> dict[str, float]:
    cmd = [sys.executable, str(shared / "tools" / "score_gold.py"), "--gold", str(gold), "--json",
           "--marsad", shutil.which("marsad") or "marsad"]
    for p in places:
        cmd += ["--places", str(p)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_score_gold_on_the_shared_gold_stays_above_its_floor(shared_dir: Path) -> None:
    if not (shared_dir / "gold").is_dir() or shutil.which("marsad") is None:
        pytest.skip("../shared/gold or the marsad command is absent")
    r = _score(shared_dir, shared_dir / "gold", [shared_dir / "gold" / "places.json"])
    assert r["events"] >= 0.65, r
    assert r["modality"] >= 0.95, r
    assert r["offtopic_events"] <= 0.1, r


def _needs_training(shared_dir: Path) -> None:
    pytest.importorskip("sklearn")
    if not (shared_dir / "gold").is_dir():
        pytest.skip("../shared/gold is absent")


@pytest.mark.slow
def test_training_smoke_writes_models_the_pipeline_can_use(shared_dir: Path, tmp_path: Path) -> None:
    _needs_training(shared_dir)
    from marsad.learn.linear import LinearModel
    from marsad.learn.training import GoldSet, Params, train, write

    gold = tmp_path / "gold"
    gold.mkdir()
    names = sorted(p.name for p in (shared_dir / "gold").glob("[0-9]*.json"))[:40]
    for n in names:
        shutil.copy(shared_dir / "gold" / n, gold / n)
    sets = [GoldSet("small", gold, shared_dir / "corpus", [shared_dir / "gold" / "places.json"])]
    trained = train(sets, Params(folds=2), shared_dir / "tools" / "score_gold.py")
    write(trained, tmp_path / "models", "2000-01-01")
    for name in MODELS:
        m = LinearModel.load(tmp_path / "models", name)
        assert m.card["trained_on"][0]["documents"] == len(names)
    assert trained.figures["small"]["articles"] == len(names)


@pytest.mark.slow
def test_marsad_train_reproduces_the_shipped_models_byte_for_byte(shared_dir: Path, tmp_path: Path) -> None:
    _needs_training(shared_dir)
    out = tmp_path / "models"
    cmd = [
        sys.executable, "-m", "marsad.cli", "train",
        "--gold", str(shared_dir / "gold"),
        "--gold", str(REPO / "eval" / "corpus_gold" / "A"), "--gold", str(REPO / "eval" / "corpus_gold" / "B"),
        "--articles", str(shared_dir / "corpus"), "--places", str(shared_dir / "gold" / "places.json"),
        "--claims", str(REPO / "eval" / "gold"), "--seeds", str(shared_dir / "seeds"),
        "--out", str(out), "--date", "2000-01-01",
    ]
    env = {**os.environ, "PYTHONHASHSEED": "7"}  # another seed than the build's
    subprocess.run(cmd, check=True, capture_output=True, timeout=1800, env=env)
    for name in SHIPPED:
        for suffix in (".json", ".npy"):
            shipped = (models_dir() / f"{name}{suffix}").read_bytes()
            assert (out / f"{name}{suffix}").read_bytes() == shipped, f"{name}{suffix} differs"
