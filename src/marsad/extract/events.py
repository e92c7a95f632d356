"""Events: what happened, where, when, how many, who — and how sure the text is.

1. Triggers: one scan of the extraction automaton (``kb/data/triggers/``: every inflection
   and verbal noun of each trigger lemma, generated). A reporting use is not an event («نقلت صحيفة
   الوطن عن ...» is a claim verb, not a transfer); words with a common other sense must have
   people after them («نقل عناصر»، «استعادة مواطنيها», not «استعادة السجن»); fixed phrases
   block the wrong reading («إطلاق النار» is shooting, «في المقابل» no deal).
2. Each trigger gets its claim (the innermost claim whose content holds it; null in the
   outlet's own voice), its modality (``modality.py``) and its arguments (``arguments.py``)
   from its scope: the claim's content, else its sentence.
3. Mentions of one happening merge into one event — same type, same modality, compatible
   date and place (equal, one unknown, or one inside the other) — keeping every trigger in
   ``evidence``. Different dates stay apart (the January attack recalled in a June article).
   A denied mention never merges with an asserted one: it stays an event of its own with
   modality ``denied``, linked to the denying claim, and ``contradicts`` names the asserted
   event it denies, so both readings stay visible.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise

from marsad.compiled import compiled
from marsad.document import (
    Actor,
    Claim,
    Document,
    Event,
    Quantity,
    Span,
    TimeExpression,
    Token,
)
from marsad.extract.arguments import (
    Scope,
    bare_word,
    count_dict,
    find_actors,
    find_place,
    find_route,
    first_ending,
    grammar,
    place_rank,
    quantity_fits,
    time_dict,
)
from marsad.extract.context import CLAUSE_PUNCT, RELATIVES, DocIndex, is_word
from marsad.extract.lexicons import (
    ExtractionHits,
    Sense,
    people_units,
    phrase_end,
    scan,
    trigger_data,
    word_end,
)
from marsad.extract.modality import PURPOSE, cue_modality, modality_of
from marsad.kb import load_kb
from marsad.text.lexicon import Hit
from marsad.text.normalize import normalize_term

_FINITE_PROCLITICS = frozenset({"", "و", "ف", "ل", "ول", "فل", "س", "وس", "فس"})
# endings only a noun takes (feminine, sound feminine plural, oblique dual of a feminine,
# tanwin, the possessive «my»): on a verb form they mean another word («فرات», «رحلة»)
_NOUN_ENDINGS = frozenset({"ات", "ة", "تين", "اً", "ي"})
_PEOPLE_REACH = 5  # words after an ambiguous trigger in which its people must appear
# object pronouns that stand for people («نقلهم»); «ها» is as often a thing («نقلتها» = the
# reinforcements) and does not count
_OBJECT_SUFFIXES = ("هم", "هما", "هن")
# English participles after a people noun describe who the people are («militants previously
# detained in the prison», «ISIS members held at the camp»), not a happening: the noun is
# followed by the participle and then a preposition or the end of the clause
_EN_DESCRIPTIVE = frozenset({"detained", "held", "imprisoned", "jailed", "arrested", "captured"})
_EN_STATE_ADVERBS = frozenset({"previously", "currently", "already", "still", "now", "formerly"})
_EN_AFTER_DESCRIPTIVE = frozenset(
    {"in", "within", "inside", "at", "since", "there", "by", "across", "throughout", "for",
     ",", ".", ")", "and", "who", "which", "were", "are"}
)
_EN_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "its", "their"})
_EN_AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are", "be", "had", "have", "has"})
# who flees matters: civilians running from fighting are no escape of detainees
_FLEEING_CIVILIANS = frozenset(
    normalize_term(w)
    for w in (
        "civilians", "residents", "families", "locals", "villagers", "المدنيين", "المدنيون",
        "الاهالي", "اهالي", "السكان", "العائلات", "الاسر", "النازحين",
    )
)
# the dead and wounded count a killing or an attack, not the people moved or released
_VICTIM_UNITS = frozenset({"killed", "wounded"})


@dataclass(slots=True)
class _Mention:
    type: str
    hit: Hit[tuple[Sense, ...]]
    start: int
    end: int
    sentence: int
    claim: Claim | None
    modality: str
    scope: Scope
    finite: bool
    date: TimeExpression | None = None
    place: str | None = None
    count: dict[str, object] | None = None
    actors: list[Actor] = field(default_factory=list)
    during: _Mention | None = None  # «فرّوا خلال الهجوم»: the happening this one is part of
    definite: bool = False  # refers back to a happening already told
    origin: str | None = None
    destination: str | None = None
    # a time of its own the calendar cannot place («قبل أيام», «السبت» with no publication
    # date): it has no date, yet it is not the date another mention carries
    vague_time: TimeExpression | None = None
    background: bool = False  # told in a relative clause with no date or number of its own
    # where the relative clause the trigger stands in opens («الذين», «ممن», «كانوا قد»), if
    # it does: a number or a time before it belongs to the clause the relative hangs on
    # (_UNREAD until :func:`_relative_of` reads it)
    relative: int | None = -1
    # a running total told with this happening («لترتفع الحصيلة إلى 17»), not its own count
    count_total: dict[str, object] | None = None
    foiled: bool = False  # a foiled attempt: kept, with the modality of its claim


def extract_events(doc: Document) -> Document:
    """Fill ``doc.events`` (ids e1, e2 ... in order of first mention)."""
    if doc.norm is None or not doc.text:
        doc.events = []
        return doc
    hits = scan(doc)
    idx = DocIndex.build(doc)
    mentions = _trigger_mentions(doc, idx, hits)
    _attach_arguments(doc, idx, hits, mentions)
    mentions = [m for m in mentions if not _generic(idx, m)]
    mentions = _drop_manner_operations(idx, mentions)
    mentions = _settle_background(doc, idx, hits, mentions)
    doc.events = _merge(idx, mentions)
    return doc


# the happenings an operation noun after ب may be the means of: «ألقت القبض على قيادي
# بعملية أمنية», «قتل ثلاثة بحملة دهم» — one happening told with its manner
_DONE_BY_OPERATION = frozenset({"arrest", "killing", "release", "transfer"})


def _drop_manner_operations(idx: DocIndex, mentions: list[_Mention]) -> list[_Mention]:
    drop: set[int] = set()
    for i, m in enumerate(mentions):
        if m.type != "security_operation" or m.finite or "ب" not in m.hit.prefix[:2]:
            continue
        for n in reversed(mentions[max(0, i - 3) : i]):
            if n.sentence != m.sentence:
                break
            if n.type in _DONE_BY_OPERATION and n.modality == m.modality and (
                idx.word_count(n.end, m.start) <= 8
            ):
                drop.add(id(m))
                break
    return [m for m in mentions if id(m) not in drop] if drop else mentions


# -- background relative clauses ----------------------------------------------------------

# «السجن الذي شهد هجوماً», «المعتقلين الذين اعتقلوا في أوقات سابقة», "civilians who have been
# arrested": a happening told inside a relative clause characterises its noun
_RELATIVES = frozenset(
    {"الذي", "التي", "الذين", "اللذين", "اللذان", "اللتين", "اللتان", "اللواتي", "اللاتي",
     "ممن", "who", "which", "whom"}
)
# words that may stand between the relative pronoun and the trigger
_RELATIVE_FILLERS = frozenset(
    {"كان", "كانت", "كانوا", "كن", "قد", "تم", "جري", "يتم", "شهد", "شهدت", "يشهد", "تشهد",
     "شهدها", "شهده", "have", "has", "had", "been", "are", "were", "was", "is", "being",
     "witnessed", "saw"}
)


def _relative_start(idx: DocIndex, m: _Mention) -> int | None:
    """Start of the relative pronoun that opens the trigger's clause, if any."""
    sent_start = idx.sentence_bounds(m.start)[0]
    before = idx.tokens_before(m.start, 4, floor=sent_start)
    for i in range(len(before) - 1, -1, -1):
        w = before[i].norm
        if w in _RELATIVES or (w[:1] == "و" and w[1:] in _RELATIVES):
            return before[i].start
        if w == "قد" and i > 0 and before[i - 1].norm in _WERE:
            # «أشخاص كانوا قد اعتقلوا»: a pluperfect clause after its noun
            return before[i - 1].start
        if w not in _RELATIVE_FILLERS:
            return None
    return None


_WERE = frozenset({"كان", "كانت", "كانوا", "كن"})
_UNREAD = -1


def _relative_of(idx: DocIndex, m: _Mention) -> int | None:
    """:func:`_relative_start`, read once per mention."""
    if m.relative == _UNREAD:
        m.relative = _relative_start(idx, m)
    return m.relative


def _own_anchor(doc: Document, idx: DocIndex, start: int, end: int) -> bool:
    """A date or a number inside the relative clause (pronoun to the next clause break).

    Only a time that is a point counts: not a vague stretch («منذ سنوات», «خلال السنوات
    الماضية»), not a span with no anchor («خلال 6 أشهر»), and none at all when the clause
    spreads the happening over time or only places it before («الذين اعتقلوا على فترات
    متفاوتة ... قبل 3 سنوات», «ممن اعتقلوا في أوقات سابقة»), nor a year counted back from
    the publication («الذين اعتقلوا قبل 3 سنوات»): such a clause says who the people are,
    not what happened to them on a day. A written date («في 20 كانون الثاني 2022», «عام
    2019») or a day counted back («أمس») is a point."""
    sent_end = idx.sentence_bounds(start)[1]
    stop = sent_end
    for t in idx.tokens_after(end, 12, ceiling=sent_end):
        if t.norm in CLAUSE_PUNCT:
            stop = t.start
            break
    if any(start <= q.start < stop for q in doc.quantities):
        return True
    first = bisect_left(idx.time_starts, start)
    if first >= len(idx.times) or idx.times[first].start >= stop:
        return False  # no time in the clause: no need to read its words
    if _spread_in(idx.words_between(start, stop)):
        return False
    for t in idx.times[first:]:
        if t.start >= stop:
            break
        if t.extra.get("vague") or (t.value is None and "duration" in t.extra):
            continue
        if t.extra.get("to_date"):
            continue  # «الذين نُقلوا حتى الآن»: a stretch up to now is no point
        if t.relative and t.value is not None and len(t.value) == 4:
            continue  # «قبل 3 سنوات», «العام الماضي»: a year counted back is no day told
        return True
    return False


@compiled
def _spread_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """[generic] spread + earlier phrases, grouped by first word (a leading و/ف allowed)."""
    g = trigger_data().get("generic", {})
    by_first: dict[str, tuple[tuple[str, ...], ...]] = {}
    for form in (*g.get("spread", ()), *g.get("earlier", ())):
        phrase = tuple(normalize_term(form).split())
        if not phrase:
            continue
        keys = [phrase[0]] if phrase[0].isascii() else [phrase[0], "و" + phrase[0], "ف" + phrase[0]]
        for key in keys:
            by_first[key] = (*by_first.get(key, ()), phrase)
    return by_first


def _spread_in(words: list[str]) -> bool:
    """Does a [generic] spread/earlier phrase stand among ``words``?"""
    by_first = _spread_phrases()
    for i, w in enumerate(words):
        for phrase in by_first.get(w, ()):
            if tuple(words[i + 1 : i + len(phrase)]) == phrase[1:]:
                return True
    return False


@compiled
def _earlier_words() -> tuple[tuple[str, ...], ...]:
    forms = trigger_data().get("generic", {}).get("earlier", ())
    return tuple(tuple(normalize_term(f).split()) for f in forms)


def _told_as_earlier(idx: DocIndex, earlier: tuple[tuple[str, ...], ...], m: _Mention) -> bool:
    """«زملاء لهم أطلق سراحهم في وقت سابق», "detainees released previously": a verb marked as
    told before, with no date, describes people by their past — background."""
    if not m.finite:
        return False
    after = [w for w in idx.tok_norms_after(m.end, 4, ceiling=idx.sentence_bounds(m.start)[1])
             if is_word(w)]
    return any(tuple(after[: len(p)]) == p for p in earlier)


def _settle_background(
    doc: Document, idx: DocIndex, hits: ExtractionHits, mentions: list[_Mention]
) -> list[_Mention]:
    """A happening in a relative clause with no date or number of its own is background:
    it joins the document's own telling of that happening (it may link to it like a
    definite mention), and is dropped when the document tells no such happening."""
    background: set[int] = set()
    references: set[int] = set()
    earlier = _earlier_words()
    gw = _generic_words()
    for m in mentions:
        if _since_reference(idx, gw, m) or _people_by_their_past(idx, hits, m):
            # «منذ معارك الباغوز في مارس 2019»: the time is the reference's own
            background.add(id(m))
            references.add(id(m))
            continue
        rel = _relative_of(idx, m)
        if rel is None and _told_as_earlier(idx, earlier, m):
            rel = m.start
        if rel is None or _own_anchor(doc, idx, rel, m.end):
            continue
        background.add(id(m))
    if not background:
        return mentions
    for m in mentions:
        if (
            id(m) in background
            and id(m) not in references
            and (m.date is not None or m.vague_time is not None)
        ):
            _date_main_clause(mentions, background, m)
    told = {m.type for m in mentions if id(m) not in background and m.modality != PURPOSE}
    out: list[_Mention] = []
    for m in mentions:
        if id(m) in background:
            if m.type not in told:
                continue
            m.definite = True
            m.background = True
        out.append(m)
    return out


