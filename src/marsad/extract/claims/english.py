"""The speaker of an English reporting verb: the subject phrase before it (SVO), its head
noun, an appositive name, a bare title or surname naming someone met before, and a frame that
closes its sentence («..., an SDF spokesperson said»)."""

from __future__ import annotations

from bisect import bisect_left

from marsad.document import Speaker, Token
from marsad.extract.claims.state import ClaimState, VHit, copy_speaker
from marsad.extract.context import RELATIVES, is_word
from marsad.extract.lexicons import sense
from marsad.extract.speakers import SpeakerFound

# English words that may stand between a subject and its verb («officials had said»)
EN_ADVERBS = frozenset({"also", "later", "earlier", "had", "has", "have", "previously", "then"})
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
EN_PARTICIPLES = frozenset({"saying", "adding", "noting", "quoting", "stressing"})


class EnglishSubjects(ClaimState):
    """The speaker of an English verb, from the subject phrase before it."""

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
            head = en_head_of(after)
            return None if head is None else self._en_resolve(*head, limit=head[3])
        span = self._en_head(h, sent_start)
        if span is None:
            return None
        person = self._en_appositive_name(span[0])
        if person is not None:
            return person
        if h.form in EN_PARTICIPLES:
            return None  # «..., saying»: the subject of the main clause (continuation below)
        found = self._en_resolve(*span, limit=h.start)
        return found

    def _en_head(self, h: VHit, sent_start: int) -> tuple[int, int, int, int] | None:
        """The English subject phrase before ``h``: (phrase start, head start, head end,
        phrase end). «Farhad Shami, Director of the SDF Media Center, said»: the name before
        the appositive; the head ends at the first preposition or parenthesis."""
        floor = self._verb_floor(sent_start, h.start)
        toks = self.idx.tokens_before(h.start, 30, floor=floor)
        k = len(toks)
        while k and is_word(toks[k - 1].norm) and (
            toks[k - 1].norm in EN_ADVERBS or toks[k - 1].norm.endswith("ly")
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
        return en_head_of(toks[i:])

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
                return SpeakerFound(copy_speaker(sp), resume=f.resume)
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
                return SpeakerFound(copy_speaker(sp), resume=end)
        for m in reversed(self.idx.mentions_in(0, end)):
            e = self.idx.entity(m.entity)
            if e is not None and e.type == "person" and last in m.text.lower().split():
                return SpeakerFound(Speaker(name, start, end, "named_person", m.entity), resume=end)
        return SpeakerFound(Speaker(name, start, end, "named_person", None), resume=end)

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


def en_head_of(phrase: list[Token]) -> tuple[int, int, int, int] | None:
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
