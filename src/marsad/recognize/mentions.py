"""Entity mentions: every known place, facility, actor and outlet named in the text.

One pass of one automaton (``load_kb().lexicon``: every alias of every entity) over the
normalised text; the matcher handles the proclitics (و ف ب ل ك, لل, لـ«») and keeps the
longest match. Each hit then has to be a reading that the text supports:

* a name listed without the article does not match with one: «سورية» is Syria, «السورية» is
  the adjective "Syrian"; «أثر» may be the outlet, «الأثر» never is;
* a context alias (an outlet name that is an ordinary word: الوطن, أثر) counts only when it
  is quoted, follows a proclitic written apart (لـ الوطن) or a media noun (صحيفة، مراسل،
  مصادر...);
* an anaphor (التنظيم, التحالف, المرصد) counts only after the document has named its entity;
* a guarded place name (an ordinary word too: الكرامة, النصر) counts only after a settlement
  noun, before a locative anchor, or once the document has named that place
  (:mod:`marsad.recognize.guards`);
* an acronym listed only in capitals (HAT, IS, US) counts only when written in capitals
  (``KnowledgeBase.case_sensitive``): in lower case it is an English word;
* «قوى الأمن الداخلي» is the Asayish unless its sentence names the Syrian government side
  and not the SDF side (the Syrian interior ministry's force has carried the same name since
  2025).

A mention quotes the name as written without its proclitics («وبالحسكة» -> «الحسكة»), except
where the preposition ل has fused with the article: «للسلطات العراقية» is quoted whole, since
«لسلطات العراقية» is not a word (``Hit`` still reports the ل-form; only the mention widens).

Titled persons («العميد يحيى رسول») are found by :mod:`marsad.recognize.persons` around the
lexicon hits. ``doc.entities`` gets every entity mentioned (not their parents: an Entity's
``parent`` holds the id, and ``load_kb().ancestors`` walks the chain).
"""

from __future__ import annotations

from bisect import bisect_right
from operator import attrgetter

from marsad.document import Document, Entity, Mention
from marsad.kb.gazetteer import ANAPHOR, CONTEXT, GUARDED, PLAIN, KnowledgeBase, Sense, load_kb
from marsad.recognize.facilities import find_unknown_facilities
from marsad.recognize.guards import after_settlement_noun, anchored, region_finder
from marsad.recognize.persons import find_titled_persons
from marsad.text.lexicon import DETACHED_PROCLITICS, PROCLITICS, Hit
from marsad.text.normalize import NormalizedText, fold, normalize

