"""Honest evaluation: cross-validation split by outlet, scored by the project's scorer.

Folds are drawn over outlets, never over articles, so an outlet's phrasing is never on both
sides. Each held-out fold is decided by a model trained on the other folds, and the whole
output is scored with ``../shared/tools/score_gold.py`` — the very function marsad is judged by.
"""

from __future__ import annotations

import importlib.util
import random
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

from marsad.learn.gold import GoldDoc


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_gold", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_places(scorer: ModuleType, files: list[Path]) -> dict[str, Any]:
    import json

    places: dict[str, Any] = {"aliases": {}}
    for pf in files:
        p = json.loads(pf.read_text(encoding="utf-8"))
        places["aliases"].update(scorer.aliases_of(p))
        places.update({k: v for k, v in p.items() if not k.startswith("_") and k != "aliases"})
    return places


def outlet_folds(golds: list[GoldDoc], k: int, seed: int = 13) -> list[set[str]]:
    """``k`` sets of document names, each outlet's documents in one set (outlets shuffled
    with a fixed seed, then dealt to the smallest fold first)."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for g in golds:
        by_outlet[g.outlet].append(g.name)
    outlets = sorted(by_outlet)
    random.Random(seed).shuffle(outlets)
    outlets.sort(key=lambda o: -len(by_outlet[o]))  # big outlets first, stable otherwise
    folds: list[set[str]] = [set() for _ in range(k)]
    for o in outlets:
        smallest = min(range(k), key=lambda i: len(folds[i]))
        folds[smallest].update(by_outlet[o])
    return folds


def gold_dict(g: GoldDoc) -> dict[str, Any]:
    return {"id": g.name, "published": g.record.get("published"), "events": [e.raw for e in g.events]}


def combine(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures of several scored sets pooled (micro): credit, matches and field hits summed."""
    gold = sum(r["gold_events"] for r in results)
    system = sum(r["system_events"] for r in results)
    credit = sum(r["recall"] * r["gold_events"] for r in results)
    hits = sum(r["precision"] * r["system_events"] for r in results)
    recall = credit / gold if gold else 0.0
    precision = hits / system if system else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    out: dict[str, Any] = {"events": f1, "recall": recall, "precision": precision}
    for key in ("date", "count", "modality"):
        n = sum(r.get(f"{key}_n", 0) for r in results)
        out[key] = sum(r[key] * r.get(f"{key}_n", 0) for r in results) / n if n else 0.0
    off = sum(r.get("offtopic_docs", 0) for r in results)
    out["offtopic_events"] = (
        sum(r["offtopic_events"] * r.get("offtopic_docs", 0) for r in results) / off if off else 0.0
    )
    out.update(gold_events=gold, system_events=system, articles=sum(r["articles"] for r in results))
    return out


def field_counts(scorer: ModuleType, docs: dict[str, Any], golds: dict[str, Any], places: dict[str, Any]) -> dict[str, int]:
    """How many matched events each field was scored on (to pool sets), and off-topic docs."""
    aliases = scorer.aliases_of(places)
    n = {"date_n": 0, "count_n": 0, "modality_n": 0, "offtopic_docs": 0}
    for name, g in golds.items():
        events = g.get("events", [])
        if not events:
            n["offtopic_docs"] += 1
        match = scorer.match_doc(docs.get(name), events, places, aliases)
        for j in match:
            n["modality_n"] += 1
            n["date_n"] += bool(events[j].get("date"))
            n["count_n"] += bool(events[j].get("count"))
    return n
