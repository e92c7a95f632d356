"""Modality: did the event happen, according to the text?

Two sources decide, the nearer first:

1. cues in the event's own clause before the trigger (``kb/data/modality.toml``): a negation
   («لم»، «دون»، «لا وجود لأي») -> ``denied``; a conditional («إذا»، «لو»، «في حال») ->
   ``hypothetical``; an allegation («ما قالوا إنها»، «تسريبات»، «المزعوم») -> ``alleged``; a
   future marker («سوف»، «من المتوقع») or a trigger verb with the future prefix سـ ->
   ``expected``;
2. the claim that reports the event: stance deny -> ``denied``, allege -> ``alleged``,
   predict/warn -> ``expected``.

Otherwise ``asserted``. A cue reaches over a few words only and never across a comma or a
sentence end, so «لم تتمكن قسد من ضبطه ... وتشن حملة دهم» does not deny the raid.
"""

from __future__ import annotations

from bisect import bisect_left

from marsad.document import Claim
from marsad.extract.context import DocIndex, is_word
from marsad.extract.lexicons import ExtractionHits, Sense
from marsad.text.lexicon import Hit

_CUE_MODALITY = {
    "neg": "denied",
    "cond": "hypothetical",
    "purpose": "hypothetical",
    "alleg": "alleged",
    "future": "expected",
}
_PRIORITY = ("neg", "cond", "purpose", "alleg", "future")
# a verbal noun after the preposition ل that governs its object is a purpose: «للقبض عليهم»،
# «لإطلاق سراح» — a goal, not a happening
_GOVERNED = ("على", "عن", "سراح")
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
            if s.cat not in _CUE_MODALITY:
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
    trig = next((s for s in trigger.payload if s.cat == "trigger"), None)
    if trig is not None and trigger.prefix in ("ل", "لل", "ول", "ولل") and trig.form != "finite":
        nxt = [t for t in idx.tokens_after(trigger.end, 2) if is_word(t.norm)]
        if (
            trigger.prefix in ("ل", "ول")
            or trigger.form.endswith(_GOVERNED)
            or (nxt and nxt[0].norm in _GOVERNED)
        ):
            return "hypothetical"
    if (
        trig is not None
        and trig.form in ("finite", "any")
        and "س" in trigger.prefix
        and trigger.form[:1] in "ينتا"
    ):
        return "expected"  # سيهرب، ستنقل: the future prefix on an imperfect
    return None


def modality_of(cue: str | None, claim: Claim | None) -> str:
    if cue == "denied":
        return "denied"
    stance = _STANCE_MODALITY.get(claim.stance) if claim is not None else None
    if stance == "denied":
        return "denied"
    return cue or stance or "asserted"
