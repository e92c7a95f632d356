"""Claims from a document: each reporting verb and attribution marker in text order
becomes a claim with its speaker, chain, stance and content (the package docstring says how)."""

from __future__ import annotations

from bisect import bisect_left

from marsad.document import Claim, Document, Speaker
from marsad.extract.claims.attributions import Attributions
from marsad.extract.claims.chains import prev_chain, set_chain
from marsad.extract.claims.contents import ContentBounds
from marsad.extract.claims.english import EN_PARTICIPLES
from marsad.extract.claims.frames import VerbFrames
from marsad.extract.claims.quotations import Quotations
from marsad.extract.claims.state import VHit, copy_speaker
from marsad.extract.claims.subjects import Subjects
from marsad.extract.context import DocIndex
from marsad.extract.lexicons import scan, sense, word_end
from marsad.extract.speakers import SpeakerFound

# proclitics a reporting verb may carry: و ف (and), ل (purpose), س (future)
_VERB_PROCLITICS = frozenset({"", "و", "ف", "ل", "ول", "فل", "س", "وس", "فس"})


def extract_claims(doc: Document) -> Document:
    """Fill ``doc.claims`` (ids c1, c2 ... in text order)."""
    if doc.norm is None or not doc.text:
        doc.claims = []
        return doc
    hits = scan(doc)
    idx = DocIndex.build(doc)
    builder = _ClaimBuilder(doc, idx, hits)
    doc.claims = builder.build()
    _add_speaker_entities(doc)
    return doc


def _add_speaker_entities(doc: Document) -> None:
    """Every entity a claim names as its speaker or its chain is one of the document's (a
    correspondent «مراسلنا» speaks for the publisher, which the text may never name)."""
    from marsad.kb.gazetteer import load_kb

    ids = [c.speaker.entity for c in doc.claims if c.speaker.entity]
    ids += [e for c in doc.claims for e in c.via]
    missing = [e for e in dict.fromkeys(ids) if e not in doc.entities]
    if missing:
        kb = load_kb()
        for e in missing:
            entity = kb.get(e)
            if entity is not None:
                doc.entities[e] = entity


