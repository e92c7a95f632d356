"""Claims: what is reported, by whom, through whom, with what stance.

A claim is anchored on a reporting verb (``kb/data/reporting_verbs.toml``, every person, tense,
passive and participle) or a postposed attribution («وفق ما جاء في بيان ...», «بحسب ...»).

* Speaker: the subject right after the verb (Arabic VSO: «أكد مصدر ... أن»), else the subject
  before it (SVO: «المصادر لفتت», «تقارير ... حذرت»). A continuation without a subject —
  a participle («مشيراً»), «وأكد», «وأشارت إلى أن» — keeps the previous speaker.
* Chain (``via``): «نقلت صحيفة الوطن عن مصدر» → the source speaks, al_watan passed it on.
  ``via`` lists the intermediaries between the speaker and THIS document's publisher, nearest
  first; the publisher itself is never listed (a source speaking «لـ«الوطن»» in al-Watan has
  ``via == []``; the same words quoted in another outlet give ``["al_watan"]``). The full
  chain, intermediaries without a KB entity included, is in ``Claim.chain``.
* Content: from the complementiser (أنّ/بأن/إلى أن) — or the end of the speaker — to the end
  of the sentence or the next reporting verb in it.
* Stance: from the verb (نفى deny, زعم/ادعى/تداول allege, توقع predict, حذّر warn).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from itertools import compress, pairwise
from operator import attrgetter

from marsad.document import Claim, Document, Speaker, Token
from marsad.extract.context import CLAUSE_PUNCT, RELATIVES, DocIndex, is_word
from marsad.extract.lexicons import (
    ExtractionHits,
    Sense,
    content_boundaries,
    impersonal_formulas,
    scan,
    sense,
    statement_frame,
    word_end,
)
from marsad.extract.speakers import SpeakerFinder, SpeakerFound, frame_noun
from marsad.text.lexicon import Hit
from marsad.text.normalize import normalize_term
from marsad.text.segment import is_abbreviation

# predictions and warnings carry on through their contrasts (no voice boundary in them)
_OPEN_STANCES = frozenset({"predict", "warn"})
_MAX_FRAME_WORDS = 40
_MAX_COLON_FRAME_WORDS = 12  # verb ... colon («وكتب فلان في تغريدة على حسابه:»)  # verb ... complementiser
_MAX_PRE_WORDS = 14  # subject ... verb (SVO)
_MAX_HEADLINE_WORDS = 8  # speaker noun ... colon, verbless («مصدر أمني لـ"الوطن": ...»)
_CONTINUATION_PREFIXES = ("و", "ف")
_CLAUSE_OPENERS = frozenset({"كما", "فيما", "بينما", "حيث", "ثم", "وقد", "قد", "and"})
_TRIM = " \t\n,،.;:-–—|"
# proclitics a reporting verb may carry: و ف (and), ل (purpose), س (future)
_VERB_PROCLITICS = frozenset({"", "و", "ف", "ل", "ول", "فل", "س", "وس", "فس"})
# a complementiser takes ب (بأن) or و (وأن) and pronoun endings only: «كانت» is no «أن»
_COMP_PROCLITICS = frozenset({"", "ب", "و", "وب"})
_COMP_SUFFIXES = frozenset({"", "ه", "ها", "هم", "هما", "هن", "نا", "ني"})

# particles that negate the verb after them: «لم تعلن أي جهة مسؤوليتها» reports nothing
_NEGATIONS = frozenset(
    {
        "لم", "لن", "لا", "ولم", "ولن", "ولا", "فلم", "فلن", "فلا", "عدم", "دون", "بدون",
        "not", "never", "didn't",
    }
)
# words that may stand between a verb and its complementiser without being its subject:
# prepositions (أكد في تصريح، أشار إلى أن), adverbs (أيضاً، بدوره), pronouns (هو)
_NOT_SUBJECT = frozenset(
    {
        "في", "الي", "علي", "عن", "من", "خلال", "عبر", "امام", "ل", "ب", "مع", "بعد", "قبل",
        "ايضا", "كذلك", "بدوره", "بدورها", "بدورهم", "حينها", "حينذاك", "امس", "اليوم",
        "هو", "هي", "هم", "ذلك", "قائلا", "قائله", "مضيفا", "مضيفه", "مشيرا", "مشيره",
        "بالقول", "القول", "بان", "ان", "انه", "انها", "انهم", "فيه", "فيها", "له", "لها",
    }
)
_DEMONSTRATIVES = frozenset({"هذا", "هذه", "ذلك", "تلك", "هولاء", "اولءك", "اوليك"})
# quotation marks that open and close a quotation (the plain " is counted by parity)
_OPEN_QUOTES = "«“"
_CLOSE_QUOTES = "»”"
_MAX_QUOTE_SENTENCES = 6
# «نقلت عنها», «نقل عنه», «ونقلت عنهم»: a relay of the speaker's words (بحسب ما نقلت عنها ...)
_RELAY_STEMS = ("نقل", "ونقل", "فنقل")
_RELAY_PRONOUNS = ("عنه", "عنها", "عنهم", "عنهما", "عنهن")  # a quotation continued over at most this many sentences
# «في بيان نقلته الوكالة», «في تصريح أوردته»: the relayed statement as the verb's object
_OBJECT_PRONOUNS = ("ته", "تها", "ه", "ها")
_OBJECT_RELAY_STEMS = ("نقل", "نشر", "اورد", "بث")

VHit = Hit[tuple[Sense, ...]]
# English words that may stand between a subject and its verb («officials had said»)
_EN_ADVERBS = frozenset({"also", "later", "earlier", "had", "has", "have", "previously", "then"})
# particles between an Arabic subject and its verb: «وكانت مصادر محلية قد تحدثت»
_AR_PARTICLES = frozenset({"قد", "لقد"})
# English subject phrases (SVO): the head noun comes first; a prepositional phrase, a
# parenthesis or a "-based/-led" modifier names something else («The coalition against the
# Islamic State (ISIS) said» is the coalition speaking, «the UK-based Observatory» not the UK).
_EN_SEGMENT_MARKS = frozenset({",", ";", ":", '"', ".", "!", "?", "|"})
_EN_SUBORDINATORS = frozenset(
    {"while", "but", "when", "whereas", "meanwhile", "as", "after", "before", "since", "and"}
)
_EN_PREPOSITIONS = frozenset(
    {"of", "against", "for", "in", "at", "from", "on", "with", "near", "inside", "by", "to",
     "over", "under", "about", "within", "across"}
)
_EN_MODIFIER_ENDS = frozenset({"based", "led", "backed", "run", "controlled", "affiliated"})
_EN_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})
_EN_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})
_OPENING_QUOTES = frozenset('"\'“‘«')
# What may follow a verb of saying that closes its sentence («..., the SDF said in a statement
# on Tuesday», «..., an official told Reuters»): circumstances of the statement, not its content.
_EN_FRAME_TAIL_OPENERS = frozenset(
    {"in", "on", "at", "to", "during", "late", "earlier", "later", "yesterday", "today",
     "reuters", "afp", "ap", "the", "a", "an", "via", "through", "after", "when", "while",
     "without", "adding", "citing", "told"}
)
_EN_OTHER_SPEAKER = frozenset({"another", "other", "others"})
_EN_PARTICIPLES = frozenset({"saying", "adding", "noting", "quoting", "stressing"})

_START = attrgetter("start")
_NORM = attrgetter("norm")


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

class _ClaimBuilder:
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

    # -- main loop -----------------------------------------------------------------------
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

    def _clause_initial(self, h: VHit, sent_start: int) -> bool:
        if any(p in h.prefix for p in _CONTINUATION_PREFIXES):
            return True
        before = self.idx.tokens_before(h.start, 1, floor=sent_start)
        return not before or before[-1].norm in CLAUSE_PUNCT or before[-1].norm in _CLAUSE_OPENERS

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
            if h.form in _EN_PARTICIPLES and before and before[-1].norm == "as":
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
                    found = SpeakerFound(_copy(prev.speaker), resume=explicit.resume)
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
                found = SpeakerFound(_copy(prev.speaker))
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
        _set_chain(claim, chain)
        if inherited_via is not None:
            claim.via = inherited_via
        else:
            claim.via = self._via(speaker, chain, found.recipient if found else None)
        self._add(claim)

    def _frame_relative(self, h: VHit) -> bool:
        """«في بيانها الذي نشرته»: a verb in a relative clause of the statement's noun; or,
        after an indefinite noun, the relative clause without a pronoun: «في بيان نقلته
        وكالة فرانس برس» (the verb carries the pronoun that refers back to the statement)."""
        before = self.idx.words_before(h.start, 2)
        nouns = statement_frame()[1]
        if len(before) == 2 and before[1] in RELATIVES and frame_noun(before[0], nouns):
            return True
        word = self.idx.word_at(h.start)
        return (
            bool(before)
            and before[-1] in nouns
            and word is not None
            and word.norm.endswith(_OBJECT_PRONOUNS)
        )

    def _statement_frame(self, start: int, end: int) -> bool:
        """The words after the speaker open the statement's setting: «في تصريح خاص لـ»,
        «خلال مؤتمر صحفي», «في بيانها»."""
        openers, nouns = statement_frame()
        words = self.idx.words_between(start, end)[:2]
        if words and words[0] in openers:
            words = words[1:]
        return bool(words) and frame_noun(words[0], nouns)

    def _after_postposed(self, h: VHit, floor: int) -> bool:
        """The verb follows a postposed marker closely («بحسب ما نقلت»)."""
        return any(
            floor <= p.start < h.start and self.idx.word_count(p.end, h.start) <= 1
            for p in self.hits.posts
        )

    def _frame_recipient(self, start: int, end: int) -> str | None:
        """An outlet the speaker told, between the speaker and the complementiser: «في
        تصريح لوكالة سانا», «لـ"الوطن"»."""
        if end - start > 120:
            return None
        for tok in self.idx.tokens_between(start, end):
            if tok.norm.startswith("ل"):
                rec = self.finder._recipient_in_token(tok.start, tok.end)
                if rec:
                    return rec
        # «قالت القوات، بحسب ما نقلت عنها وكالة هاوار، إن»: the outlet that relayed the
        # words is their channel
        for m in self.idx.mentions_in(start, end):
            if m.end > end or not self.idx.is_outlet(m.entity):
                continue
            before = self.idx.words_before(m.start, 3, floor=start)
            if any(
                (
                    w.startswith(_RELAY_STEMS)
                    and (
                        w.endswith(_RELAY_PRONOUNS)
                        or (k + 1 < len(before) and before[k + 1] in _RELAY_PRONOUNS)
                    )
                )
                # «في بيان نقلته وكالة فرانس برس»: the outlet published the statement
                or (
                    w.startswith(_OBJECT_RELAY_STEMS)
                    and w.endswith(_OBJECT_PRONOUNS)
                    and k > 0
                    and frame_noun(before[k - 1], statement_frame()[1])
                )
                for k, w in enumerate(before)
            ):
                return m.entity
        return None

    def _an_between(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of the preposition «عن» («نقلت الوطن عن مصدر») between two offsets."""
        idx = self.idx
        i = bisect_left(idx.word_starts, start)
        j = bisect_left(idx.word_starts, end)
        return [
            (idx.word_starts[k], idx.word_ends[k])
            for k in range(i, j)
            if idx.word_norms[k] == "عن" and idx.word_ends[k] <= end
        ]

    def _impersonal(self, h: VHit, sent_start: int) -> bool:
        """The verb belongs to an impersonal formula opening its sentence (``impersonal`` in
        reporting_verbs.toml): «يُذكر أن», «الجدير بالذكر», «تجدر الإشارة إلى أن»."""
        vword = self.idx.word_at(h.start)
        formulas = impersonal_formulas()
        if vword is None or vword.norm not in formulas.last_words:
            return False
        # from the word's start, not the hit's: the hit of «ويذكر» starts after its و, inside
        # the word, and the word itself must not count among the words before it
        before = self.idx.tok_norms_before(vword.start, 3, sent_start)
        if not all(is_word(w) for w in before):
            return False
        return any(
            " ".join([*before[k:], vword.norm]) in formulas.phrases for k in range(len(before) + 1)
        )

    def _negated(self, h: VHit, sent_start: int) -> bool:
        """A negation particle right before the verb («لم تعلن», «did not say»)."""
        if h.prefix.startswith(("و", "ف")):
            return False
        before = self.idx.tok_norms_before(h.start, 2, sent_start)
        if not before:
            return False
        if before[-1] in _NEGATIONS:
            return True
        # English: «did not say», «has not announced»
        return len(before) == 2 and before[-2] in _NEGATIONS and before[-1].isascii()

    def _antecedent(self, h: VHit, sent_start: int) -> SpeakerFound | None:
        """The noun phrase before the relative pronoun that opens this verb's clause
        («المعلومات والتحليلات التي تؤكد أن», «SDF, which announced»): the subject of the
        relative clause when nothing else is. Only a speaker noun or a body counts; any
        other antecedent («جهودها التي تزعم») is the object of the verb, not its subject."""
        idx = self.idx
        rel = idx.tokens_before(h.start, 1)
        if not rel:
            return None
        rel_start = rel[-1].start
        # the phrase may close a quotation or a parenthesis before the pronoun
        toks = idx.tokens_before(rel_start, 8, floor=sent_start)
        end = rel_start
        k = len(toks)
        while k and toks[k - 1].norm in ('"', ")"):
            if toks[k - 1].norm == ")":
                # «Syrian Democratic Forces (SDF) which»: the noun before the parenthesis
                opening = next((j for j in range(k - 2, -1, -1) if toks[j].norm == "("), None)
                if opening is not None and opening > 0:
                    k = opening
                    continue
            k -= 1
        if k == 0:
            return None
        end = toks[k - 1].end
        floor = toks[0].start
        for j in range(k - 1, -1, -1):
            if toks[j].norm in CLAUSE_PUNCT and toks[j].norm not in ('"',):
                floor = toks[j].end
                break
        cands: list[tuple[int, int, VHit | None, str | None]] = []
        for sh in self.hits.speakers:
            if floor <= sh.start < end and sh.end <= end:
                cands.append((sh.start, sh.end, sh, None))
        for m in idx.mentions_in(floor, rel_start):
            if m.start >= end:
                continue
            if idx.entity(m.entity) is not None or idx.is_outlet(m.entity):
                cands.append((m.start, m.end, None, m.entity))
        # a speaker noun inside a name («Syrian Democratic Forces»): the name speaks
        cands = [
            c
            for c in cands
            if c[2] is None
            or not any(o[2] is None and o[0] <= c[0] and c[1] <= o[1] for o in cands)
        ]
        if not cands:
            return None
        cands.sort(key=lambda c: c[0])
        # the head is the candidate nearest the pronoun with at most two words (adjectives)
        # after it; coordinated nouns before it join the phrase («المعلومات والتحليلات»)
        head_i = None
        for i in range(len(cands) - 1, -1, -1):
            if idx.word_count(cands[i][1], end) <= 2:
                head_i = i
                break
        if head_i is None:
            return None
        first = head_i
        while first > 0:
            prev, cur = cands[first - 1], cands[first]
            word = idx.word_at(cur[0])
            coordinated = word is not None and word.norm.startswith("و")
            if not coordinated or idx.word_count(prev[1], cur[0]) > 1:
                break
            first -= 1
        start, _, hit, entity = cands[first]
        if hit is not None and hit.prefix.endswith("ال") and self.doc.text[start - 2 : start] == "ال":
            start -= 2  # the article belongs to the phrase: «التقارير»
        if hit is not None:
            sp = sense(hit, "speaker")
            kind = sp.value if sp is not None else "unknown"
            if sp is not None and sp.title:
                kind = "anonymous_source"  # «المسؤول الذي أكد»: a title without a name
            ent = next(
                (m.entity for m in idx.mentions_in(start, end) if idx.is_outlet(m.entity)), None
            )
        else:
            e = idx.entity(entity)
            if idx.is_outlet(entity):
                kind = "outlet"
            elif e is not None and e.type == "person":
                kind = "named_person"
            elif e is not None and e.type in ("organization", "armed_group", "state"):
                kind = "official_body"
            else:
                return None  # a place is no speaker
            ent = entity
        return SpeakerFound(Speaker(self.doc.text[start:end], start, end, kind, ent))

    def _explicit_subject(self, h: VHit, vend: int, comp_start: int) -> SpeakerFound | None:
        """A noun phrase between the verb and its complementiser that the speaker lexicon does
        not know («وأكد مفتش في القوات الحكومية، أن»): a speaker of kind ``unknown``."""
        if h.form.isascii():
            return None  # English puts its subject before the verb
        idx = self.idx
        for tok in idx.tokens_between(vend, comp_start):
            if not is_word(tok.norm):
                return None  # «وأضاف: ...», «وأكدت «التزامها»»: the content begins
            t = idx.time_at(tok.start)
            if t is not None and t.end > tok.start:
                continue
            w = tok.norm
            if w in _NOT_SUBJECT:
                return None
            if len(w) > 3 and w[0] in "لب" and not w.startswith("ال"):
                return None  # a preposition glued to the noun: «لوكالة», «بتصريح»
            end, _ = self.finder.extent(tok.start, comp_start)
            if end <= tok.start:
                return None
            # a noun after the verb may as well be its object («وأكد وجود تقارير ... أن»):
            # only a plural of persons («مقربون من الإدارة») or a phrase set off by a comma
            # before أنّ («وأكد مفتش في القوات الحكومية، أن») reads as the subject
            rest = self.doc.text[end:comp_start].strip()
            colon = self.doc.text[comp_start : comp_start + 1] == ":"
            if not (w.endswith("ون") or rest.startswith((",", "،")) or colon):
                return None
            return SpeakerFound(
                Speaker(self.doc.text[tok.start : end], tok.start, end, "unknown", None),
                resume=end,
            )
        return None

    def _repeated_speaker(self, found: SpeakerFound, h: VHit) -> Claim | None:
        """The previous claim whose speaker this subject names again: «وأضاف النعمان» after
        «... صباح النعمان»; «وذكرت الوكالة» after «وكالة سبوتنيك»; «تلك القوات»."""
        words = [
            w.removeprefix("ال")
            for w in normalize_term(found.speaker.text or "").replace('"', " ").split()
            if w not in _DEMONSTRATIVES
        ]
        if not words:
            return None
        head = words[0]
        for c in reversed(self.claims[-3:]):
            if not c.speaker.text:
                continue
            prev_words = {
                w.removeprefix("ال")
                for w in normalize_term(c.speaker.text).replace('"', " ").split()
            }
            if head in prev_words:
                return c
        return None

    def _verbs_in(self, start: int, end: int) -> list[VHit]:
        """Reporting-verb hits beginning in [start, end)."""
        vs = self.verb_starts
        return self.hits.verbs[bisect_left(vs, start) : bisect_left(vs, end)]

    def _conduit_object(self, start: int, limit: int) -> SpeakerFound | None:
        speakers = self.hits.speakers
        for i in range(bisect_left(self.finder.speaker_starts, start), len(speakers)):
            sh = speakers[i]
            if sh.start >= limit or self.idx.word_count(start, sh.start) > 3:
                break
            sp = sense(sh, "speaker")
            if sp is not None and sp.value in ("leaked_material", "media_reports"):
                return self.finder.at(sh.start, limit, self.claims)
        return None

    def _relative_next(self, offset: int) -> bool:
        """The first word among the next three tokens is a relative pronoun."""
        idx = self.idx
        i = bisect_left(idx.tok_starts, offset)
        for w in idx.tok_norms[i : i + 3]:
            if len(w) > 1 or w.isalnum():  # is_word, inline
                return w in RELATIVES
        return False

    def _after_relative(self, h: VHit) -> bool:
        before = self.idx.tokens_before(h.start, 1)
        return bool(before) and before[-1].norm in RELATIVES

    def _colon_after(self, vend: int, sent_end: int) -> Token | None:
        """«وكتب المتحدث باسم القوات في تغريدة: ...»: a colon closing the verb's frame (a few
        words on, before any other clause mark or quotation) introduces its content."""
        words = 0
        for tok in self.idx.tokens_after(vend, 24, ceiling=sent_end):
            if tok.norm == ":":
                return tok
            if tok.norm in CLAUSE_PUNCT or tok.norm == '"':
                return None
            if is_word(tok.norm):
                words += 1
                if words > _MAX_COLON_FRAME_WORDS:
                    return None
        return None

    def _quote_follows(self, start: int, sent_end: int) -> bool:
        toks = self.idx.tokens_after(start, 2, ceiling=sent_end)
        return any(t.norm in ('"', ":") for t in toks)

    # -- subjects ------------------------------------------------------------------------
    def _subject_after(
        self, h: VHit, vs: Sense, frame_end: int
    ) -> tuple[SpeakerFound | None, list[Speaker], int | None]:
        """The subject right after the verb, and the chain when it quotes through «عن»."""
        split_at: list[tuple[int, int]] = []
        quoting = bool(vs.governs) or h.form.endswith("عن")
        vend = word_end(self.doc, h)
        if quoting:
            split_at += self._an_between(vend, frame_end)
        starts = self.an_verb_starts
        for other in self.an_verbs[bisect_left(starts, h.end) : bisect_left(starts, frame_end)]:
            quoting = True
            split_at.append((other.start, other.end))
            split_at += self._an_between(other.end, frame_end)
        split_at = sorted(set(split_at))
        segments: list[tuple[int, int]] = []
        pos = vend
        for s, e in split_at:
            segments.append((pos, s))
            pos = e
        segments.append((pos, frame_end))
        found_list: list[SpeakerFound] = []
        last_end: int | None = None
        for i, (s, e) in enumerate(segments):
            f = self.finder.at(s, e, self.claims)
            if f is None:
                if i == 0 and not (h.form.endswith("عن")) and not quoting:
                    return None, [], None
                continue
            found_list.append(f)
            last_end = f.resume or f.speaker.end
        if not found_list:
            return None, [], None
        if quoting and len(segments) > 1 and last_end is not None:
            # quoting frame: the content starts after the last source
            pass
        speaker = found_list[-1]
        chain = [f.speaker for f in reversed(found_list[:-1])]
        # a recipient of an intermediary («نقلت لـ...») is not modelled; the speaker's is
        return speaker, chain, last_end

    def _subject_before(self, h: VHit, vs: Sense, sent_start: int) -> SpeakerFound | None:
        if vs.form != "finite" or any(p in h.prefix for p in _CONTINUATION_PREFIXES):
            return None
        if self._after_relative(h):
            return None
        floor = self._verb_floor(sent_start, h.start)
        # the subject phrase must run up to the verb (only punctuation between)
        starts = self.finder.speaker_starts
        for sh in self.hits.speakers[bisect_left(starts, floor) : bisect_left(starts, h.start)]:
            if self.idx.word_count(sh.start, h.start) <= _MAX_PRE_WORDS:
                f = self.finder.at(sh.start, h.start, self.claims)
                if f is not None and self._adjacent(f.resume or f.speaker.end or h.start, h.start):
                    return f
        for m in self.idx.mentions_in(floor, h.start):
            if self._adjacent(m.end, h.start):
                f = self.finder.at(m.start, h.start, self.claims)
                if f is not None:
                    return f
        return None

    def _en_head(self, h: VHit, sent_start: int) -> tuple[int, int, int, int] | None:
        """The English subject phrase before ``h``: (phrase start, head start, head end,
        phrase end). «Farhad Shami, Director of the SDF Media Center, said»: the name before
        the appositive; the head ends at the first preposition or parenthesis."""
        floor = self._verb_floor(sent_start, h.start)
        toks = self.idx.tokens_before(h.start, 30, floor=floor)
        k = len(toks)
        while k and is_word(toks[k - 1].norm) and (
            toks[k - 1].norm in _EN_ADVERBS or toks[k - 1].norm.endswith("ly")
        ):
            k -= 1
        if k == 0:
            return None
        toks = toks[:k]
        if toks[-1].norm == ",":
            # an appositive closes before the verb: the subject is the phrase before it
            j = k - 2
            while j >= 0 and toks[j].norm not in _EN_SEGMENT_MARKS:
                j -= 1
            if j < 0 or toks[j].norm != ",":
                return None
            toks = toks[:j]
        elif toks[-1].norm != ")" and not is_word(toks[-1].norm):
            return None
        i = len(toks)
        depth = 0
        while i > 0:
            n = toks[i - 1].norm
            if n == ")":
                depth += 1
            elif n == "(":
                depth -= 1
            elif depth == 0 and (
                (n in _EN_SEGMENT_MARKS and not self._abbreviation_dot(toks[i - 1]))
                or n in _EN_SUBORDINATORS
                or n in RELATIVES
                or n == "that"
            ):
                break
            i -= 1
        return _en_head_of(toks[i:])

    def _en_trailing_frame(
        self, subject_start: int, vend: int, sent_start: int, sent_end: int
    ) -> tuple[int, int] | None:
        """«Five detainees escaped on Monday, an SDF spokesperson said (in a statement).»: a
        frame that closes its sentence reports what stands before the comma opening it.

        Only when the subject phrase (at most five words) follows a comma, at least three
        words stand before that comma, and nothing but a prepositional tail («in a statement
        on Tuesday», «told Reuters») follows the verb — «On Monday, the SDF said five
        detainees escaped» reports what follows instead."""
        toks = self.idx.tokens_before(subject_start, 6, floor=sent_start)
        comma = None
        for t in reversed(toks):
            if t.norm == ",":
                comma = t.start
                break
            if not is_word(t.norm) and t.norm != '"':  # «"...," the SDF said»
                return None
        if comma is None or self.idx.word_count(sent_start, comma) < 3:
            return None
        tail = [t.norm for t in self.idx.tokens_between(vend, sent_end) if is_word(t.norm)]
        if tail and (len(tail) > 8 or tail[0] not in _EN_FRAME_TAIL_OPENERS):
            return None
        start = sent_start
        text = self.doc.text
        while start < comma and (text[start].isspace() or text[start] in _OPENING_QUOTES):
            start += 1
        return start, comma

    def _abbreviation_dot(self, t: Token) -> bool:
        """The full stop of «U.S.», «Gen.»: part of the phrase, not the end of its clause."""
        norm = self.doc.norm
        if t.norm != "." or norm is None:
            return False
        i = norm.to_norm(t.start)
        return is_abbreviation(norm, i, i + 1)

    def _en_subject(self, h: VHit, sent_start: int) -> SpeakerFound | None:
        if self._after_relative(h):
            return None
        if h.form == "according to":
            # the source follows the marker, up to the end of its clause
            _, sent_end = self.idx.sentence_bounds(h.start)
            after: list[Token] = []
            for t in self.idx.tokens_between(h.end, sent_end):
                if t.norm in _EN_SEGMENT_MARKS and not self._abbreviation_dot(t):
                    break
                after.append(t)
            head = _en_head_of(after)
            return None if head is None else self._en_resolve(*head, limit=head[3])
        span = self._en_head(h, sent_start)
        if span is None:
            return None
        person = self._en_appositive_name(span[0])
        if person is not None:
            return person
        if h.form in _EN_PARTICIPLES:
            return None  # «..., saying»: the subject of the main clause (continuation below)
        found = self._en_resolve(*span, limit=h.start)
        return found

    def _en_appositive_name(self, start: int) -> SpeakerFound | None:
        """«Farhad Shami, Director of the SDF Media Center said»: the person named right
        before the comma that opens the title phrase."""
        before = self.idx.tokens_before(start, 1)
        if not before or before[-1].norm != ",":
            return None
        comma = before[-1].start
        for m in self.idx.mentions_in(max(0, comma - 60), comma + 1):
            e = self.idx.entity(m.entity)
            if e is not None and e.type == "person" and not self.doc.text[m.end : comma].strip():
                return self.finder._from_mention(m.start, m.end, m.entity, comma)
        return None

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

    def _en_resolve(
        self, start: int, head_start: int, head_end: int, end: int, *, limit: int
    ) -> SpeakerFound | None:
        """The speaker of an English phrase from its head: a KB person, a speaker noun, a KB
        body, else a capitalised name (a person we do not know). A pronoun gives None (the
        caller continues the previous speaker)."""
        idx = self.idx
        mentions = [
            m
            for m in idx.mentions_in(start, end)
            if m.start < head_end and m.end > head_start
        ]
        # a name in the parenthesis closing the head is the most specific («(UNICEF)»)
        mentions.sort(key=lambda m: self.doc.text[max(0, m.start - 2) : m.start].strip() != "(")
        persons = [m for m in mentions if (e := idx.entity(m.entity)) and e.type == "person"]
        if persons:
            m = persons[0]
            return self.finder._from_mention(m.start, m.end, m.entity, end)
        speakers = self.hits.speakers
        for i in range(bisect_left(self.finder.speaker_starts, head_start), len(speakers)):
            sh = speakers[i]
            if head_start <= sh.start < head_end:
                if any(m.start <= sh.start < m.end for m in mentions):
                    break  # «SDF Media Center»: the name holds the noun
                f = self.finder.at(sh.start, limit, self.claims)
                if f is None:
                    break
                sp = sense(sh, "speaker")
                if sp is not None and sp.title and f.speaker.entity is None:
                    ref = self._titled_antecedent(sh, f)
                    if ref is not None:
                        return ref
                elif f.speaker.entity is None and self.doc.text[
                    max(0, sh.start - 4) : sh.start
                ].lower() == "the ":
                    # «The sources pointed out» after «Local sources revealed»: the same ones
                    noun = sh.form.split()[-1]
                    for c in reversed(self.claims):
                        prev = c.speaker
                        if prev.text and prev.text.lower().split()[-1:] == [noun]:
                            f.speaker.kind, f.speaker.entity = prev.kind, prev.entity
                            break
                return f
            if sh.start >= head_end:
                break
        for m in mentions:
            f = self.finder._from_mention(m.start, m.end, m.entity, end)
            if f is not None:
                return f
        words = [t for t in idx.tokens_between(head_start, head_end) if is_word(t.norm)]
        if len(words) == 1 and words[0].norm in _EN_PRONOUNS:
            return None  # «he added»: the previous speaker (the continuation below)
        names = [t for t in words if t.norm not in _EN_DETERMINERS]
        text = self.doc.text
        if names and len(names) <= 4 and all(text[t.start].isupper() for t in names):
            if len(names) == 1 and names[0].norm in _EN_OTHER_SPEAKER and self.claims:
                # «one SDF source said ... Another said»: one more of the same kind
                prev = self.claims[-1].speaker
                return SpeakerFound(
                    Speaker(text[names[0].start : names[0].end], names[0].start, names[0].end,
                            prev.kind, None),
                    resume=names[0].end,
                )
            return self._en_name(names[0].start, names[-1].end)
        if names and all(t.norm.isascii() for t in names):
            # a subject the lexicon does not know («Arab tribal figures said»): a speaker we
            # cannot classify, not the previous one
            return SpeakerFound(
                Speaker(text[names[0].start : head_end], names[0].start, head_end, "unknown",
                        None),
                resume=head_end,
            )
        return None

    def _titled_antecedent(self, sh: VHit, f: SpeakerFound) -> SpeakerFound | None:
        """«The commander also said» after «John Brennan, commander of ...»: a bare title
        names the person who bore it before."""
        word = sh.form.split()[-1]
        for c in reversed(self.claims):
            sp = c.speaker
            if sp.kind == "named_person" and sp.entity and word in (sp.text or "").lower():
                return SpeakerFound(_copy(sp), resume=f.resume)
        for m in reversed(self.idx.mentions_in(0, sh.start)):
            e = self.idx.entity(m.entity)
            if e is not None and e.type == "person" and word in self.doc.text[
                m.end : m.end + 60
            ].lower():
                return SpeakerFound(
                    Speaker(f.speaker.text, f.speaker.start, f.speaker.end, "named_person",
                            m.entity),
                    resume=f.resume,
                )
        f.speaker.kind = "anonymous_source"
        return None

    def _en_name(self, start: int, end: int) -> SpeakerFound:
        """A capitalised name the KB does not know: the person named earlier in full
        («Shami added» after «Farhad Shami»), else a new named person."""
        name = self.doc.text[start:end]
        last = name.split()[-1].lower()
        for c in reversed(self.claims):
            sp = c.speaker
            if sp.kind == "named_person" and sp.text and last in sp.text.lower().split():
                return SpeakerFound(_copy(sp), resume=end)
        for m in reversed(self.idx.mentions_in(0, end)):
            e = self.idx.entity(m.entity)
            if e is not None and e.type == "person" and last in m.text.lower().split():
                return SpeakerFound(Speaker(name, start, end, "named_person", m.entity), resume=end)
        return SpeakerFound(Speaker(name, start, end, "named_person", None), resume=end)

    def _adjacent(self, end: int, verb_start: int) -> bool:
        """Nothing but adverbs between a subject and its verb («The SDF initially said»)."""
        for t in self.idx.tokens_between(end, verb_start):
            if (
                is_word(t.norm)
                and t.norm not in _AR_PARTICLES
                and not (t.norm.isascii() and (t.norm.endswith("ly") or t.norm in _EN_ADVERBS))
            ):
                return False
        return True

    def _sentence_body(self, h: VHit, sent_start: int) -> SpeakerFound | None:
        """No subject and nobody to continue: the body that leads the sentence («ضربت قسد
        ... ونفت ذلك»)."""
        for m in self.idx.mentions_in(sent_start, h.start):
            f = self.finder._from_mention(m.start, m.end, m.entity, m.end)
            if f is not None and f.speaker.kind == "official_body":
                return f
        return None

    # -- verbless attribution ------------------------------------------------------------
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
            if not self.doc.text[colon.end : sent.end].strip(_TRIM):
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
            _set_chain(claim, [])
            claim.via = self._via(found.speaker, [], found.recipient)
            self.claims.append(claim)
        self.claims.sort(key=lambda c: c.verb_span[0] if c.verb_span else c.start)

    # -- postposed attribution -----------------------------------------------------------
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
            head = _en_head_of(self.idx.tokens_between(h.end, limit))
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
                _set_chain(c, [*prev_chain(c), found.speaker])
            return
        tail = self.doc.text[found.speaker.end or h.end : sent_end].strip(_TRIM + '"»”')
        head = self.doc.text[sent_start : h.start].strip(_TRIM)
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
        _set_chain(claim, [])
        claim.via = self._via(found.speaker, [], found.recipient)
        self._add(claim)

    # -- finishing -----------------------------------------------------------------------
    def _via(self, speaker: Speaker, chain: list[Speaker], recipient: str | None) -> list[str]:
        pub = self.idx.publisher
        via: list[str] = []
        candidates: list[str | None] = [recipient]
        if speaker.kind == "correspondent":
            candidates.append(speaker.entity)
        for s in chain:
            candidates.append(s.entity)
        for e in candidates:
            if e and e != pub and e not in via and e != speaker.entity:
                via.append(e)
        if (
            speaker.kind == "correspondent"
            and speaker.entity
            and speaker.entity != pub
            and speaker.entity not in via
        ):
            via.insert(0, speaker.entity)
        return via

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
            opened = _has_quote(content) and _quote_balance(content) > 0
            colon = content.endswith(":") or (not content.strip(_TRIM) and _colon_after(text, c))
            if not opened and not colon:
                continue
            si = idx.sentence_of(c.start if c.end > c.start else c.verb_span[1])
            par = idx.paragraph_of(c.verb_span[0])
            limit = next_verb[i]
            balance = _quote_balance(content)
            end = c.end
            for sj in range(si + 1, min(si + 1 + _MAX_QUOTE_SENTENCES, len(sents))):
                nxt = sents[sj]
                if idx.paragraph_of(nxt.start) != par or nxt.start >= limit:
                    break
                piece = text[nxt.start : min(nxt.end, limit)]
                end = nxt.start + len(piece.rstrip())
                balance += _quote_balance(piece)
                if balance <= 0 and (opened or sj > si):
                    break  # the quotation closed (or the sentence after the colon is told)
            if end > c.end:
                if c.end <= c.start:
                    c.start = sents[si + 1].start if si + 1 < len(sents) else c.start
                while end > c.start and text[end - 1] in _TRIM:
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
            while c.end > c.start and text[c.end - 1] in _TRIM:
                c.end -= 1

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
            if nxt is not None and nxt.verb_span and text[c.start : nxt.verb_span[0]].strip(_TRIM):
                c.end = min(c.end, nxt.verb_span[0])
            if c.verb_span and c.verb_span[1] <= c.start and c.stance not in _OPEN_STANCES:
                cut = self._voice_boundary(c.start, c.end)
                if cut is not None:
                    c.end = cut
            while c.start < c.end and text[c.start] in _TRIM:
                c.start += 1
            while c.end > c.start and text[c.end - 1] in _TRIM:
                c.end -= 1
                # a dangling conjunction before the next verb: «...، و»
                if c.end - 1 > c.start and text[c.end - 1] == "و" and text[c.end - 2] in _TRIM:
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
                if _quote_balance(text[start : tok.start]) > 0:
                    continue  # inside the speaker's own quotation
                return tok.start
        return None


