"""``marsad train``: every model rebuilt from gold, cross-validated by outlet, calibrated.

One run reads the gold sets, analyses their articles once, and

1. cross-validates by outlet (``evaluate.outlet_folds``): each fold is decided by models fitted
   on the other folds and scored with the project's scorer; the out-of-fold events give the
   figures of the data cards and the points the confidence is calibrated on;
2. fits the shipped models on all the gold: ``events`` (is a candidate a happening, of which
   type), ``places`` and ``dates`` (rankers over the options the text offers), ``modality``;
3. writes each model (``<name>.json`` + ``<name>.npy``, deterministic: same gold, same seed,
   same bytes) and a data card (``<name>.card.json``: what it was trained on, its
   cross-validated figures, the date of the run).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from marsad.learn.calibration import expected_calibration_error, isotonic_table, reliability
from marsad.learn.dataset import (
    Analysed,
    analyse,
    event_examples,
    modality_examples,
    ranking_examples,
    topic_examples,
)
from marsad.learn.evaluate import combine, field_counts, gold_dict, load_scorer, outlet_folds
from marsad.learn.gold import GoldDoc, load_gold, load_places
from marsad.learn.linear import LinearModel
from marsad.learn.rankings import RANKINGS
from marsad.learn.train import fit_linear


@dataclass
class GoldSet:
    name: str
    gold: Path
    articles: Path
    places: list[Path] = field(default_factory=list)


@dataclass
class Params:
    event_c: float = 0.3
    threshold: float = 0.35
    ranking_c: float = 1.0
    topic_c: float = 10.0
    topic_threshold: float = 0.7
    modality_c: float = 1.0
    folds: int = 5
    seed: int = 13


@dataclass
class Trained:
    models: dict[str, LinearModel]
    figures: dict[str, Any]  # cross-validated, per set and pooled
    reliability: list[dict[str, float]]
    docs: dict[str, dict[str, Any]]  # out-of-fold contract documents


def load_sets(sets: list[GoldSet]) -> list[GoldDoc]:
    golds: list[GoldDoc] = []
    for s in sets:
        golds += load_gold(s.gold, s.articles, s.name, load_places(s.places))
    return golds


def fit_models(golds: list[GoldDoc], analysed: dict[str, Analysed], p: Params, skip: set[str] | None = None) -> dict[str, LinearModel]:
    """Every model fitted on the gold documents not in ``skip`` (the topic model's threshold
    set on its card, as the shipped one carries it)."""
    models = _fit(golds, analysed, p, skip)
    if "topic" in models:
        _topic_card(models["topic"], golds, analysed, p, skip)
    return models


def _topic_card(model: LinearModel, golds: list[GoldDoc], analysed: dict[str, Analysed], p: Params, skip: set[str] | None) -> None:
    """The topic gate's threshold, and the length below which a text is not gated: the
    tenth shortest of the articles it learned from."""
    words = sorted(len(analysed[g.name].idx.word_starts) for g in golds if not skip or g.name not in skip)
    model.card["threshold"] = p.topic_threshold
    model.card["min_words"] = words[min(9, len(words) - 1)] if words else 0


def _fit(golds: list[GoldDoc], analysed: dict[str, Analysed], p: Params, skip: set[str] | None) -> dict[str, LinearModel]:
    """Every model fitted on the gold documents not in ``skip``."""
    keep = [g for g in golds if not skip or g.name not in skip]
    ev = event_examples(keep, analysed)
    mo = modality_examples(keep, analysed)
    to = topic_examples(keep, analysed)
    models = {
        "topic": fit_linear([e.features for e in to], [e.label for e in to], c=p.topic_c),
        "events": fit_linear([e.features for e in ev], [e.label for e in ev], c=p.event_c),
        "modality": fit_linear([e.features for e in mo], [e.label for e in mo], c=p.modality_c),
    }
    for ranking in RANKINGS:
        ex = ranking_examples(keep, analysed, ranking)
        models[ranking.name] = fit_linear(
            [e.features for e in ex], ["yes" if e.label else "none" for e in ex], c=p.ranking_c
        )
    return models


def decide_with(models: dict[str, LinearModel], a: Analysed, threshold: float) -> dict[str, Any]:
    from marsad.learn.events import decide_events

    for c in a.cands:
        c.modality = c.rule_modality
    a.doc.events = decide_events(a.doc, a.idx, a.cands, models, threshold)
    return a.doc.to_dict()


def train(sets: list[GoldSet], p: Params, scorer_path: Path) -> Trained:
    golds = load_sets(sets)
    analysed = analyse(golds)
    scorer = load_scorer(scorer_path)
    folds = outlet_folds(golds, p.folds, p.seed)
    docs: dict[str, dict[str, Any]] = {}
    for fold in folds:
        models = fit_models(golds, analysed, p, skip=fold)
        for name in sorted(fold):
            docs[name] = decide_with(models, analysed[name], p.threshold)
    figures: dict[str, Any] = {}
    results = []
    raw: list[float] = []
    correct: list[bool] = []
    for s in sets:
        gd = {g.name: gold_dict(g) for g in golds if g.batch == s.name}
        places = _scorer_places(scorer, s.places)
        r = scorer.score(docs, gd, places, verbose=False)
        r.update(field_counts(scorer, docs, gd, places))
        results.append(r)
        figures[s.name] = _rounded(r)
        hits = scorer.matched_events(docs, gd, places)
        for name in gd:
            for i, ev in enumerate(docs.get(name, {}).get("events", [])):
                raw.append(float(ev.get("confidence") or 0.0))
                correct.append((name, i) in hits)
    figures["pooled"] = _rounded(combine(results))
    # calibration: fitted on the out-of-fold events of the other folds, measured on each
    table = isotonic_table(raw, correct)
    held_out = _crossfit(raw, correct, p.seed)
    figures["calibration"] = {
        "ece_raw": round(expected_calibration_error(raw, correct), 4),
        "ece_calibrated_crossfit": round(expected_calibration_error(held_out, correct), 4),
        "events": len(raw),
    }
    models = fit_models(golds, analysed, p)
    models["events"].calibration = table
    for name, m in models.items():
        m.card = _card(name, sets, golds, p, figures)
    if "topic" in models:
        _topic_card(models["topic"], golds, analysed, p, None)
    return Trained(models, figures, reliability(held_out, correct), docs)


def train_claims(gold_files: list[Path], articles: dict[str, Path], p: Params) -> tuple[LinearModel, dict[str, Any]]:
    """The claim model: cross-validated by document, calibrated on the held-out scores."""
    from marsad.learn.dataset import claim_examples

    examples = claim_examples(gold_files, articles)
    docs = sorted({e.doc for e in examples})
    folds = [set(docs[i :: p.folds]) for i in range(p.folds)]
    raw: list[float] = []
    correct: list[bool] = []
    for fold in folds:
        train_ex = [e for e in examples if e.doc not in fold]
        model = fit_linear([e.features for e in train_ex], ["yes" if e.label else "none" for e in train_ex], c=p.modality_c)
        for e in examples:
            if e.doc in fold:
                raw.append(float(model.proba(e.features)[-1]))
                correct.append(e.label)
    model = fit_linear([e.features for e in examples], ["yes" if e.label else "none" for e in examples], c=p.modality_c)
    ece_raw = expected_calibration_error(raw, correct)
    ece_cal = _crossfit_ece(raw, correct, p.seed)
    # the isotonic map only where it helps on held-out scores
    model.calibration = isotonic_table(raw, correct) if ece_cal < ece_raw else None
    figures = {
        "claims": len(examples),
        "documents": len(docs),
        "correct_share": round(sum(correct) / len(correct), 4) if correct else 0.0,
        "ece_raw": round(ece_raw, 4),
        "ece_calibrated_crossfit": round(ece_cal, 4),
        "calibrated": model.calibration is not None,
    }
    return model, figures


def _crossfit_ece(raw: list[float], correct: list[bool], seed: int, k: int = 5) -> float:
    return expected_calibration_error(_crossfit(raw, correct, seed, k), correct)


def _crossfit(raw: list[float], correct: list[bool], seed: int, k: int = 5) -> list[float]:
    """Calibrated confidences where each point's table was fitted without it."""
    order = sorted(range(len(raw)), key=lambda i: (hash((seed, i)) & 0xFFFF, i))
    out = [0.0] * len(raw)
    for f in range(k):
        held = set(order[f::k])
        table = isotonic_table([raw[i] for i in range(len(raw)) if i not in held],
                               [correct[i] for i in range(len(raw)) if i not in held])
        for i in held:
            out[i] = _apply(table, raw[i])
    return out


