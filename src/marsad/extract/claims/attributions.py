"""Attribution without a reporting verb before the content: a postposed marker
(«وفق ما جاء في بيان ...», «بحسب ...», "according to") and the headline form, a speaker
phrase closed by a colon («مصادر خاصة للشبكة: ...»)."""

from __future__ import annotations

from bisect import bisect_left

from marsad.document import Claim
from marsad.extract.claims.chains import Chains, prev_chain, set_chain
from marsad.extract.claims.english import EnglishSubjects, en_head_of
from marsad.extract.claims.state import TRIM, VHit
from marsad.extract.context import CLAUSE_PUNCT

_MAX_HEADLINE_WORDS = 8  # speaker noun ... colon, verbless («مصدر أمني لـ"الوطن": ...»)


class Attributions(Chains, EnglishSubjects):
    """Claims from postposed markers and from colon headlines."""

    def _postposed(self, h: VHit) -> None:
        sent_start, sent_end = self.idx.sentence_bounds(h.start)
        # the speaker follows the marker, within its clause («وفق ما جاء في بيان لمركزها»)
        limit = sent_end
        for t in self.idx.tokens_between(h.end, sent_end):
            if t.norm in CLAUSE_PUNCT and t.norm != "-" and not self._abbreviation_dot(t):
                limit = t.start
                break
        if self.idx.word_count(h.end, limit) > 12:
            limit = self.idx.tokens_after(h.end, 14)[-1].end
        found = None
        if h.form.isascii():
            head = en_head_of(self.idx.tokens_between(h.end, limit))
            if head is not None:
                found = self._en_resolve(*head, limit=limit)
        if found is None:
            found = self.finder.at(h.end, limit, self.claims, anywhere=True)
        if found is None:
            return
        if found.speaker.kind == "unknown" and found.speaker.end is not None:
            # «حسب معلومات تداولتها وسائل إعلام عربية»: the information has a named source
            named = self.finder.at(found.speaker.end, limit, self.claims, anywhere=True)
            if named is not None and named.speaker.kind != "unknown":
                found = named
        self.consumed_until = max(self.consumed_until, found.speaker.end or h.end)
        # the marker closes a claim already open in this sentence: its source document
        open_claims = [c for c in self._claims_with_verb_in(sent_start, h.start) if c.start <= h.start]
        if open_claims:
            # «نفت قسد ...، مشيرة ...، ونوهت ...، وفق ما جاء في بيان لمركزها الإعلامي»: every
            # statement of the sentence came through that document
            for c in open_claims:
                c.end = min(c.end, h.start)
                set_chain(c, [*prev_chain(c), found.speaker])
            return
        tail = self.doc.text[found.speaker.end or h.end : sent_end].strip(TRIM + '"»”')
        head = self.doc.text[sent_start : h.start].strip(TRIM)
        if head in ("و", "ف"):
            head = ""  # «وبحسب مصادر ...»: the proclitic of the marker
        if not tail:
            start, end = sent_start, h.start  # «..., بحسب المصادر.»
        elif not head:
            # «بحسب المصادر، ...», "According to a statement by the SDF media center, ...": the
            # content opens after the comma that closes the source phrase, wherever the
            # speaker's name stopped
            start, end = found.speaker.end or h.end, sent_end
            if (
                limit < sent_end
                and self.doc.text[limit] in ",،"
                and limit >= start
                and self.idx.word_count(start, limit) <= 3
                and self._comp_after(start, limit) is None
            ):
                start = limit + 1
        else:
            start, end = sent_start, sent_end  # «... -بحسب تصريحات قسد- ...»
        claim = Claim(
            id="",
            start=start,
            end=end,
            speaker=found.speaker,
            via=[],
            verb=h.text,
            stance="assert",
            verb_span=(h.start, h.end),
        )
        set_chain(claim, [])
        claim.via = self._via(found.speaker, [], found.recipient)
        self._add(claim)

    def _colon_headlines(self) -> None:
        """«مصادر خاصة للشبكة: هجوم على حاجز ...», «مسؤول في قسد لـ"الوطن": ...»: a speaker
        phrase opening its sentence and closed by a colon, with no verb of saying — the
        bulletin and headline form of «قالت مصادر خاصة للشبكة إنّ». The colon must follow
        within a few words, and no claim may already cover the sentence."""
        idx = self.idx
        taken = sorted(c.verb_span[0] for c in self.claims if c.verb_span)
        for sent in self.doc.sentences:
            # a sentence holding a claim's verb is covered: a bisect over the sorted verb
            # starts, asked before the (costlier) first-word search
            k = bisect_left(taken, sent.start)
            if k < len(taken) and (taken[k] == sent.start or taken[k] < sent.end):
                continue
            first = self.finder._first_word(sent.start, sent.end)
            if first is None:
                continue
            starts = self.finder.speaker_starts
            k = bisect_left(starts, first.start)
            if k == len(starts) or starts[k] != first.start:
                continue  # only a speaker NOUN («مصادر», «مسؤول»), never a bare name
            colon = next(
                (
                    t
                    for t in idx.tokens_between(first.end, sent.end, _MAX_HEADLINE_WORDS)
                    if t.norm == ":"
                ),
                None,
            )
            if colon is None or self._verbs_in(first.start, colon.start):
                continue
            if not self.doc.text[colon.end : sent.end].strip(TRIM):
                continue
            found = self.finder.at(first.start, colon.start, self.claims)
            if found is None or found.speaker.kind == "unknown":
                continue
            claim = Claim(
                id="",
                start=colon.end,
                end=sent.end,
                speaker=found.speaker,
                via=[],
                verb=colon.text,  # the colon is this form's only mark of saying
                stance="assert",
                verb_span=(colon.start, colon.end),
            )
            set_chain(claim, [])
            claim.via = self._via(found.speaker, [], found.recipient)
            self.claims.append(claim)
        self.claims.sort(key=lambda c: c.verb_span[0] if c.verb_span else c.start)