# definite participles naming people by what was done to them («المفرج عنهم» = the
# released): they point back at people of a happening told, they tell none of their own
_DEFINITE_PARTICIPLES = frozenset(
    normalize_term(w)
    for w in ("المفرج عنهم", "المفرج عنه", "المفرج عنهن", "المفرج عنهما", "المفرج عنها")
)
# English participles before a people noun: "the released men", "the freed detainees"
_EN_PARTICIPLE_ENDINGS = ("ed", "freed")


def _people_by_their_past(idx: DocIndex, hits: ExtractionHits, m: _Mention) -> bool:
    """«وصل المفرج عنهم إلى بلدة الكسرة», "vouch for the released men": the participle
    names people by a happening already told (background: it joins that telling, or is
    dropped). With its origin after it («المفرج عنهم من سجن غويران») it may tell the release
    itself and stays."""
    form = m.hit.form
    if "مفرج" in form and (
        form in _DEFINITE_PARTICIPLES or m.hit.prefix + form in _DEFINITE_PARTICIPLES
    ):
        nxt = [w for w in idx.tok_norms_after(m.end, 2) if is_word(w)][:1]
        return not nxt or nxt[0] != "من"
    if not form.endswith(_EN_PARTICIPLE_ENDINGS) or " " in form:
        return False
    before = [w for w in idx.tok_norms_before(m.start, 1) if is_word(w)]
    if not before or before[-1] not in _EN_DETERMINERS:
        return False
    after = idx.tokens_after(m.end, 1)
    return bool(after) and any(p.start == after[0].start for p in hits.people)


def _since_reference(idx: DocIndex, gw: _GenericWords, m: _Mention) -> bool:
    """«منذ معارك الباغوز», «منذ انتهاء معارك الباغوز», "since the battle of Baghuz": a
    verbal noun that starts a stretch of time names a past happening as a reference."""
    if m.finite:
        return False
    floor = idx.sentence_bounds(m.start)[0]
    word = idx.word_at(m.start) if m.hit.prefix else None
    for w in reversed(idx.words_before(word.start if word else m.start, 3, floor=floor)):
        if w in gw.since:
            return True
        if w not in gw.since_fillers:
            return False
    return False


def _date_main_clause(mentions: list[_Mention], background: set[int], m: _Mention) -> None:
    """«نقلت القوات المعتقلين الذين اعتقلوا في أوقات مختلفة أمس إلى سجن الحسكة»: the
    happening in a background relative clause took the nearest time, yet the clause has no
    point of its own (it is spread over time, or the time stands past its end) — the time
    is the main clause's: it goes to the nearest happening of the sentence outside any
    background clause that has no time of its own."""
    t = m.date if m.date is not None else m.vague_time
    assert t is not None
    host: _Mention | None = None
    best = 0
    for n in mentions:
        if (
            n.sentence != m.sentence
            or id(n) in background
            or n.date is not None
            or n.vague_time is not None
        ):
            continue
        gap = n.start - t.end if n.start >= t.end else t.start - n.end
        if host is None or gap < best:
            host, best = n, gap
    if host is None:
        return
    host.date, host.vague_time = m.date, m.vague_time
    m.date = m.vague_time = None


# -- triggers -----------------------------------------------------------------------------


def _innermost_claim(claims: list[Claim], start: int, end: int) -> Claim | None:
    best: Claim | None = None
    for c in claims:
        if (
            c.start <= start
            and end <= c.end
            and (best is None or c.end - c.start < best.end - best.start)
        ):
            best = c
    return best


def _denied_report(idx: DocIndex, claims: list[Claim], claim: Claim | None) -> Claim | None:
    """«نفت الأسايش ما تداولته صفحات عن هروب …», "denied reports that …": the report is the
    object of a denial in its sentence, so the happening it tells is denied, by the denier."""
    if claim is None or claim.stance == "deny" or not claim.verb_span:
        return None
    verb = claim.verb_span[0]
    sentence = idx.sentence_of(verb)
    for d in claims:
        if (
            d.stance == "deny"
            and d.verb_span
            and d.verb_span[1] <= verb
            and verb - d.end <= 8
            and idx.sentence_of(d.verb_span[0]) == sentence
            # «نفت قسد …، مؤكدة أن …»: the denier going on in its own voice is no report
            and not _same_speaker(d, claim)
        ):
            return d
    return None


def _same_speaker(a: Claim, b: Claim) -> bool:
    if a.speaker.entity is not None or b.speaker.entity is not None:
        return a.speaker.entity == b.speaker.entity
    return a.speaker.text == b.speaker.text


def _people_follow(
    doc: Document, idx: DocIndex, hits: ExtractionHits, h: Hit[tuple[Sense, ...]], end: int
) -> bool:
    if (h.form + h.suffix).endswith(_OBJECT_SUFFIXES):
        return True
    toks = idx.tokens_after(end, 10, ceiling=idx.sentence_bounds(h.start)[1])
    if _plural_with_no_object(idx, h, toks):
        return True
    words = 0
    limit = end
    for t in toks:
        if t.norm in CLAUSE_PUNCT:
            break
        if is_word(t.norm):
            words += 1
            if words > _PEOPLE_REACH:
                break
        limit = t.end
    materiel = _materiel_words()
    for t in toks:
        if t.start >= limit:
            break
        w = t.norm
        if w in materiel or (w[:1] in "وبف" and w[1:] in materiel):
            # «نقلت قسد تعزيزات»: things moved — unless people were named first
            limit = t.start
            if not any(end <= p.start < limit for p in hits.people) and not any(
                end <= q.start and q.end < limit and q.unit in people_units()
                for q in doc.quantities
            ):
                return False
            break
    if any(end <= p.start < limit for p in hits.people):
        return True
    if any(t.start < limit and bare_word(t.norm) in _BATCH_WORDS for t in toks):
        # «تسلّمت بغداد الدفعة الأولى، والتي تضم 150 عنصراً»: a batch (not of things,
        # checked above) is a batch of people
        return True
    units = people_units()
    if any(end <= q.start < limit and (q.unit is None or q.unit in units) for q in doc.quantities):
        return True  # a number of people, not «نقلت قسد 3 صهاريج»
    for m in idx.mentions_in(end, limit):
        e = idx.entity(m.entity)
        if e is not None and e.type in ("armed_group", "state") and not idx.is_outlet(m.entity):
            return True
    return False


# what may follow a move verb that has no object: where to or from, or nothing
_NO_OBJECT_NEXT = frozenset(
    normalize_term(w) for w in ("إلى", "من", "نحو", "باتجاه", "الى", "صوب", "عبر", "في")
)


def _plural_with_no_object(
    idx: DocIndex, h: Hit[tuple[Sense, ...]], toks: list[Token]
) -> bool:
    """«المعتقلون الذين ... نُقلوا أمس إلى سجن الحسكة», «نُقلن إلى مخيم روج»: a plural
    verb of moving with no object after it (only a time, then where to) is passive — its
    plural subject is the people moved."""
    if h.form.isascii():
        return False
    whole = idx.doc.norm.text[h.nstart : h.nend] + normalize_term(h.suffix) if idx.doc.norm else ""
    if not whole.endswith(("وا", "ون", "ن")) or whole.endswith("ين"):
        return False
    for t in toks:
        if idx.time_at(t.start) is not None:
            continue
        return t.norm in _NO_OBJECT_NEXT or t.norm in CLAUSE_PUNCT
    return True


def _after_preposition(idx: DocIndex, start: int) -> bool:
    word = idx.word_at(start)
    before = idx.tok_norms_before(word.start if word else start, 1)
    return bool(before) and before[-1] in _NOUN_PREPOSITIONS


# separate prepositions: a trigger form right after one is a verbal noun, never a verb
_NOUN_PREPOSITIONS = frozenset(
    normalize_term(w)  # the tokens are normalised: «على» is read «علي»
    for w in ("في", "من", "عن", "على", "الى", "مع", "حول", "عبر", "ضد", "لدى", "خلال", "اثناء",
              "وفي", "ومن", "وعن", "وعلى", "والى", "ومع")
)


@compiled
def _materiel_words() -> frozenset[str]:
    return frozenset(normalize_term(w) for w in trigger_data().get("materiel", {}).get("forms", ()))


def _trigger_mentions(doc: Document, idx: DocIndex, hits: ExtractionHits) -> list[_Mention]:
    verb_spans = [c.verb_span for c in doc.claims if c.verb_span]
    # per sentence, the stretches no event argument comes from: the frame «أكد مصدر ...،
    # أمس، أن» (about the statement) and every speaker phrase
    # (a trigger before the claim's verb is no part of it: there the speaker may be its doer,
    # «ضربت قسد ... من خلال تهريبها ...، ونفت ذلك»)
    frames_by_sentence: dict[int, list[tuple[int, int, int]]] = {}
    for c in doc.claims:
        if not c.verb_span:
            continue
        at = c.verb_span[0]
        frames = frames_by_sentence.setdefault(idx.sentence_of(at), [])
        frames.append((at, at, max(c.verb_span[1], c.start)))
        if c.speaker.start is not None and c.speaker.end is not None:
            frames.append((at, c.speaker.start, c.speaker.end))
    out: list[_Mention] = []
    for h in hits.triggers:
        senses = [s for s in h.payload if s.cat == "trigger"]
        if not senses or senses[0].value == "none":
            continue
        t = senses[0]
        if h.prefix not in _FINITE_PROCLITICS or h.suffix in _NOUN_ENDINGS:
            # a verb takes neither the article, nor a preposition, nor a noun's ending:
            # «الفرات» is no «فرّ» + «ال» + «ات», «برحلة» no «رحّل»; only a noun reading of
            # the form may stand (the verbal noun «القتل», «بنقل» is listed as a noun)
            nominal = next((s for s in senses if s.form != "finite"), None)
            if nominal is None:
                continue
            t = nominal
        if t.no_suffix and h.suffix:
            continue
        # «any»: a form listed in full, verb or noun — read as a verb unless it has the article
        finite = (
            t.form in ("finite", "any")
            and not h.prefix.endswith(("ال", "لل"))
            and not h.form.startswith("ال")
        )
        if t.form == "finite" and h.prefix not in _FINITE_PROCLITICS:
            # a verb takes no article or preposition: «بنقل», «للهجوم» are the verbal noun
            finite = False
        if finite and h.form[:2] != "تم" and _after_preposition(idx, h.start):
            finite = False  # «ينشط في نقل ...»: after a preposition the form is the noun
        # the mention spans its phrase («ألقت القبض», «السيطرة الكاملة على»): what follows it
        # (the people, the facility, «في وقت سابق») is read after the phrase's last word
        end = phrase_end(hits, h, word_end(doc, h))
        if any(s < end and h.start < e for s, e in verb_spans):
            continue  # the reporting verb نقل («نقلت الوطن عن ...»)
        if t.check in ("people", "departure") and not _people_follow(doc, idx, hits, h, end):
            continue
        if t.check == "facility" and not _facility_follows(idx, hits, end):
            continue
        if t.check == "departure" and not _state_in_sentence(idx, h.start):
            continue
        if t.requires and not _word_follows(idx, end, t.requires):
            continue
        if h.form in _EN_DESCRIPTIVE and _descriptive_participle(idx, hits, h.start, end):
            continue
        if t.value == "escape" and (
            _civilians_flee(idx, h.start, end) or _attackers_flee(idx, out, h.start, end)
        ):
            continue
        event_type = t.value
        if event_type == "transfer" and _to_a_state(idx, end):
            event_type = "repatriation"  # «نقلهم إلى العراق»: handed over to their country
        claim = _innermost_claim(doc.claims, h.start, end)
        sent_start, sent_end = idx.sentence_bounds(h.start)
        if claim is not None:
            scope = Scope(max(claim.start, sent_start), min(claim.end, sent_end))
        else:
            scope = Scope(sent_start, sent_end)
        scope.excluded = [
            (s, e)
            for at, s, e in frames_by_sentence.get(idx.sentence_of(h.start), ())
            if at <= h.start
        ]
        denier = _denied_report(idx, doc.claims, claim)
        if denier is not None:
            claim = denier  # the scope stays the report's; the denial is whose news it is
        cue = cue_modality(idx, hits, h)
        if cue == PURPOSE:
            # a goal («بهدف إطلاق سراح») is not a happening; it stays a mention until the
            # numbers and dates are handed out, so that what it governs («لتحرير أنصارهم
            # البالغ عددهم 3500») is not given to a real event nearby
            out.append(
                _Mention(
                    event_type, h, h.start, end, idx.sentence_of(h.start), claim, PURPOSE,
                    Scope(sent_start, sent_end), finite,
                )
            )
            continue
        foiled = cue == "denied" and _foiled(idx, h.start)
        if cue == "denied" and not foiled and (claim is None or claim.stance != "deny"):
            # «لم يتم اعتقالهم», «دون وقوع اشتباكات»: a negated happening is no event unless
            # the negation is itself the news, a speaker's denial («نفت قسد فرار ...»), or
            # a foiled attempt («أحبطت الأسايش محاولة فرار»)
            continue
        # a foiled attempt is told like an attempt («حاولن الفرار», "attempted to escape"):
        # the attempt happened, and both tellings are one happening
        modality = modality_of(None if foiled else cue, claim)
        out.append(
            _Mention(
                event_type,
                h,
                h.start,
                end,
                idx.sentence_of(h.start),
                claim,
                modality,
                scope,
                finite,
                foiled=foiled,
            )
        )
    _split_coordinated(idx, out)
    return _drop_governed_batches(idx, _drop_repeat_auxiliaries(idx, out))