def _en_head_of(phrase: list[Token]) -> tuple[int, int, int, int] | None:
    """(phrase start, head start, head end, phrase end) of an English noun phrase: leading
    «UK-based»/«US-led» modifiers are skipped, the head stops at a preposition or «(»."""
    if not phrase or not any(is_word(t.norm) for t in phrase):
        return None
    first = 0
    for j in range(len(phrase) - 1, 0, -1):
        if phrase[j].norm in _EN_MODIFIER_ENDS and phrase[j - 1].norm == "-":
            first = j + 1
            break
    if first >= len(phrase):
        return None
    head_end = phrase[-1].end
    for j in range(first + 1, len(phrase)):
        t = phrase[j]
        if t.norm == "(":
            # «The United Nations children's agency (UNICEF)»: a parenthesis right after the
            # head names it; after a prepositional phrase it names the object
            close = next((u for u in phrase[j + 1 :] if u.norm == ")"), None)
            head_end = close.end if close is not None else t.start
            break
        if t.norm in _EN_PREPOSITIONS:
            head_end = t.start
            break
    return phrase[0].start, phrase[first].start, head_end, phrase[-1].end


_QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb")


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


def _quote_balance(text: str) -> int:
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


def _copy(s: Speaker) -> Speaker:
    return Speaker(s.text, s.start, s.end, s.kind, s.entity)


def prev_chain(c: Claim) -> list[Speaker]:
    return list(getattr(c, "chain", []) or [])


def _set_chain(c: Claim, chain: list[Speaker]) -> None:
    c.chain = chain
