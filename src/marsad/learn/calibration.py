"""Calibration: turning a model's raw score into a probability an analyst can filter on.

The raw score of an event (its most confident mention) is mapped through an isotonic
regression fitted on out-of-fold events — events decided by models that never saw their
outlet — against whether the scorer matched them to a gold event. The result is stored as a
small table of points (x raw -> y calibrated) and applied by interpolation.
"""

from __future__ import annotations

from collections.abc import Sequence

BINS = 10


def isotonic_table(raw: Sequence[float], correct: Sequence[bool]) -> tuple[list[float], list[float]] | None:
    """Points of the isotonic fit of ``correct`` on ``raw`` (None with too few points)."""
    if len(raw) < 20 or len(set(correct)) < 2:
        return None
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    x = np.asarray(raw, dtype=float)
    y = np.asarray(correct, dtype=float)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(x, y)
    xs = [round(float(v), 6) for v in iso.X_thresholds_]
    ys = [round(float(v), 6) for v in iso.y_thresholds_]
    return xs, ys


def expected_calibration_error(conf: Sequence[float], correct: Sequence[bool], bins: int = BINS) -> float:
    """The mean gap between confidence and accuracy, weighted by the events in each bin."""
    if not conf:
        return 0.0
    total = 0.0
    for b in reliability(conf, correct, bins):
        total += b["events"] * abs(b["confidence"] - b["accuracy"])
    return total / len(conf)


def reliability(conf: Sequence[float], correct: Sequence[bool], bins: int = BINS) -> list[dict[str, float]]:
    """Per bin of confidence: how many events, their mean confidence, the share correct."""
    rows: list[dict[str, float]] = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(conf) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        rows.append(
            {
                "bin": round(lo, 2),
                "events": len(idx),
                "confidence": sum(conf[i] for i in idx) / len(idx),
                "accuracy": sum(1 for i in idx if correct[i]) / len(idx),
            }
        )
    return rows
