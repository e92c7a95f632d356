"""A linear model over string features, stored portably and applied with numpy.

A model is two files: ``<name>.json`` (classes, feature vocabulary, bias, calibration and a
data card) and ``<name>.npy`` (the weight matrix, one row per feature, one column per class).
Neither is a pickle: ``numpy.load(allow_pickle=False)`` and ``json`` read them in any version.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from operator import is_not
from pathlib import Path
from typing import Any

import numpy as np

# filter(is_known, map(vocabulary.get, features)): the rows of the known features, in order,
# with the loop in C (a feature's row may be 0, so a plain truth test would drop it)
is_known = partial(is_not, None)


@dataclass
class LinearModel:
    classes: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, classes), float32
    bias: np.ndarray  # (classes,)
    # isotonic calibration of the top probability: x (raw, increasing) -> y (calibrated)
    calibration: tuple[list[float], list[float]] | None = None
    card: dict[str, Any] = field(default_factory=dict)

    def rows(self, features: Iterable[str]) -> list[int]:
        """The weight rows of the known features, in order (unknown ones weigh nothing)."""
        return list(filter(is_known, map(self.vocabulary.get, features)))

    def scores(self, features: Iterable[str]) -> np.ndarray:
        return self.scores_of_rows(self.rows(features))

    def scores_of_rows(self, rows: list[int]) -> np.ndarray:
        if rows:
            # take() gathers the same rows as weights[rows], in half the time for a list
            return self.weights.take(rows, axis=0).sum(axis=0) + self.bias
        return self.bias.copy()

    def proba(self, features: Iterable[str]) -> np.ndarray:
        return self.proba_of_rows(self.rows(features))

    def proba_of_rows(self, rows: list[int]) -> np.ndarray:
        """``proba`` of the features whose rows (``rows``) are given: for a caller that maps
        its features to rows itself (through a cache kept across documents)."""
        s = self.scores_of_rows(rows)
        if len(self.classes) == 1:
            return np.ones(1)
        if len(self.classes) == 2 and s.shape[0] == 1:
            p = 1.0 / (1.0 + np.exp(-s[0]))
            return np.array([1.0 - p, p])
        s = s - s.max()
        e = np.exp(s)
        return e / e.sum()

    def proba_many(self, rows: Sequence[Iterable[str]]) -> np.ndarray:
        """The probabilities of many rows at once (one numpy pass for all of them)."""
        k = len(self.classes)
        if not rows:
            return np.zeros((0, k))
        if k == 1:
            return np.ones((len(rows), 1))
        get = self.vocabulary.get
        flat: list[int] = []
        bounds: list[int] = []
        for r in rows:
            bounds.append(len(flat))
            flat.extend(filter(is_known, map(get, r)))
        bounds.append(len(flat))
        # take() gathers the same rows as weights[flat], in half the time for a list
        gathered = self.weights.take(flat, axis=0)
        if all(map(int.__lt__, bounds[:-1], bounds[1:])):
            # every row has a known feature (the usual case): one reduceat, summed in float32
            # as below, and the bias added in float64 as below
            s = np.add(np.add.reduceat(gathered, bounds[:-1], axis=0), self.bias, dtype=np.float64)
        else:
            # a row with no known feature: reduceat would read the next row's first weight
            sums = np.zeros((len(rows), self.weights.shape[1]), dtype=np.float64)
            nonempty = [i for i in range(len(rows)) if bounds[i + 1] > bounds[i]]
            if nonempty:
                sums[nonempty] = np.add.reduceat(gathered, [bounds[i] for i in nonempty], axis=0)
            s = sums + self.bias
        if k == 2 and s.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-s[:, 0]))
            return np.stack([1.0 - p, p], axis=1)
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def positive_scores(self, rows: Sequence[Iterable[str]]) -> list[float]:
        """The raw margins of a binary model (a ranker needs only their order), summed in
        plain Python: a handful of features per option costs less than a numpy call. The sum
        runs in C over map(get, features, 0.0): the same additions in the same order as a
        loop, so the same floats."""
        get = self._table().get
        bias = float(self.bias[0])
        return [bias + sum(map(get, r, repeat(0.0))) for r in rows]

    def _table(self) -> dict[str, float]:
        table = self.__dict__.get("_weights_by_feature")
        if table is None:
            column = self.weights[:, -1].tolist()
            table = {f: column[i] for f, i in self.vocabulary.items()}
            self.__dict__["_weights_by_feature"] = table
        return table

    def calibrate(self, p: float) -> float:
        """The calibrated probability of a raw one (identity without a calibration)."""
        if self.calibration is None:
            return p
        xs, ys = self.calibration
        return float(np.interp(p, xs, ys))

    def calibrate_many(self, p: np.ndarray) -> np.ndarray:
        if self.calibration is None:
            return p
        xs, ys = self.calibration
        return np.interp(p, xs, ys)

    # -- storage -------------------------------------------------------------------------

    def save(self, directory: Path, name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        features = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = {
            "format": "marsad-linear-1",
            "classes": self.classes,
            "features": features,
            "bias": [round(float(b), 6) for b in self.bias],
            "calibration": (
                [[round(x, 6) for x in self.calibration[0]], [round(y, 6) for y in self.calibration[1]]]
                if self.calibration
                else None
            ),
            "card": self.card,
        }
        (directory / f"{name}.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
        )
        with open(directory / f"{name}.npy", "wb") as fh:
            np.save(fh, np.ascontiguousarray(self.weights, dtype=np.float32), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, name: str) -> LinearModel:
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        if meta.get("format") != "marsad-linear-1":
            raise ValueError(f"{directory / name}.json: not a marsad linear model")
        weights = np.load(directory / f"{name}.npy", allow_pickle=False)
        vocab = {f: i for i, f in enumerate(meta["features"])}
        if weights.shape != (len(vocab), len(meta["classes"])) and not (
            len(meta["classes"]) <= 2 and weights.shape == (len(vocab), 1)
        ):
            raise ValueError(f"{directory / name}.npy: shape {weights.shape} does not fit its card")
        cal = meta.get("calibration")
        return cls(
            meta["classes"],
            vocab,
            weights,
            np.asarray(meta["bias"], dtype=np.float32),
            (cal[0], cal[1]) if cal else None,
            meta.get("card", {}),
        )
