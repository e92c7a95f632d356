"""Fitting the linear models (scikit-learn at training time only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from marsad.learn.linear import LinearModel

SEED = 13


def fit_linear(
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    c: float = 1.0,
    min_count: int = 1,
    class_weight: dict[str, float] | None = None,
) -> LinearModel:
    """A multinomial logistic regression over binary string features."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for r in rows for f in set(r))
    features = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {f: i for i, f in enumerate(features)}
    indptr = [0]
    indices: list[int] = []
    for r in rows:
        cols = sorted({vocab[f] for f in r if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(rows), len(vocab)))
    classes = sorted(set(labels), key=lambda k: (k != "none", k))
    if len(classes) == 1:
        # every example of one class (a small training set): the model always answers it
        return LinearModel(classes, vocab, np.zeros((len(vocab), 1), dtype=np.float32), np.zeros(1, dtype=np.float32))
    y = np.array([classes.index(lab) for lab in labels])
    weights = None
    if class_weight:
        weights = {classes.index(k): v for k, v in class_weight.items() if k in classes}
    model = LogisticRegression(C=c, max_iter=2000, class_weight=weights, random_state=SEED)
    model.fit(x, y)
    coef = model.coef_.T.astype(np.float32)  # (features, classes) or (features, 1)
    bias = model.intercept_.astype(np.float32)
    if len(classes) == 2:
        # binary: one column for the positive class; proba() handles the pair
        coef = coef[:, :1]
    return LinearModel([*classes], vocab, coef, bias)