_AGAIN_REACH = 3  # words of a subject between «أعاد» and the verbal noun it repeats
# «أعاد» (every person and the passive «أُعيد»), «يعيد», «إعادة»: normalised, without the
# person prefix the imperfect adds
_AGAIN_STEMS = ("اعاد", "اعيد", "عيد", "اعاده", "عاده")


def _repeats(idx: DocIndex, prev: _Mention, m: _Mention) -> bool:
    """«أعادت القوات القبض على ثلاثة», «إعادة اعتقال»: «أعاد»/«إعادة» with another happening's
    verbal noun as its object (after at most a short subject, in the same clause) says the
    happening was done again."""
    if prev.type != "repatriation" or m.type == "repatriation" or m.sentence != prev.sentence:
        return False
    gap = m.start - prev.end
    if 0 <= gap <= 1:
        return True
    form = prev.hit.form
    stem = form[1:] if form[:1] in "يتنا" and form[1:].startswith("عيد") else form
    if m.finite or not stem.startswith(_AGAIN_STEMS) or gap < 0:
        return False
    between = idx.words_between(prev.end, m.start)
    return (
        len(between) <= _AGAIN_REACH
        and not idx.has_clause_break(prev.end, m.start)
        and not any(w[:1].isdigit() for w in between)
    )


@compiled
def _foiled_words() -> tuple[frozenset[str], int]:
    data = trigger_data().get("foiled", {})
    words = frozenset(normalize_term(w) for w in data.get("forms", ()) if " " not in w)
    return words | {"و" + w for w in words}, int(data.get("reach", 5))


def _foiled(idx: DocIndex, start: int) -> bool:
    """A verb of foiling within a few words before the trigger, in its clause («أحبطت
    الأسايش محاولة فرار», "foiled an attempt to smuggle")."""
    words, reach = _foiled_words()
    floor = idx.sentence_bounds(start)[0]
    for w in reversed(idx.tok_norms_before(start, reach + 2, floor=floor)):
        if w in CLAUSE_PUNCT:
            return False
        if w in words:
            return True
    return False


def _drop_repeat_auxiliaries(idx: DocIndex, mentions: list[_Mention]) -> list[_Mention]:
    """«أُعيد اعتقال السجناء», «إعادة نقل المعتقلين», «أعادت القوات القبض على ...»: the
    verb of return before another happening's verbal noun says it was done again — a
    re-arrest, no return of anyone."""
    drop = {id(prev) for prev, m in pairwise(mentions) if _repeats(idx, prev, m)}
    return [m for m in mentions if id(m) not in drop] if drop else mentions


_BATCH_WORDS = ("دفعه", "دفعات", "الدفعه")


_BATCH_REACH = 6  # words of a subject and a preposition between a verb and its batch


def _drop_governed_batches(idx: DocIndex, mentions: list[_Mention]) -> list[_Mention]:
    """«تسلمت بغداد الدفعة الأولى من المعتقلين», «نقلت قسد دفعة جديدة من ...»: the batch is
    what the move verb acted on, not a second move; so is a batch right after another
    happening's verb in its clause («أفرجت قسد عن دفعة جديدة من المحتجزين»). It tells a
    move of its own only when no such verb governs it («وكانت الدفعة الأولى ... قد وصلت»)."""
    moved = {
        m.sentence
        for m in mentions
        if m.type in _MOVED_PEOPLE_TYPES and not m.hit.form.startswith(_BATCH_WORDS)
    }
    drop: set[int] = set()
    for prev, m in pairwise(mentions):
        if not m.hit.form.startswith(_BATCH_WORDS):
            continue
        if m.sentence in moved or (
            # «أفرجت الإدارة الذاتية عن دفعة جديدة من المحتجزين»: the batch is what another
            # happening's verb acts on, in its clause
            prev.sentence == m.sentence
            and not prev.hit.form.startswith(_BATCH_WORDS)
            and idx.word_count(prev.end, m.start) <= _BATCH_REACH
            and not idx.has_clause_break(prev.end, m.start)
        ):
            drop.add(id(m))
    return [m for m in mentions if id(m) not in drop] if drop else mentions


_PARTICIPLE_NOUNS = frozenset(
    normalize_term(w)
    for w in ("الفارين", "الفارون", "الهاربين", "الهاربون", "فارين", "فارون", "هاربين", "هاربون",
              "escapees")
)


def _participle_noun(m: _Mention) -> bool:
    return normalize_term(m.hit.form) in _PARTICIPLE_NOUNS or normalize_term(
        m.hit.prefix + m.hit.form
    ) in _PARTICIPLE_NOUNS


def _descriptive_participle(idx: DocIndex, hits: ExtractionHits, start: int, end: int) -> bool:
    """«militants previously detained within the prison»: a people noun, the participle, then
    a preposition or the clause's end (no auxiliary: «were detained in» reports the act)."""
    before = [t for t in idx.tokens_before(start, 3) if is_word(t.norm)]
    while before and before[-1].norm in _EN_STATE_ADVERBS:
        before.pop()
    if not before or before[-1].norm in _EN_AUXILIARIES:
        return False
    noun = before[-1]
    if not any(p.start <= noun.start < p.end for p in hits.people):
        return False
    after = idx.tokens_after(end, 1)
    return not after or after[0].norm in _EN_AFTER_DESCRIPTIVE


def _civilians_flee(idx: DocIndex, start: int, end: int) -> bool:
    """«residents fleeing the fighting», «فرار المدنيين من المعارك»: the people next to the
    verb are civilians, not detainees."""
    near = [t.norm for t in idx.tokens_before(start, 2) if is_word(t.norm)]
    after = [t.norm for t in idx.tokens_after(end, 5) if is_word(t.norm)]
    near += after[:2]
    if not any(w in _FLEEING_CIVILIANS or (w[:1] in "وبل" and w[1:] in _FLEEING_CIVILIANS)
               for w in near):
        return False
    # «هروب عشرات العائلات من مخيم الهول»: families leaving a camp or prison that holds them
    # escape custody; only a flight from elsewhere (the fighting, a town) is civilians fleeing
    return _flight_words().custody.isdisjoint(after)


@dataclass(frozen=True, slots=True)
class _FlightWords:
    attackers: frozenset[str]
    custody: frozenset[str]


@compiled
def _flight_words() -> _FlightWords:
    data = trigger_data().get("flight", {})

    def with_proclitics(key: str) -> frozenset[str]:
        # each word also with a glued و/ف/ب/ل («والمسلحين», «بالسجن» is «بال» + «سجن»)
        words = {normalize_term(w) for w in data.get(key, ())}
        return frozenset(words | {c + w for w in words for c in ("و", "ف", "ب", "ل", "وب", "ول")})

    return _FlightWords(with_proclitics("attackers"), with_proclitics("custody"))


_PEOPLE_PRONOUN_WORDS = frozenset({"منهم", "منهن", "بعضهم", "عدد", "العشرات", "عشرات", "المئات"})
_FLIGHT_REACH = 15  # words back in the sentence in which the doer of a flight may stand
_FIGHT_BEFORE_FLIGHT = frozenset({"attack", "killing", "clash"})


def _attackers_flee(idx: DocIndex, before: list[_Mention], start: int, end: int) -> bool:
    """«فإن المسلحين استخدموا مسدسات ... ولاذوا بالفرار», «هجوم على حاجز ... وفرّ
    المهاجمون»: attackers getting away are no escape from custody. The doer is the nearest
    attacker noun before the flight in its sentence (no detainee noun between) or one right
    after it; with none, a flight after an attack told in the same sentence is the
    attackers' when the sentence names no custody. Custody or detainees right after the
    flight («من السجن», «عشرات السجناء») keep it an escape."""
    fw = _flight_words()
    sent_start, sent_end = idx.sentence_bounds(start)
    after = idx.words_after(end, 5, ceiling=sent_end)
    if not fw.custody.isdisjoint(after):
        return False
    if not fw.attackers.isdisjoint(after[:3]):
        return True
    for w in reversed(idx.words_before(start, _FLIGHT_REACH, floor=sent_start)):
        if w in fw.custody or w[:1].isdigit() or w in _PEOPLE_PRONOUN_WORDS:
            # «هاجم مسلحون السجن وفرّ السجناء», «... وتمكن 20 منهم من الفرار»: the held
            # people (or a count of someone) are nearer
            break
        if w in fw.attackers:
            return True
    sentence = idx.sentence_of(start)
    fight = next(
        (m for m in reversed(before) if m.sentence == sentence and m.type in _FIGHT_BEFORE_FLIGHT),
        None,
    )
    if fight is None:
        return False
    if not fw.custody.isdisjoint(idx.words_between(sent_start, sent_end)):
        return False
    return not any(
        (e := idx.entity(m.entity)) is not None and e.type == "facility"
        for m in idx.mentions_in(sent_start, sent_end)
    )


# separate words that join a repeated verb as a clause of its own («كما أفرجت عن ...»)
_CLAUSE_JOINERS = frozenset({"كما", "وكما", "ثم", "and"})


def _split_coordinated(idx: DocIndex, mentions: list[_Mention]) -> None:
    """«أفرجت قسد عن 50 معتقلاً من سجن الحسكة وأفرجت عن 20 آخرين في الرقة»: a finite verb
    repeated after «و» (or «كما», «ثم») opens a clause of its own — the first verb's
    arguments end where it begins, and the second takes none from the first verb's object.
    The subject before the first verb stays shared."""
    for prev, m in pairwise(mentions):
        if (
            m.finite
            and prev.finite
            and m.type == prev.type
            and m.sentence == prev.sentence
            and (
                m.hit.prefix[:1] in ("و", "ف")
                or any(w in _CLAUSE_JOINERS for w in idx.tok_norms_before(m.start, 1))
            )
            and m.scope.start <= prev.start
            and prev.scope.end >= m.end
        ):
            prev.scope.end = min(prev.scope.end, m.start)
            m.scope.excluded.append((prev.start, m.start))


def _facility_follows(idx: DocIndex, hits: ExtractionHits, end: int) -> bool:
    """A facility named (or «السجن» pointing back to one) within three words after ``end``."""
    toks = [t for t in idx.tokens_after(end, 6) if is_word(t.norm)][:3]
    if not toks:
        return False
    limit = toks[-1].end
    for m in idx.mentions_in(end, limit):
        e = idx.entity(m.entity)
        if e is not None and e.type == "facility" and m.start < limit:
            return True
    return any(end <= a.start < limit for a in hits.anaphora)


def _state_in_sentence(idx: DocIndex, offset: int) -> bool:
    """A country, or a body of one («الحكومة العراقية»), named in the sentence: where people
    leaving a camp return to."""
    start, end = idx.sentence_bounds(offset)
    for m in idx.mentions_in(start, end):
        e = idx.entity(m.entity)
        if e is None:
            continue
        if e.type == "state" and e.subtype in (None, "country", "government"):
            return True
        for a in idx.ancestors(m.entity):
            ae = idx.entity(a)
            if ae is not None and ae.type == "state" and ae.subtype in (None, "country"):
                return True
    return False


def _word_follows(idx: DocIndex, end: int, words: tuple[str, ...]) -> bool:
    """One of ``words`` within the next three words («أطلقت قسد سراح ...»)."""
    toks = [t.norm for t in idx.tokens_after(end, 6) if is_word(t.norm)][:3]
    return any(w in toks for w in words)


