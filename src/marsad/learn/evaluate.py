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
