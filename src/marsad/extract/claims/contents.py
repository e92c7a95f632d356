"""Where a claim's content ends: at the next reporting verb of its sentence, or where the
text returns to the outlet's own voice outside any quotation; trimmed of edge punctuation."""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress, pairwise
from operator import attrgetter

from marsad.extract.claims.quotations import quote_balance
from marsad.extract.claims.state import TRIM, ClaimState
from marsad.extract.context import CLAUSE_PUNCT
from marsad.extract.lexicons import content_boundaries

# predictions and warnings carry on through their contrasts (no voice boundary in them)
_OPEN_STANCES = frozenset({"predict", "warn"})
_NORM = attrgetter("norm")


class ContentBounds(ClaimState):
    """Where each claim's content ends, once every claim is found."""

    def _close_contents(self) -> None:
        """A claim's content ends at the next reporting verb of its sentence, or the end of
        a quotation it opens; trimmed of edge punctuation."""
        text = self.doc.text
        claims = self.claims
        # the claims are in verb order (``_colon_headlines`` sorts them): the first later
        # claim whose verb lies in a content is then found by bisection
        starts = [c.verb_span[0] if c.verb_span else -1 for c in claims]
        ordered = all(c.verb_span for c in claims) and all(a <= b for a, b in pairwise(starts))
        for i, c in enumerate(claims):
            if ordered:
                k = bisect_left(starts, c.start, i + 1)
                nxt = claims[k] if k < len(claims) and starts[k] < c.end else None
            else:
                nxt = next((n for n in claims[i + 1 :]
                            if n.verb_span and c.start <= n.verb_span[0] < c.end), None)
            # a verb opening the content («تسريبات | تفيد بأن ...») is nested in it
            if nxt is not None and nxt.verb_span and text[c.start : nxt.verb_span[0]].strip(TRIM):
                c.end = min(c.end, nxt.verb_span[0])
            if c.verb_span and c.verb_span[1] <= c.start and c.stance not in _OPEN_STANCES:
                cut = self._voice_boundary(c.start, c.end)
                if cut is not None:
                    c.end = cut
            while c.start < c.end and text[c.start] in TRIM:
                c.start += 1
            while c.end > c.start and text[c.end - 1] in TRIM:
                c.end -= 1
                # a dangling conjunction before the next verb: «...، و»
                if c.end - 1 > c.start and text[c.end - 1] == "و" and text[c.end - 2] in TRIM:
                    c.end -= 1
            if c.end <= c.start:
                c.end = c.start

    def _voice_boundary(self, start: int, end: int) -> int | None:
        """Where the content [start, end) returns to the outlet's own voice, outside any
        quotation: «قال المرصد إن ...، فيما أكدت مصادر ...», «... في حين ...», «...، وكانت قسد
        قد أعلنت ...» (``content_boundary`` in reporting_verbs.toml)."""
        boundaries = content_boundaries()
        bounds = boundaries.by_first
        idx = self.idx
        lo, hi = bisect_left(idx.word_starts, start), bisect_left(idx.word_starts, end)
        words = idx.word_norms[lo:hi]
        if bounds.keys().isdisjoint(words):
            return None  # the common case, decided at C speed
        toks = idx.tokens_between(start, end)
        text = self.doc.text
        # only the tokens that may open a boundary, found by a C-level map over the forms
        opening = bounds.__contains__
        for k in compress(range(1, len(toks)), map(opening, map(_NORM, toks[1:]))):
            tok = toks[k]
            for rest, needs_mark in bounds[tok.norm]:
                following = toks[k + 1 : k + 1 + len(rest)]
                if tuple(t.norm for t in following) != rest:
                    continue
                if needs_mark and toks[k - 1].norm not in CLAUSE_PUNCT:
                    continue
                if tok.norm.startswith("وكان") and not any(
                    t.norm == "قد" for t in toks[k + 1 + len(rest) : k + 7]
                ):
                    continue  # «وكانت ... قد»: the pluperfect of the outlet's background
                clause = toks[k + 1 + len(rest) : k + 5 + len(rest)]
                if any(t.norm in boundaries.partition for t in clause):
                    continue  # «بينما ينتمي الباقون إلى ...»: the speaker's own enumeration
                if quote_balance(text[start : tok.start]) > 0:
                    continue  # inside the speaker's own quotation
                return tok.start
        return None