def _is_country(idx: DocIndex, entity: str) -> bool:
    e = idx.entity(entity)
    return e is not None and e.type == "state" and e.subtype in (None, "country")


@lru_cache(maxsize=4096)
def _country_of(entity: str) -> str | None:
    """The country a place lies in (itself when it is one), up the gazetteer's parents (the
    document holds only the entities it names, so the chain is read from the knowledge
    base)."""
    entities = load_kb().entities
    seen: set[str] = set()
    e = entities.get(entity)
    while e is not None and entity not in seen:
        if e.type == "state" and e.subtype in (None, "country"):
            return entity
        seen.add(entity)
        if not e.parent:
            return None
        entity = e.parent
        e = entities.get(entity)
    return None


def _crosses_border(origin: str | None, destination: str | None) -> bool:
    """Origin and destination lie in two different known countries."""
    if origin is None or destination is None:
        return False
    a, b = _country_of(origin), _country_of(destination)
    return a is not None and b is not None and a != b


def _to_a_state(idx: DocIndex, end: int) -> bool:
    toks = [t for t in idx.tokens_after(end, 4) if is_word(t.norm)]
    for i, t in enumerate(toks[:3]):
        if t.norm in ("الي", "to"):
            rest = toks[i + 1 : i + 2]
            if rest:
                for m in idx.mentions_in(rest[0].start, rest[0].end + 40):
                    e = idx.entity(m.entity)
                    if (
                        m.start <= rest[0].end
                        and e is not None
                        and e.type == "state"
                        and e.subtype in (None, "country")
                    ):
                        return True
    return False


@dataclass(frozen=True, slots=True)
class _GenericWords:
    frames: frozenset[str]
    habitual_by_first: dict[str, tuple[tuple[str, ...], ...]]
    campaigns: frozenset[str]
    refuges: frozenset[str]
    goals: frozenset[str]
    topics: frozenset[str]
    demands: frozenset[str]
    demand_links: frozenset[str]
    since: frozenset[str]
    since_fillers: frozenset[str]


@compiled
def _generic_words() -> _GenericWords:
    g = trigger_data().get("generic", {})

    def words(key: str) -> frozenset[str]:
        return frozenset(normalize_term(w) for w in g.get(key, ()))

    by_first: dict[str, tuple[tuple[str, ...], ...]] = {}
    for p in g.get("habitual", ()):
        phrase = tuple(normalize_term(p).split())
        if phrase:
            for key in (phrase[0], "و" + phrase[0], "ف" + phrase[0]):
                by_first[key] = (*by_first.get(key, ()), phrase)
    frames = words("frames")
    return _GenericWords(
        frames | {c + w for w in frames for c in "وف"},
        by_first,
        words("campaign_nouns"),
        words("refuge_nouns"),
        words("goal_nouns") | {c + w for w in words("goal_nouns") for c in "وف"},
        words("topic_frames") | {c + w for w in words("topic_frames") for c in "وف"},
        words("demands") | {c + w for w in words("demands") for c in "وفل"},
        words("demand_links"),
        words("since") | {"و" + w for w in words("since")},
        words("since_fillers"),
    )


def _generic(idx: DocIndex, m: _Mention) -> bool:
    """A noun naming a kind of happening, a habit or a past campaign («حالات العصيان التي
    تكررت», «خطر هروب», «معارك التحرير», «الفارين من الحرب») with no date or count of its
    own: no event. A finite verb always tells a happening."""
    gw = _generic_words()
    sent_start, sent_end = idx.sentence_bounds(m.start)
    if m.type == "escape" and _fled_a_war(idx, gw, m.end, sent_end):
        # «هربوا من معارك التحرير», «الفارين من الحرب»: refugees, verb or noun
        return True
    if m.finite:
        return False
    before: list[str] = []
    word = idx.word_at(m.start) if m.hit.prefix else None  # «وتهريب»: from the word's start
    for w in reversed(idx.tok_norms_before(word.start if word else m.start, 12, floor=sent_start)):
        if w in CLAUSE_PUNCT:
            break
        if len(w) > 1 or w.isalnum():  # is_word, inline (a hot loop)
            before.append(w)
    before.reverse()
    # a frame governing the trigger makes it a category («خطر هروب»); talk, a demand or a
    # habit («تهويل الهجوم», «ينشط في نقل») whatever dates the sentence holds; a trigger
    # coordinated to a governed one shares its frame («ينشط في نقل وتهريب»)
    window = before[-3:] if m.hit.prefix[:1] == "و" else before[-2:]
    if not gw.topics.isdisjoint(window):
        return True
    if m.hit.prefix[:1] in "بو" and "ب" in m.hit.prefix[:2] and not gw.goals.isdisjoint(
        before[-7:]
    ):
        # «إشغال الجيش ... بمعارك»: what the goal would busy someone with, not a happening
        return True
    if _demanded(gw, m, before):
        return True
    if m.date is not None or m.count is not None:
        return False
    if not gw.frames.isdisjoint(window):
        return True
    after: list[str] = []
    for w in idx.tok_norms_after(m.end, 12, ceiling=sent_end):
        if w in CLAUSE_PUNCT:
            break
        if len(w) > 1 or w.isalnum():
            after.append(w)
    clause = before + after
    # a habitual phrase (its words may carry a leading و/ف: the data lists both)
    by_first = gw.habitual_by_first
    for i, w in enumerate(clause):
        phrases = by_first.get(w)
        if phrases is None:
            continue
        for phrase in phrases:
            rest = clause[i + 1 : i + len(phrase)]
            if len(rest) == len(phrase) - 1 and all(
                x == p or (x[:1] in "وف" and x[1:] == p)
                for x, p in zip(rest, phrase[1:], strict=True)
            ):
                return True
    nxt = after[:2]
    if m.type == "escape" and _participle_noun(m) and not any(
        w in ("من", "from") for w in after[:1]
    ):
        # «ملاحقة الفارين», «the escapees»: people described by a past escape; only with
        # its origin («الفارين من سجن الصناعة») does the noun tell the escape itself
        return True
    return bool(m.type == "clash" and nxt and nxt[0] in gw.campaigns)


_DEMAND_REACH = 7  # words of the demand's subject and object before what it asks for


def _demanded(gw: _GenericWords, m: _Mention, before: list[str]) -> bool:
    """«تطالب الإدارة الذاتية الدول المعنية باستعادة رعاياها», «دعا الحكومات إلى إعادة
    مواطنيها», «المطالبة بالإفراج عن ...»: the verbal noun a demand governs (through ب
    glued to it, or إلى/على/"to"/"for" before it) is asked for, not done."""
    linked = "ب" in m.hit.prefix[:2] or (before and before[-1] in gw.demand_links)
    if not linked:
        return False
    window = before[-_DEMAND_REACH:]
    return not gw.demands.isdisjoint(window)


def _fled_a_war(idx: DocIndex, gw: _GenericWords, end: int, sent_end: int) -> bool:
    nxt = [w for w in idx.tok_norms_after(end, 3, ceiling=sent_end) if is_word(w)][:2]
    return len(nxt) == 2 and nxt[0] in ("من", "from") and nxt[1] in gw.refuges


# -- arguments ----------------------------------------------------------------------------


_CHAIN_REACH = 15  # words between two verbs of one chained clause that share a time


def _share_clause_dates(
    idx: DocIndex,
    mentions: list[_Mention],
    best_date: dict[int, tuple[tuple[bool, int], TimeExpression]],
    best_vague: dict[int, tuple[tuple[bool, int], TimeExpression]],
) -> None:
    """One time told once for two happenings of one sentence tied by the grammar:

    * a cause and its result — «عملية أمنية ...، فجر الأحد، أسفرت عن القبض على خمسة»,
      «هجوم ... مساء أمس، ما أدى لمقتل عنصرين»: the same day, either way;
    * verbs chained by «و» sharing their subject — «داهموا في اليوم ذاته منازل ...
      واعتقلوا 12 شاباً»: the later verb takes the earlier verb's time.

    Only the next trigger is looked at, in the same claim and modality."""
    results = _result_words()
    for a, b in pairwise(mentions):
        if a.sentence != b.sentence or a.claim is not b.claim or a.modality != b.modality:
            continue
        a_time, b_time = best_date.get(id(a)), best_date.get(id(b))
        if (a_time is None) == (b_time is None):
            continue
        if id(a) in best_vague or id(b) in best_vague:
            continue
        between = idx.words_between(a.end, b.start)
        if any(bare_word(w) in results for w in between):
            if a_time is None:
                best_date[id(a)] = b_time  # type: ignore[assignment]
            else:
                best_date[id(b)] = a_time
        elif (
            a_time is not None
            and a.finite
            and b.finite
            and b.hit.prefix[:1] == "و"
            and len(between) <= _CHAIN_REACH
            and _background_free(idx, a, b)
        ):
            best_date[id(b)] = a_time


def _background_free(idx: DocIndex, a: _Mention, b: _Mention) -> bool:
    """No relative pronoun between ``a`` and ``b`` (a relative clause tells its own time)."""
    return not any(w in RELATIVES for w in idx.words_between(a.end, b.start))


def _nearest_owner(
    idx: DocIndex, mentions: list[_Mention], start: int, end: int
) -> tuple[tuple[bool, int], _Mention] | None:
    """The trigger a time or number belongs to: one in the same clause first, then the
    nearest in characters."""
    best: tuple[tuple[bool, int], _Mention] | None = None
    for m in mentions:
        lo, hi = (end, m.start) if end <= m.start else (m.end, start)
        key = (idx.has_clause_break(lo, hi), max(hi - lo, 0))
        if best is None or key < best[0]:
            best = (key, m)
    return best


