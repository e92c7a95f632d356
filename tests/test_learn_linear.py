"""The portable linear model: training is deterministic, storage is pickle-free and exact."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from marsad.learn.calibration import expected_calibration_error, isotonic_table, reliability
from marsad.learn.linear import LinearModel

pytest.importorskip("sklearn")

from marsad.learn.train import fit_linear

ROWS = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"], ["a"], ["b"], ["c", "x"], ["c", "y"]]
LABELS = ["none", "none", "attack", "attack", "none", "attack", "killing", "killing"]


def test_fit_is_deterministic_and_round_trips_byte_for_byte(tmp_path: Path) -> None:
    m1 = fit_linear(ROWS, LABELS)
    m2 = fit_linear(ROWS, LABELS)
    m1.save(tmp_path / "one", "m")
    m2.save(tmp_path / "two", "m")
    for suffix in (".json", ".npy"):
        assert (tmp_path / "one" / f"m{suffix}").read_bytes() == (tmp_path / "two" / f"m{suffix}").read_bytes()
    loaded = LinearModel.load(tmp_path / "one", "m")
    assert loaded.classes[0] == "none"
    for row in ROWS:
        assert np.allclose(loaded.proba(row), m1.proba(row), atol=1e-5)
    assert loaded.classes[int(loaded.proba(["b", "x"]).argmax())] == "attack"


def test_files_are_json_and_a_plain_npy(tmp_path: Path) -> None:
    fit_linear(ROWS, LABELS).save(tmp_path, "m")
    meta = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert meta["format"] == "marsad-linear-1"
    weights = np.load(tmp_path / "m.npy", allow_pickle=False)
    assert weights.shape == (len(meta["features"]), len(meta["classes"]))


def test_binary_model_gives_two_probabilities() -> None:
    m = fit_linear([["p"], ["q"], ["p"], ["q"]], ["yes", "none", "yes", "none"])
    p = m.proba(["p"])
    assert p.shape == (2,) and abs(p.sum() - 1) < 1e-6 and p[1] > 0.5


def test_a_damaged_model_is_refused(tmp_path: Path) -> None:
    fit_linear(ROWS, LABELS).save(tmp_path, "m")
    np.save(tmp_path / "m.npy", np.zeros((1, 1), dtype=np.float32))
    with pytest.raises(ValueError, match="does not fit"):
        LinearModel.load(tmp_path, "m")


def test_calibration_maps_scores_to_observed_rates() -> None:
    rng = np.random.default_rng(0)
    raw = rng.uniform(0, 1, 2000)
    correct = rng.uniform(0, 1, 2000) < raw**2  # overconfident raw scores
    table = isotonic_table(raw.tolist(), correct.tolist())
    assert table is not None
    calibrated = np.interp(raw, table[0], table[1])
    assert expected_calibration_error(calibrated.tolist(), correct.tolist()) < expected_calibration_error(raw.tolist(), correct.tolist())
    assert expected_calibration_error(calibrated.tolist(), correct.tolist()) < 0.05
    assert sum(r["events"] for r in reliability(calibrated.tolist(), correct.tolist())) == 2000


def test_proba_many_sums_each_row_alone_rows_without_known_features_included() -> None:
    """The batched path (one gather, one reduceat) gives each row the probabilities of its own
    features: a row of unknown features alone gets the bias's, wherever it stands."""
    rng = np.random.default_rng(1)
    vocabulary = {f"f{i}": i for i in range(40)}
    m = LinearModel(["none", "a", "b", "c"], vocabulary, rng.normal(size=(40, 4)).astype(np.float32),
                    rng.normal(size=4).astype(np.float32))
    rows = [["f1", "f7", "zz"], ["zz"], [], ["f3"], ["f39", "f0", "f0"], ["yy", "f2"]]
    for batch in (rows, [r for r in rows if any(f in vocabulary for f in r)], rows[1:3]):
        many = m.proba_many(batch)
        assert many.shape == (len(batch), 4)
        for row, p in zip(batch, many, strict=True):
            assert np.allclose(p, m.proba(row), atol=1e-6)
    assert np.allclose(m.proba_many([["zz"]])[0], m.proba([]), atol=1e-7)
