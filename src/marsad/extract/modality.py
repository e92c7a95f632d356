"""Modality: did the event happen, according to the text?

Two sources decide, the nearer first:

1. cues in the event's own clause before the trigger (``kb/data/modality.toml``): a negation
   («لم»، «دون»، «لا وجود لأي») -> ``denied``; a conditional («إذا»، «لو»، «في حال») ->
   ``hypothetical``; a purpose («بهدف»، «بغية»، «لإطلاق سراح») -> ``PURPOSE`` (no event; a
   purpose after a move or plan, «تحركاً عراقياً لاستعادة», reads ``expected`` because the
   plan noun is a future cue); an allegation («ما قالوا إنها»، «تسريبات»، «المزعوم») -> ``alleged``; a
   future marker («سوف»، «من المتوقع») or a trigger verb with the future prefix سـ ->
   ``expected``;
2. the claim that reports the event: stance deny -> ``denied``, allege -> ``alleged``,
   predict/warn -> ``expected``.

Otherwise ``asserted``. A cue reaches over a few words only and never across a comma or a
sentence end, so «لم تتمكن قسد من ضبطه ... وتشن حملة دهم» does not deny the raid.
"""

from __future__ import annotations

from bisect import bisect_left

from marsad.compiled import compiled
from marsad.document import Claim
from marsad.extract.context import DocIndex, is_word
from marsad.extract.lexicons import ExtractionHits, Sense, _data
from marsad.text.lexicon import Hit
from marsad.text.normalize import normalize_term

# ``PURPOSE`` is no contract modality: a goal («بهدف إطلاق سراح», «للقبض عليهم») is not a
# happening a monitor codes, and the events stage drops it
PURPOSE = "purpose"
# nor is ``CAUSE``: the trigger sits in a causal clause («لوجود», «بسبب», «بعد», «إثر»), which a
# prediction or warning around it does not reach — the speaker reports the cause as fact
CAUSE = "cause"
_CUE_MODALITY = {
    "neg": "denied",
    "cond": "hypothetical",
    "purpose": PURPOSE,
    "alleg": "alleged",
    "future": "expected",
}
_PRIORITY = ("neg", "cond", "purpose", "alleg", "future")
# a verbal noun after the preposition ل that governs its object is a purpose: «للقبض عليهم»،
# «لإطلاق سراح» — a goal, not a happening
# normalised, as the text they are compared with (على is written علي)
_GOVERNED = tuple(normalize_term(w) for w in ("على", "عن", "سراح"))
_STANCE_MODALITY = {
    "deny": "denied",
    "allege": "alleged",
    "predict": "expected",
    "warn": "expected",
}
# a clause boundary stops a cue: punctuation, and the conjunctions that open a new clause
_STOP_WORDS = frozenset({"لكن", "لكنه", "لكنها", "بينما", "فيما", "حيث", "ثم", "but", "while"})


def cue_modality(
    idx: DocIndex, hits: ExtractionHits, trigger: Hit[tuple[Sense, ...]]
) -> str | None:
    found: dict[str, bool] = {}
    sent_start, _ = idx.sentence_bounds(trigger.start)
    starts = idx.memo.get("cue_starts")
    if starts is None:
        starts = idx.memo["cue_starts"] = [c.start for c in hits.cues]
    cues = hits.cues[bisect_left(starts, sent_start) :]  # type: ignore[arg-type]
    for cue in cues:
        if cue.end > trigger.start:
            break
        if cue.start < sent_start or (cue.suffix and len(cue.form) <= 3):
            continue  # «لأن» is no «لا»: particles take no endings («إحباطها» may)
        for s in cue.payload:
            if s.cat not in _CUE_MODALITY and s.cat != CAUSE:
                continue
            if idx.word_count(cue.end, trigger.start) > s.reach:
                continue
            between = idx.tokens_between(cue.end, trigger.start)
            if any(not is_word(t.norm) and t.norm not in ('"', "'") for t in between):
                continue
            if any(t.norm in _STOP_WORDS for t in between):
                continue
            found[s.cat] = True
    for cat in _PRIORITY:
        if cat in found:
            return _CUE_MODALITY[cat]
    cause = CAUSE if CAUSE in found else None
    trig = next((s for s in trigger.payload if s.cat == "trigger"), None)
    if (
        trig is not None
        and trigger.prefix in ("ل", "لل", "ول", "ولل")
        and any(s.cat == "trigger" and s.form != "finite" for s in trigger.payload)
        and not _after_undergo(idx, trigger.start)
    ):
        nxt = [t for t in idx.tokens_after(trigger.end, 2) if is_word(t.norm)]
        if (
            trigger.prefix in ("ل", "ول")
            or trigger.form.endswith(_GOVERNED)
            or (nxt and nxt[0].norm in _GOVERNED)
        ):
            return PURPOSE
    if (
        trig is not None
        and trig.form in ("finite", "any")
        and "س" in trigger.prefix
        and trigger.form[:1] in "ينتا"
    ):
        return "expected"  # سيهرب، ستنقل: the future prefix on an imperfect
    return cause


@compiled
def _undergo_words() -> frozenset[str]:
    data = _data("modality.toml")["purpose"].get("not_after", [])
    return frozenset(normalize_term(w) for w in data)


def _after_undergo(idx: DocIndex, start: int) -> bool:
    """«تعرض مبنى السجن، المخصص لاحتجاز ...، لهجوم»: ل after a verb of undergoing and its
    subject (up to twelve words back, over the commas of an apposition, within the
    sentence) is no purpose."""
    sent_start = idx.sentence_bounds(start)[0]
    words = [w for w in idx.tok_norms_before(start, 24, floor=sent_start) if is_word(w)][-13:]
    undergo = _undergo_words()
    return any(w in undergo or (w[:1] in "وف" and w[1:] in undergo) for w in words)


def modality_of(cue: str | None, claim: Claim | None) -> str:
    if cue == "denied":
        return "denied"
    stance = _STANCE_MODALITY.get(claim.stance) if claim is not None else None
    if cue == CAUSE:
        # «توقع ... لوجود رهائن»: the prediction does not reach its stated cause; a denial or
        # an allegation still does («نفى أن يكون الفرار بسبب هجوم»)
        return "asserted" if stance in (None, "expected") else stance
    if stance == "denied":
        return "denied"
    return cue or stance or "asserted"
