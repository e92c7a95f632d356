#!/usr/bin/env python3
"""Accuracy of marsad's extraction against the hand annotations in ``eval/gold/``.

    python bench/eval_extraction.py [--shared ../shared] [--gold eval/gold] [--errors] [--doc NAME]
    python bench/eval_extraction.py --set heldout [--errors]
    python bench/eval_extraction.py --set heldout2 [--errors]

``--set heldout`` scores the held-out items of ``eval/heldout/`` (records written for
evaluation only, never used to tune the rules) against ``eval/heldout/gold/``.

Runs ``marsad.pipeline.analyze`` on every annotated document (read from ``../shared/seeds``
and ``../shared/corpus``; nothing of their text is stored here), matches the system's events
to the gold events one-to-one, and prints:

  * document level: outlet id accuracy, ``published`` accuracy;
  * event detection: precision / recall / F1, overall and by event type;
  * for matched events: accuracy of place, date value, count (min and max), modality,
    speaker kind and entity of the claim that reports it, and ``via`` chain;
  * claims: precision / recall of (speaker kind, stance), and the entity / via of matched claims.

Matching (see eval/README.md): a system event may match a gold event of the same type when
its trigger sentence contains the gold ``evidence`` quote, or when its place is compatible
(equal, one inside the other in the knowledge base, or one of them null). Candidates are
paired greedily, best evidence first. Optional gold events (``"optional": true``) are neither
missed when the system skips them nor spurious when it finds them, and are not scored
field by field. A gold field that is absent is not scored; a JSON list for a scalar field
lists the acceptable values.

``--errors`` lists every disagreement as (document, field, gold, system). Not a test: there
are no thresholds here, only figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.io.readers import InputError, read_file
from marsad.kb import load_kb
from marsad.learn.claims import alternatives, match_claim_keys
from marsad.pipeline import analyze, analyze_text
from marsad.text.normalize import normalize, normalize_term

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO / "eval" / "gold"
DEFAULT_SHARED = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))
# Which folder of ../shared each gold file annotates.
GOLD_DIRS = {"seeds": "seeds", "corpus": "corpus"}
# The held-out set: documents and gold live together in the repository (texts written for
# evaluation, not copied from anywhere), so its documents are read from HELDOUT_DIR itself.
HELDOUT_DIR = REPO / "eval" / "heldout"
HELDOUT_GOLD = HELDOUT_DIR / "gold"
# A second held-out set, written later and never tuned on (same layout as eval/heldout).
HELDOUT2_DIR = REPO / "eval" / "heldout2"
HELDOUT2_GOLD = HELDOUT2_DIR / "gold"

EVENT_FIELDS = ("place", "date", "count", "modality", "speaker_kind", "speaker_entity", "via")
UNSET = object()


# ----------------------------------------------------------------------------- data


@dataclass(slots=True)
class SysEvent:
    """A system event flattened to the fields the gold scores."""

    index: int
    type: str
    place: str | None
    date: str | None
    count: dict[str, Any] | None
    modality: str
    speaker_kind: str | None
    speaker_entity: str | None
    via: list[str]
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: tuple[int, int]
    mentions: list[tuple[int, int]]  # the trigger and every trigger merged into the event


@dataclass(slots=True)
class SysClaim:
    speaker_kind: str
    speaker_entity: str | None
    stance: str
    via: list[str]
    verb: str | None


@dataclass(slots=True)
class DocResult:
    name: str
    outlet: str | None
    published: str | None
    events: list[SysEvent]
    claims: list[SysClaim]
    text: str
    seconds: float


@dataclass(slots=True)
class Scores:
    """Counters filled document by document, turned into the table at the end."""

    outlet: list[bool] = field(default_factory=list)
    published: list[bool] = field(default_factory=list)
    tp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    dup: Counter[str] = field(default_factory=Counter)  # spurious, but a repeat of a found event
    wrong_type: Counter[str] = field(default_factory=Counter)  # "gold->system" on a gold quote
    fields: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    claim_tp: int = 0
    claim_gold: int = 0
    claim_sys: int = 0
    claim_sys_matched: int = 0
    claim_fields: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    claim_by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    docs: int = 0


# ----------------------------------------------------------------------------- gold


def load_gold(gold_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """``{gold file stem: {document file name: annotation}}`` for every ``*.json`` in gold_dir."""
    gold: dict[str, dict[str, dict[str, Any]]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise SystemExit(f"{path}: cannot read gold annotations: {exc}") from None
    return gold


# ----------------------------------------------------------------------------- system


def _sentence_of(doc: Document, offset: int) -> tuple[int, int]:
    for sent in doc.sentences:
        if sent.start <= offset < sent.end:
            return sent.start, sent.end
    return offset, offset + 1


def run_document(path: Path) -> Document | str:
    for item in read_file(path):
        if isinstance(item, InputError):
            return str(item)
        return analyze(item)
    return f"{path}: no document"


def flatten(name: str, doc: Document, seconds: float) -> DocResult:
    claims_by_id = {c.id: c for c in doc.claims}
    events: list[SysEvent] = []
    for i, ev in enumerate(doc.events):
        claim = claims_by_id.get(ev.claim) if ev.claim else None
        events.append(
            SysEvent(
                index=i,
                type=ev.type,
                place=ev.place,
                date=(ev.date or {}).get("value"),
                count=ev.count,
                modality=ev.modality,
                speaker_kind=claim.speaker.kind if claim else None,
                speaker_entity=claim.speaker.entity if claim else None,
                via=list(claim.via) if claim else [],
                trigger=ev.trigger.text,
                trigger_start=ev.trigger.start,
                trigger_end=ev.trigger.end,
                mentions=[(ev.trigger.start, ev.trigger.end)]
                + [(sp.start, sp.end) for sp in ev.evidence],
                sentence=_sentence_of(doc, ev.trigger.start),
            )
        )
    claims = [
        SysClaim(c.speaker.kind, c.speaker.entity, c.stance, list(c.via), c.verb)
        for c in doc.claims
    ]
    outlet = doc.outlet.id if doc.outlet else None
    return DocResult(name, outlet, doc.published, events, claims, doc.text, seconds)


# ----------------------------------------------------------------------------- matching


def evidence_spans(text: str, quote: str | None) -> list[tuple[int, int]]:
    """Every source span of ``text`` where the (normalised) quote occurs."""
    if not quote:
        return []
    norm = normalize(text)
    needle = normalize_term(quote)
    spans: list[tuple[int, int]] = []
    start = norm.text.find(needle)
    while start >= 0:
        spans.append(norm.to_source(start, start + len(needle)))
        start = norm.text.find(needle, start + 1)
    return spans


def place_compatible(sys_place: str | None, gold_places: list[Any]) -> int:
    """2 = one of the gold places; 1 = one inside the other in the KB; 0 = not compatible.

    A null place is compatible only with a null gold place: pairing on "type + anything" would
    let an unrelated mention of the same type stand in for a missed event.
    """
    if sys_place in gold_places:
        return 2
    if sys_place is None:
        return 0
    kb = load_kb()
    for gp in gold_places:
        if gp is None or kb.get(sys_place) is None or kb.get(gp) is None:
            continue
        if kb.contains(gp, sys_place) or kb.contains(sys_place, gp):
            return 1
    return 0


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in spans)


def match_events(gold_events: list[dict[str, Any]], result: DocResult) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, system index).

    Score: trigger inside the gold evidence quote 8, quote in the trigger's sentence 4, place
    one of the gold places 2, compatible place 1. A system event whose trigger lies inside the
    evidence of another gold event is that event (perhaps mistyped): it is not paired with a
    gold event on place alone.
    """
    spans = [evidence_spans(result.text, g.get("evidence")) for g in gold_events]
    candidates: list[tuple[int, int, int, int]] = []
    for se in result.events:
        anchored_to = {
            gi for gi, sp in enumerate(spans) if any(_overlaps(sp, a, b) for a, b in se.mentions)
        }
        for gi, g in enumerate(gold_events):
            if se.type not in alternatives(g["type"]):
                continue
            places = alternatives(g.get("place")) if "place" in g else [None]
            on_trigger = gi in anchored_to
            in_sentence = _overlaps(spans[gi], *se.sentence)
            place = place_compatible(se.place, places)
            if not (on_trigger or in_sentence) and (not place or anchored_to):
                continue
            score = (8 if on_trigger else 0) + (4 if in_sentence else 0) + place
            candidates.append((-score, 1 if g.get("optional") else 0, gi, se.index))
    candidates.sort()
    used_gold: set[int] = set()
    used_sys: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _score, _opt, gi, si in candidates:
        if gi in used_gold or si in used_sys:
            continue
        used_gold.add(gi)
        used_sys.add(si)
        pairs.append((gi, si))
    return pairs


