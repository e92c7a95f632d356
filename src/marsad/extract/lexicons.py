"""The language data of extraction, compiled into ONE automaton.

Reporting verbs, postposed attributions, complementisers, speaker nouns, event triggers,
people nouns and modality cues all live in ``kb/data/*.toml``. Event triggers are entries by
lemma (``kb/data/triggers/``) whose every inflection was generated once into
``kb/data/generated/trigger_forms.tsv`` (``marsad.kb.triggers``); the other verbs are expanded
here (imperfect person prefixes, irregular forms). All are compiled into a single
:class:`~marsad.text.lexicon.Lexicon` whose payload is a tuple of :class:`Sense` — one form
can have several senses (نقل is a reporting verb with عن and a transfer without), and the
stages pick between them. One scan per document serves both stages (cached on the Document's
normalised text).

A trigger sense may need words after it, within a gap (``then``: ألقت ... القبض), or be ruled
out by words after it (``unless``); ``scan`` settles those once, right after the automaton.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from marsad.compiled import compiled
from marsad.document import Document
from marsad.kb.triggers import trigger_forms
from marsad.text.lexicon import NOUN_SUFFIXES, VERB_SUFFIXES, Hit, Lexicon, share_document_pass
from marsad.text.normalize import NormalizedText, normalize_term
from marsad.text.phrases import phrase_follows, word_follows

# Person prefixes of the imperfect (he/she-you/we/I).
IMPERFECT_PREFIXES = ("ي", "ت", "ن", "أ")
# Endings a form may take: person/number endings, object pronouns, accusative alef.
SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        set(VERB_SUFFIXES)
        | set(NOUN_SUFFIXES)
        | {"تم", "تما", "نا", "ان", "ات", "تين", "ة", "اً"}
        | {"s", "ed", "d", "ing"}
    )
)


@dataclass(slots=True, frozen=True)
class Sense:
    """One meaning of a lexicon form.

    ``cat``: verb | post | comp | speaker | trigger | people | neg | alleg | future | cond.
    ``value``: the stance (verb), kind (speaker), event type (trigger) or cue name.
    """

    cat: str
    value: str
    strict: bool = False
    clause_initial: bool = False
    governs: str | None = None
    conduit: bool = False
    coref: bool = False
    title: bool = False
    check: str | None = None
    no_suffix: bool = False
    reach: int = 0
    lemma: str = ""
    form: str = "finite"  # finite | participle | noun
    requires: tuple[str, ...] = ()  # a trigger needing one of these words right after it
    opens: str | None = None  # the preposition opening a verb's content (حذّر ... من)
    causative: bool = False  # a trigger whose subject made the event happen (تهريب)
    force_type: str | None = None  # the type when a state or allied force does it (اقتحام)
    insurgent_type: str | None = None  # the type when the insurgents do it (مداهمة)
    subtype: str | None = None  # what the word tells of the happening (airstrike, verdict...)
    voice: str | None = None  # active | passive | None (not a verb, or both when unvocalised)
    tense: str | None = None  # past | present | None
    # words that must follow in order, each within ``gap`` words of the one before (ألقت ...
    # القبض), and words that, within ``gap`` words after, rule the sense out (checked by scan)
    then: tuple[tuple[str, ...], ...] = ()
    gap: int = 0
    unless: tuple[str, ...] = ()


def _data(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("marsad.kb").joinpath(f"data/{name}").read_text("utf-8"))


def _expand(entry: dict[str, Any], listed: str = "finite") -> list[tuple[str, str]]:
    """(written form, finite|participle|noun) for every form of a verb/trigger entry;
    ``listed`` is the kind given to the forms written out in full."""
    forms: list[tuple[str, str]] = []
    forms += [(f, "finite") for f in entry.get("perfect", [])]
    forms += [(p + f, "finite") for f in entry.get("imperfect", []) for p in IMPERFECT_PREFIXES]
    forms += [(f, "participle") for f in entry.get("participle", [])]
    forms += [(f, "noun") for f in entry.get("noun", [])]
    forms += [(f, listed) for f in entry.get("forms", [])]
    forms += [(f, "finite") for f in entry.get("verb_forms", [])]
    return forms


def _entries() -> list[tuple[str, Sense]]:
    entries: list[tuple[str, Sense]] = []
    verbs = _data("reporting_verbs.toml")
    for v in verbs.get("verb", []):
        for form, kind in _expand(v):
            entries.append(
                (
                    form,
                    Sense(
                        "verb",
                        v["stance"],
                        strict=bool(v.get("strict")) or kind != "finite",
                        form=kind,
                        clause_initial=bool(v.get("clause_initial")),
                        governs=v.get("governs"),
                        opens=v.get("opens"),
                        conduit=bool(v.get("conduit")),
                        lemma=v["lemma"],
                    ),
                )
            )
    for form in verbs["postposed"]["forms"]:
        entries.append((form, Sense("post", "post")))
    for form in verbs["postposed"]["complementizers"]:
        entries.append((form, Sense("comp", "comp")))
    for sp in _data("speakers.toml").get("speaker", []):
        for form in sp["forms"]:
            entries.append(
                (
                    form,
                    Sense(
                        "speaker",
                        sp["kind"],
                        coref=bool(sp.get("coref")),
                        title=bool(sp.get("title")),
                    ),
                )
            )
    entries += _trigger_entries()
    trig = _data("event_triggers.toml")
    people = Sense("people", "people")
    anaphors = [normalize_term(f) for f in trig["facility_anaphora"]["forms"]]
    for form in trig["people"]["forms"]:
        entries.append((form, people))
        with_article = "ال" + normalize_term(form)
        if any(with_article.startswith(a) and with_article != a for a in anaphors):
            # «المعتقلين» would read as the facility «المعتقل» + an ending (same length,
            # earlier): written out with its article it is longer, and names the people
            entries.append((with_article, people))
    for form in trig["facility_anaphora"]["forms"]:
        entries.append((form, Sense("anaphor", "facility")))
    mod = _data("modality.toml")
    for cue, name in (
        ("negation", "neg"),
        ("allegation", "alleg"),
        ("future", "future"),
        ("conditional", "cond"),
        ("purpose", "purpose"),
        ("cause", "cause"),
        ("continuation", "cont"),
    ):
        for form in mod[cue]["forms"]:
            entries.append((form, Sense(name, name, reach=int(mod[cue].get("reach", 4)))))
    return entries


def _trigger_entries() -> list[tuple[str, Sense]]:
    """Every generated trigger form with its sense (one Sense object per distinct reading)."""
    senses: dict[tuple[str, str, str, str | None, str | None, bool], Sense] = {}
    out: list[tuple[str, Sense]] = []
    for tf in trigger_forms():
        e = tf.entry
        no_suffix = e.no_suffix or tf.form.endswith("وا")
        key = (e.key, tf.lemma, tf.kind, tf.voice, tf.tense, no_suffix)
        s = senses.get(key)
        if s is not None:
            out.append((tf.form, s))
            continue
        s = senses[key] = Sense(
            "trigger",
            e.type,
            check=e.check,
            # «ألقوا» takes no ending (القوات is no ألقوا + ت): the plural's alef goes before
            # an object pronoun («قتلوه» is read as قتل + وه)
            no_suffix=no_suffix,
            form=tf.kind,
            lemma=tf.lemma,
            causative=e.causative,
            force_type=e.force_type,
            insurgent_type=e.insurgent_type,
            subtype=e.subtype,
            voice=tf.voice,
            tense=tf.tense,
            then=e.then,
            gap=e.gap if (e.then or e.unless) else 0,
            unless=e.unless,
        )
        out.append((tf.form, s))
    return out


@compiled
def extraction_lexicon() -> Lexicon[tuple[Sense, ...]]:
    """Every extraction form -> all its senses, in one automaton."""
    grouped: dict[str, list[Sense]] = {}
    for form, sense in _entries():
        key = normalize_term(form)
        if key and sense not in grouped.setdefault(key, []):
            grouped[key].append(sense)
    for key in _shadowing(grouped):
        del grouped[key]
    return Lexicon([(k, tuple(v)) for k, v in grouped.items()], suffixes=SUFFIXES)


def _shadowing(grouped: dict[str, list[Sense]]) -> list[str]:
    """Generated trigger forms that would hide another reading of the same word.

    «نقلت» is the reporting verb نقل + ت as much as the transfer verb: written out as a trigger
    form of its own, the longest match would keep only the trigger. Such a form is read as
    its shorter form + the ending instead, when that shorter form carries the same lemma's
    trigger reading and another one (a reporting verb, a cue)."""
    suffixes = {normalize_term(s) for s in SUFFIXES}
    longest = max(map(len, suffixes))
    mixed = {
        k for k, senses in grouped.items()
        if any(s.cat != "trigger" for s in senses) and any(s.cat == "trigger" for s in senses)
    }  # fmt: skip
    out: list[str] = []
    for key, senses in grouped.items():
        for n in range(1, min(longest, len(key) - 2) + 1):
            if key[:-n] not in mixed or key[-n:] not in suffixes:
                continue
            if not all(s.cat == "trigger" for s in senses):
                break
            lemmas = {(s.value, s.lemma) for s in senses}
            if any(s.cat == "trigger" and (s.value, s.lemma) in lemmas for s in grouped[key[:-n]]):
                out.append(key)
                break
    return out


share_document_pass(extraction_lexicon)


@compiled
def trigger_data() -> dict[str, Any]:
    """``event_triggers.toml`` as read (cached: the grammar and units are read from it)."""
    return _data("event_triggers.toml")


@dataclass(frozen=True, slots=True)
class Formulas:
    phrases: frozenset[str]  # normalised, words joined by one space
    last_words: frozenset[str]  # the word each phrase ends with (the verb)


@compiled
def impersonal_formulas() -> Formulas:
    """Normalised impersonal formulas that open a sentence in the outlet's own voice."""
    data = _data("reporting_verbs.toml").get("impersonal", {})
    phrases = frozenset(" ".join(normalize_term(f).split()) for f in data.get("forms", []))
    return Formulas(phrases, frozenset(p.split()[-1] for p in phrases if p))


