"""When a happening took place: every time the text offers for it, described for a ranker.

A report dates its story once and tells the rest without repeating the day: «أعلنت قسد مقتل
22 عنصراً خلال اشتباكات اليوم» dates the killings; the happenings told after it in the
paragraph took place then too, unless they carry a time of their own. A time that dates the
statement («أكد المصدر، أمس، أن ...») or an earlier story («في عام 2019») is not the day of this
happening. ``date_options`` lists the candidate times of a decided happening — the times of
its sentence, the date of the happening told before it in the paragraph, the date of the
lead — with the features that tell these roles apart; the learned ranker picks one, or none.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from marsad.document import TimeExpression
from marsad.extract.buckets import bucket
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex

_LEAD_SENTENCES = 2


@dataclass(slots=True)
class DateOption:
    time: TimeExpression | None
    features: list[str] = field(default_factory=list)


def _lead_time(idx: DocIndex) -> TimeExpression | None:
    key = "lead_time"
    if key in idx.memo:
        return idx.memo[key]  # type: ignore[return-value]
    end = idx.sent_ends[min(len(idx.sent_ends), _LEAD_SENTENCES) - 1] if idx.sent_ends else 0
    found = next((t for t in idx.times if t.start < end and t.value), None)
    idx.memo[key] = found
    return found


def date_options(idx: DocIndex, c: Candidate, previous: list[Candidate]) -> list[DateOption]:
    """The times the text offers for the decided happening ``c``, plus no date."""
    options: dict[int, tuple[TimeExpression, list[str]]] = {}
    s_start, s_end = idx.sentence_bounds(c.start)
    published = idx.doc.published
    for k in range(bisect_left(idx.time_starts, s_start), len(idx.times)):
        t = idx.times[k]
        if t.start >= s_end:
            break
        if not t.value:
            continue
        f = options.setdefault(id(t), (t, []))[1]
        after = t.start >= c.end
        words = idx.word_count(c.end, t.start) if after else idx.word_count(t.end, c.start)
        f.append("in_sentence")
        f.append(f"side={'after' if after else 'before'}")
        f.append(f"dist={bucket(words, (0, 1, 2, 4, 8, 16))}")
        if not idx.has_clause_break(min(c.end, t.end), max(c.start, t.start)):
            f.append("same_clause")
        if not c.scope.contains(t.start, t.end):
            f.append("out_of_scope")
        between = [
            o for o in previous if o.sentence == c.sentence and min(c.start, t.start) < o.start < max(c.start, t.start)
        ]
        if between:
            f.append("other_trigger_between")
        if c.clause_date is t:
            f.append("rule")
    par = idx.paragraph_of(c.start)
    for p in reversed(previous):
        if p.date is not None:
            # within the paragraph, or (a paragraph a sentence) told before it
            src = "src=carried" if idx.paragraph_of(p.start) == par else "src=carried_far"
            options.setdefault(id(p.date), (p.date, []))[1].append(src)
            if p.type == c.type:
                options[id(p.date)][1].append(f"{src}_same_type")
            break
    lead = _lead_time(idx)
    if lead is not None:
        options.setdefault(id(lead), (lead, []))[1].append("src=lead")
    out: list[DateOption] = []
    for t, f in options.values():
        value = t.value or ""
        f.append(f"prec={len(value)}")
        if value.startswith("XXXX"):
            f.append("no_year")
        if t.relative:
            f.append("relative")
        if published and value[:4].isdigit():
            gap = int(published[:4]) - int(value[:4])
            f.append(f"age={bucket(max(gap, 0), (0, 1, 3))}")
            if value[:10] == published[:10]:
                f.append("is_published")
        elif not published:
            f.append("no_published")
        f += [f"{c.type}&{x}" for x in f if x.startswith(("src=", "side=", "dist="))]
        f.append("bias")
        out.append(DateOption(t, f))
    out.append(DateOption(None, ["none", f"none&{c.type}", f"none&has_sentence_time={int(bool(out))}"]))
    return out