def _attach_arguments(
    doc: Document, idx: DocIndex, hits: ExtractionHits, mentions: list[_Mention]
) -> None:
    by_sentence: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    # dates and counts go to the nearest trigger of their sentence; a trigger keeps the
    # nearest of those it receives
    best_date: dict[int, tuple[tuple[bool, int], TimeExpression]] = {}
    best_vague: dict[int, tuple[tuple[bool, int], TimeExpression]] = {}
    for t in doc.times:
        group = by_sentence.get(idx.sentence_of(t.start), [])
        if not group:
            continue
        owners = [m for m in group if m.scope.contains(t.start, t.end)]
        if len(owners) > 1:
            owners = _outside_relatives(idx, owners, t.end)
        opening = _fronted(idx, t) if len(owners) > 1 else None
        if opening is not None and not any(opening <= m.start < t.start for m in owners):
            # «ثم في 17 من الشهر تمكنت ... من الهرب»: a time opening a clause dates what
            # follows it, not the happening told before the comma (a verb before it in
            # its clause keeps it: «أفرجت الإدارة الذاتية أمس عن ...»)
            owners = [m for m in owners if m.start >= t.end] or owners
        found = _nearest_owner(idx, owners, t.start, t.end)
        if found is not None:
            key, owner = found
            if t.value is None and not _point_in_past(idx, t):
                continue
            best = best_date if t.value is not None else best_vague
            if id(owner) not in best or key < best[id(owner)][0]:
                best[id(owner)] = (key, t)
    # «أولى عمليات الهروب من المخيم في 19 آب حيث تم تهريب 5»: a time taken by the nearer
    # trigger also dates a trigger with none of its own in the same unbroken clause
    dated = sorted((t.start, id(t), t) for _, t in best_date.values())
    dated_starts = [start for start, _, _ in dated]
    for m in mentions:
        if not dated or id(m) in best_date or id(m) in best_vague:
            continue
        k = bisect_left(dated_starts, m.end)
        if k == len(dated):
            continue
        t = dated[k][2]
        if (
            t.start - m.end <= 40
            and idx.sentence_of(t.start) == m.sentence
            and not idx.has_clause_break(m.end, t.start)
        ):
            best_date[id(m)] = ((False, t.start - m.end), t)
    _share_clause_dates(idx, mentions, best_date, best_vague)
    # a number inside a time is no count: a quantity overlaps a time when the latest end of
    # the times starting before the quantity's end lies past its start (idx.times is sorted)
    time_ends = list(accumulate((t.end for t in idx.times), max))
    best_count: dict[int, tuple[tuple[bool, int], Quantity]] = {}
    totals = _running_totals(idx)
    total_ids = {id(x) for t in totals for x in (t.quantity, *t.joined)}
    for q in doc.quantities:
        k = bisect_left(idx.time_starts, q.end)
        if k and time_ends[k - 1] > q.start:
            continue
        if id(q) in total_ids:
            continue  # a running total is no count of one happening: see _settle_totals
        group = by_sentence.get(idx.sentence_of(q.start), [])
        if not group:
            continue
        fits = quantity_fits(doc, hits, q)
        if not fits and not _bare_number(doc, hits, q):
            continue
        if _not_an_event_count(idx, hits, q):
            continue
        if q.unit in _VICTIM_UNITS:
            group = [m for m in group if m.type in ("killing", "attack", "clash")]
        victims = q.unit in _VICTIM_UNITS
        # a fight counts its fighters only inside its own clause («بالهجوم على السجن ...،
        # لتحرير أنصارهم البالغ عددهم 3500» counts whom the attack was to free); a number
        # in a relative clause opened after a trigger is not that trigger's
        owners = [
            m
            for m in group
            if m.scope.contains(q.start, q.end)
            and (victims or m.type not in _FIGHT_TYPES or _fight_count(idx, m, q))
            and not (m.end <= q.start and _in_later_relative(idx, m, q))
        ]
        if len(owners) > 1:
            owners = _outside_relatives(idx, owners, q.end)
        governor = _governor(idx, owners, q)
        found: tuple[tuple[bool, int], _Mention] | None
        if governor is not None:
            found = ((False, -1), governor)  # the trigger the number is the argument of
        elif not fits:
            # a bare number («واعتقلت العشرات», «القبض على اثنين فقط») counts only the
            # trigger it is the argument of
            continue
        else:
            found = _nearest_owner(idx, owners, q.start, q.end)
        if found is not None:
            key, owner = found
            if id(owner) not in best_count or key < best_count[id(owner)][0]:
                best_count[id(owner)] = (key, q)
    for m in mentions:
        if (
            id(m) not in best_count
            and m.type in _SINGLE_PATIENT_TYPES
            and normalize_term(m.hit.suffix) not in _PRONOUN_SUFFIXES
            # forms listed with their pronoun («نقلهم», «اعتقالها»)
            and not idx.doc.norm.text[m.hit.nstart : m.hit.nend].endswith(_PLURAL_PRONOUNS)
        ):
            single = _single_patient(idx, m)
            if single is not None:
                m.count = single
    # goals have taken their numbers and dates; they are no events
    mentions[:] = [m for m in mentions if m.modality != PURPOSE]
    for m in mentions:
        if id(m) in best_date:
            m.date = best_date[id(m)][1]
        elif id(m) in best_vague:
            m.vague_time = best_vague[id(m)][1]
        if id(m) in best_count:
            m.count = count_dict(best_count[id(m)][1])
    if totals:
        _settle_totals(idx, mentions, totals)
    anaphora = _facility_anaphora(idx, hits)
    unmade: set[int] = set()  # breaches not made by the insurgents at a facility
    # the type the side of the last storming or raid with a known doer gave it
    side_told: dict[tuple[str, str | None, str | None], str] = {}
    for m in mentions:
        m.place = find_place(idx, m.scope, m.start, m.end, anaphora, flight=m.type == "escape")
        trig = next(x for x in m.hit.payload if x.cat == "trigger")
        causative = trig.causative or (
            # «هرّب» (smuggled) is «هرب» (fled) with a written shadda
            m.type == "escape" and "هرب" in m.hit.form and "\u0651" in doc.text[m.start : m.end]
        )
        m.actors = find_actors(
            idx,
            hits,
            m.scope,
            m.type,
            m.start,
            m.end,
            m.finite,
            m.hit.suffix,
            causative=causative,
        )
        if trig.force_type or trig.insurgent_type:
            typed, decided = _type_by_doer(idx, trig, m.type, m.actors)
            key = (trig.value, trig.force_type, trig.insurgent_type)
            if decided:
                side_told[key] = typed
            elif _definite(m) and key in side_told:
                # «بدأت القوات الأمريكية بعملية اقتحام ... الاقتحام جاء بعد ...»: a definite
                # storming with no doer of its own is the one told before, by the same side
                typed = side_told[key]
            m.type = typed
        if trig.check == "insurgent_doer" and not _insurgents_at_facility(idx, m):
            unmade.add(id(m))
        if m.type in ("transfer", "repatriation"):
            m.origin, m.destination = find_route(idx, m.scope, m.end, anaphora)
            if m.type == "transfer" and _crosses_border(m.origin, m.destination):
                # «العائدة من مخيم الهول إلى مركز الجدعة»: people moved from one country
                # to another are handed back, not moved within a prison system
                m.type = "repatriation"
            # where a move happened: the facility it left, else the one it reached (the
            # route itself is in origin/destination)
            if m.type == "repatriation" and m.destination is None:
                # «العراق استعاد 953 معتقلاً», «تسلمت بغداد ...»: the state that takes its
                # people back is where they are brought
                m.destination = next(
                    (a.entity for a in m.actors if a.role == "agent" and _is_country(idx, a.entity)),
                    None,
                )
            if m.type == "repatriation" and m.destination is not None:
                m.place = m.destination
            elif m.origin is not None:
                m.place = m.origin
            elif m.destination is not None and (
                m.place is None or place_rank(idx, m.destination) <= place_rank(idx, m.place)
            ):
                m.place = m.destination
    if unmade:
        mentions[:] = [m for m in mentions if id(m) not in unmade]
    _carry_places(idx, mentions)
    _share_coordinated_counts(mentions)
    _anaphoric_counts(idx, mentions)
    _link_mentions(idx, mentions)
    _recall_sequels(idx, mentions)


# a move told right after another happening to the same people: «أُفرج عن 4 نساء ...
# ونُقلن إلى مخيم روج», «اعتقلت قسد 12 شخصاً ونقلتهم إلى سجن الحسكة»
def _own_time(idx: DocIndex, m: _Mention, last: _Mention) -> bool:
    """A time in ``m``'s sentence other than ``last``'s date («بعد حادثة فرار ... الأسبوع
    الفائت», «... في 27 تشرين الثاني الماضي»): ``m`` tells a story of its own."""
    if m.date is not None:
        return last.date is None or last.date.value != m.date.value
    start, end = idx.sentence_bounds(m.start)
    i = bisect_left(idx.time_starts, start)
    for t in idx.times[i:]:
        if t.start >= end:
            break
        if last.date is None or t.value != last.date.value:
            return True
    return False


# a deal has parties, not a scene: it neither gives nor takes a place by continuity
_SCENELESS = frozenset({"agreement"})
_COUNTRY_RANK = 4


def _carry_places(idx: DocIndex, mentions: list[_Mention]) -> None:
    """«تضاربت الروايات حول فرار محتجزين من سجن في مدينة الرقة ...، ونفت قسد ... مؤكدة أن ما
    جرى محاولة تمرد»: a happening whose own clause names no place continues the story of the
    happening told just before it (same or previous sentence) and happened where it did."""
    last: _Mention | None = None
    for m in mentions:
        if (
            m.place is None
            and last is not None
            and 0 <= m.sentence - last.sentence <= 1
            and m.type not in _SCENELESS
            and not _own_time(idx, m, last)
        ):
            m.place = last.place
        if (
            m.place is not None
            and m.modality != PURPOSE
            and m.type not in _SCENELESS
            and place_rank(idx, m.place) < _COUNTRY_RANK
        ):
            last = m  # a country named is as often nationality as a scene: never carried


_SAME_PEOPLE_BEFORE = frozenset({"release", "arrest", "transfer", "repatriation"})
_PLURAL_ENDINGS = ("وا", "ن", "هم", "هن")


def _share_coordinated_counts(mentions: list[_Mention]) -> None:
    """A move verb joined by و to the happening before it, with the people it moves only in
    its plural ending (subject «ونُقلن», object «ونقلتهم») and no number of its own, moves
    the people that happening counted."""
    for prev, m in pairwise(mentions):
        if (
            m.count is None
            and prev.count is not None
            and m.type in _MOVED_PEOPLE_TYPES
            and prev.type in _SAME_PEOPLE_BEFORE
            and m.finite
            and m.sentence == prev.sentence
            and m.hit.prefix[:1] == "و"
            and (m.hit.form + m.hit.suffix).endswith(_PLURAL_ENDINGS)
            and m.modality == prev.modality
        ):
            m.count = prev.count


# -- running totals -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _TotalWords:
    nouns: frozenset[str]
    rising: frozenset[str]
    reaching: frozenset[str]
    overall: tuple[tuple[str, ...], ...]
    consequence: frozenset[str]
    consecutive: frozenset[str]
    to: frozenset[str]


@compiled
def _total_words() -> _TotalWords:
    data = trigger_data().get("totals", {})

    def words(key: str) -> frozenset[str]:
        return frozenset(normalize_term(w) for w in data.get(key, ()))

    return _TotalWords(
        words("nouns"),
        words("rising"),
        words("reaching"),
        tuple(tuple(normalize_term(w).split()) for w in data.get("overall", ())),
        words("consequence"),
        words("consecutive"),
        frozenset({normalize_term("إلى"), "to"}),
    )


_TOTAL_REACH = 20  # words before the number in which the total noun may stand
_TOLL_TYPES = frozenset({"killing", "arrest", "escape", "release", "transfer", "repatriation"})
_TOTAL_HOSTS = frozenset({"killing", "attack", "clash", "security_operation", "riot"})


@dataclass(frozen=True, slots=True)
class _Total:
    quantity: Quantity
    joined: tuple[Quantity, ...]  # «17 قتيلاً و23 جريحاً»: the figures told with it
    start: int  # where the total phrase begins (its verb or noun)
    end: int  # where it ends (the number's counted noun)
    attached: bool  # a consequence clause of the happening told before it


@compiled
def _total_gate() -> frozenset[str]:
    """The words one of which stands in the two before a total's number: «إلى»/"to", a
    total noun (or the noun it governs, one word on) or the end of an approximator."""
    tw = _total_words()
    return tw.to | tw.nouns | {p[-1] for p in _count_exclusions().approximators}


def _strip_conjunction(word: str) -> str:
    return word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word


def _running_totals(idx: DocIndex) -> list[_Total]:
    """The numbers that are running totals, not the count of one happening."""
    doc = idx.doc
    if not doc.quantities:
        return []
    tw = _total_words()
    approximators = _count_exclusions().approximators
    gate = _total_gate()
    out: list[_Total] = []
    taken: set[int] = set()
    for q in doc.quantities:
        if id(q) in taken:
            continue
        j = idx.next_word(q.start)
        if not any(w in gate or w[1:] in gate for w in idx.word_norms[max(0, j - 2) : j]):
            continue
        sent_start = idx.sentence_bounds(q.start)[0]
        lo = max(0, j - _TOTAL_REACH, bisect_left(idx.word_starts, sent_start))
        words = idx.word_norms[lo:j]
        approx = first_ending(words, approximators)
        head = words[: len(words) - len(approx)] if approx else words
        if not head:
            continue
        after_to = head[-1] in tw.to
        noun_i = -1
        for i in range(len(head) - 1, -1, -1):
            w = _strip_conjunction(head[i])
            if w in tw.nouns and not (w == "عدد" and head[i + 1 : i + 2] == ["من"]):
                noun_i = i
                break
        # the number after «إلى»/"to", or inside the noun phrase («الحصيلة 17», «حصيلة القتلى 50»)
        if noun_i < 0 or not (after_to or noun_i >= len(head) - 2):
            continue
        verb_i = -1
        for i in (*range(noun_i - 1, max(-1, noun_i - 4), -1), *range(noun_i + 1, min(len(head), noun_i + 4))):
            w = _strip_conjunction(head[i])
            if w in tw.rising or w in tw.reaching:
                verb_i = i
                break
        if verb_i < 0:
            continue
        verb = _strip_conjunction(head[verb_i])
        if verb not in tw.rising:
            # «بلغ»/"reached" adds up a series only with a word of the whole
            span = head[max(0, min(noun_i, verb_i) - 1) :]
            if not any(
                tuple(span[k : k + len(p)]) == p for p in tw.overall for k in range(len(span))
            ):
                continue
        first = min(noun_i, verb_i)
        start = idx.word_starts[lo + first]
        if idx.has_clause_break(idx.word_starts[lo + noun_i], q.start):
            continue
        attached = first > 0 and (
            # «لترتفع», «لتصبح»: the لام of consequence
            (verb[:1] == "ل" and (verb in tw.rising or verb in tw.reaching))
            or verb in tw.consecutive
            or (verb_i == first and _strip_conjunction(head[verb_i - 1]) in tw.consequence)
        )
        joined = tuple(
            x for x in doc.quantities
            if x is not q and 0 <= x.start - q.end <= 24 and x.text[:1] == "و"
            and not idx.has_clause_break(q.end, x.start)
        )[:1]
        taken.update(id(x) for x in joined)
        end = q.unit_span[1] if q.unit_span else q.end
        out.append(_Total(q, joined, start, max(end, q.end), attached))
    return out