@dataclass(frozen=True, slots=True)
class ContentBoundaries:
    """Clause openers returning to the outlet's voice, keyed by their first normalised word;
    each value lists (remaining words, needs a clause mark before it)."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], bool], ...]]
    partition: frozenset[str]


@compiled
def statement_frame() -> tuple[frozenset[str], frozenset[str]]:
    """(openers, nouns) of a statement's setting: «في تصريح», «خلال مؤتمر», «عبر تغريدة»."""
    data = _data("reporting_verbs.toml").get("statement_frame", {})
    return (
        frozenset(normalize_term(w) for w in data.get("openers", [])),
        frozenset(normalize_term(w) for w in data.get("nouns", [])),
    )


@compiled
def content_boundaries() -> ContentBoundaries:
    data = _data("reporting_verbs.toml").get("content_boundary", {})
    grouped: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for key, comma in (("anywhere", False), ("after_comma", True)):
        for phrase in data.get(key, []):
            words = normalize_term(phrase).split()
            if words:
                grouped.setdefault(words[0], []).append((tuple(words[1:]), comma))
    partition = frozenset(normalize_term(w) for w in data.get("partition", []))
    return ContentBoundaries({k: tuple(v) for k, v in grouped.items()}, partition)


@compiled
def people_units() -> frozenset[str]:
    return frozenset(trigger_data()["people"]["units"])


