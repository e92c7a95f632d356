"""Features of an event candidate: what a reader looks at before deciding.

Every feature is a string (``name=value`` or a bare flag); a linear model weighs them. They
come from what the earlier stages already know — the trigger's senses and form, its clitics,
the words and cues around it, its claim, the entities, times and numbers of its clause, the
document's other triggers — so extracting them costs a few list look-ups per candidate.
"""

from __future__ import annotations

from collections import Counter

from marsad.document import Document
from marsad.extract.candidates import Candidate
from marsad.extract.context import DocIndex
from marsad.text.clauses import Clause, ClauseIndex, clauses

_WINDOW = 3  # words each side kept as positional features
_BAG = 6  # words each side kept as a bag


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 4, 8)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _strip_conj(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


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


def _sentence_clauses(ci: ClauseIndex, clause: Clause) -> list[Clause]:
    i = ci.clauses.index(clause)
    lo = i
    while lo > 0 and ci.clauses[lo - 1].sentence == clause.sentence:
        lo -= 1
    hi = i
    while hi + 1 < len(ci.clauses) and ci.clauses[hi + 1].sentence == clause.sentence:
        hi += 1
    return ci.clauses[lo : hi + 1]


def candidate_features(
    doc: Document, idx: DocIndex, cands: list[Candidate], doc_feats: list[str]
) -> None:
    """Set ``c.features`` for every candidate."""
    ci = clauses(doc)
    seen_types: Counter[str] = Counter()
    sentences = len(idx.sent_starts) or 1
    places = idx.place_starts
    for c in cands:
        f: list[str] = list(doc_feats)
        main = c.types[0]
        form = c.hit.form
        f.append(f"form={form}")
        f += [f"sense={t}" for t in c.types]
        f.append(f"kind={c.sense.form}")
        f.append(f"finite={int(c.finite)}")
        f.append(f"pre={c.hit.prefix}")
        f.append(f"suf={c.hit.suffix}")
        if c.hit.form.startswith("ال") or c.hit.prefix.endswith(("ال", "لل")):
            f.append("definite")
        if " " in form:
            f.append("multiword")
        # words around the trigger, within its sentence
        s_start, s_end = idx.sentence_bounds(c.start)
        before = idx.words_before(c.start, _BAG, floor=s_start)
        after = idx.words_after(c.end, _BAG, ceiling=s_end)
        for i, w in enumerate(reversed(before[-_WINDOW:]), 1):
            f.append(f"w-{i}={_strip_conj(w)}")
        for i, w in enumerate(after[:_WINDOW], 1):
            f.append(f"w+{i}={_strip_conj(w)}")
        if before:
            f.append(f"{main}&w-1={_strip_conj(before[-1])}")
        if after:
            f.append(f"{main}&w+1={_strip_conj(after[0])}")
        f += [f"bag={_strip_conj(w)}" for w in set(before) | set(after)]
        if not before:
            f.append("sent_initial")
        # modality cues and the claim
        f.append(f"cue={c.cue or 'none'}")
        f.append(f"{main}&cue={c.cue or 'none'}")
        f.append(f"mod={c.modality}")
        if c.claim is not None:
            f.append(f"claim={c.claim.stance}")
            f.append(f"speaker={c.claim.speaker.kind}")
        else:
            f.append("claim=none")
        clause = ci.at(c.start)
        if clause is not None:
            f.append(f"clause={clause.kind}")
            f.append(f"{main}&clause={clause.kind}")
            for cue in ci.cues_before(c.start):
                f.append(f"ccue={cue}")
                f.append(f"{main}&ccue={cue}")
            gov = ci.governing(clause)
            if gov is not None and clause.kind in ("complement", "purpose", "relative", "main"):
                for _, cue in gov.cues:
                    f.append(f"gcue={cue}")
            if clause.sentence in ci.questions:
                f.append("question")
            if any(cat == "nonconflict" for cl in _sentence_clauses(ci, clause) for _, cat in cl.cues):
                f.append("sent_nonconflict")
                f.append(f"{main}&sent_nonconflict")
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
        for a in c.actors:
            f.append(f"actor={a.entity}:{a.role}")
        f.append(f"nactors={_bucket(len(c.actors), (0, 1, 2))}")
        n_places = sum(1 for p in places if s_start <= p < s_end)
        f.append(f"sent_places={_bucket(n_places, (0, 1, 2))}")
        # repeated mentions of a type
        f.append(f"seen_before={_bucket(seen_types[main], (0, 1, 3))}")
        f.append(f"{main}&seen={_bucket(seen_types[main], (0, 1))}")
        seen_types[main] += 1
        c.features = f


_MODALITY_PREFIXES = ("cue=", "ccue=", "gcue=", "claim=", "speaker=", "mod=", "clause=", "question", "form=", "w-1=", "w-2=")


def modality_features(c: Candidate) -> list[str]:
    """The features a modality decision reads: cues, clause, claim, the rules' answer."""
    out = [f for f in c.features if f.startswith(_MODALITY_PREFIXES)]
    out.append(f"rule={c.rule_modality}")
    out.append("bias")
    return out
