"""The speaker of a reporting verb in Arabic word order: the subject after the verb (VSO,
through «عن» when it quotes), before it (SVO), the antecedent of a relative pronoun, a noun
phrase the lexicon does not know, the previous speaker named again, or the body leading the
sentence."""

from __future__ import annotations

from bisect import bisect_left

from marsad.document import Claim, Speaker
from marsad.extract.claims.english import EN_ADVERBS
from marsad.extract.claims.state import CONTINUATION_PREFIXES, ClaimState, VHit
from marsad.extract.context import CLAUSE_PUNCT, is_word
from marsad.extract.lexicons import Sense, sense, word_end
from marsad.extract.speakers import SpeakerFound
from marsad.text.normalize import normalize_term

_MAX_PRE_WORDS = 14  # subject ... verb (SVO)
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
# particles between an Arabic subject and its verb: «وكانت مصادر محلية قد تحدثت»
_AR_PARTICLES = frozenset({"قد", "لقد"})


class Subjects(ClaimState):
    """The speaker of a verb in Arabic word order (and a relative clause's antecedent)."""

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

    def _subject_before(self, h: VHit, vs: Sense, sent_start: int) -> SpeakerFound | None:
        if vs.form != "finite" or any(p in h.prefix for p in CONTINUATION_PREFIXES):
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

    def _adjacent(self, end: int, verb_start: int) -> bool:
        """Nothing but adverbs between a subject and its verb («The SDF initially said»)."""
        for t in self.idx.tokens_between(end, verb_start):
            if (
                is_word(t.norm)
                and t.norm not in _AR_PARTICLES
                and not (t.norm.isascii() and (t.norm.endswith("ly") or t.norm in EN_ADVERBS))
            ):
                return False
        return True

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

    def _sentence_body(self, h: VHit, sent_start: int) -> SpeakerFound | None:
        """No subject and nobody to continue: the body that leads the sentence («ضربت قسد
        ... ونفت ذلك»)."""
        for m in self.idx.mentions_in(sent_start, h.start):
            f = self.finder._from_mention(m.start, m.end, m.entity, m.end)
            if f is not None and f.speaker.kind == "official_body":
                return f
        return None
