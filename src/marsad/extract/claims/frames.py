"""The frame of a reporting verb: whether it opens a claim at all (clause position,
impersonal formula, negation), and what stands between it and its content — a statement noun
(«في بيانها»), a relative clause of it, a relay («بحسب ما نقلت عنها»), the outlet told
(«لوكالة سانا»), a colon or a quotation mark."""

from __future__ import annotations

from marsad.document import Token
from marsad.extract.claims.state import CONTINUATION_PREFIXES, ClaimState, VHit
from marsad.extract.context import CLAUSE_PUNCT, RELATIVES, is_word
from marsad.extract.lexicons import impersonal_formulas, statement_frame
from marsad.extract.speakers import frame_noun

_CLAUSE_OPENERS = frozenset({"كما", "فيما", "بينما", "حيث", "ثم", "وقد", "قد", "and"})
# particles that negate the verb after them: «لم تعلن أي جهة مسؤوليتها» reports nothing
_NEGATIONS = frozenset(
    {
        "لم", "لن", "لا", "ولم", "ولن", "ولا", "فلم", "فلن", "فلا", "عدم", "دون", "بدون",
        "not", "never", "didn't",
    }
)
# «the blast claimed the lives of three», «claiming the life of a child»: "claim" takes a life
# as its object — a death, not a statement
_TAKEN_LIFE_WORDS = frozenset({"life", "lives"})
_MAX_COLON_FRAME_WORDS = 12  # verb ... colon («وكتب فلان في تغريدة على حسابه:»)
# «نقلت عنها», «نقل عنه», «ونقلت عنهم»: a relay of the speaker's words (بحسب ما نقلت عنها ...)
_RELAY_STEMS = ("نقل", "ونقل", "فنقل")
_RELAY_PRONOUNS = ("عنه", "عنها", "عنهم", "عنهما", "عنهن")
# «في بيان نقلته الوكالة», «في تصريح أوردته»: the relayed statement as the verb's object
_OBJECT_PRONOUNS = ("ته", "تها", "ه", "ها")
_OBJECT_RELAY_STEMS = ("نقل", "نشر", "اورد", "بث")


class VerbFrames(ClaimState):
    """Tests on a reporting verb and the words between it and its content."""

    def _clause_initial(self, h: VHit, sent_start: int) -> bool:
        if any(p in h.prefix for p in CONTINUATION_PREFIXES):
            return True
        before = self.idx.tokens_before(h.start, 1, floor=sent_start)
        return not before or before[-1].norm in CLAUSE_PUNCT or before[-1].norm in _CLAUSE_OPENERS

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

    def _takes_a_life(self, h: VHit, sent_end: int) -> bool:
        """An English verb whose object is a life («claimed the lives of three fighters»):
        the verb tells a death, it reports nothing."""
        if not h.form.isascii():
            return False
        after = self.idx.words_after(h.end, 3, sent_end)
        if after[:1] in (["the"], ["their"], ["his"], ["her"]):
            after = after[1:]
        return bool(after) and after[0] in _TAKEN_LIFE_WORDS

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
