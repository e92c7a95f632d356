"""Features of an event candidate: what a reader looks at before deciding.

Every feature is a string (``name=value`` or a bare flag); a linear model weighs them. They
come from what the earlier stages already know — the trigger's senses and form, its clitics,
the words and cues around it, its claim, the entities, times and numbers of its clause, the
document's other triggers — so extracting them costs a few list look-ups per candidate.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import partial

from marsad.document import Document
from marsad.extract.buckets import bucket
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.learn.linear import LinearModel, is_known
from marsad.text.clauses import ClauseIndex, clauses
from marsad.text.normalize import normalize_term
from marsad.text.word_cache import WordCache

_WINDOW = 3  # words each side kept as positional features
_BAG = 6  # words each side kept as a bag


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 4, 8)) -> str:
    return bucket(n, edges)


def _strip_conj(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


def _topic_word(word: str) -> str:
    """A word as the topic model reads it ("" for one it leaves out: short, or a number)."""
    return _strip_conj(word) if len(word) > 2 and not word.isdigit() else ""


_CONJ_STRIPPED = WordCache(_strip_conj)
_TOPIC_WORDS = WordCache(_topic_word)


def document_features(doc: Document, cands: list[Candidate]) -> list[str]:
    """Features shared by every candidate of a document (its language, how much conflict
    vocabulary it holds)."""
    types = Counter(t for c in cands for t in c.types[:1])
    out = [f"lang={doc.language}", f"ncand={_bucket(len(cands), (0, 2, 5, 10, 20))}"]
    out += [f"doc_has={t}" for t in types]
    ci = clauses(doc)
    cues = Counter(cat for cl in ci.clauses for _, cat in cl.cues)
    if cues["nonconflict"]:
        out.append(f"doc_nonconflict={_bucket(cues['nonconflict'], (1, 3))}")
    return out


@dataclass(slots=True)
class _Sentence:
    """What every candidate of one sentence shares."""

    features: list[str]
    nonconflict: bool
    actors: list[tuple[int, str]]  # (start, entity) of the bodies named in the sentence


def _sentence(doc: Document, idx: DocIndex, ci: ClauseIndex, number: int, s_start: int, s_end: int) -> _Sentence:
    key = ("candidate_sentence", number)
    known = idx.memo.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    lo, hi = bisect_left(idx.actor_starts, s_start), bisect_left(idx.actor_starts, s_end)
    named = [(m.start, m.entity) for m in idx.actor_mentions[lo:hi]]
    actors = list(dict.fromkeys(e for _, e in named))  # ordered: sums stay bit-identical
    n_places = bisect_left(idx.place_starts, s_end) - bisect_left(idx.place_starts, s_start)
    f = [f"actor={a}" for a in actors]
    f.append(f"nactors={_bucket(len(actors), (0, 1, 2))}")
    f.append(f"sent_places={_bucket(n_places, (0, 1, 2))}")
    nonconflict = "nonconflict" in ci.sentence_cues(number, s_start)
    if nonconflict:
        f.append("sent_nonconflict")
    if number in ci.questions:
        f.append("question")
    out = _Sentence(f, nonconflict, named)
    idx.memo[key] = out
    return out


def candidate_features(
    doc: Document, idx: DocIndex, cands: list[Candidate], doc_feats: list[str]
) -> None:
    """Set ``c.features`` (and ``c.modality_features``) for every candidate."""
    ci = clauses(doc)
    title = f" {normalize_term(doc.title or '').lower()} "
    seen_types: Counter[str] = Counter()
    sentences = len(idx.sent_starts) or 1
    stripped = _CONJ_STRIPPED.__getitem__
    for k, c in enumerate(cands):
        f: list[str] = list(doc_feats)
        main = c.types[0]
        form = c.hit.form
        f += [f"sense={t}" for t in c.types]
        f.append(f"kind={c.sense.form}")
        # what the lexicon knows of the word beyond its spelling: every inflection of a lemma
        # shares its weight (هوجم, يهاجمون, الهجوم), and the subtype, voice and tense it tells
        if c.sense.lemma:
            f.append(f"lemma={c.sense.lemma}")
        if c.sense.subtype:
            f.append(f"subtype={c.sense.subtype}")
        if c.sense.voice:
            f.append(f"voice={c.sense.voice}")
        if c.sense.tense:
            f.append(f"tense={c.sense.tense}")
        f.append(f"finite={int(c.finite)}")
        f.append(f"pre={c.hit.prefix}")
        f.append(f"suf={c.hit.suffix}")
        if form.startswith("ال") or c.hit.prefix.endswith(("ال", "لل")):
            f.append("definite")
        if " " in form:
            f.append("multiword")
        # words around the trigger, within its sentence
        s_start, s_end = idx.sentence_bounds(c.start)
        sent = _sentence(doc, idx, ci, c.sentence, s_start, s_end)
        before = list(map(stripped, idx.words_before(c.start, _BAG, floor=s_start)))
        after = list(map(stripped, idx.words_after(c.end, _BAG, ceiling=s_end)))
        m: list[str] = [f"form={form}"]  # what the modality decision reads too
        for i, w in enumerate(reversed(before[-_WINDOW:]), 1):
            (m if i <= 2 else f).append(f"w-{i}={w}")
        for i, w in enumerate(after[:_WINDOW], 1):
            f.append(f"w+{i}={w}")
        if before:
            f.append(f"{main}&w-1={before[-1]}")
        else:
            f.append("sent_initial")
        if after:
            f.append(f"{main}&w+1={after[0]}")
        f += [f"bag={w}" for w in dict.fromkeys(before + after)]
        # modality cues and the claim
        cue = c.cue or "none"
        m.append(f"cue={cue}")
        f.append(f"{main}&cue={cue}")
        m.append(f"mod={c.modality}")
        if c.claim is not None:
            m.append(f"claim={c.claim.stance}")
            m.append(f"speaker={c.claim.speaker.kind}")
        else:
            m.append("claim=none")
        clause = ci.at(c.start)
        if clause is not None:
            m.append(f"clause={clause.kind}")
            f.append(f"{main}&clause={clause.kind}")
            for cc in ci.cues_before(c.start):
                m.append(f"ccue={cc}")
                f.append(f"{main}&ccue={cc}")
            gov = ci.governing(clause)
            if gov is not None and clause.kind in ("complement", "purpose", "relative", "main"):
                m += [f"gcue={cc}" for _, cc in gov.cues]
        f += sent.features
        for at, ent in sent.actors:
            f.append(f"actor_{'before' if at < c.start else 'after'}={ent}")
        if sent.nonconflict:
            f.append(f"{main}&sent_nonconflict")
        if "question" in sent.features:
            m.append("question")
        # position
        f.append(f"sent={_bucket(c.sentence, (0, 1, 3, 6, 12))}")
        f.append(f"relpos={min(4, 5 * c.sentence // sentences)}")
        # arguments the clause gives
        f.append(f"has_place={int(c.clause_place is not None)}")
        if c.clause_place is not None:
            e = idx.entity(c.clause_place)
            if e is not None:
                f.append(f"place_kind={e.subtype or e.type}")
        date = c.clause_date
        f.append(f"has_date={int(date is not None)}")
        if date is not None and date.value:
            f.append(f"date_prec={len(date.value)}")
            if doc.published and date.value[:4].isdigit():
                gap = int(doc.published[:4]) - int(date.value[:4])
                f.append(f"date_age={_bucket(max(gap, 0), (0, 1, 3))}")
        f.append(f"has_count={int(c.clause_count is not None)}")
        f += _neighbour_features(idx, cands, k, main)
        # the headline names what the article is about: a word of the headline told again
        if len(form) > 2 and normalize_term(form).lower() in title:
            f.append("in_title")
            f.append(f"{main}&in_title")
        # repeated mentions of a type
        f.append(f"seen_before={_bucket(seen_types[main], (0, 1, 3))}")
        f.append(f"{main}&seen={_bucket(seen_types[main], (0, 1))}")
        seen_types[main] += 1
        f += m
        c.features = f
        m.append(f"rule={c.rule_modality}")
        m.append("bias")
        c.modality_features = m


def _neighbour_features(idx: DocIndex, cands: list[Candidate], i: int, main: str) -> list[str]:
    """The nearest other trigger on each side in the same sentence, with how far it is: a word
    governed by another happening («استهدفوا رتلاً», "ambushed a convoy", «قتل بانفجار») is
    often its object or cause, not a happening of its own."""
    c = cands[i]
    out: list[str] = []
    for j, side in ((i - 1, "before"), (i + 1, "after")):
        if not 0 <= j < len(cands) or cands[j].sentence != c.sentence:
            continue
        o = cands[j]
        gap = idx.word_count(o.end, c.start) if side == "before" else idx.word_count(c.end, o.start)
        d = _bucket(gap, (0, 1, 2, 4))
        out.append(f"near_{side}={o.types[0]}&d={d}")
        out.append(f"{main}&near_{side}={o.types[0]}&d={d}")
    return out


def modality_features(c: Candidate) -> list[str]:
    """The features a modality decision reads: cues, clause, claim, the rules' answer."""
    return c.modality_features