def _settle_totals(idx: DocIndex, mentions: list[_Mention], totals: list[_Total]) -> None:
    """Give each running total to the happening it adds up. A consequence clause («...،
    لتصبح الحصيلة 17 قتيلاً», "..., bringing the toll to 20") is the `count_total` of the
    happening before it in the sentence (of the toll noun's type when one is written), and
    its toll noun is no second happening. A total told as its own clause («وارتفعت حصيلة
    القتلى الإجمالية إلى 102») counts the whole series its toll noun names."""
    drop: set[int] = set()
    for t in totals:
        tolls = [m for m in mentions if t.start <= m.start < t.end and m.type in _TOLL_TYPES]
        host: _Mention | None = None
        if t.attached:
            sentence = idx.sentence_of(t.start)
            wanted = frozenset({tolls[0].type}) if tolls else _TOTAL_HOSTS
            for n in reversed(mentions):
                if n.end > t.start or id(n) in drop:
                    continue
                if n.sentence != sentence:
                    break
                if n.type in wanted:
                    host = n
                    break
        total = count_dict(t.quantity)
        if host is not None:
            host.count_total = total
            drop.update(id(m) for m in tolls)
        elif tolls:
            tolls[0].count = total
            tolls[0].count_total = total
    if drop:
        mentions[:] = [m for m in mentions if id(m) not in drop]


# -- counts told before: «هؤلاء المعتقلين», «نقلهم» -------------------------------------------

_ANAPHOR_WINDOW = 2  # sentences back in which the counted group must stand
_DEMONSTRATIVE_PLURALS = frozenset({normalize_term("هؤلاء"), normalize_term("أولئك"), "these", "those"})
# the patient pronoun on the preposition after the trigger: «أفرجت عنهم», «القبض عليهم»
_PRONOUN_OBJECTS = frozenset(
    normalize_term(w)
    for w in ("عنهم", "عنهن", "عليهم", "عليهن", "بحقهم", "بحقهن", "سراحهم", "سراحهن", "them")
)
_DUAL_OBJECTS = frozenset(normalize_term(w) for w in ("عنهما", "عليهما", "سراحهما", "بحقهما"))
_PATIENT_LINKS = frozenset(normalize_term(w) for w in ("عن", "على", "بحق", "سراح", "of"))


@compiled
def _people_units_by_noun() -> dict[str, str]:
    """A people noun (normalised, no article) -> its unit (units.toml, via quantities)."""
    from marsad.recognize.quantities import unit_lookup

    units = people_units()
    return {form: unit for form, unit in unit_lookup().items() if unit in units}


def _noun_unit(word: str) -> str | None:
    table = _people_units_by_noun()
    for stem in (word, word[2:] if word.startswith("ال") else "", word[1:], word[3:]):
        if stem and stem in table:
            return table[stem]
    return None


@dataclass(frozen=True, slots=True)
class _Anaphor:
    fewest: int  # a plural pronoun stands for three or more, a dual for two
    most: float
    unit: str | None  # the people noun's unit when one is written
    noun_only: bool  # a definite noun with no pointer: its unit must match


def _anaphor_of(idx: DocIndex, m: _Mention) -> _Anaphor | None:
    """How the trigger names its people when it names them by pointing back: a pronoun
    («نقلهم», «أفرجت عنهم», "moved them"), a demonstrative («نقل هؤلاء المعتقلين», "these
    detainees") or a definite people noun («نقل المعتقلين»)."""
    whole = idx.doc.norm.text[m.hit.nstart : m.hit.nend] + normalize_term(m.hit.suffix)
    if whole.endswith((" من", " of")):
        return None  # «الدفعة الأولى من هؤلاء المعتقلين»: a part of the group, not all of it
    if whole.endswith(("هما",)):
        return _Anaphor(2, 2, None, False)
    if whole.endswith(("هم", "هن")):
        return _Anaphor(3, float("inf"), None, False)
    after = idx.words_after(m.end, 3, ceiling=idx.sentence_bounds(m.start)[1])
    if after and after[0] in _PATIENT_LINKS:
        after = after[1:]
    if not after:
        return None
    first = after[0]
    if first in _PRONOUN_OBJECTS:
        return _Anaphor(3, float("inf"), None, False)
    if first in _DUAL_OBJECTS:
        return _Anaphor(2, 2, None, False)
    if first in _DEMONSTRATIVE_PLURALS:
        return _Anaphor(2, float("inf"), _noun_unit(after[1]) if len(after) > 1 else None, False)
    if first.startswith("ال") or (first == "the" and len(after) > 1):
        noun = after[1] if first == "the" else first
        unit = _noun_unit(noun)
        if unit is None:
            return None
        pointed = len(after) > 1 and after[1] in _DEMONSTRATIVE_PLURALS
        return _Anaphor(2, float("inf"), unit, not pointed)
    return None


def _anaphoric_counts(idx: DocIndex, mentions: list[_Mention]) -> None:
    """A happening whose people are named by pointing back («وافق على استلام هؤلاء
    المعتقلين ونقلهم») takes the count of the group it points to — only when that is
    unambiguous: the nearest happening with people in this or the two sentences before is
    counted, no other counted group there has another size, and the size fits the pointer
    (a plural pronoun is three or more; a written noun has the group's unit). Else null."""
    for i, m in enumerate(mentions):
        if m.count is not None or m.type not in _SINGLE_PATIENT_TYPES or m.background:
            continue
        # the happenings with people told before it, nearest first (the dead are not the
        # people later moved, released or arrested)
        window: list[_Mention] = []
        for n in reversed(mentions[:i]):
            if n.sentence < m.sentence - _ANAPHOR_WINDOW:
                break
            if (
                n.end <= m.start
                and n.type in _SINGLE_PATIENT_TYPES
                and (m.type == "killing" or n.type != "killing")
            ):
                window.append(n)
        if not window or window[0].count is None:
            continue
        nearest = window[0].count
        anaphor = _anaphor_of(idx, m)
        if anaphor is None:
            continue
        sizes = {(n.count["min"], n.count["max"]) for n in window if n.count is not None}
        if len(sizes) != 1:
            continue
        size = _count_range(nearest)
        if size is None or size[0] < anaphor.fewest or size[0] > anaphor.most:
            continue
        unit = nearest.get("unit")
        if unit in _VICTIM_UNITS and m.type != "killing":
            continue  # the dead are not the people moved or released
        if anaphor.unit is not None and unit is not None and not _same_people(anaphor.unit, str(unit)):
            continue
        if anaphor.noun_only and (
            unit is None or unit in _ANY_PEOPLE or not _same_people(anaphor.unit or "", str(unit))
        ):
            continue  # a definite noun with no pointer must name the very people counted
        m.count = dict(nearest)


_ANY_PEOPLE = frozenset({"person", "people", "individual"})


@compiled
def _people_classes() -> dict[str, int]:
    classes = trigger_data().get("anaphora", {}).get("same_people", ())
    return {unit: k for k, group in enumerate(classes) for unit in group}


def _same_people(a: str, b: str) -> bool:
    """Do two units name the same kind of people (a detainee is a prisoner)?"""
    if a == b or a in _ANY_PEOPLE or b in _ANY_PEOPLE:
        return True  # «اعتقلت 12 شخصاً ... نقل هؤلاء المعتقلين»: persons are whoever they became
    classes = _people_classes()
    return a in classes and classes.get(a) == classes.get(b)


def _outside_relatives(idx: DocIndex, owners: list[_Mention], end: int) -> list[_Mention]:
    """«أفرجت قسد أمس عن 25 من الموقوفين الذين اعتقلوا في ...», «اعتقلت قسد 12 شخصاً كانوا
    قد فروا»: a time or number before a relative clause belongs to the clause the relative
    hangs on, not to the happening told inside it (unless no other trigger is there)."""
    outside = []
    for m in owners:
        rel = m.relative
        if rel == _UNREAD:
            rel = m.relative = _relative_start(idx, m)
        if rel is None or rel < end:
            outside.append(m)
    return outside or owners


# relative pronouns as written (before normalisation), for a quick substring test
_RELATIVE_SPELLINGS = re.compile(
    "الذي|الذى|التي|التى|اللذين|اللذان|اللتين|اللتان|اللواتي|اللاتي|ممن|who|which|whom",
    re.IGNORECASE,
)
# a relative clause that only gives the number of its noun: «المعتقلين الذين يبلغ عددهم
# 150», «أنصارهم البالغ عددهم 3500» (the count is of the noun, which the trigger may govern)
_COUNT_CLAUSE_WORDS = ("عدد", "number")


def _in_later_relative(idx: DocIndex, m: _Mention, q: Quantity) -> bool:
    """Is the number inside a relative clause opened after the trigger («قتلوا ... في الوقت
    الذي تم فيه إخلاء 20 عنصراً», «the attack on the prison which holds 5000»)? Such a
    number counts what the relative clause tells, not this trigger — unless the clause
    only gives the number of the trigger's people or the toll of the trigger itself."""
    if m.end > q.start or q.start - m.end > 400:
        return False
    between = idx.doc.text[m.end : q.start]
    if _RELATIVE_SPELLINGS.search(between) is None:
        return False  # no relative pronoun at all (one search: no word split)
    words = idx.words_between(m.end, q.start)
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w in _RELATIVES or (w[:1] == "و" and w[1:] in _RELATIVES):
            rest = words[i + 1 :]
            if any(x.lstrip("وال").startswith(_COUNT_CLAUSE_WORDS) for x in rest):
                return False
            if rest and rest[0] in _holding_heads() and any(
                bare_word(x) in _BATCH_WORDS for x in words[max(0, i - 3) : i]
            ):
                return False  # «الدفعة الأولى، والتي تضم 150 عنصراً»: the size of the batch
            # «الهجوم الذي أسفر عن مقتل 20», "as a result of which two guards were
            # wounded": the clause tells the toll of the happening it hangs on
            results = _result_words()
            return not any(x in results or x[1:] in results for x in words[max(0, i - 3) :])
    return False


@compiled
def _holding_heads() -> frozenset[str]:
    return frozenset(p[0] for p in _count_exclusions().holding)


# words that may stand between a trigger and the number it governs: a preposition taking the
# patient («أفرجت عن», «القبض على», «released»), the comparison before a number («أكثر من»)
_GOVERNOR_LINKS = frozenset(
    normalize_term(w)
    for w in (
        "عن", "على", "بحق", "سراح", "of", "nearly", "about", "around", "some", "over",
        "at", "least", "more", "than", "up", "to", "approximately",
    )
)
_GOVERNOR_TYPES = frozenset(
    {"arrest", "release", "transfer", "repatriation", "killing", "hostage_taking", "escape"}
)


def _governor(idx: DocIndex, owners: list[_Mention], q: Quantity) -> _Mention | None:
    """The trigger whose argument the number is, by Arabic clause order: the object after a
    transitive verb («نقلت 30 معتقلاً», «اعتقلت قسد أمس العشرات»), the subject after an
    intransitive one («فرّ 5 سجناء»), the genitive after a verbal noun («نقل 200 سجين»,
    «هروب نحو 30 عنصراً»), after the patient's preposition («أفرجت عن 103», «القبض على
    اثنين»). Between the trigger and the number only the subject (a named body), times,
    approximators and those prepositions may stand."""
    if q.text[:1] in ("و", "ف") or q.unit == "wounded":
        return None  # «17 قتيلاً و23 جريحاً»: a number joined by و is no argument of the trigger
    best: _Mention | None = None
    for m in owners:
        if m.type not in _GOVERNOR_TYPES or m.end > q.start or q.start - m.end > 80:
            continue
        if best is not None and m.end < best.end:
            continue
        if idx.has_clause_break(m.end, q.start):
            continue
        ok = True
        bodies = [(b.start, b.end) for b in idx.mentions_in(m.end, q.start)]
        for w, ws in zip(
            idx.words_between(m.end, q.start),
            idx.word_starts[bisect_left(idx.word_starts, m.end) :],
            strict=False,
        ):
            if w in _GOVERNOR_LINKS or idx.time_at(ws) is not None:
                continue
            if any(s <= ws < e for s, e in bodies):
                continue
            ok = False
            break
        if ok:
            best = m
    return best


# a bare number may be followed by these and still be the patient itself («اعتقلت العشرات في
# الرقة», «القبض على اثنين فقط»); another word after it is its counted noun, whatever it is
_AFTER_BARE = frozenset(
    normalize_term(w)
    for w in ("في", "من", "الى", "إلى", "فقط", "منهم", "منهن", "بينهم", "خلال", "بعد", "قبل",
              "على", "و", "in", "from", "only", "after", "during", "at")
)


def _bare_number(doc: Document, hits: ExtractionHits, q: Quantity) -> bool:
    """A number with no counted noun that may still count people as a trigger's own
    argument: no unit, not «عدد من», and nothing but a preposition or the clause's end
    after it (not «نقلت 3 صهاريج»)."""
    if q.unit is not None or (q.max is None and not any(ch.isdigit() for ch in q.text)):
        return False
    idx = DocIndex.build(doc)
    nxt = idx.tok_norms_after(q.end, 1, ceiling=idx.sentence_bounds(q.start)[1])
    if not nxt:
        return True
    w = nxt[0]
    return not is_word(w) or w in _AFTER_BARE


