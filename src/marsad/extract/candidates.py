"""Event candidates: every trigger word of a document, read in its clause.

The lexicons propose with high recall; nothing is dropped here except readings the grammar
rules out (a verb form carrying the article). Each candidate carries what a reader knows
about the word before deciding whether it tells a happening: its senses (event types), its
form (finite verb, verbal noun, participle), the claim that reports it, the modality cues of
its clause, and the scope its arguments may come from. The decision itself is the learning
layer's (``marsad.learn``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.document import Actor, Claim, Document, TimeExpression
from marsad.extract.arguments import Scope
from marsad.extract.context import DocIndex
from marsad.extract.lexicons import ExtractionHits, Sense, phrase_end, word_end
from marsad.extract.modality import PURPOSE, cue_modality, modality_of
from marsad.text.lexicon import Hit

# Proclitics a finite verb may carry (conjunctions, the future prefix, the ل of command).
FINITE_PROCLITICS = frozenset({"", "و", "ف", "ل", "ول", "فل", "س", "وس", "فس"})
# Endings that make a form a noun («الفرات» is no «فرّ» + ات).
NOUN_ENDINGS = frozenset({"ات", "ة", "تين", "اً", "ي"})


@dataclass(slots=True)
class Candidate:
    """One trigger word and what the document says around it."""

    hit: Hit[tuple[Sense, ...]]
    sense: Sense  # the reading chosen by form (a verb or a noun reading)
    types: tuple[str, ...]  # every event type the word may express
    start: int
    end: int  # the whole word, enclitics included
    sentence: int
    finite: bool
    claim: Claim | None
    cue: str | None  # the modality cue of its clause (negation, purpose, ...), if any
    modality: str
    scope: Scope
    rule_modality: str = "asserted"  # what the cues and the claim say, before any model
    type: str = ""  # decided type ("" until decided)
    clause_place: str | None = None  # the place its own clause names
    place: str | None = None  # the place decided (the clause's, else the discourse's)
    place_source: str = ""  # how the place was found: clause, route, carried, scene
    origin: str | None = None
    destination: str | None = None
    clause_date: TimeExpression | None = None  # the nearest time of its own clause
    date: TimeExpression | None = None  # the date decided
    clause_count: dict[str, object] | None = None  # the nearest count of its own clause
    count: dict[str, object] | None = None  # the count decided
    actors: list[Actor] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    modality_features: list[str] = field(default_factory=list)
    probability: float = 0.0  # that it tells a happening of ``type``


def find_candidates(doc: Document, idx: DocIndex, hits: ExtractionHits) -> list[Candidate]:
    """Every trigger of ``doc`` with a reading its form allows, in text order."""
    verb_spans = [c.verb_span for c in doc.claims if c.verb_span]
    frames = _frames_by_sentence(doc, idx)
    out: list[Candidate] = []
    for h in hits.triggers:
        senses = [s for s in h.payload if s.cat == "trigger"]
        if not senses or senses[0].value == "none":
            continue
        sense = senses[0]
        if h.prefix not in FINITE_PROCLITICS or h.suffix in NOUN_ENDINGS:
            # a verb takes neither the article nor a preposition nor a noun's ending: only a
            # noun reading of the form may stand
            nominal = next((s for s in senses if s.form != "finite"), None)
            if nominal is None:
                continue
            sense = nominal
        if sense.no_suffix and h.suffix:
            continue
        # a phrase's trigger runs to its last word («ألقت قوات الأمن القبض على»)
        end = phrase_end(hits, h, word_end(doc, h))
        if any(s < end and h.start < e for s, e in verb_spans):
            continue  # the reporting verb «نقلت الوكالة عن ...», not a transfer
        finite = (
            sense.form in ("finite", "any")
            and h.prefix in FINITE_PROCLITICS
            and not h.prefix.endswith(("ال", "لل"))
            and not h.form.startswith("ال")
        )
        claim = _innermost_claim(doc.claims, h.start, end)
        sent_start, sent_end = idx.sentence_bounds(h.start)
        if claim is not None:
            scope = Scope(max(claim.start, sent_start), min(claim.end, sent_end))
        else:
            scope = Scope(sent_start, sent_end)
        scope.excluded = [
            (s, e) for at, s, e in frames.get(idx.sentence_of(h.start), ()) if at <= h.start
        ]
        cue = cue_modality(idx, hits, h)
        modality = "asserted" if cue == PURPOSE else modality_of(cue, claim)
        types = tuple(dict.fromkeys(s.value for s in senses if s.value != "none"))
        out.append(
            Candidate(
                h, sense, types, h.start, end, idx.sentence_of(h.start), finite, claim, cue,
                modality, scope, modality,
            )
        )
    return out


def _frames_by_sentence(doc: Document, idx: DocIndex) -> dict[int, list[tuple[int, int, int]]]:
    """Per sentence, the stretches no event argument comes from: a claim's frame («أكد مصدر
    ...، أمس، أن» is about the statement) and its speaker phrase, each with the offset of
    the verb after which it applies."""
    frames: dict[int, list[tuple[int, int, int]]] = {}
    for c in doc.claims:
        if not c.verb_span:
            continue
        at = c.verb_span[0]
        out = frames.setdefault(idx.sentence_of(at), [])
        out.append((at, at, max(c.verb_span[1], c.start)))
        if c.speaker.start is not None and c.speaker.end is not None:
            out.append((at, c.speaker.start, c.speaker.end))
    return frames


def _innermost_claim(claims: list[Claim], start: int, end: int) -> Claim | None:
    best: Claim | None = None
    for c in claims:
        if c.start <= start and end <= c.end and (best is None or c.end - c.start < best.end - best.start):
            best = c
    return best