@dataclass(slots=True)
class ExtractionHits:
    """The one scan of a document, split by category (each list in text order)."""

    verbs: list[Hit[tuple[Sense, ...]]]
    posts: list[Hit[tuple[Sense, ...]]]
    comps: list[Hit[tuple[Sense, ...]]]
    speakers: list[Hit[tuple[Sense, ...]]]
    triggers: list[Hit[tuple[Sense, ...]]]
    people: list[Hit[tuple[Sense, ...]]]
    cues: list[Hit[tuple[Sense, ...]]]
    anaphora: list[Hit[tuple[Sense, ...]]]
    # trigger hit start -> source spans of the words completing its phrase («ألقت ...
    # القبض»: the span of القبض, keyed by the start of ألقت)
    phrase_words: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


_CACHE_KEY = "extraction_hits"


def word_end(doc: Document, hit: Hit[tuple[Sense, ...]]) -> int:
    """Source end of the whole word: the form plus its enclitic («أعلن|ت», «نقل|هم»)."""
    end = hit.end
    if hit.suffix and doc.norm is not None:
        # the stages ask for the same verbs' and triggers' ends several times: once per doc
        cache: dict[tuple[int, str], int] = doc.cache.setdefault(_WORD_END_KEY, {})
        key = (hit.nend, hit.suffix)
        cached = cache.get(key)
        if cached is not None:
            return cached
        end = cache[key] = _past_marks(
            doc.text, doc.norm.to_source(hit.nstart, hit.nend + len(hit.suffix))[1]
        )
        return end
    return _past_marks(doc.text, end)