_FIGHT_TYPES = frozenset({"attack", "clash", "security_operation", "riot"})


@compiled
def _result_words() -> frozenset[str]:
    forms = trigger_data().get("count_exclusions", {}).get("results", ())
    return frozenset(normalize_term(w) for w in forms)


def _fight_count(idx: DocIndex, m: _Mention, q: Quantity) -> bool:
    """May an attack, clash or storming count this number? Inside its own clause, or past a
    clause break when the number is its toll («...، أسفرت عن مقتل 5», "..., resulting in")."""
    lo, hi = (m.end, q.start) if m.end <= q.start else (q.end, m.start)
    if not idx.has_clause_break(lo, hi):
        return True
    if hi == m.start:
        return False
    results = _result_words()
    return any(w in results or (w[:1] in "وفلم" and w[1:] in results)
               for w in idx.words_between(lo, hi))


# happenings whose patient, named right after the trigger, is the people they involved
_SINGLE_PATIENT_TYPES = frozenset(
    {"killing", "arrest", "hostage_taking", "release", "transfer", "escape", "repatriation"}
)


# «نقلهم», «اعتقاله»: the patient is a pronoun already; «قتلت» is only the verb's person
_PRONOUN_SUFFIXES = frozenset({"ه", "ها", "هم", "هن", "هما", "هي", "كم", "ني"})
_PLURAL_PRONOUNS = ("هم", "هن", "هما", "ها")


@compiled
def _single_patients() -> tuple[dict[tuple[str, ...], tuple[int, str]], frozenset[str]]:
    """normalised noun words -> (how many, unit); and the prepositions before a patient."""
    data = trigger_data().get("single_patient", {})
    table: dict[tuple[str, ...], tuple[int, str]] = {}
    for number in ("1", "2"):
        for form, unit in data.get(number, ()):
            table[tuple(normalize_term(form).split())] = (int(number), unit)
    preps = frozenset(normalize_term(w) for w in data.get("patient_prepositions", ()))
    return table, preps


def _single_patient(idx: DocIndex, m: _Mention) -> dict[str, object] | None:
    """«قُتلت لاجئة», «اعتقال شاب», «القبض على مطلوبَين»: an indefinite singular (or dual)
    human noun as the trigger's direct patient counts one (two)."""
    table, preps = _single_patients()
    toks = idx.tokens_after(m.end, 4)
    if not toks or toks[0].start - m.end > 1:
        return None
    k = 0
    if toks[0].norm in preps:
        k = 1
    for size in (2, 1):
        words = tuple(t.norm for t in toks[k : k + size])
        found = table.get(words) if len(words) == size else None
        if found is None:
            continue
        after = toks[k + size].norm if len(toks) > k + size else ""
        # «قتل مسلح حارساً»: the noun is the doer when an object follows it
        if m.finite and after and (after.endswith("ا") or after in _people_words()):
            return None
        first, last = toks[k], toks[k + size - 1]
        return {
            "min": found[0],
            "max": found[0],
            "approximate": False,
            "unit": found[1],
            "start": first.start,
            "end": last.end,
        }
    return None


@compiled
def _people_words() -> frozenset[str]:
    return frozenset(normalize_term(w) for w in trigger_data()["people"]["forms"])


_COPULA_PRONOUNS = frozenset({"هم", "هن", "هما"})


@dataclass(frozen=True, slots=True)
class _CountExclusions:
    subsets: tuple[tuple[str, ...], ...]
    holding: tuple[tuple[str, ...], ...]
    approximators: tuple[tuple[str, ...], ...]


@compiled
def _count_exclusions() -> _CountExclusions:
    data = trigger_data().get("count_exclusions", {})

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        out = {tuple(normalize_term(p).split()) for p in data.get(key, ())}
        # «ومنهم», «فبينهم»: the conjunction glued to the first word
        out |= {(c + p[0], *p[1:]) for p in list(out) if p and not p[0].isascii() for c in "وف"}
        return tuple(sorted(out, key=len, reverse=True))

    return _CountExclusions(phrases("subset_markers"), phrases("holding_verbs"), phrases("approximators"))


def _not_an_event_count(idx: DocIndex, hits: ExtractionHits, q: Quantity) -> bool:
    """A subgroup («بينهم 5 قياديين») or a facility's population («السجن الذي يضم 3500
    سجين»): a number that does not count the people an event involved."""
    sent_start = idx.sentence_bounds(q.start)[0]
    toks = idx.tokens_before(q.start, 10, floor=sent_start)
    words = [t.norm for t in toks]
    ex = _count_exclusions()
    approx = first_ending(words, ex.approximators)
    if approx is not None:
        words = words[: -len(approx)]
    if not words:
        return False
    if first_ending(words, ex.subsets) is not None:
        return True
    if any(
        w in _COPULA_PRONOUNS and words[k - 1].startswith(("ال", "وال"))
        for k, w in enumerate(words[1:], 1)
    ):
        # «والقتلى هم رجلان وامرأة، إضافةً إلى نازحتين»: who a group already told is made
        # of, not its count
        return True
    p = first_ending(words, ex.holding)
    if p is not None:
        k = len(words) - len(p)  # the holding verb is toks[k]
        # the holder: a facility named (or «السجن» pointed back to) just before the verb, a
        # relative pronoun or a comma between them allowed
        while k > 0 and (toks[k - 1].norm in RELATIVES or toks[k - 1].norm in CLAUSE_PUNCT):
            k -= 1
        if k == 0:
            return False
        end = toks[k - 1].end
        for m in idx.mentions_in(max(0, end - 120), end):
            e = idx.entity(m.entity)
            if e is not None and e.type == "facility" and m.end == end:
                return True
        return any(a.end == end for a in hits.anaphora)
    return False


def _insurgents_at_facility(idx: DocIndex, m: _Mention) -> bool:
    """An insurgent body is the agent of the mention and its place is a facility."""
    insurgents = grammar().insurgents
    if not any(
        a.role == "agent" and (a.entity in insurgents or bool(insurgents & idx.ancestors(a.entity)))
        for a in m.actors
    ):
        return False
    e = idx.entity(m.place)
    return e is not None and e.type == "facility"


def _type_by_doer(
    idx: DocIndex, trig: Sense, event_type: str, actors: list[Actor]
) -> tuple[str, bool]:
    """«اقتحمت قسد السجن» is a security operation, «اقتحم داعش السجن» an attack: a storming
    or raid takes its type from the side that does it (the agent; failing one, the opposite
    of the side acted on: «مداهمة أوكار داعش»); and whether a side decided it."""
    insurgents = grammar().insurgents

    def insurgent(entity: str) -> bool:
        return entity in insurgents or bool(insurgents & idx.ancestors(entity))

    def force(entity: str) -> bool:
        e = idx.entity(entity)
        return e is not None and e.type in ("armed_group", "state") and not insurgent(entity)

    agents = [a.entity for a in actors if a.role == "agent"]
    patients = [a.entity for a in actors if a.role == "patient"]
    if any(insurgent(a) for a in agents) or (
        not agents and any(force(p) for p in patients)
    ):
        return trig.insurgent_type or event_type, True
    if any(force(a) for a in agents) or (not agents and any(insurgent(p) for p in patients)):
        return trig.force_type or event_type, True
    return event_type, False


def _link_mentions(idx: DocIndex, mentions: list[_Mention]) -> None:
    """Mark definite back-references and «خلال الهجوم» links between mentions."""
    g = grammar()
    during_last = _during_last()
    for i, m in enumerate(mentions):
        m.definite = (
            _definite(m)
            and not (m.date is not None and _managed(idx, m))
            and not _in_series(idx, m)
        ) or _demonstrated(idx, g.demonstratives, m)
        for n in mentions[i + 1 : i + 4]:
            if n.sentence != m.sentence or n is m:
                break
            if n.start - m.end > 160 or idx.word_count(m.end, n.start) > 14:
                break
            if n.type == m.type:
                continue
            before_n = idx.tok_norms_before(n.start, 3, floor=m.end)
            if not before_n or before_n[-1] not in during_last:
                continue
            if first_ending(before_n, g.during) is not None:
                m.during = n
                break
        if m.during is None:
            # «خلال الهجوم، فرّ ...»: the marker and its event open the clause
            for n in reversed(mentions[max(0, i - 3) : i]):
                if n.sentence != m.sentence:
                    break
                before = [w for w in idx.tok_norms_before(n.start, 2) if is_word(w)]
                if (
                    n.type != m.type
                    and before
                    and before[-1] in during_last
                    and first_ending(before, g.during) is not None
                    and idx.word_count(n.end, m.start) <= 6
                ):
                    m.during = n
                break


@compiled
def _sequel_phrases() -> tuple[tuple[str, ...], ...]:
    forms = trigger_data()["grammar"].get("sequel", ())
    return tuple(tuple(normalize_term(f).split()) for f in forms)


def _recall_sequels(idx: DocIndex, mentions: list[_Mention]) -> None:
    """«وعقب الهجوم استقدمت قسد تعزيزات من مدينة الحسكة»: a definite verbal noun after
    عقب/بعد/إثر names a happening of its type told before as the time of the main clause;
    it is that happening, and the place and date of its sentence are the main clause's (it
    takes none of them, so it joins the happening told)."""
    phrases = _sequel_phrases()
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        key = (m.type, m.modality)
        if key in seen and m.definite and not m.finite:
            word = idx.word_at(m.start) if m.hit.prefix else None
            before = [
                w[1:] if w[:1] in "وف" and len(w) > 3 else w
                for w in idx.words_before(word.start if word else m.start, 3)
            ]
            if m.hit.prefix[:1] in "وف" and len(m.hit.prefix) > 1:
                before = []  # «والهجوم»: a coordinated noun, not governed by the marker
            if first_ending(before, phrases) is not None:
                m.place = m.date = m.vague_time = None
                m.origin = m.destination = None
        seen.add(key)


@compiled
def _ability_verbs() -> frozenset[str]:
    g = trigger_data()["grammar"]
    return frozenset(normalize_term(w) for w in g.get("ability_verbs", ()))


@compiled
def _series_ordinals() -> frozenset[str]:
    g = trigger_data()["grammar"]
    return frozenset(normalize_term(w) for w in g.get("series_ordinals", ()))


def _in_series(idx: DocIndex, m: _Mention) -> bool:
    """«أولى عمليات الهروب», «ثاني هجوم»: an ordinal before the noun (or its «عمليات»)."""
    word = idx.word_at(m.start)
    before = [w for w in idx.tok_norms_before(word.start if word else m.start, 2) if is_word(w)]
    ordinals = _series_ordinals()
    return any(bare_word(w) in ordinals for w in before)


def _managed(idx: DocIndex, m: _Mention) -> bool:
    """«تمكنت إحدى المحتجزات، وهي تونسية، من الهرب»: «من» + the noun, governed by a verb
    of managing earlier in the sentence (up to twelve tokens back)."""
    before = idx.tok_norms_before(m.start, 1)
    if not before or before[-1] != "من":
        return False
    sent = idx.doc.sentences[m.sentence]
    verbs = _ability_verbs()
    return any(bare_word(w) in verbs for w in idx.tok_norms_before(m.start, 13, floor=sent.start))


@compiled
def _during_last() -> frozenset[str]:
    return frozenset(p[-1] for p in grammar().during)


def _demonstrated(idx: DocIndex, demonstratives: frozenset[str], m: _Mention) -> bool:
    """«هذه العملية», «الحادثة هذه», «هروب الخمس»: a noun pointed back or made definite by
    the noun it governs."""
    before = idx.tok_norms_before(m.start, 2)
    if m.hit.form.isascii():
        # "the escape", "this attack", "Friday's attack": English marks it before the noun
        return bool(before) and (
            before[-1] in _EN_DETERMINERS or (before[-1] == "s" and before[:1] == ["'"])
        )
    if m.finite:
        return False
    if before and before[-1] in demonstratives:
        return True
    k = bisect_left(idx.word_starts, m.end)
    # the next word, unless punctuation stands first («هروب، ...»)
    if k >= len(idx.word_starts) or idx.word_starts[k] - m.end > 2:
        return False
    nxt = idx.word_norms[k]
    if nxt in demonstratives:
        return True
    # idafa to a definite noun: «هروب الخمس», «هجوم السجن» (a preposition is not idafa;
    # nor is a vague number: «هروب العشرات» counts a happening, it does not point back to
    # one, while «هروب الخمسة» — the five already told — does)
    at = idx.word_starts[k]
    j = bisect_left(idx.mention_starts, at)
    if j < len(idx.mention_starts) and idx.mention_starts[j] == at:
        return True  # idafa to a name: «هجوم سجن الصناعة», «هروب سجناء غويران» is not
    if not (nxt.startswith("ال") and nxt not in grammar().prepositions and len(nxt) > 3):
        return False
    return not any(q.start <= at < q.end and q.approximate for q in idx.doc.quantities)


