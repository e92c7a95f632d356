"""How many people a happening involved: every number the text offers for it, for a ranker.

A count is a number of people in the happening's own clause («اعتقال 5 عناصر», «مقتل 22
عنصراً»), or a singular or dual person noun that stands as its patient («قتل شاب», «اعتقال
شابين») — one or two. A number that counts something else (a running total of a series, the
victims of another happening of the sentence, a number inside a date) is not its count.
``count_options`` lists the candidate counts of a decided happening with the features that
tell these roles apart; the learned ranker picks one, or none.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from marsad.compiled import compiled
from marsad.document import Quantity
from marsad.extract.arguments import count_dict
from marsad.extract.buckets import bucket
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.extract.lexicons import trigger_data
from marsad.text.normalize import normalize_term
from marsad.text.word_cache import WordCache

_PATIENT_REACH = 4  # words after the trigger in which a singular patient may stand


@dataclass(slots=True)
class CountOption:
    count: dict[str, object] | None
    features: list[str] = field(default_factory=list)


@compiled
def _number_nouns() -> dict[str, tuple[int, str]]:
    """Singular and dual person nouns -> (how many, unit): «شاب» 1, «شابين» 2."""
    out: dict[str, tuple[int, str]] = {}
    for n, entries in trigger_data()["single_patient"].items():
        if not n.isdigit():
            continue
        for form, unit in entries:
            out[normalize_term(form)] = (int(n), unit)
    return out


def _strip(word: str) -> str:
    for p in ("وال", "بال", "لل", "ال", "و", "ب", "ل"):
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p) :]
    return word


# word -> _strip(word), kept across documents: the words after a trigger repeat from one
# article to the next, and the look-up is one C call instead of seven prefix tests
_stripped = WordCache(_strip).__getitem__


def _quantity_starts(idx: DocIndex, quantities: list[Quantity]) -> list[int]:
    """The starts of ``quantities``, listed once per document rather than per happening."""
    known = idx.memo.get("quantity_starts")
    if known is not None and known[0] is quantities:  # type: ignore[index]
        return known[1]  # type: ignore[index,no-any-return]
    starts = [q.start for q in quantities]
    idx.memo["quantity_starts"] = (quantities, starts)
    return starts


def count_options(idx: DocIndex, c: Candidate, quantities: list[Quantity]) -> list[CountOption]:
    """The counts the text offers for the decided happening ``c`` (``quantities``: the
    document's, in text order), plus no count."""
    out: list[CountOption] = []
    s_start, s_end = idx.sentence_bounds(c.start)
    starts = _quantity_starts(idx, quantities)
    t = c.type
    for k in range(bisect_left(starts, s_start), len(quantities)):
        q = quantities[k]
        if q.start >= s_end:
            break
        after = q.start >= c.end
        words = idx.word_count(c.end, q.start) if after else idx.word_count(q.end, c.start)
        side = "side=after" if after else "side=before"
        dist = f"dist={bucket(words, (0, 1, 2, 4, 8, 16))}"
        unit = f"unit={q.unit or 'none'}"
        f = [
            "number",
            side,
            dist,
            unit,
            f"approx={int(q.approximate)}",
            f"open={int(q.max is None)}",
            f"size={bucket(q.min or 0, (1, 2, 10, 100, 1000))}",
        ]
        if not idx.has_clause_break(min(c.end, q.end), max(c.start, q.start)):
            f.append("same_clause")
        if not c.scope.contains(q.start, q.end):
            f.append("out_of_scope")
        rule = c.clause_count is not None and c.clause_count.get("start") == q.start
        if rule:
            f.append("rule")
        if idx.time_at(q.start) is not None:
            f.append("in_time")
        # the side, distance, unit and rule crossed with the type (in that order)
        f += (f"{t}&{side}", f"{t}&{dist}", f"{t}&{unit}")
        if rule:
            f.append(f"{t}&rule")
        f.append("bias")
        out.append(CountOption(count_dict(q), f))
    nouns = _number_nouns()
    first = bisect_left(idx.word_starts, c.end)
    for i in range(first, min(first + _PATIENT_REACH, len(idx.word_starts))):
        if idx.word_starts[i] >= s_end:
            break
        w = idx.word_norms[i]
        # with its proclitics and an accusative alef («شاباً») read off
        found = nouns.get(w)
        if not found:
            bare = _stripped(w)
            found = nouns.get(bare) or (nouns.get(bare[:-1]) if w.endswith("ا") else None)
        if found is None:
            continue
        n, unit = found
        f = ["patient_noun", f"n={n}", f"at={i - first}", f"{c.type}&patient_noun", "bias"]
        count = {"min": n, "max": n, "approximate": False, "unit": unit,
                 "start": idx.word_starts[i], "end": idx.word_ends[i]}
        out.append(CountOption(count, f))
        break
    out.append(CountOption(None, ["none", f"none&{c.type}", f"none&options={bucket(len(out), (0, 1, 2))}"]))
    return out
