"""Who says it: find and classify the speaker of a reported statement.

A speaker is written as a speaker noun from ``kb/data/speakers.toml`` («مصادر محلية»,
«مراسل أثر», «تقارير استخباراتية», «العميد ...»), or as an entity mention (a body: «قسد»;
an outlet: «صحيفة الوطن»; a person). Its span runs from the head to the first word that cannot
belong to it: punctuation, a complementiser (أنّ), another reporting verb, a time expression,
a relative pronoun, or the outlet it spoke *to* («مصادر محلية في الرقة لـ«الوطن»» — the
addressee is returned apart, as ``recipient``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from marsad.compiled import compiled
from marsad.document import Claim, Document, Mention, Speaker, Token
from marsad.extract.context import ACTOR_TYPES, CLAUSE_PUNCT, RELATIVES, DocIndex, is_word
from marsad.extract.lexicons import ExtractionHits, Sense, sense, statement_frame
from marsad.text.lexicon import Hit
from marsad.text.normalize import normalize_term

# Words that may stand before the head of a speaker phrase without changing it.
_LEADING = frozenset(
    {
        "بعض", "عدد", "عده", "من", "احد", "احدي", "كما", "كذلك", "ايضا", "the", "a", "some",
        "several",
        # a resumptive pronoun after the verb: «في وقت قالت فيه مصادر أمنية إن»
        "فيه", "فيها",
    }
)
# nouns that stand before a body's name without being the speaker themselves:
# «ميليشيات "قسد"», «قوات التحالف», «تنظيم داعش»
_GROUP_NOUNS = frozenset(
    {"ميليشيا", "ميليشيات", "مليشيا", "مليشيات", "قوات", "تنظيم", "حركه", "جماعه", "حكومه"}
)
# Head nouns whose bare definite form («المصدر», «التقارير») refers back to an earlier speaker;
# singular and plural share one key.
_COREF_HEADS = {
    "مصدر": "مصدر",
    "مصادر": "مصدر",
    "تقرير": "تقرير",
    "تقارير": "تقرير",
    "مسوول": "مسوول",
    "مسوولون": "مسوول",
    "مسوولين": "مسوول",
    "source": "source",
    "sources": "source",
    "reports": "report",
    "report": "report",
}
_MAX_SPEAKER_WORDS = 10
# words that end a speaker phrase: «أفادت مصادر محلية | عن سماع», «كما أشار المصدر | حينها»,
# «وكانت مصادر محلية | قد تحدثت»
_SPEAKER_STOPS = frozenset(
    {"عن", "حينها", "حينذاك", "ايضا", "كذلك", "بدوره", "بدورها", "امس", "اليوم", "قد", "لقد"}
)


# Words between a title and the body it serves («المتحدث باسم القوات», «مسؤول في الإدارة»,
# "spokesman for the SDF"): not part of a name.
_TITLE_LINKS = frozenset(
    {"باسم", "عن", "في", "لدي", "من", "ب", "ل", "قوله", "قولها", "قولهم", "of", "for", "from",
     "at", "with", "the", "as", "saying"}
)


@dataclass(slots=True)
class SpeakerFound:
    speaker: Speaker
    recipient: str | None = None  # outlet the speaker told («لـ«الوطن»»)
    head: str | None = None  # coref key of the head noun
    resume: int | None = None  # where the frame continues after the speaker (and recipient)
    # the earlier claim whose speaker «المصدر» names again: its channel (via) carries over
    antecedent: Claim | None = None


@compiled
def _media_offices() -> dict[str, str]:
    """body id -> the id of its media office in the KB (قسد -> its media centre)."""
    try:
        from marsad.kb.gazetteer import load_kb

        kb = load_kb()
    except Exception:  # the KB is another stage's data; without it, no media offices
        return {}
    return {
        e.parent: e.id for e in kb.entities.values() if e.subtype == "media_office" and e.parent
    }


@compiled
def _media_nouns() -> frozenset[str]:
    """Nouns that introduce an outlet's name (صحيفة، موقع، شبكة ...), from the KB's senses."""
    try:
        from marsad.kb.gazetteer import load_kb

        return frozenset(normalize_term(w) for w in load_kb().rules.media_nouns)
    except Exception:
        return frozenset({"صحيفه", "جريده", "موقع", "شبكه", "وكاله", "قناه", "مجله"})


_START = attrgetter("start")


class SpeakerFinder:
    def __init__(self, doc: Document, idx: DocIndex, hits: ExtractionHits) -> None:
        self.doc = doc
        self.idx = idx
        self.speaker_hits = hits.speakers
        # map over an attrgetter runs in C (once per document, over every hit)
        self.stop_starts = set(map(_START, hits.verbs))
        self.stop_starts.update(
            map(_START, hits.comps),
            map(_START, hits.posts),
            map(_START, hits.speakers),  # «ناشطون | تسريبات»
            # an event noun or a number opens the content: «أكدت مصادر محلية | هروب نحو 30»
            map(_START, hits.triggers),
            map(_START, doc.quantities),
        )
        self.time_starts = set(map(_START, doc.times))
        self.recipient_end: int | None = None
        self.extra_stops: frozenset[str] = frozenset()  # set per verb (حذّر ... من)
        self.stops = sorted(self.stop_starts | self.time_starts)
        self.speaker_starts = list(map(_START, hits.speakers))

    # -- extent -------------------------------------------------------------------------
    def _recipient_at(self, start: int) -> str | None:
        """An outlet mention at ``start`` introduced by the preposition ل: «لـ«الوطن»»,
        «لشبكة الشرقية24», «لموقع "الحرة"»."""
        for m in self.idx.mentions_in(start, start + 80):
            if m.start != start or not self.idx.is_outlet(m.entity):
                continue
            before = self.doc.text[max(0, m.start - 12) : m.start]
            words = (
                normalize_term(before.replace("ـ", " ").replace("«", " ")).replace('"', " ").split()
            )
            if not words:
                return None
            last = words[-1]
            if last == "ل":
                return m.entity
            if last.startswith("ل") and last[1:].removeprefix("ل") in _media_nouns():
                return m.entity
            if last in _media_nouns() and len(words) >= 2 and words[-2] == "ل":
                return m.entity
        return None

    def extent(self, start: int, limit: int, *, title: bool = False) -> tuple[int, str | None]:
        """End of a speaker phrase beginning at ``start`` (stops before ``limit``). After a
        title another title may follow («المتحدث باسم القائد العام ...»)."""
        end = start
        words = 0
        recipient: str | None = None
        self.recipient_end = None
        frame_openers, frame_nouns = statement_frame()
        for tok in self.idx.tokens_between(start, limit):
            if (
                tok.start > start
                and self._stop_inside(tok.start, tok.end)
                and not (title and self._speaker_inside(tok.start, tok.end))
            ):
                break
            # a dash glued to the word before joins a name («الديمقراطية- قسد»)
            glued_dash = (
                tok.norm == "-" and tok.start > 0 and not self.doc.text[tok.start - 1].isspace()
            )
            if tok.norm in CLAUSE_PUNCT and not glued_dash:
                break
            if tok.norm in RELATIVES or tok.norm in _SPEAKER_STOPS or tok.norm in self.extra_stops:
                break
            if tok.start > start and words >= 1 and tok.norm in frame_openers:
                nxt = self.idx.words_after(tok.end, 1)
                if nxt and frame_noun(nxt[0], frame_nouns):
                    break  # «المتحدث باسم الإدارة | في تصريح خاص»: the setting, not the speaker
            if tok.start > start and words >= 1 and _looks_imperfect(tok.norm):
                break  # «صفحات إخبارية محلية | تعرض سجن ...»: a verb ends the subject
            if tok.start > start and tok.norm.startswith("ل"):
                rec = self._recipient_in_token(tok.start, tok.end)
                if rec:
                    recipient = rec
                    break
            if is_word(tok.norm):
                words += 1
                if words > _MAX_SPEAKER_WORDS:
                    break
            end = tok.end
        # trailing quote marks belong to a quoted name: keep them; trailing spaces no.
        return end, recipient

    def _speaker_inside(self, tstart: int, tend: int) -> bool:
        i = bisect_left(self.speaker_starts, tstart)
        return i < len(self.speaker_starts) and self.speaker_starts[i] < tend

    def _stop_inside(self, tstart: int, tend: int) -> bool:
        """A stop (verb, complementiser, event noun, number, time) begins in this word,
        after its proclitics («لاتفاق»)."""
        i = bisect_left(self.stops, tstart)
        return i < len(self.stops) and self.stops[i] < tend

    def _recipient_in_token(self, tstart: int, tend: int) -> str | None:
        for m in self.idx.mentions_in(tstart, tend + 80):
            if m.start > tend + 3:
                break
            if self.idx.is_outlet(m.entity):
                rec = self._recipient_at(m.start)
                if rec:
                    end = m.end
                    while end < len(self.doc.text) and self.doc.text[end] in "\"»”'":
                        end += 1
                    self.recipient_end = end
                return rec
        return None

    # -- classification -----------------------------------------------------------------
    def at(
        self, start: int, limit: int, previous: list[Claim], *, anywhere: bool = False
    ) -> SpeakerFound | None:
        """The speaker whose phrase begins at (or, with ``anywhere``, after) ``start``."""
        first = self._first_word(start, limit)
        if first is None:
            return None
        i = bisect_left(self.speaker_starts, start)
        if i < len(self.speaker_hits):
            h = self.speaker_hits[i]
            if h.start < limit and (anywhere or h.start <= first.end):
                return self._from_noun(h, limit, previous)
        reach = first.end
        media_start: int | None = None
        bare = _bare_noun(first.norm)
        if bare in _GROUP_NOUNS or bare in _media_nouns():
            # «قوات التحالف»; «صحيفة “الوطن” السورية»: the name follows the noun
            if bare in _media_nouns():
                media_start = first.start
            j = bisect_left(self.idx.tok_starts, first.end)
            for k in range(j, min(j + 4, len(self.idx.tok_starts))):
                if self.idx.tok_ends[k] > limit:
                    break
                if is_word(self.idx.tok_norms[k]):
                    reach = self.idx.tok_ends[k]
                    break
        for m in self.idx.mentions_in(start, limit):
            if not anywhere and m.start > reach:
                break
            found = self._from_mention(m.start, m.end, m.entity, limit)
            if found is not None:
                if (
                    media_start is not None
                    and found.speaker.start is not None
                    and media_start < found.speaker.start
                ):
                    sp = found.speaker
                    sp.start = media_start
                    sp.text = self.doc.text[media_start : sp.end]
                return found
        return None

    def _first_word(self, start: int, limit: int) -> Token | None:
        """The first word that may open a speaker phrase, skipping quotes, punctuation,
        time expressions and leading quantifiers («بعض»)."""
        idx = self.idx
        for tok in idx.tokens_between(start, limit):
            if tok.norm in _LEADING or not is_word(tok.norm):
                continue
            t = idx.time_at(tok.start)
            if t is not None and t.start >= start:
                continue
            return tok
        return None

    def _from_mention(self, mstart: int, mend: int, entity: str, limit: int) -> SpeakerFound | None:
        ent = self.idx.entity(entity)
        outlet = self.idx.is_outlet(entity)
        if not outlet and (ent is None or ent.type not in ACTOR_TYPES):
            return None
        end = mend
        after = mend
        while after < len(self.doc.text) and self.doc.text[after] in "\"»”'":
            after += 1
        _, recipient = (
            self.extent(mend, limit) if self._next_is_recipient(end, limit) else (end, None)
        )
        resume = self.recipient_end if recipient else after
        publisher = self.doc.outlet.id if self.doc.outlet is not None else None
        if outlet or entity == publisher:
            # «وثّق المرصد السوري» in the Observatory's own report: a body that publishes
            # speaks, in its own articles, as the outlet
            kind = "outlet"
        elif ent is not None and ent.type == "person":
            kind = "named_person"
        else:
            kind = "official_body"
        return SpeakerFound(
            Speaker(self.doc.text[mstart:end], mstart, end, kind, entity), recipient, None, resume
        )

    def _name_words(self, start: int, end: int, inside: list[Mention]) -> bool:
        """Words after a title that are not the body it serves nor the words linking them
        («باسم», «في», "for"): a name the knowledge base does not know."""
        for tok in self.idx.tokens_between(start, end):
            if not is_word(tok.norm) or tok.norm in _TITLE_LINKS:
                continue
            if tok.norm.startswith(("ال", "وال")) and len(tok.norm) > 3:
                continue  # the body's definite noun phrase («باسم القوات الحكومية»), not a name
            if any(m.start <= tok.start < m.end for m in inside):
                continue
            return True
        return False

    def _appositive_person(self, end: int, limit: int) -> Mention | None:
        toks = self.idx.tokens_after(end, 2, ceiling=limit)
        if not toks or toks[0].norm != ",":
            return None
        for m in self.idx.mentions_in(toks[0].end, min(limit, toks[0].end + 60)):
            e = self.idx.entity(m.entity)
            if (
                e is not None
                and e.type == "person"
                and self.idx.word_count(toks[0].end, m.start) == 0
            ):
                return m
            break
        return None

    def _next_is_recipient(self, offset: int, limit: int) -> bool:
        toks = [t for t in self.idx.tokens_after(offset, 2, ceiling=limit) if is_word(t.norm)]
        return bool(toks) and toks[0].norm.startswith("ل")

    def _from_noun(
        self, h: Hit[tuple[Sense, ...]], limit: int, previous: list[Claim]
    ) -> SpeakerFound:
        sp = sense(h, "speaker")
        assert sp is not None
        end, recipient = self.extent(h.start, limit, title=sp.title)
        end = max(end, h.end)
        kind = sp.value
        inside = [m for m in self.idx.mentions_in(h.start, end)]
        entity: str | None = None
        head = _COREF_HEADS.get(h.form.removeprefix("ال"))
        definite = h.form.startswith("ال") or h.prefix.endswith("ال") or h.prefix.endswith("لل")
        if sp.title:
            appositive = self._appositive_person(end, limit)
            if appositive is not None:
                # «الناطق باسم "قسد"، فرهاد شامي»: the name after the comma
                inside.append(appositive)
                end = appositive.end
                if self._next_is_recipient(end, limit):
                    _, recipient = self.extent(end, limit)
            person = next(
                (m for m in inside if (e := self.idx.entity(m.entity)) and e.type == "person"), None
            )
            body = next(
                (m for m in inside if (e := self.idx.entity(m.entity)) and e.type in ACTOR_TYPES),
                None,
            )
            if person is not None:
                entity = person.entity
            elif body is not None:
                entity = body.entity
            if person is not None or self._name_words(h.end, end, inside):
                kind = "named_person"
            elif body is not None:
                # «المتحدث باسم قوات سوريا الديمقراطية», "an SDF spokesman": a title with its
                # body and no name speaks for the body
                kind = "official_body"
            else:
                kind = "anonymous_source"
        elif kind == "official_body":
            body = next(
                (m for m in inside if (e := self.idx.entity(m.entity)) and e.type in ACTOR_TYPES),
                None,
            )
            if body is not None:
                entity = body.entity
            elif (
                h.suffix
                or h.form.split(" ")[0].endswith(("ها", "ه"))
                or (h.form in _DEFINITE_STATEMENTS or (definite and h.form in _STATEMENTS))
            ):
                # «مركزها الإعلامي», «بيانها»: the body speaking before, else named last;
                # «وأضاف البيان», «the statement added»: the statement quoted before
                body_id = next(
                    (
                        c.speaker.entity
                        for c in reversed(previous)
                        if c.speaker.kind == "official_body" and c.speaker.entity
                    ),
                    None,
                )
                restated = h.form in _DEFINITE_STATEMENTS or (definite and h.form in _STATEMENTS)
                if body_id is None and not restated:
                    # (a statement named again refers to a statement, never to whichever
                    # body the text happened to name last)
                    prior = self.idx.last_mention_before(
                        h.start, frozenset({"organization", "armed_group", "state"})
                    )
                    body_id = prior.entity if prior else None
                if body_id is not None and ("اعلامي" in h.form or "media" in h.form):
                    body_id = _media_offices().get(body_id, body_id)
                entity = body_id
        elif kind == "correspondent":
            outlet = next((m for m in inside if self.idx.is_outlet(m.entity)), None)
            if outlet is not None:
                entity = outlet.entity
            elif h.form.endswith("نا") or h.suffix == "نا":
                entity = self.idx.publisher
        elif sp.coref and definite and head is not None and self.idx.word_count(h.end, end) == 0:
            # «وأشار المصدر»: the source named before
            for c in reversed(previous):
                if c.speaker.text and _COREF_HEADS.get(_head_word(c.speaker.text)) == head:
                    ref = c.speaker
                    return SpeakerFound(
                        Speaker(self.doc.text[h.start : end], h.start, end, ref.kind, ref.entity),
                        recipient,
                        head,
                        self.recipient_end if recipient else end,
                        antecedent=c,
                    )
        if kind in ("anonymous_source", "local_sources") and entity is None:
            # «مصادر “أثر”»: the outlet's own sources
            outlet = next((m for m in inside if self.idx.is_outlet(m.entity)), None)
            if outlet is not None and self.idx.word_count(h.end, outlet.start) == 0:
                entity = outlet.entity
        resume = self.recipient_end if recipient else end
        return SpeakerFound(
            Speaker(self.doc.text[h.start : end], h.start, end, kind, entity),
            recipient,
            head,
            resume,
        )


# a statement named again with the article and nothing after it is the one quoted before
_STATEMENTS = frozenset({"بيان", "البيان"})
_DEFINITE_STATEMENTS = frozenset({"البيان", "the statement"})

# endings of the adjectives and plurals that follow a speaker noun («تركية», «يمنيون»)
_NOMINAL_ENDINGS = ("ه", "ي", "ين", "ون", "ات", "ان", "يه", "يا", "اً", "ا")


@lru_cache(maxsize=4096)
def frame_noun(word: str, nouns: frozenset[str]) -> bool:
    """A statement-setting noun, maybe with a pronoun ending («بيانها», «تصريحاته»)."""
    return word in nouns or any(word[: len(n)] == n and len(word) - len(n) <= 3 for n in nouns)


def _bare_noun(word: str) -> str:
    return word.removeprefix("ال")


@lru_cache(maxsize=8192)
def _looks_imperfect(word: str) -> bool:
    """A word shaped like an imperfect verb (ي/ت/ن + stem, no article, no nominal ending):
    it opens the predicate, so a speaker phrase ends before it. A heuristic without a
    morphological analyser: «تعرض», «يقول», «تنشر» stop; «تركية», «يمنيون» do not."""
    w = word[1:] if len(word) > 4 and word[0] in "وف" else word
    if not w or w[0] not in "يتن" or w.startswith("ال") or not 3 <= len(w) <= 6:
        return False
    if not w.isalpha() or w.isascii():
        return False
    return not w.endswith(_NOMINAL_ENDINGS)


def _head_word(text: str) -> str:
    words = normalize_term(text).replace('"', " ").split()
    for w in words:
        w = (
            w.removeprefix("و").removeprefix("ال")
            if w.startswith(("وال",))
            else w.removeprefix("ال")
        )
        if w not in _LEADING:
            return w
    return ""