def _facility_anaphora(idx: DocIndex, hits: ExtractionHits) -> list[tuple[int, int, str]]:
    """(start, end, facility id) for each bare «السجن» with a facility named before it."""
    out: list[tuple[int, int, str]] = []
    for h in hits.anaphora:
        inside = idx.mentions_in(h.start - 60, h.end)
        if any(m.start <= h.start < m.end for m in inside):
            continue  # part of a name («السجن المركزي» recognised as a facility)
        # «المخيم» is the camp named last; «السجن» the prison (or facility) named last
        camp = "مخيم" in h.form or "camp" in h.form or h.form in _camp_forms()
        # in a lead that names the camp only further down («حاولن الفرار من المخيم ...
        # وتحدث مسؤول في مخيم الهول»), the bare noun is the one of its kind named next
        prior = _last_facility(idx, h.start, camp) or _next_facility(idx, h.end, camp)
        if prior is not None:
            out.append((h.start, h.end, prior))
    return out


@compiled
def _camp_forms() -> frozenset[str]:
    forms = trigger_data()["facility_anaphora"].get("camp_forms", ())
    return frozenset(normalize_term(f) for f in forms)


def _next_facility(idx: DocIndex, offset: int, camp: bool) -> str | None:
    """The first facility of the kind named after ``offset``, when it is the only one of its
    kind the document names."""
    found: str | None = None
    for m in idx.mentions[bisect_left(idx.mention_starts, offset) :]:
        e = idx.entity(m.entity)
        if e is None or e.type != "facility" or (e.subtype == "camp") != camp:
            continue
        if found is not None and m.entity != found:
            return None  # two camps (prisons) named: no telling which one
        found = m.entity
    return found


def _last_facility(idx: DocIndex, offset: int, camp: bool) -> str | None:
    i = bisect_left(idx.mention_starts, offset)
    for m in reversed(idx.mentions[:i]):
        e = idx.entity(m.entity)
        if e is None or e.type != "facility":
            continue
        if (e.subtype == "camp") == camp:
            return m.entity
    return None


# -- merging ------------------------------------------------------------------------------


def _dates_compatible(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    if a is None or b is None:
        return True
    if a.earliest and a.latest and b.earliest and b.latest:
        return a.earliest <= b.latest and b.earliest <= a.latest
    va, vb = a.value or "", b.value or ""
    return va.startswith(vb) or vb.startswith(va)


def _places_compatible(idx: DocIndex, a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return a in idx.ancestors(b) or b in idx.ancestors(a)


@dataclass(slots=True)
class _Group:
    type: str
    modality: str
    members: list[_Mention]
    date: TimeExpression | None = None
    place: str | None = None
    vague_time: TimeExpression | None = None


def _times_compatible(g: _Group, m: _Mention) -> bool:
    """Two mentions each with a time of its own are one happening only when the times
    agree; a time the calendar cannot place («قبل أيام», «السبت» with no publication date)
    is not the date another mention carries."""
    if m.vague_time is not None and not m.definite:
        if g.date is not None:
            return False
        # two times the calendar cannot place are told apart only by their weekdays
        # («last week» holds «last Thursday»)
        return g.vague_time is None or not (
            g.vague_time.weekday
            and m.vague_time.weekday
            and g.vague_time.weekday != m.vague_time.weekday
        )
    if g.vague_time is not None and m.date is not None and not m.definite:
        return False
    return _dates_compatible(g.date, m.date)


def _fronted(idx: DocIndex, t: TimeExpression) -> int | None:
    """Where the clause the time opens begins, if the time opens it and runs straight into
    it («، بعدها بيومين في 17 من الشهر تمكنت ...»): at most three words after a comma or
    the sentence start, a word (not a comma) right after it; else None."""
    after = idx.tok_norms_after(t.end, 1)
    if not after or not is_word(after[0]):
        return None
    sent = idx.doc.sentences[idx.sentence_of(t.start)]
    before = idx.tokens_before(t.start, 4, floor=sent.start)
    for k in range(len(before) - 1, -1, -1):
        if not is_word(before[k].norm):
            if before[k].norm in CLAUSE_PUNCT and len(before) - 1 - k <= 3:
                return before[k].end
            return None
    return sent.start if len(before) <= 3 else None


def _point_in_past(idx: DocIndex, t: TimeExpression) -> bool:
    """«السبت», «أمس», «قبل أيام», "last week": a moment the text fixes relative to its own
    time — not a stretch («حتى الآن», «منذ مطلع الشهر», «الأيام الماضية») nor a future."""
    if not t.relative or t.extra.get("to_date") or t.extra.get("tense") == "future":
        return False
    before = idx.tok_norms_before(t.start, 1)
    if before and bare_word(before[-1]) in _SPAN_OPENERS:
        return False
    if t.extra.get("vague") == "future":
        return False
    if t.extra.get("vague") == "past" or "duration" in t.extra:
        # a stretch back is a point only as «قبل أيام» (ago), not «منذ سنوات» (for years)
        words = normalize_term(t.text).split()
        return bool(words) and words[0] in _AGO_WORDS
    return True


_AGO_WORDS = frozenset({"قبل", "ago"})
# a time after these opens or fills a stretch of time («منذ مطلع الشهر», "since Saturday")
_SPAN_OPENERS = frozenset({"منذ", "خلال", "طوال", "since", "during", "throughout"})


def _definite(m: _Mention) -> bool:
    """«الهجوم», «عملية الهروب», «الإفراج»: a definite verbal noun names a known happening."""
    h = m.hit
    return not m.finite and (
        h.prefix.endswith(("ال", "لل"))
        or h.form.startswith("ال")
        or "ال" in h.form.split(" ")[-1][:2]
    )


# transfers and repatriations move a group of people: a later «نقلهم» / «تم نقلهن» names the
# same people by pronoun, so it continues the transfer told before it
_MOVED_PEOPLE_TYPES = frozenset({"transfer", "repatriation"})
_PEOPLE_PRONOUNS = ("هم", "هن")


def _patient_anaphor(m: _Mention) -> bool:
    """«الذين تم نقلهم», «ونقلهم إلى العراق»: the people moved are named by a pronoun."""
    return m.type in _MOVED_PEOPLE_TYPES and (m.hit.suffix or m.hit.form).endswith(
        _PEOPLE_PRONOUNS
    )


def _route_compatible(idx: DocIndex, g: _Group, m: _Mention) -> bool:
    """A pronoun transfer's place may be either end of the group's route («نُقلوا من غويران
    إلى الشدادي ... المعتقلون الذين تم نقلهم إلى الشدادي»)."""
    if _places_compatible(idx, g.place, m.place):
        return True
    ends = {p for x in g.members for p in (x.origin, x.destination) if p}
    return any(_places_compatible(idx, p, m.place) for p in ends)


def _linked(g: _Group, m: _Mention) -> bool:
    """Does the text tie this mention to the group's happening? Sharing a dated or placed
    fact does; so does being definite («الهجوم») or standing in the same or next sentence.
    Two bare mentions far apart with nothing in common are two happenings."""
    if m.date is not None and g.date is not None:
        return True
    if m.definite or _patient_anaphor(m):
        return True
    last = g.members[-1]
    if m.sentence - last.sentence <= 1:
        return True
    return m.place is not None and m.place == g.place


def _count_range(c: dict[str, object] | None) -> tuple[float, float] | None:
    if c is None or c.get("min") is None:
        return None
    lo = float(c["min"])  # type: ignore[arg-type]
    hi = float(c["max"]) if c.get("max") is not None else float("inf")  # type: ignore[arg-type]
    return lo, hi


def _counts_compatible(g: _Group, m: _Mention) -> bool:
    """Two counts of one happening overlap («خمسة» and «5»; «نحو 30» and «30»)."""
    b = _count_range(m.count)
    if b is None:
        return True
    for other in g.members:
        a = _count_range(other.count)
        if a is not None and (a[1] < b[0] or b[1] < a[0]):
            return False
    return True


def _headline(idx: DocIndex, m: _Mention) -> bool:
    """The mention is in a headline: the document's first sentence with no closing stop."""
    if m.sentence != 0:
        return False
    s = idx.doc.sentences[0] if idx.doc.sentences else None
    return s is not None and idx.doc.text[s.start : s.end].rstrip()[-1:] not in ".!?؟"


def _reporting_claim(idx: DocIndex, members: list[_Mention]) -> str | None:
    """The claim the happening is told in: that of its first telling in the body. Told
    first in the outlet's own voice («هرب عدد من المعتقلين ...»), it is the outlet's even
    when a speaker mentions it again later; a headline only announces what the body
    attributes."""
    body = [m for m in members if not _headline(idx, m)] or members
    claim = body[0].claim
    return claim.id if claim is not None else None


def _merge(idx: DocIndex, mentions: list[_Mention]) -> list[Event]:
    groups: list[_Group] = []
    group_of: dict[int, _Group] = {}
    for m in mentions:
        target: _Group | None = None
        for g in reversed(groups):
            if g.type != m.type:
                continue
            same = g.modality == m.modality
            # a definite back-reference inside an allegation or a prediction («خلال الهجوم»)
            # names the happening already reported; a denial never merges
            recalls = (
                m.definite and m.modality in ("alleged", "expected") and g.modality == "asserted"
            )
            if not (same or recalls):
                continue
            if not _linked(g, m):
                continue
            if (
                _times_compatible(g, m)
                and (
                    _places_compatible(idx, g.place, m.place)
                    or (_patient_anaphor(m) and _route_compatible(idx, g, m))
                )
                and _counts_compatible(g, m)
            ):
                target = g
                break
        if target is None and m.background:
            continue  # background that matches no happening the document tells
        if target is None:
            groups.append(_Group(m.type, m.modality, [m], m.date, m.place, m.vague_time))
            group_of[id(m)] = groups[-1]
            continue
        target.members.append(m)
        group_of[id(m)] = target
        if target.date is None:
            target.date = m.date
        if target.vague_time is None:
            target.vague_time = m.vague_time
        if m.place is not None and not m.background and (
            # background in a relative clause describes people, not where this happened;
            # a later mention may make the place more specific, never vaguer; a country
            # named only later («نساء روسيات») is nationality more often than location
            target.place in idx.ancestors(m.place)
            or (target.place is None and place_rank(idx, m.place) < 4)
        ):
            target.place = m.place
    # «فرّوا خلال الهجوم»: a happening inside another takes its date and place
    for g in groups:
        for m in g.members:
            if m.during is None:
                continue
            host = group_of.get(id(m.during))
            if host is None or host is g:
                continue
            if g.date is None and host.date is not None:
                g.date = host.date
            if g.place is None and host.place is not None:
                g.place = host.place
    events: list[Event] = []
    for i, g in enumerate(groups, 1):
        first = g.members[0]
        claims = [m.claim.id for m in g.members if m.claim is not None]
        actors: dict[str, str] = {}
        for m in g.members:
            for a in m.actors:
                if a.entity not in actors or (actors[a.entity] == "other" and a.role != "other"):
                    actors[a.entity] = a.role
        # a precise count («بين 100 و300») beats a vague one («عدد من»)
        counts = [m.count for m in g.members if m.count is not None]
        count = next((c for c in counts if c.get("max") is not None), counts[0] if counts else None)
        origin = next((m.origin for m in g.members if m.origin), None)
        destination = next((m.destination for m in g.members if m.destination), None)
        doc = idx.doc
        events.append(
            Event(
                id=f"e{i}",
                type=g.type,
                trigger=Span(first.start, first.end, doc.text[first.start : first.end]),
                date=time_dict(g.date) if g.date else None,
                place=g.place,
                actors=[Actor(e, r) for e, r in actors.items()],
                count=count,
                claim=_reporting_claim(idx, g.members),
                modality=g.modality,
                evidence=[Span(m.start, m.end, doc.text[m.start : m.end]) for m in g.members],
                sentence=first.sentence,
                claims=list(dict.fromkeys(claims)),
                origin=origin,
                destination=destination,
                count_total=next((m.count_total for m in g.members if m.count_total), None),
                foiled=any(m.foiled for m in g.members),
            )
        )
    # a denial points at the asserted event it denies (same type, compatible date and place)
    for ev, g in zip(events, groups, strict=True):
        if ev.modality != "denied":
            continue
        for other, og in zip(events, groups, strict=True):
            if (
                other.type == ev.type
                and other.modality == "asserted"
                and _dates_compatible(g.date, og.date)
                and _places_compatible(idx, g.place, og.place)
            ):
                ev.contradicts = other.id
                break
    return events
