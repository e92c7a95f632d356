"""Quantities: how many, with bounds, approximation and the counted noun.

Contract (``shared/contract.md``, "Quantities"): ``min``/``max`` bound the number — «نحو 30»
30/30 approximate; «من 700 إلى 800» 700/800; «أكثر من 50» min 51, max null; «عشرات» 20/99
approximate; «اثنين» 2/2 — and ``unit`` is the counted noun in English (prisoner, child …).

How it works:

1. One lexicon scan (``numbers.toml``) finds number words, multipliers (ألف، مليون), vague
   counts (عشرات، مئات، آلاف، بضعة، عدد من), approximation and bound cues (نحو، أكثر من، ما
   لا يقل عن …), ordinals and dual nouns (``units.toml``); one regex finds digit numbers
   (1,500 / 1.500 / ١٬٥٠٠ — Arabic-Indic digits are folded by normalisation). The other
   counted nouns are not scanned for: they are looked up in a dict (all their forms, with
   proclitics) only at the word a number points to, which keeps the stage fast.
2. Numbers are assembled locally: word compounds («ثلاثة آلاف وخمسمئة»), a digit number
   with a multiplier («45 ألف», «2.5 مليون»), vague counts with a multiplier («عشرات
   الآلاف»), ranges («من 700 إلى 800», «ما بين 500 إلى 600», «25 - 40», «3 أو 4»), and
   a dual noun standing for 2 («سجينان», «مهجعين اثنين»).
3. The cue right before a number sets approximation or a bound; the counted noun right
   after it (or after a partitive «من»: «20 من قادة التنظيم») gives ``unit`` and
   ``unit_span``; an adjectival number («سجين واحد», «النساء الأربع») takes the noun before.

Not quantities: anything inside a time expression (``doc.times``, so this stage runs after
``recognize_times``), years (a bare 1900-2099 with no counted noun or cue), clock times
(10:12), phone numbers and long digit strings, digits glued to letters (الشرقية24، M4,
SY24), a day of the month («الـ15 من الشهر»), a number alone on its line (page furniture),
and a lone «واحد» with no noun.

Decisions: «عدد من / العديد من / عدة» (a number of) is min 2, max null, approximate — the
plural says at least two, nothing says how many more; «بضعة» is 3-9; «أكثر من N» on a
decimal keeps N as the minimum (N + 1 only makes sense for counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marsad.compiled import compiled
from marsad.document import Document, Quantity
from marsad.recognize.numerals import NumberWord, compose, number_words, numbers_data
from marsad.recognize.units import unit_after, unit_before, unit_forms
from marsad.text.lexicon import Lexicon, share_document_pass
from marsad.text.normalize import NormalizedText, normalize_term
from marsad.text.segment import ensure_tokenized

Role = tuple[Any, ...]


@dataclass(slots=True, frozen=True)
class QuantityVocabulary:
    lexicon: Lexicon[tuple[Role, ...]]
    range_open_before: re.Pattern[str]


@compiled
def quantity_vocabulary() -> QuantityVocabulary:
    data = numbers_data()
    roles: dict[str, list[Role]] = {}

    def add(form: str, role: Role) -> None:
        key = normalize_term(form)
        if key and role not in roles.setdefault(key, []):
            roles[key].append(role)

    for form, word in number_words().items():
        add(form, ("num", word))
    for form, (low, high) in data["vague"].items():
        add(form, ("vague", low, high))
    for form in data["some"]["forms"]:
        add(form, ("some",))
    for form in data["approximate"]["before"]:
        add(form, ("approx",))
    for form in data["approximate"]["after"]:
        add(form, ("approx_after",))
    for bound, forms in data["bounds"].items():
        for form in forms:
            add(form, (bound,))
    for form in data["ordinals"]["forms"]:
        add(form, ("ordinal",))
    # Only the duals are scanned for (a dual noun is itself a count); the other counted nouns
    # are looked up in a dict at the few places a number points to, which keeps the scan small
    for form, unit in unit_forms().items():
        if unit.dual:
            add(form, ("unit", unit.unit, True))
    lexicon: Lexicon[tuple[Role, ...]] = Lexicon((f, tuple(r)) for f, r in roles.items())
    opens = sorted({normalize_term(f) for f in data["ranges"]["open"]}, key=len, reverse=True)
    return QuantityVocabulary(
        lexicon=lexicon,
        range_open_before=re.compile(
            r"(?<!\w)(?P<open>" + "|".join(re.escape(o) for o in opens) + r")\s*$"
        ),
    )


share_document_pass(lambda: quantity_vocabulary().lexicon)


# [0-9][0-9]* rather than [0-9]+: a pattern that starts with a character class lets the regex
# engine skip to the next digit; one that starts with a repeat is tried at every position.
_DIGITS = re.compile(r"[0-9][0-9]*(?:[.,][0-9]+)*")
_PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "لل", "ول", "وب"})
_RANGE_JOIN = re.compile(r"\s*(?:-|الي|حتي|و|او|to|and|or)\s*")
_DAY_OF_MONTH_AFTER = re.compile(r"\s*من\s+(?:ال)?شهر")
_SPACE = re.compile(r"\s*")
# «+963 933 123 456», «0933-123-456»: digit groups in a row
_PHONE = re.compile(r"(?<![\w.,])(?:\+|00)?[0-9]{2,4}(?:[ -][0-9]{2,4}){2,}(?![\w.,])")


@dataclass(slots=True)
class _Number:
    start: int  # normalised offsets of the number itself (cue and range opener added later)
    end: int
    wstart: int  # start including a glued proclitic (و23)
    prefix: str
    low: float | None
    high: float | None
    approximate: bool = False
    kind: str = "digits"  # digits | words | vague | some | dual
    plain: bool = True  # digits written without separators
    unit: str | None = None
    unit_span: tuple[int, int] | None = None  # normalised


def _digits_value(raw: str, multiplier_follows: bool) -> float | None:
    """1,500 -> 1500; 1.500.000 -> 1500000; 2.5 -> 2.5; 1.250 مليون -> 1.25."""
    if "," in raw and "." in raw:
        last = max(raw.rfind(","), raw.rfind("."))
        whole = re.sub(r"[.,]", "", raw[:last])
        return float(f"{whole}.{raw[last + 1:]}")
    for sep in (",", "."):
        if sep in raw:
            groups = raw.split(sep)
            thousands = all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3
            if thousands and (len(groups) > 2 or not (sep == "." and multiplier_follows)):
                return float("".join(groups))
            if len(groups) == 2:
                return float(f"{groups[0]}.{groups[1]}")
            return None
    return float(raw)


def _as_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def recognize_quantities(doc: Document) -> Document:
    """Add ``doc.quantities``: every count or measure with its bounds and counted noun."""
    norm = ensure_tokenized(doc)
    text = norm.text
    vocab = quantity_vocabulary()
    hits = vocab.lexicon.scan(norm)
    by_wstart: dict[int, Any] = {}
    by_end: dict[int, Any] = {}
    for hit in hits:
        by_wstart[hit.nstart - len(hit.prefix)] = hit
        by_end[hit.nend] = hit
    blocked = _time_spans(doc, norm)

    numbers = _digit_numbers(text, by_wstart, blocked)
    numbers.extend(_word_numbers(text, hits, by_wstart))
    numbers.sort(key=lambda n: n.start)
    numbers = [n for n in numbers if not _inside(blocked, n.start, n.end)]

    quantities: list[Quantity] = []
    consumed = 0  # end of the last counted noun: «60 في المئة» holds no second number
    i = 0
    while i < len(numbers):
        number = numbers[i]
        if number.start < consumed:
            i += 1
            continue
        span_start = number.wstart if number.prefix else number.start
        low, high = number.low, number.high
        approximate = number.approximate
        end = number.end
        # a range: «من 700 إلى 800», «بين 100 و300», «25 - 40», «3 أو 4»
        nxt = numbers[i + 1] if i + 1 < len(numbers) else None
        opener = vocab.range_open_before.search(text, max(0, number.wstart - 10), number.wstart)
        if (
            nxt is not None
            and number.kind in ("digits", "words")
            and nxt.kind in ("digits", "words")
            and number.unit is None
            and _RANGE_JOIN.fullmatch(text[number.end : nxt.wstart] + nxt.prefix)
            and low is not None
            and nxt.low is not None
            and low < nxt.low
        ):
            join = (text[number.end : nxt.wstart] + nxt.prefix).strip()
            if opener or join in ("-", "او", "or"):
                high = nxt.high
                end = nxt.end
                if opener:
                    span_start = opener.start()
                if join in ("او", "or"):
                    approximate = True
                number_unit = nxt
                i += 1
            else:
                number_unit = number
        else:
            number_unit = number
        # cue before: approximation or bound
        cue = _cue_before(text, span_start, by_end)
        if cue is not None and number.kind in ("digits", "words"):
            role, cue_start = cue
            span_start = cue_start
            if role == "approx":
                approximate = True
            elif role == "more_than":
                low = low + 1 if low is not None and float(low).is_integer() else low
                high = None
            elif role == "at_least":
                high = None
            elif role == "less_than":
                high = high - 1 if high is not None and float(high).is_integer() else high
                low = None
            elif role == "at_most":
                low = None
        # counted noun
        unit, unit_span = number_unit.unit, number_unit.unit_span
        after = end
        i += 1
        if _is_day_of_month(text, number, end) or _after_ordinal(text, number.wstart, by_end):
            continue
        if unit is None and number.kind == "words":
            # an adjectival number takes the noun before it: «سجين واحد», «النساء الأربع»
            found = unit_before(text, span_start)
            if found is not None and (number.prefix.endswith("ال") or number.low in (1, 2)):
                unit, unit_span = found
        if unit is None:
            found = unit_after(text, end, by_wstart)
            if found is not None:
                unit, unit_span = found
                after = unit_span[1]
            elif number.kind == "words" and (found := unit_before(text, span_start)):
                unit, unit_span = found
        after_cue = _cue_after(text, after, by_wstart)
        if after_cue == "approx_after":
            approximate = True
        elif after_cue == "at_least_after":
            high = None
        # «حتى 2024» is a year as often as a bound; the other cues make a 4-digit number a count
        cued = cue is not None and cue[0] != "at_most"
        if not _keep(text, number, unit, cued, low, high):
            continue
        s, e = norm.to_source(span_start, end)
        q = Quantity(s, e, doc.text[s:e], _as_number(low), _as_number(high), approximate, unit)
        if unit_span is not None:
            consumed = max(consumed, unit_span[1])
            us, ue = norm.to_source(*unit_span)
            q.unit_span = (us, ue)
        quantities.append(q)
    quantities.sort(key=lambda q: q.start)
    doc.quantities = _drop_overlaps(quantities)
    return doc


def _time_spans(doc: Document, norm: NormalizedText) -> list[tuple[int, int]]:
    """Where numbers are not counts: time expressions."""
    return [(norm.to_norm(t.start), norm.to_norm_end(t.end)) for t in doc.times]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def _drop_overlaps(quantities: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in quantities:
        if out and q.start < out[-1].end:
            if q.end - q.start > out[-1].end - out[-1].start:
                out[-1] = q
            continue
        out.append(q)
    return out


def _role(hit: Any, name: str) -> Role | None:
    for role in hit.payload:
        if role[0] == name:
            return role
    return None


def _multiplier_at(text: str, pos: int, by_wstart: dict[int, Any]) -> tuple[int, int] | None:
    """A multiplier word («ألف», «الآلاف», «مليون») starting after white space at ``pos``."""
    m = _SPACE.match(text, pos)
    hit = by_wstart.get(m.end()) if m else None
    if hit is None:
        return None
    role = _role(hit, "num")
    if role is not None and role[1].multiplier:
        return role[1].value, hit.nend
    return None


def _digit_numbers(text: str, by_wstart: dict[int, Any], blocked: list[tuple[int, int]]) -> list[_Number]:
    numbers: list[_Number] = []
    phone_end = -1
    for m in _DIGITS.finditer(text):
        start, end = m.start(), m.end()
        if start < phone_end or _inside(blocked, start, end):
            continue
        if text[end : end + 1] in (" ", "-") and text[end + 1 : end + 2].isdigit():
            # «+963 933 123 456», «0933-123-456»: digit groups in a row are a phone number
            lead = start - 1 if start and text[start - 1] == "+" else start
            phone = _PHONE.match(text, lead)
            if phone and sum(ch.isdigit() for ch in phone.group()) >= 8:
                phone_end = phone.end()
                continue
        ws = start
        while ws > 0 and text[ws - 1].isalpha():
            ws -= 1
        prefix = text[ws:start]
        if prefix not in _PROCLITICS:
            continue  # الشرقية24, SY24, M4, د1عش
        if end < len(text) and text[end].isalpha() and text[end] != "م":
            continue
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        wrapped = before == "/" and after == "/" and _slash_wrapped(text, start, end)
        if wrapped:
            # «نحو /11/ ألف»: some outlets set numbers between slashes
            start, end, ws = start - 1, end + 1, start - 1
        elif before in ":+" or after == ":" or before == "/" or after == "/":
            continue  # clock times, phone numbers, fractions and odd dates
        raw = m.group()
        digits_only = raw.replace(",", "").replace(".", "")
        if len(digits_only) > 9 or (len(raw) >= 4 and raw.startswith("0")):
            continue  # phone numbers, ids
        multiplier = _multiplier_at(text, end, by_wstart)
        value = _digits_value(raw, multiplier is not None)
        if value is None:
            continue
        number_end = end
        if multiplier is not None:
            value *= multiplier[0]
            number_end = multiplier[1]
        numbers.append(_Number(start, number_end, ws, prefix, value, value,
                               plain=raw.isdigit() and multiplier is None))
    return numbers


def _word_numbers(text: str, hits: list[Any], by_wstart: dict[int, Any]) -> list[_Number]:
    """Number-word compounds, vague counts, «عدد من», and dual nouns standing for 2."""
    numbers: list[_Number] = []
    used: set[int] = set()
    for index, hit in enumerate(hits):
        if index in used:
            continue
        num = _role(hit, "num")
        vague = _role(hit, "vague")
        wstart = hit.nstart - len(hit.prefix)
        if num is not None and not (vague is not None and num[1].multiplier):
            words: list[NumberWord] = [num[1]]
            end = hit.nend
            j = index + 1
            while j < len(hits):
                nxt = hits[j]
                nrole = _role(nxt, "num")
                gap = text[end : nxt.nstart - len(nxt.prefix)]
                if nrole is None or gap.strip() or len(gap) > 2:
                    break
                if not (nrole[1].multiplier or nxt.prefix == "و" or nrole[1].value in (10,)):
                    break
                words.append(nrole[1])
                end = nxt.nend
                used.add(j)
                j += 1
            value = float(compose(words) or 0)
            numbers.append(_Number(hit.nstart, end, wstart, hit.prefix, value, value, kind="words"))
            continue
        if vague is not None:
            low, high = float(vague[1]), float(vague[2])
            end = hit.nend
            mult = _multiplier_at(text, end, by_wstart)
            if mult is not None:
                # «عشرات الآلاف»: tens of thousands, 20,000 - 99,999
                low, high, end = low * mult[0], (high + 1) * mult[0] - 1, mult[1]
                used.update(k for k in range(index + 1, min(index + 3, len(hits)))
                            if hits[k].nend <= end)
            numbers.append(_Number(hit.nstart, end, wstart, hit.prefix, low, high, True, "vague"))
            continue
        if _role(hit, "some") is not None:
            numbers.append(_Number(hit.nstart, hit.nend, wstart, hit.prefix, 2.0, None, True,
                                   "some"))
            continue
        unit = _role(hit, "unit")
        if unit is not None and unit[2]:
            # a dual noun is a count of two: «فرّ سجينان»; «مهجعين اثنين» takes the number too
            end = hit.nend
            m = _SPACE.match(text, end)
            follower = by_wstart.get(m.end()) if m else None
            if follower is not None and (f := _role(follower, "num")) and f[1].value == 2:
                end = follower.nend
                used.add(hits.index(follower))
            numbers.append(_Number(hit.nstart, end, wstart, hit.prefix, 2.0, 2.0, kind="dual",
                                   unit=unit[1], unit_span=(hit.nstart, hit.nend)))
    # a number word already read as part of a dual («اثنين» after «مهجعين») goes
    dual_ends = [(n.start, n.end) for n in numbers if n.kind == "dual"]
    return [n for n in numbers if n.kind == "dual" or not _inside(dual_ends, n.start, n.end)]


def _cue_before(text: str, start: int, by_end: dict[int, Any]) -> tuple[str, int] | None:
    pos = start
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    hit = by_end.get(pos)
    if hit is None:
        return None
    for name in ("approx", "more_than", "at_least", "less_than", "at_most"):
        if _role(hit, name) is not None:
            return name, hit.nstart
    return None


def _cue_after(text: str, pos: int, by_wstart: dict[int, Any]) -> str | None:
    m = _SPACE.match(text, pos)
    hit = by_wstart.get(m.end()) if m else None
    if hit is None:
        return None
    for name in ("approx_after", "at_least_after"):
        if _role(hit, name) is not None:
            return name
    return None


def _slash_wrapped(text: str, start: int, end: int) -> bool:
    outer_left = text[start - 2] if start >= 2 else " "
    outer_right = text[end + 1] if end + 1 < len(text) else " "
    return outer_left.isspace() and (outer_right.isspace() or outer_right in ",.")


def _is_day_of_month(text: str, number: _Number, end: int) -> bool:
    """«الـ15 من الشهر نفسه», «في 20 من شهر»: a day, not a count."""
    return (
        number.kind == "digits"
        and number.plain
        and (number.low or 0) <= 31
        and _DAY_OF_MONTH_AFTER.match(text, end) is not None
    )


def _after_ordinal(text: str, wstart: int, by_end: dict[int, Any]) -> bool:
    pos = wstart
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    hit = by_end.get(pos)
    return hit is not None and _role(hit, "ordinal") is not None


def _keep(text: str, number: _Number, unit: str | None, cued: bool, low: Any, high: Any) -> bool:
    if low is None and high is None:
        return False
    if number.kind == "digits" and number.plain and unit is None and not cued:
        value = number.low or 0
        if 1900 <= value <= 2099:
            return False  # a year
        line_start = text.rfind("\n", 0, number.wstart) + 1
        line_end = text.find("\n", number.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if line.strip() == text[number.wstart : number.end]:
            return False  # a number alone on its line: share counters, page furniture
    if number.kind == "words" and number.low == 1 and unit is None:
        return False  # «بحجر واحد»: «one» with no counted noun says nothing
    return not (number.kind == "some" and unit is None)
