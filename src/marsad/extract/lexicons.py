"""The language data of extraction, compiled into ONE automaton.

Reporting verbs, postposed attributions, complementisers, speaker nouns, event triggers,
people nouns and modality cues all live in ``kb/data/*.toml``. They are expanded here
(imperfect person prefixes, irregular forms) and compiled into a single
:class:`~marsad.text.lexicon.Lexicon` whose payload is a tuple of :class:`Sense` — one form
can have several senses (نقل is a reporting verb with عن and a transfer without), and the
stages pick between them. One scan per document serves both stages (cached on the Document's
normalised text).
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

from marsad.compiled import compiled
from marsad.document import Document
from marsad.text.lexicon import NOUN_SUFFIXES, VERB_SUFFIXES, Hit, Lexicon, share_document_pass
from marsad.text.normalize import normalize_term

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
    trig = _data("event_triggers.toml")
    for t in trig.get("trigger", []):
        for form, kind in _expand(t, listed="noun"):
            entries.append(
                (
                    form,
                    Sense(
                        "trigger",
                        t["type"],
                        check=t.get("check"),
                        no_suffix=t.get("suffix") == "none",
                        form=kind,
                        requires=tuple(normalize_term(w) for w in t.get("requires", [])),
                        causative=bool(t.get("causative")),
                        force_type=t.get("force_type"),
                        insurgent_type=t.get("insurgent_type"),
                    ),
                )
            )
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


@compiled
def extraction_lexicon() -> Lexicon[tuple[Sense, ...]]:
    """Every extraction form -> all its senses, in one automaton."""
    grouped: dict[str, list[Sense]] = {}
    for form, sense in _entries():
        key = normalize_term(form)
        if key and sense not in grouped.setdefault(key, []):
            grouped[key].append(sense)
    return Lexicon([(k, tuple(v)) for k, v in grouped.items()], suffixes=SUFFIXES)


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
    hits = extraction_lexicon().scan(doc.norm)
    out = ExtractionHits([], [], [], [], [], [], [], [])
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