def count_equal(gold: Any, sys_count: dict[str, Any] | None) -> bool:
    for alt in alternatives(gold):
        if alt is None and sys_count is None:
            return True
        if (
            alt is not None
            and sys_count is not None
            and _num(alt.get("min")) == _num(sys_count.get("min"))
            and _num(alt.get("max")) == _num(sys_count.get("max"))
        ):
            return True
    return False


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _show(value: Any) -> str:
    if isinstance(value, dict) and {"min", "max"} <= value.keys():
        lo, hi = _num(value.get("min")), _num(value.get("max"))
        return f"{'' if lo is None else int(lo)}..{'' if hi is None else int(hi)}"
    if isinstance(value, list) and value and all(isinstance(v, dict) or v is None for v in value):
        return " | ".join(_show(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def field_ok(name: str, gold: Any, se: SysEvent) -> tuple[bool, Any]:
    if name == "count":
        return count_equal(gold, se.count), se.count
    if name == "via":
        return se.via == gold, se.via
    value = getattr(se, name)
    return value in alternatives(gold), value


def match_claims(gold_claims: list[dict[str, Any]], result: DocResult) -> list[tuple[int, int]]:
    """Greedy multiset matching on (speaker kind, stance), in text order (the matching the
    claim confidence model is trained with: ``marsad.learn.claims``)."""
    keys = [(sc.speaker_kind, sc.stance, sc.speaker_entity) for sc in result.claims]
    return match_claim_keys(gold_claims, keys)


# ----------------------------------------------------------------------------- scoring


def score_document(name: str, gold: dict[str, Any], result: DocResult, scores: Scores) -> None:
    err = scores.errors
    for key, sys_value in (("outlet", result.outlet), ("published", result.published)):
        if key in gold:
            ok = sys_value in alternatives(gold[key])
            getattr(scores, key).append(ok)
            if not ok:
                err.append((name, key, _show(gold[key]), _show(sys_value)))

    gold_events: list[dict[str, Any]] = gold.get("events", [])
    pairs = match_events(gold_events, result)
    matched_gold = {gi for gi, _ in pairs}
    matched_sys = {si for _, si in pairs}
    for gi, si in pairs:
        g, se = gold_events[gi], result.events[si]
        if g.get("optional"):
            continue
        scores.tp[se.type] += 1
        for fname in EVENT_FIELDS:
            if fname not in g:
                continue
            ok, shown = field_ok(fname, g[fname], se)
            scores.fields[fname].append(ok)
            if not ok:
                err.append(
                    (name, f"{se.type}.{fname} «{se.trigger}»", _show(g[fname]), _show(shown))
                )
    for gi, g in enumerate(gold_events):
        if gi not in matched_gold and not g.get("optional"):
            gtype = alternatives(g["type"])[0]
            scores.fn[gtype] += 1
            err.append(
                (name, f"{gtype} missed", f"{_show(g.get('place'))} «{g.get('evidence', '')}»", "-")
            )
    found = [
        (alternatives(gold_events[gi]["type"]), alternatives(gold_events[gi].get("place")))
        for gi in matched_gold
    ]
    missed_spans = [
        (alternatives(g["type"])[0], evidence_spans(result.text, g.get("evidence")))
        for gi, g in enumerate(gold_events)
        if gi not in matched_gold
    ]
    for se in result.events:
        if se.index in matched_sys:
            continue
        scores.fp[se.type] += 1
        gold_value = "-"
        # A repeat: same type as a found event, in the same place or with no place of its own.
        if any(
            se.type in types and (se.place is None or place_compatible(se.place, places))
            for types, places in found
        ):
            scores.dup[se.type] += 1
            kind = "repeat"
        else:
            kind = "spurious"
            for gtype, sp in missed_spans:
                if any(_overlaps(sp, a, b) for a, b in se.mentions):
                    kind, gold_value = "wrong type", gtype
                    scores.wrong_type[f"{gtype}->{se.type}"] += 1
                    break
        err.append((name, f"{se.type} {kind}", gold_value, f"{_show(se.place)} «{se.trigger}»"))

    gold_claims: list[dict[str, Any]] = gold.get("claims", [])
    cpairs = match_claims(gold_claims, result)
    matched_gold_claims = {gi for gi, _ in cpairs}
    matched_sys_claims = {si for _, si in cpairs}
    required = [i for i, c in enumerate(gold_claims) if not c.get("optional")]
    scores.claim_gold += len(required)
    scores.claim_tp += sum(1 for i in required if i in matched_gold_claims)
    scores.claim_sys += len(result.claims)
    scores.claim_sys_matched += len(matched_sys_claims)
    for gi, si in cpairs:
        g, sc = gold_claims[gi], result.claims[si]
        if "speaker_entity" in g:
            ok = sc.speaker_entity in alternatives(g["speaker_entity"])
            scores.claim_fields["speaker_entity"].append(ok)
            if not ok:
                err.append(
                    (
                        name,
                        f"claim.entity «{sc.verb}»",
                        _show(g["speaker_entity"]),
                        _show(sc.speaker_entity),
                    )
                )
        if "via" in g:
            ok = sc.via == g["via"]
            scores.claim_fields["via"].append(ok)
            if not ok:
                err.append((name, f"claim.via «{sc.verb}»", _show(g["via"]), _show(sc.via)))
    for i in required:
        kind = alternatives(gold_claims[i]["speaker_kind"])[0]
        scores.claim_by_kind[kind]["gold"] += 1
        if i not in matched_gold_claims:
            stance = alternatives(gold_claims[i]["stance"])[0]
            err.append(
                (name, "claim missed", f"{_show(gold_claims[i]['speaker_kind'])}/{stance}", "-")
            )
        else:
            scores.claim_by_kind[kind]["found"] += 1
    for si, sc in enumerate(result.claims):
        scores.claim_by_kind[sc.speaker_kind]["sys"] += 1
        if si in matched_sys_claims:
            scores.claim_by_kind[sc.speaker_kind]["sys_ok"] += 1
        else:
            err.append((name, "claim spurious", "-", f"{sc.speaker_kind}/{sc.stance} «{sc.verb}»"))


# ----------------------------------------------------------------------------- report


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _acc(values: Iterable[bool]) -> str:
    vals = list(values)
    if not vals:
        return "   n/a        "
    return f"{sum(vals) / len(vals):6.1%} ({sum(vals):>3}/{len(vals):<3})"


def summary_row(label: str, sc: Scores) -> str:
    tp, fp, fn = (sum(c.values()) for c in (sc.tp, sc.fp, sc.fn))
    p, r, f = _prf(tp, fp, fn)
    cp = sc.claim_sys_matched / sc.claim_sys if sc.claim_sys else 0.0
    cr = sc.claim_tp / sc.claim_gold if sc.claim_gold else 0.0

    def a(name: str) -> str:
        vals = sc.fields.get(name, [])
        return f"{sum(vals) / len(vals):5.0%}" if vals else "  n/a"

    return (
        f"  {label:<8} {sc.docs:>4} {tp + fn:>5} {p:5.0%} {r:5.0%} {f:5.0%} {a('place')} {a('date')} "
        f"{a('count')} {a('modality')} {a('speaker_kind')} {cp:5.0%} {cr:5.0%}"
    )


def report(scores: Scores, show_errors: bool, by_set: dict[str, Scores] | None = None) -> str:
    out: list[str] = []
    w = out.append
    w(
        f"documents: {scores.docs}   pipeline time: {1000 * scores.seconds / max(scores.docs, 1):.2f} ms/doc"
    )
    w("")
    w("document level                 accuracy")
    w(f"  outlet id                    {_acc(scores.outlet)}")
    w(f"  published                    {_acc(scores.published)}")
    w("")
    tp, fp, fn, dup = (sum(c.values()) for c in (scores.tp, scores.fp, scores.fn, scores.dup))
    p, r, f = _prf(tp, fp, fn)
    p_nodup = tp / (tp + fp - dup) if tp + fp - dup else 0.0
    w("event detection       gold  sys   tp   fp  (rep)   fn      P      R     F1")
    types = sorted(set(scores.tp) | set(scores.fp) | set(scores.fn))
    for t in types:
        tpt, fpt, fnt = scores.tp[t], scores.fp[t], scores.fn[t]
        pt, rt, ft = _prf(tpt, fpt, fnt)
        w(
            f"  {t:<19} {tpt + fnt:>5} {tpt + fpt:>4} {tpt:>4} {fpt:>4} ({scores.dup[t]:>3}) {fnt:>4} {pt:6.1%} {rt:6.1%} {ft:6.1%}"
        )
    w(
        f"  {'ALL':<19} {tp + fn:>5} {tp + fp:>4} {tp:>4} {fp:>4} ({dup:>3}) {fn:>4} {p:6.1%} {r:6.1%} {f:6.1%}"
    )
    w(f"  precision not counting repeats of a found event (rep): {p_nodup:.1%}")
    if scores.wrong_type:
        confusions = ", ".join(f"{k} {v}" for k, v in scores.wrong_type.most_common())
        w(f"  found on a gold quote but mistyped (gold->system): {confusions}")
    w("")
    w("matched events (gold fields only)  accuracy")
    for fname in EVENT_FIELDS:
        w(f"  {fname:<31}  {_acc(scores.fields.get(fname, []))}")
    w("")
    cp = scores.claim_sys_matched / scores.claim_sys if scores.claim_sys else 0.0
    cr = scores.claim_tp / scores.claim_gold if scores.claim_gold else 0.0
    cf = 2 * cp * cr / (cp + cr) if cp + cr else 0.0
    w(
        f"claims by (speaker kind, stance): gold {scores.claim_gold}  sys {scores.claim_sys}  "
        f"P {cp:.1%}  R {cr:.1%}  F1 {cf:.1%}"
    )
    w("  speaker kind          gold found  sys  sys_ok")
    for kind in sorted(scores.claim_by_kind):
        c = scores.claim_by_kind[kind]
        w(f"  {kind:<20} {c['gold']:>5} {c['found']:>5} {c['sys']:>4} {c['sys_ok']:>6}")
    for fname in ("speaker_entity", "via"):
        w(f"  matched claims: {fname:<15} {_acc(scores.claim_fields.get(fname, []))}")
    if by_set:
        w("")
        w("by set      docs  gold  ev.P  ev.R ev.F1 place  date count modal speak  cl.P  cl.R")
        for label, sc in by_set.items():
            w(summary_row(label, sc))
        w(summary_row("all", scores))
    if show_errors:
        w("")
        w(f"errors ({len(scores.errors)}): document | field | gold | system")
        for doc, fname, gold, sysv in scores.errors:
            w(f"  {doc} | {fname} | {gold} | {sysv}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (seeds/, corpus/)"
    )
    parser.add_argument("--gold", type=Path, default=None, help="folder of gold *.json files")
    parser.add_argument(
        "--set",
        choices=("shared", "heldout", "heldout2"),
        default="shared",
        help="shared: the annotated ../shared documents (default); heldout: eval/heldout; "
        "heldout2: eval/heldout2",
    )
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--doc", action="append", default=[], help="only this document (file name); repeatable"
    )
    args = parser.parse_args(argv)

    heldout_dirs = {
        "heldout": (HELDOUT_DIR, HELDOUT_GOLD),
        "heldout2": (HELDOUT2_DIR, HELDOUT2_GOLD),
    }
    heldout = args.set in heldout_dirs
    heldout_dir, heldout_gold = heldout_dirs.get(args.set, (HELDOUT_DIR, HELDOUT_GOLD))
    gold_dir = args.gold or (heldout_gold if heldout else DEFAULT_GOLD)
    if not heldout and not args.shared.is_dir():
        print(f"{args.shared}: shared folder not found (use --shared)", file=sys.stderr)
        return 2
    gold = load_gold(gold_dir)
    if not gold:
        print(f"{gold_dir}: no gold *.json files", file=sys.stderr)
        return 2
    # Load every lazy resource (KB, lexicons, language id) before timing documents.
    analyze_text(
        "أفادت مصادر محلية أمس بفرار 5 سجناء من سجن غويران في الحسكة.", published="2022-01-21"
    )
    scores = Scores()
    by_set: dict[str, Scores] = {}
    failures = 0
    for stem, docs in gold.items():
        folder = heldout_dir if heldout else args.shared / GOLD_DIRS.get(stem, stem)
        for name, annotation in docs.items():
            if args.doc and name not in args.doc:
                continue
            path = folder / name
            if not path.is_file():
                print(f"{path}: annotated document not found", file=sys.stderr)
                failures += 1
                continue
            t0 = time.perf_counter()
            doc = run_document(path)
            seconds = time.perf_counter() - t0
            if isinstance(doc, str):
                print(doc, file=sys.stderr)
                failures += 1
                continue
            result = flatten(name, doc, seconds)
            for target in (scores, by_set.setdefault(stem, Scores())):
                target.seconds += seconds
                target.docs += 1
                score_document(f"{stem}/{name}", annotation, result, target)
    print(report(scores, args.errors, by_set))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