def topic_features(doc: Document, idx: DocIndex, cands: list[Candidate]) -> list[str]:
    """What says whether a document reports conflict or security happenings at all: its
    words (normalised, conjunction stripped, once each), how many bodies that fight it names,
    how many trigger words it holds, and whether a non-conflict cause (a disaster, an
    epidemic) is told."""
    # each distinct word once, read through the cache (in C): the kept words come out in the
    # same first-seen order as a loop over every occurrence would give
    words = dict.fromkeys(filter(None, map(_TOPIC_WORDS.__getitem__, dict.fromkeys(idx.word_norms))))
    return ["bias", *(f"w={w}" for w in words), *_topic_tail(doc, idx, cands)]


def topic_rows(model: LinearModel, doc: Document, idx: DocIndex, cands: list[Candidate]) -> list[int]:
    """``model.rows(topic_features(doc, idx, cands))``, the same rows in the same order, with
    the words read through a cache of word -> row kept across documents: no ``w=`` string is
    built and hashed for a word seen before. Two words that strip to one topic word share its
    row, so keeping each row once keeps each topic word once, first seen first."""
    table = _TOPIC_ROWS.get(id(model))
    if table is None or table[0] is not model:
        table = _TOPIC_ROWS[id(model)] = (model, WordCache(partial(_topic_row, model.vocabulary)))
    words = dict.fromkeys(filter(is_known, map(table[1].__getitem__, dict.fromkeys(idx.word_norms))))
    return [*model.rows(["bias"]), *words, *model.rows(_topic_tail(doc, idx, cands))]


def _topic_row(vocabulary: dict[str, int], word: str) -> int | None:
    topic_word = _topic_word(word)
    return vocabulary.get(f"w={topic_word}") if topic_word else None


# id(model) -> (model, word -> its row in the model or None)
_TOPIC_ROWS: dict[int, tuple[LinearModel, WordCache[int | None]]] = {}


def _topic_tail(doc: Document, idx: DocIndex, cands: list[Candidate]) -> list[str]:
    """The topic features after the words."""
    armed = sum(1 for m in idx.actor_mentions if (e := idx.entity(m.entity)) is not None and e.type == "armed_group")
    f = [f"armed={_bucket(armed, (0, 1, 3, 6))}", f"cands={_bucket(len(cands), (0, 1, 3, 6, 12))}"]
    f += [f"cand_type={t}" for t in dict.fromkeys(c.types[0] for c in cands)]
    ci = clauses(doc)
    if any(cat == "nonconflict" for cl in ci.clauses for _, cat in cl.cues):
        f.append("nonconflict")
    return f
