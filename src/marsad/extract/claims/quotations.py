"""Quotations: a verb inside one is part of it, an open quotation (or a colon) carries a
claim into the next sentences of its paragraph, and «"...," he added» reports the quotation
before it."""

from __future__ import annotations

from bisect import bisect_left

from marsad.document import Claim
from marsad.extract.claims.state import TRIM, ClaimState, VHit

# quotation marks that open and close a quotation (the plain " is counted by parity)
_OPEN_QUOTES = "«“"
_CLOSE_QUOTES = "»”"
_MAX_QUOTE_SENTENCES = 6  # a quotation continued over at most this many sentences
_QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb")


class Quotations(ClaimState):
    """Verbs inside quotations, and claim contents carried across a quotation."""

    def _quoted(self, h: VHit) -> bool:
        """The verb stands inside a direct quotation of the paragraph (an odd number of
        straight quotation marks before it, or more opening than closing curly ones or
        guillemets): «"... told me that if I said anything"»."""
        par_start = self.idx.par_starts[self.idx.paragraph_of(h.start)] if self.idx.par_starts else 0
        marks = self.quote_marks
        if marks is None:
            # each mark's offsets, once: a count between two offsets is then two bisections
            # (counting in the text costs the paragraph's length for every verb)
            text = self.doc.text
            marks = self.quote_marks = {q: _offsets(text, q) for q in _QUOTE_MARKS}
        if par_start >= h.start:
            return False

        def count(q: str) -> int:
            at = marks[q]
            return bisect_left(at, h.start) - bisect_left(at, par_start) if at else 0

        return (
            count('"') % 2 == 1
            or count("\u201c") > count("\u201d")
            or count("\u00ab") > count("\u00bb")
        )

    def _continue_quotations(self) -> None:
        """A quotation or a colon carries a claim into the next sentences of its paragraph
        («وقال البيان: "تمكنت قواتنا ... . وتستمر العمليات"»): the content runs on until the
        quotation closes (at most a few sentences, never into another paragraph or past the
        next claim's verb). Without such a cue a claim ends with its sentence."""
        idx = self.idx
        text = self.doc.text
        sents = self.doc.sentences
        # where the next claims' verbs start, the nearest first (a suffix minimum: one pass)
        next_verb = [len(text)] * len(self.claims)
        nearest = len(text)
        for i in range(len(self.claims) - 1, -1, -1):
            next_verb[i] = nearest
            span = self.claims[i].verb_span
            if span and span[0] < nearest:
                nearest = span[0]
        for i, c in enumerate(self.claims):
            if not sents or not c.verb_span:
                continue
            content = text[c.start : c.end].rstrip()
            opened = _has_quote(content) and quote_balance(content) > 0
            colon = content.endswith(":") or (not content.strip(TRIM) and _colon_after(text, c))
            if not opened and not colon:
                continue
            si = idx.sentence_of(c.start if c.end > c.start else c.verb_span[1])
            par = idx.paragraph_of(c.verb_span[0])
            limit = next_verb[i]
            balance = quote_balance(content)
            end = c.end
            for sj in range(si + 1, min(si + 1 + _MAX_QUOTE_SENTENCES, len(sents))):
                nxt = sents[sj]
                if idx.paragraph_of(nxt.start) != par or nxt.start >= limit:
                    break
                piece = text[nxt.start : min(nxt.end, limit)]
                end = nxt.start + len(piece.rstrip())
                balance += quote_balance(piece)
                if balance <= 0 and (opened or sj > si):
                    break  # the quotation closed (or the sentence after the colon is told)
            if end > c.end:
                if c.end <= c.start:
                    c.start = sents[si + 1].start if si + 1 < len(sents) else c.start
                while end > c.start and text[end - 1] in TRIM:
                    end -= 1  # «...».» : the stop after the closing quote is the outlet's
                c.end = end

    def _preceding_quotations(self) -> None:
        """«"...," he added.»: an English verb with nothing after it reports the quotation
        that closes right before its subject (within the paragraph)."""
        text = self.doc.text
        for c in self.claims:
            if c.end > c.start or not c.verb_span or not (c.verb or "").isascii():
                continue
            pos = c.verb_span[0]
            j = max(text.rfind('"', 0, pos), text.rfind("\u201d", 0, pos))
            # only the subject («he», «Shami», «SDF spokesman Farhad Shami») between
            gap = text[j + 1 : pos]
            if j < 0 or len(gap.split()) > 8 or any(ch in gap for ch in ".;:!?"):
                continue
            j += 1
            close = j - 1
            par_start = self.idx.par_starts[self.idx.paragraph_of(close)] if self.idx.par_starts else 0
            opening = max(text.rfind('"', par_start, close), text.rfind("\u201c", par_start, close))
            if opening < 0:
                continue
            c.start, c.end = opening + 1, close
            while c.end > c.start and text[c.end - 1] in TRIM:
                c.end -= 1


def _offsets(text: str, ch: str) -> list[int]:
    """Every offset of ``ch`` in ``text``, in order."""
    out: list[int] = []
    i = text.find(ch)
    while i >= 0:
        out.append(i)
        i = text.find(ch, i + 1)
    return out


def _has_quote(text: str) -> bool:
    return '"' in text or any(q in text for q in _OPEN_QUOTES)


def quote_balance(text: str) -> int:
    """Quotations opened minus closed in ``text`` (a plain ``"`` opens when their count is
    odd)."""
    # map rather than a generator expression: no Python frame per quote mark
    balance = sum(map(text.count, _OPEN_QUOTES)) - sum(map(text.count, _CLOSE_QUOTES))
    return balance + (text.count('"') % 2)


def _colon_after(text: str, c: Claim) -> bool:
    """The verb's frame ends with a colon: «وأضاف البيان:» and the content follows."""
    assert c.verb_span is not None
    tail = text[c.verb_span[1] : c.verb_span[1] + 120].split("\n", 1)[0].rstrip()
    return tail.endswith(":")
