"""Rules, learned and combined, per decision, cross-validated by outlet (not a test).

    python3 bench/eval_learning.py [--shared ../shared] [--folds 5] [--json]

Every variant is scored exactly as ``marsad train`` scores its folds (``../shared/tools/
score_gold.py`` on held-out outlets): the shared gold and this repository's batches A and B. Per
decision it compares the rule (what the clause or the cues say), the learned model alone, and
the combination the shipped pipeline uses:

* happening or not, of which type: the learned model (rules alone are the old stage, scored
  at the start of the session that replaced it: see eval/corpus_gold/README.md);
* grammar gates after the model (negation, purpose, condition, question, demand, habit,
  what came later; disasters out of scope): with / without;
* topic gate (documents that report no conflict): with / without;
* modality: the cue-and-claim rules / the learned model;
* place, date, count: the clause's own argument (rules) / the ranker over every option;
* calibration: the reliability table of the event confidence on held-out folds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from marsad.learn import events as learned_events  # noqa: E402
from marsad.learn import training  # noqa: E402
from marsad.learn.training import GoldSet, Params  # noqa: E402


def _sets(shared: Path) -> list[GoldSet]:
    own = REPO / "eval" / "corpus_gold"
    return [GoldSet("shared", shared / "gold", shared / "corpus", [shared / "gold" / "places.json"])] + [
        GoldSet(b, own / b, shared / "corpus", [shared / "gold" / "places.json", own / b / "places.json"])
        for b in ("A", "B")
    ]


def _run(sets: list[GoldSet], p: Params, scorer: Path, drop: tuple[str, ...] = (), gates: bool = True) -> dict:
    original = training.fit_models

    def fit(*args: object, **kwargs: object) -> dict:
        models = original(*args, **kwargs)  # type: ignore[arg-type]
        for name in drop:
            models.pop(name, None)
        return models

    training.fit_models = fit  # type: ignore[assignment]
    learned_events.GATES = gates
    try:
        return training.train(sets, p, scorer)
    finally:
        training.fit_models = original  # type: ignore[assignment]
        learned_events.GATES = True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    scorer = a.shared / "tools" / "score_gold.py"
    if not scorer.is_file():
        sys.exit(f"{scorer}: not found (give --shared)")
    sets = _sets(a.shared)
    p = Params(folds=a.folds)
    variants = {
        "combined (shipped)": {},
        "no grammar/scope gates": {"gates": False},
        "no topic gate": {"drop": ("topic",)},
        "modality by rules": {"drop": ("modality",)},
        "place by rules (clause, then discourse)": {"drop": ("places",)},
        "date by rules (own clause)": {"drop": ("dates",)},
        "count by rules (own clause)": {"drop": ("counts",)},
    }
    rows = {}
    reliability = None
    for name, kw in variants.items():
        trained = _run(sets, p, scorer, **kw)
        rows[name] = trained.figures["pooled"] | {"ece": trained.figures["calibration"]["ece_calibrated_crossfit"]}
        if reliability is None:
            reliability = trained.reliability
        print(f"{name:42} " + "  ".join(f"{k} {rows[name][k]:.3f}" for k in ("events", "precision", "recall", "date", "count", "modality", "offtopic_events")), flush=True)
    print("\nreliability of the event confidence (held-out folds, calibrated):")
    print(f"{'bin':>5} {'events':>7} {'confidence':>11} {'accuracy':>9}")
    for r in reliability or []:
        print(f"{r['bin']:5.1f} {r['events']:7d} {r['confidence']:11.3f} {r['accuracy']:9.3f}")
    if a.json:
        print(json.dumps({"variants": rows, "reliability": reliability}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