class _ClaimBuilder(Attributions, Subjects, VerbFrames, Quotations, ContentBounds):
    """Every claim of one document: verbs and markers in text order, then contents closed."""

    def build(self) -> list[Claim]:
        events: list[tuple[int, str, VHit]] = [(h.start, "verb", h) for h in self.hits.verbs]
        events += [(h.start, "post", h) for h in self.hits.posts if not sense(h, "verb")]
        events.sort(key=lambda e: e[0])
        for _, what, h in events:
            if h.start < self.consumed_until:
                continue
            if what == "verb":
                self._verb(h)
            else:
                self._postposed(h)
        self._colon_headlines()
        self._close_contents()
        self._continue_quotations()
        self._preceding_quotations()
        # a verb with nothing reported after it («..., he said.») quotes nothing we can show
        self.claims = [c for c in self.claims if c.end > c.start]
        for i, c in enumerate(self.claims, 1):
            c.id = f"c{i}"
        return self.claims

    def _verb(self, h: VHit) -> None:
        vs = sense(h, "verb")
        assert vs is not None
        if h.prefix not in _VERB_PROCLITICS:
            return  # with the article it is a noun or an adjective («الكشف عن», «اللافت»)
        sent_start, sent_end = self.idx.sentence_bounds(h.start)
        if vs.clause_initial and not self._clause_initial(h, sent_start):
            return
        if self._impersonal(h, sent_start):
            return  # «يُذكر أن», «الجدير ذكره أن»: the outlet's own background note
        if self._negated(h, sent_start):
            # «لم تعلن أي جهة مسؤوليتها»: nobody said it — the outlet's own statement, and no
            # continuation of the previous speaker
            return
        if self._takes_a_life(h, sent_end):
            return  # «claimed the lives of»: a death, told by the outlet
        vend = word_end(self.doc, h)
        comp = self._comp_after(vend, sent_end)
        if vs.governs:
            window = self.idx.tokens_between(h.end, comp.start if comp else sent_end, 12)
            close_comp = comp is not None and self.idx.word_count(vend, comp.start) <= 6
            if (
                not any(t.norm == vs.governs for t in window)
                and not h.form.endswith(vs.governs)
                and not close_comp
            ):
                return  # نقل with neither عن nor أنّ: a transfer, not a quotation
        colon = None if comp is not None else self._colon_after(vend, sent_end)
        frame_end = comp.start if comp else colon.start if colon else sent_end
        self.finder.extra_stops = frozenset({vs.opens}) if vs.opens else frozenset()
        en_subject = None
        if self._quoted(h):
            # «"... told me that if I said anything"», «وتقول: “تحدثت مع والدتي ...”»: words
            # of the quotation, which belongs to the claim that opened it
            return
        if h.form.isascii():
            before = self.idx.tokens_before(h.start, 1)
            if h.form in EN_PARTICIPLES and before and before[-1].norm == "as":
                return  # «quoted the sources as saying»: one claim, the quoting verb's
            k = bisect_left(self.verb_starts, h.start)
            if before and k and before[-1].start <= self.hits.verbs[k - 1].end <= before[-1].end:
                return  # «denied reports that», «confirmed reports»: the object of a verb
            en_subject = self._en_subject(h, sent_start)
        if en_subject is not None:
            found, chain, frame_used = en_subject, [], None
        else:
            found, chain, frame_used = self._subject_after(h, vs, frame_end)
        self.finder.extra_stops = frozenset()
        inherited_via: list[str] | None = None
        if found is not None and found.antecedent is not None and not chain:
            # «نقلت الوطن عن مصدر ... وبيّن المصدر»: the source named again still speaks
            # through the same channel
            chain = prev_chain(found.antecedent)
            if found.recipient is None:
                inherited_via = list(found.antecedent.via)
        if found is None and (comp or colon) is not None and not self._after_relative(h):
            # «وأكد مفتش في القوات الحكومية، أن»: a subject we cannot classify is still a new
            # speaker — unless it names the previous one again («وأضاف النعمان أن»)
            explicit = self._explicit_subject(h, vend, (comp or colon).start)  # type: ignore[union-attr]
            if explicit is not None:
                frame_used = explicit.resume
                prev = self._repeated_speaker(explicit, h)
                if prev is None:
                    found = explicit
                else:
                    found = SpeakerFound(copy_speaker(prev.speaker), resume=explicit.resume)
                    chain = prev_chain(prev)
                    inherited_via = list(prev.via)
        if vs.conduit and found is not None:
            # «تداول ناشطون تسجيلات مسربة ...»: the material speaks, the sharers pass it on
            material = self._conduit_object(found.resume or found.speaker.end or vend, frame_end)
            if material is not None:
                chain = [found.speaker, *chain]
                found = material
                frame_used = material.resume or material.speaker.end
        # the complementiser must follow the verb or its subject closely
        if comp is not None:
            anchor = frame_used if found is not None and frame_used is not None else vend
            for other in self._verbs_in(anchor, comp.start):
                os_ = sense(other, "verb")
                if (
                    other.prefix in _VERB_PROCLITICS
                    and not other.form.endswith("عن")
                    and os_ is not None
                    and os_.form != "noun"
                    # «في تصريح تابعته الوكالة، إن»: a clause-initial verb elsewhere is no verb
                    # of saying
                    and not (os_.clause_initial and not self._clause_initial(other, sent_start))
                    # «قالت ... بحسب ما نقلت عنها الوكالة، إن»: a relay inside the frame
                    and not self._after_postposed(other, anchor)
                    # «في بيانها الذي نشرته اليوم أن»: a relative clause of the frame's noun
                    and not self._frame_relative(other)
                ):
                    comp = None  # «نفت قسد ...، مشيرة إلى أن»: that أن is the participle's
                    break
        if comp is not None:
            gap = self.idx.word_count(anchor, comp.start)
            between = self.doc.text[anchor : comp.start].lstrip()
            loose = (
                between[:1] in (",", "،")
                or self._relative_next(anchor)
                or self._statement_frame(anchor, comp.start)
                # «وقالت القوات بحسب ما نقلت عنها وكالة هاوار، إن»: a relay in the frame
                or any(anchor <= p.start < comp.start for p in self.hits.posts)
            )
            if gap > (14 if loose else 3):
                comp = None
        if comp is None and found is not None and not chain:
            frame_used = found.resume or found.speaker.end
        if vs.strict and comp is None and colon is None and not self._quote_follows(
            frame_used or vend, sent_end
        ):
            return
        if found is None and self._after_relative(h):
            found = self._antecedent(h, sent_start)
        if found is None:
            found = self._subject_before(h, vs, sent_start)
        stance = vs.value
        if found is None and self.claims and not self._after_relative(h):
            prev = self.claims[-1]
            if self.idx.paragraph_of(prev.start) >= self.idx.paragraph_of(h.start) - 1:
                found = SpeakerFound(copy_speaker(prev.speaker))
                chain = prev_chain(prev)
                inherited_via = list(prev.via)  # the same speaker through the same channel
                if (
                    prev.stance == "allege"
                    and stance == "assert"
                    and prev.verb_span
                    and prev.verb_span[0] >= sent_start
                ):
                    stance = "allege"  # what an allegation goes on to "indicate" is alleged too
        if found is None and not self._after_relative(h):
            found = self._sentence_body(h, sent_start)
        if found is not None and found.recipient is None:
            # «وأوضحت الهيئة في تصريح لوكالة سانا أن»: the outlet told, after the speaker
            frame_stop = self._comp_after(vend, sent_end)
            if frame_stop is not None:
                told_from = found.speaker.end or vend
                if told_from < vend:
                    # the speaker named before («وقالت تلك القوات»): the frame is after the verb
                    told_from = max(found.resume or vend, vend)
                found.recipient = self._frame_recipient(told_from, frame_stop.start)
                if found.recipient is not None:
                    inherited_via = None  # this statement names its own channel
        speaker = found.speaker if found else Speaker(None, None, None, "unknown", None)
        if comp is not None:
            content_start = comp.end
        elif colon is not None:
            content_start = colon.end  # «وكتب المتحدث في تغريدة: «...»»
        elif frame_used is not None:
            content_start = frame_used
        else:
            content_start = vend
        if comp is not None or colon is not None or frame_used is not None:
            self.consumed_until = content_start
        content_end = sent_end
        if en_subject is not None and comp is None and colon is None and speaker.start is not None:
            # an English subject stands before its verb: what it says starts after the verb
            content_start = max(content_start, vend)
            before = self._en_trailing_frame(speaker.start, vend, sent_start, sent_end)
            if before is not None:
                content_start, content_end = before
        claim = Claim(
            id="",
            start=content_start,
            end=content_end,
            speaker=speaker,
            via=[],
            verb=self.doc.text[h.start : vend],
            stance=stance,
            verb_span=(h.start, vend),
        )
        set_chain(claim, chain)
        if inherited_via is not None:
            claim.via = inherited_via
        else:
            claim.via = self._via(speaker, chain, found.recipient if found else None)
        self._add(claim)
