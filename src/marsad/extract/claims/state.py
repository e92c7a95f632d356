"""What one document's claim building shares: the document, its index, the lexicon hits,
the claims found so far, and the lookups over them by position (every mixin of
``builder._ClaimBuilder`` builds on ``ClaimState``)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from operator import attrgetter

from marsad.document import Claim, Document, Speaker, Token
from marsad.extract.context import RELATIVES, DocIndex
from marsad.extract.lexicons import ExtractionHits, Sense
from marsad.extract.speakers import SpeakerFinder
from marsad.text.lexicon import Hit
from marsad.text.segment import is_abbreviation

VHit = Hit[tuple[Sense, ...]]
_START = attrgetter("start")
# a complementiser takes ب (بأن) or و (وأن) and pronoun endings only: «كانت» is no «أن»
_COMP_PROCLITICS = frozenset({"", "ب", "و", "وب"})
_COMP_SUFFIXES = frozenset({"", "ه", "ها", "هم", "هما", "هن", "نا", "ني"})
_MAX_FRAME_WORDS = 40  # verb ... complementiser
CONTINUATION_PREFIXES = ("و", "ف")
TRIM = " \t\n,،.;:-–—|"


class ClaimState:
    """One document's claim building: its index, hits and claims so far, and lookups."""

    def __init__(self, doc: Document, idx: DocIndex, hits: ExtractionHits) -> None:
        self.doc = doc
        self.idx = idx
        self.hits = hits
        self.finder = SpeakerFinder(doc, idx, hits)
        self.comps = [
            c for c in hits.comps if c.prefix in _COMP_PROCLITICS and c.suffix in _COMP_SUFFIXES
        ]
        self.comp_starts = list(map(_START, self.comps))  # C-level map: once per document
        self.verb_starts = list(map(_START, hits.verbs))
        self.claims: list[Claim] = []
        # the verbs that quote through «عن» («نقلت ... عن»), looked up by position
        self.an_verbs = [v for v in hits.verbs if v.form.endswith("عن")]
        self.an_verb_starts = list(map(_START, self.an_verbs))
        # the claims' verb starts, in claim order (non-decreasing while the main loop adds
        # claims in text order), and their verb ends sorted: looked up by bisection, so that
        # a verb costs the same whatever the number of claims before it
        self.claim_verb_starts: list[int] = []
        self.claim_verb_ends: list[int] = []
        self.in_verb_order = True
        self.quote_marks: dict[str, list[int]] | None = None  # offsets of each quote mark
        self.consumed_until = -1  # verbs inside an accepted speaker frame are not new claims

    def _add(self, claim: Claim) -> None:
        self.claims.append(claim)
        if not claim.verb_span:
            self.in_verb_order = False
            return
        starts = self.claim_verb_starts
        if starts and claim.verb_span[0] < starts[-1]:
            self.in_verb_order = False
        starts.append(claim.verb_span[0])
        insort(self.claim_verb_ends, claim.verb_span[1])

    def _verb_floor(self, sent_start: int, offset: int) -> int:
        """The end of the last claim verb in [sent_start, offset], else ``sent_start``: what
        comes before it belongs to that claim's frame."""
        ends = self.claim_verb_ends
        k = bisect_right(ends, offset)
        return ends[k - 1] if k and ends[k - 1] >= sent_start else sent_start

    def _claims_with_verb_in(self, start: int, end: int) -> list[Claim]:
        """The claims so far whose verb starts in [start, end), in claim order."""
        starts = self.claim_verb_starts
        if self.in_verb_order and len(starts) == len(self.claims):
            return self.claims[bisect_left(starts, start) : bisect_left(starts, end)]
        return [c for c in self.claims if c.verb_span and start <= c.verb_span[0] < end]

    def _comp_after(self, start: int, sent_end: int) -> VHit | None:
        i = bisect_left(self.comp_starts, start)
        if i < len(self.comps):
            comp = self.comps[i]
            if comp.start < sent_end and self.idx.word_count(start, comp.start) <= _MAX_FRAME_WORDS:
                return comp
        return None

    def _verbs_in(self, start: int, end: int) -> list[VHit]:
        """Reporting-verb hits beginning in [start, end)."""
        vs = self.verb_starts
        return self.hits.verbs[bisect_left(vs, start) : bisect_left(vs, end)]

    def _after_relative(self, h: VHit) -> bool:
        before = self.idx.tokens_before(h.start, 1)
        return bool(before) and before[-1].norm in RELATIVES

    def _relative_next(self, offset: int) -> bool:
        """The first word among the next three tokens is a relative pronoun."""
        idx = self.idx
        i = bisect_left(idx.tok_starts, offset)
        for w in idx.tok_norms[i : i + 3]:
            if len(w) > 1 or w.isalnum():  # is_word, inline
                return w in RELATIVES
        return False

    def _abbreviation_dot(self, t: Token) -> bool:
        """The full stop of «U.S.», «Gen.»: part of the phrase, not the end of its clause."""
        norm = self.doc.norm
        if t.norm != "." or norm is None:
            return False
        i = norm.to_norm(t.start)
        return is_abbreviation(norm, i, i + 1)


def copy_speaker(s: Speaker) -> Speaker:
    return Speaker(s.text, s.start, s.end, s.kind, s.entity)