def _past_marks(text: str, end: int) -> int:
    """Trailing diacritics and tatweel (tanwin of «طوقاً») belong to the word. A mark is
    never below U+0300, so the usual space or punctuation after a word costs no Unicode
    look-up."""
    while (
        end < len(text)
        and text[end] > "\u02ff"
        and (text[end] == "ـ" or unicodedata.category(text[end]) == "Mn")
    ):
        end += 1
    return end


def phrase_end(hits: ExtractionHits, h: Hit[tuple[Sense, ...]], end: int) -> int:
    """Where what follows the trigger's expression starts: after the last word completing its
    phrase («السيطرة بشكل تام على| السجن»), else ``end``."""
    words = hits.phrase_words.get(h.start)
    return max(end, words[-1][1]) if words else end


# per-document cache of suffixed hits' word ends (in Document.cache)
_WORD_END_KEY = "word_ends"


def sense(hit: Hit[tuple[Sense, ...]], cat: str) -> Sense | None:
    for s in hit.payload:
        if s.cat == cat:
            return s
    return None


def scan(doc: Document) -> ExtractionHits:
    """Scan ``doc`` once; the result is kept in ``doc.cache`` (not part of the contract) so
    that the events stage reuses the claims stage's scan."""
    cached = doc.cache.get(_CACHE_KEY)
    if cached is not None and cached[0] is doc.norm:
        return cached[1]
    assert doc.norm is not None
    norm = doc.norm
    hits, completions = settle_phrases(norm, extraction_lexicon().scan(norm))
    out = ExtractionHits([], [], [], [], [], [], [], [])
    for head, words in completions.items():
        out.phrase_words[norm.to_source(head, head + 1)[0]] = [norm.to_source(s, e) for s, e in words]
    lists = (
        out.verbs,
        out.posts,
        out.comps,
        out.speakers,
        out.triggers,
        out.people,
        out.cues,
        out.anaphora,
    )
    routes = _ROUTES
    for h in hits:
        # the lists a hit goes to depend on its payload only (one shared tuple per form)
        entry = routes.get(id(h.payload))
        if entry is None or entry[0] is not h.payload:
            entry = routes[id(h.payload)] = (h.payload, _route(h.payload))
        for i in entry[1]:
            lists[i].append(h)
    doc.cache[_CACHE_KEY] = (doc.norm, out)
    return out


_SUFFIX_SET = frozenset(normalize_term(s) for s in SUFFIXES)
# Endings a generated trigger form may still take: it is written out with its own person,
# number and case endings, so only a pronoun can follow (قتلته, مقتله, اعتقلوهم as اعتقل +
# وهم); anything else is another word («فرات» is no فرّا + ت)
PRONOUN_ENDINGS = frozenset(NOUN_SUFFIXES) | {
    "ني", "وه", "وها", "وهم", "وهما", "وهن", "ته", "تها", "تهم", "تهما", "تهن", "تني",
}  # fmt: skip
# payload id -> (payload, does a trigger sense of it need words around it, has it a trigger
# sense at all)
_PHRASAL: dict[int, tuple[tuple[Sense, ...], bool, bool]] = {}
# (payload id, senses kept) -> (payload, the payload with only those senses)
_REDUCED: dict[tuple[int, tuple[bool, ...]], tuple[tuple[Sense, ...], tuple[Sense, ...]]] = {}


def _phrasal(payload: tuple[Sense, ...]) -> tuple[bool, bool]:
    entry = _PHRASAL.get(id(payload))
    if entry is None or entry[0] is not payload:
        flag = any(s.cat == "trigger" and (s.then or s.unless or s.no_suffix) for s in payload)
        trigger = any(s.cat == "trigger" for s in payload)
        entry = _PHRASAL[id(payload)] = (payload, flag, trigger)
    return entry[1], entry[2]


@compiled
def generated_forms() -> frozenset[str]:
    """Every normalised trigger form as generated (before ``_shadowing`` reads some of them
    as a shorter form + an ending)."""
    return frozenset(tf.form for tf in trigger_forms())


def _ending_fits(h: Hit[tuple[Sense, ...]]) -> bool:
    return h.suffix in PRONOUN_ENDINGS or (h.form + h.suffix) in generated_forms()


def _reduced(payload: tuple[Sense, ...], keep: tuple[bool, ...]) -> tuple[Sense, ...]:
    key = (id(payload), keep)
    entry = _REDUCED.get(key)
    if entry is None or entry[0] is not payload:
        kept = tuple(s for s, k in zip(payload, keep, strict=True) if k)
        entry = _REDUCED[key] = (payload, kept)
    return entry[1]