def _apply(table: tuple[list[float], list[float]] | None, x: float) -> float:
    import numpy as np

    if table is None:
        return x
    return float(np.interp(x, table[0], table[1]))


def _scorer_places(scorer: Any, files: list[Path]) -> dict[str, Any]:
    from marsad.learn.evaluate import load_places as scorer_places

    return scorer_places(scorer, files)


def _rounded(r: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in r.items() if not k.endswith("_n")}


def _card(name: str, sets: list[GoldSet], golds: list[GoldDoc], p: Params, figures: dict[str, Any]) -> dict[str, Any]:
    types = Counter(e.type for g in golds for e in g.events)
    return {
        "model": name,
        "trained_on": [
            {"set": s.name, "documents": sum(g.batch == s.name for g in golds)}
            for s in sets
        ],
        "outlets": len({g.outlet for g in golds}),
        "gold_events": sum(types.values()),
        "gold_types": dict(sorted(types.items())),
        "params": asdict(p),
        "cross_validated": {k: v for k, v in figures.items()},
    }


def write(
    trained: Trained, out: Path, run_date: str | None = None, sources: dict[str, str] | None = None
) -> list[Path]:
    """The models and their data cards; the cards carry the date and the folders the gold was
    read from (``sources``: set name -> path), the models neither (so a rebuild from the same
    gold, wherever it lies, gives the same model bytes)."""
    written: list[Path] = []
    for name, m in trained.models.items():
        m.save(out, name)
        card = {**m.card, "date": run_date or date.today().isoformat(), "sources": sources or {}}
        path = out / f"{name}.card.json"
        path.write_text(json.dumps(card, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        written += [out / f"{name}.json", out / f"{name}.npy", path]
    return written