_QUOTES = frozenset("\"'")
_START_END = attrgetter("start", "end")
# Arabic harakat, tanwin, shadda, sukun, dagger alef, tatweel: normalisation drops them, so a
# match ends before them; the quoted span takes them with their word.
_TRAILING_MARKS = frozenset([chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"])

# The two readings of «قوى الأمن الداخلي» and what tells them apart in a sentence.
_ISF_FORMS = frozenset({"قوي الامن الداخلي", "قوات الامن الداخلي"})
_GOVERNMENT_SIDE = frozenset(
    {"syrian_government", "syrian_army", "syria_mod", "syria_moi", "syria_internal_security"}
)
_SDF_SIDE = frozenset(
    {"sdf", "asayish", "autonomous_administration", "ypg", "ypj", "sdf_counter_terrorism", "sdf_media_center"}
)


def recognize_mentions(doc: Document) -> Document:
    """Add ``mentions`` and ``entities`` to the document."""
    norm = doc.norm if doc.norm is not None else normalize(doc.text)
    kb = load_kb()
    mentions = find_mentions(norm, kb)
    if mentions:
        _refine_internal_security(mentions, doc, norm)
    entities: dict[str, Entity] = {}
    for m in mentions:
        ent = kb.get(m.entity)
        if ent is not None:
            entities.setdefault(m.entity, ent)

    for mention, entity, replaced in find_unknown_facilities(norm, mentions, kb):
        if replaced is not None:  # «مطار منبج»: the airport, at Manbij (its parent)
            mentions.remove(replaced)
            if all(m.entity != replaced.entity for m in mentions):
                entities.pop(replaced.entity, None)
        mentions.append(mention)
        entities.setdefault(entity.id, entity)
    for mention, entity in find_titled_persons(norm, mentions, kb):
        mentions.append(mention)
        entities.setdefault(entity.id, entity)
    mentions.sort(key=_START_END)  # a C-level key: (start, end)
    doc.mentions = mentions
    doc.entities = entities
    return doc


def find_mentions(norm: NormalizedText, kb: KnowledgeBase | None = None) -> list[Mention]:
    """Mentions of knowledge-base entities in ``norm`` (no persons found by title)."""
    kb = kb or load_kb()
    text = norm.text
    media_nouns = kb.rules.media_nouns
    named: set[str] = set()
    parents = kb.parents
    out: list[Mention | None] = []
    spans: list[tuple[int, int]] = []  # normalised span of each entry of ``out``
    pending: list[tuple[int, Hit[tuple[Sense, ...]], list[str], bool]] = []  # guarded names
    case_sensitive = kb.case_sensitive
    capitalised = kb.rules.capitalised_names
    adjective_like = kb.rules.adjective_like_names
    source = norm.source
    for hit in kb.lexicon.scan(norm):
        if not hit.payload or _article_added(hit):  # a not-name phrase, or «السورية»
            continue
        form = hit.form
        if form in case_sensitive and not _written_as_acronym(source, hit.start, hit.end):
            continue  # «hat», «is»: the English word, not the acronym HAT / IS
        if form in capitalised and not source[hit.start : hit.start + 1].isupper():
            continue  # «rockets hit the base»: the verb, not the town of Hit
        if form in adjective_like and _after_indefinite_noun(hit, text, kb):
            continue  # «مدينة سورية»: the adjective "Syrian"
        # a single plain sense (the common case) needs no context
        payload = hit.payload
        sense = payload[0] if payload[0].kind == PLAIN else _choose(hit, text, named, media_nouns, parents)
        if sense is None:
            guarded = [s.entity for s in payload if s.kind == GUARDED]
            if not guarded:
                continue
            known = [g for g in guarded if g in named]
            if not known:  # decided once the place mentions after it are known
                pending.append((len(out), hit, guarded, after_settlement_noun(text, hit.nstart, hit.nend, hit.prefix)))
                out.append(None)
                spans.append((hit.nstart, hit.nend))
                continue
            sense = Sense(known[0], GUARDED)
        named.add(sense.entity)
        out.append(_mention(hit, norm, sense.entity))
        spans.append((hit.nstart, hit.nend))
    if pending:
        _resolve_guarded(pending, out, spans, norm, kb, named)
    return [m for m in out if m is not None]


def _mention(hit: Hit[tuple[Sense, ...]], norm: NormalizedText, entity: str) -> Mention:
    source = norm.source
    end = hit.end
    if end < len(source) and source[end] in _TRAILING_MARKS:
        end = _past_marks(source, end)
    start = hit.start
    if hit.prefix.endswith("ل") and hit.form.startswith("ال") and not norm.text.startswith("ال", hit.nstart):
        # «للسلطات العراقية»: the preposition ل and the article's lam are one written
        # «لل»; quote the whole word rather than the non-word «لسلطات العراقية»
        start = norm.to_source(hit.nstart - 1, hit.nstart)[0]
    return Mention(start, end, source[start:end], entity)


def _resolve_guarded(
    pending: list[tuple[int, Hit[tuple[Sense, ...]], list[str], bool]],
    out: list[Mention | None],
    spans: list[tuple[int, int]],
    norm: NormalizedText,
    kb: KnowledgeBase,
    named: set[str],
) -> None:
    """Read each guarded name (in text order) as the place its context names, or as nothing."""
    region = region_finder(kb)
    text = norm.text
    for i, hit, candidates, noun in pending:
        chosen = next((c for c in candidates if c in named), None)
        if chosen is None:
            anchor = next((j for j in range(i + 1, len(out)) if out[j] is not None), None)
            if anchor is not None:
                m = out[anchor]
                ent = kb.get(m.entity) if m is not None else None
                if (
                    ent is not None
                    and ent.type in ("place", "facility")
                    and anchored(text[hit.nend : spans[anchor][0]], ent.subtype)
                ):
                    where = region(ent.id)
                    matching = [c for c in candidates if region(c) == where]
                    if len(matching) == 1:
                        chosen = matching[0]
            if chosen is None and noun and len(candidates) == 1:
                chosen = candidates[0]
        if chosen is not None:
            named.add(chosen)
            out[i] = _mention(hit, norm, chosen)


def _written_as_acronym(source: str, start: int, end: int) -> bool:
    """Written in capitals, in a stretch that is not all capitals itself (a headline in
    capitals says nothing about acronyms)."""
    if not source[start:end].isupper():
        return False
    around = source[max(0, start - 40) : start] + source[end : end + 40]
    return not any(c.isalpha() and c.isascii() for c in around) or any(c.islower() for c in around)


def _after_indefinite_noun(hit: Hit[tuple[Sense, ...]], text: str, kb: KnowledgeBase) -> bool:
    """Does the hit qualify the indefinite noun before it (مدينة سورية, مصادر سورية)?"""
    if hit.prefix:
        return False  # وسورية, بسورية, لسورية: a clitic makes it the noun
    words = text[max(0, hit.nstart - 30) : hit.nstart].split()
    if not words or hit.nstart == 0 or text[hit.nstart - 1] != " ":
        return False
    prev = words[-1]
    if not prev.isalpha() or prev.startswith("ال") or prev.startswith(("بال", "وال", "لل", "فال")):
        return False
    return prev.endswith("ه") or prev in kb.rules.adjective_heads


def _past_marks(source: str, end: int) -> int:
    """Extend a span over the diacritics and tatweel that close its last word (داعشياً)."""
    while end < len(source) and source[end] in _TRAILING_MARKS:
        end += 1
    return end


def _article_added(hit: Hit[tuple[Sense, ...]]) -> bool:
    """A name listed without the article matched with one: «السورية» is not «سورية»."""
    if hit.form.startswith("ال") or hit.form.isascii():
        return False
    p = hit.prefix
    return p.endswith("ال") or p in ("لل", "ولل", "فلل")


def _choose(
    hit: Hit[tuple[Sense, ...]],
    text: str,
    named: set[str],
    media_nouns: frozenset[str],
    parents: dict[str, str | None],
) -> Sense | None:
    context: bool | None = None  # computed once, only if a context sense needs it
    for sense in hit.payload:
        if sense.kind == PLAIN:
            return sense
        if sense.kind == ANAPHOR:
            # «التنظيم» after «داعش»; «مركزها الإعلامي» after «قسد» (the body it belongs to)
            if sense.entity in named or parents.get(sense.entity) in named:
                return sense
            continue
        if sense.kind == CONTEXT:
            if context is None:
                context = _media_context(hit, text, media_nouns)
            if context:
                return sense
    return None


def _media_context(hit: Hit[tuple[Sense, ...]], text: str, media_nouns: frozenset[str]) -> bool:
    """Is the hit quoted, after a detached proclitic, or after a media noun?"""
    left = hit.nstart
    if hit.prefix and text[left - len(hit.prefix) : left] == hit.prefix:
        left -= len(hit.prefix)
    if left > 0 and text[left - 1] in _QUOTES:
        return True
    if hit.nend < len(text) and text[hit.nend] in _QUOTES:
        return True
    before = text[max(0, left - 40) : left].rstrip(" -:_ـ")
    # strip a quote mark (صحيفة "الوطن" with a space inside the quotes)
    while before and before[-1] in _QUOTES:
        before = before[:-1].rstrip()
    words = before.split()
    if not words:
        return False
    last = words[-1]
    if last in DETACHED_PROCLITICS:  # لـ الوطن (tatweel removed by normalisation)
        return True
    for cand in _strip_proclitics(last):
        if cand in media_nouns:
            return True
    if len(words) >= 2:
        for cand in _strip_proclitics(words[-2]):
            if f"{cand} {last}" in media_nouns:
                return True
    return False


def _strip_proclitics(word: str) -> list[str]:
    out = [word]
    for n in range(1, min(4, len(word) - 1)):
        if word[:n] in PROCLITICS:
            out.append(word[n:])
    return out


def _refine_internal_security(mentions: list[Mention], doc: Document, norm: NormalizedText) -> None:
    """Read «قوى الأمن الداخلي» as the Syrian ministry's force where its sentence says so."""
    candidates = [i for i, m in enumerate(mentions) if m.entity == "asayish" and fold(m.text) in _ISF_FORMS]
    if not candidates:
        return
    bounds = _sentence_bounds(doc, norm)
    starts = [b[0] for b in bounds]
    for i in candidates:
        m = mentions[i]
        k = bisect_right(starts, m.start) - 1
        s, e = bounds[k] if k >= 0 else (0, len(doc.text))
        others = {x.entity for x in mentions if s <= x.start < e and x is not m}
        if others & _GOVERNMENT_SIDE and not others & _SDF_SIDE:
            mentions[i] = Mention(m.start, m.end, m.text, "syria_internal_security")


def _sentence_bounds(doc: Document, norm: NormalizedText) -> list[tuple[int, int]]:
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    # no tokenizer ran: split the source at sentence punctuation and line breaks
    bounds: list[tuple[int, int]] = []
    start = 0
    src = doc.text
    for i, ch in enumerate(src):
        if ch in ".!?؟\n":
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, len(src)))
    return bounds