def settle_phrases(
    norm: NormalizedText, hits: list[Hit[tuple[Sense, ...]]]
) -> tuple[list[Hit[tuple[Sense, ...]]], dict[int, list[tuple[int, int]]]]:
    """The hits with only the trigger senses their context allows.

    * A trigger form carries its own endings: it may take a pronoun after them, nothing else
      (``PRONOUN_ENDINGS``); a sense that takes no ending at all goes when the hit has one.
    * A sense with ``then`` stays when its words follow (each within ``gap`` words of the one
      before); one with ``unless`` goes when one of those words follows within ``gap`` words.
    * The words that complete a phrase belong to it: a trigger reading of one of them is
      dropped («حكم ... بالإعدام» is a verdict, not an execution; «ألقت القبض» is one arrest).

    A hit left with no sense is dropped; ``hits`` is not changed (it may be shared). Also
    returns, per phrase head (normalised start), the normalised spans of the words that
    completed its phrase."""
    out: list[Hit[tuple[Sense, ...]]] | None = None
    # normalised start of each word completing a phrase -> the start of the phrase's head
    absorbed: dict[int, int] = {}
    completions: dict[int, list[tuple[int, int]]] = {}
    for i, h in enumerate(hits):
        payload = h.payload
        head = absorbed.get(h.nstart - len(h.prefix))
        if head is not None:
            # a word of the phrase: no trigger of its own, but the words completing its own
            # phrase complete the head's too («ألقت ... القبض على»)
            for s in payload:
                if s.cat == "trigger" and _sense_holds(norm, h, s, False, absorbed, completions):
                    _move(completions, h.nstart, head, absorbed)
                    break
            keep = tuple(s.cat != "trigger" for s in payload)
        else:
            phrasal, trigger = _phrasal(payload)
            bad_ending = trigger and bool(h.suffix) and not _ending_fits(h)
            if not (phrasal or bad_ending):
                if out is not None:
                    out.append(h)
                continue
            keep = tuple(
                s.cat != "trigger" or _sense_holds(norm, h, s, bad_ending, absorbed, completions)
                for s in payload
            )
        if all(keep):
            if out is not None:
                out.append(h)
            continue
        if out is None:
            out = list(hits[:i])
        if any(keep):
            out.append(h._replace(payload=_reduced(payload, keep)))
    return (hits if out is None else out), completions


def _sense_holds(
    norm: NormalizedText,
    h: Hit[tuple[Sense, ...]],
    s: Sense,
    bad_ending: bool,
    absorbed: set[int],
    completions: dict[int, list[tuple[int, int]]],
) -> bool:
    """Whether trigger sense ``s`` of hit ``h`` stands (see ``settle_phrases``); the words
    completing its phrase are recorded."""
    if bad_ending or (s.no_suffix and h.suffix):
        return False
    end = h.nend + len(h.suffix)
    found = phrase_follows(norm, end, s.then, s.gap, _SUFFIX_SET) if s.then else []
    if found is None:
        return False
    if s.unless and word_follows(norm, end, s.unless, s.gap, _SUFFIX_SET):
        return False
    if found:
        absorbed.update((start, h.nstart) for start, _ in found)
        words = completions.setdefault(h.nstart, [])
        words += [w for w in found if w not in words]
    return True


def _move(
    completions: dict[int, list[tuple[int, int]]], src: int, dst: int, absorbed: dict[int, int]
) -> None:
    """The words completing the phrase at ``src`` belong to the phrase at ``dst``."""
    words = completions.setdefault(dst, [])
    for w in completions.pop(src, []):
        absorbed[w[0]] = dst
        if w not in words:
            words.append(w)


# category -> position of its list in ExtractionHits
_ROUTE_OF = {
    "verb": 0,
    "post": 1,
    "comp": 2,
    "speaker": 3,
    "trigger": 4,
    "people": 5,
    "neg": 6,
    "alleg": 6,
    "future": 6,
    "cond": 6,
    "purpose": 6,
    "cause": 6,
    "anaphor": 7,
}


# payload id -> (payload, the lists its hits go to); the payload is kept to check identity
_ROUTES: dict[int, tuple[tuple[Sense, ...], tuple[int, ...]]] = {}


def _route(payload: tuple[Sense, ...]) -> tuple[int, ...]:
    return tuple(sorted({_ROUTE_OF[s.cat] for s in payload if s.cat in _ROUTE_OF}))
