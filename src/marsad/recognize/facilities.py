"""Facilities the gazetteer does not know: «سجن X», «مخيم X», «حاجز X», «قاعدة X», «مطار X».

A prison, camp, checkpoint, base or airport named in the text but missing from the knowledge
base still names one place, and it is not whichever known facility the word «السجن» would
fall back to. Such a phrase becomes a facility entity of its own (id ``facility:`` + its
normalised words, as the contract allows for entities outside the knowledge base):

* «head X» where X is a known place (not a country): the facility is at X («مطار منبج»,
  «حاجز الكسرة»), X its parent;
* «head X» where X is a name the gazetteer lacks: X is one word with the article, the next
  definite adjective if it is one of the name («سجن عدرا المركزي»), or a quoted name. It is
  read as a facility when a place follows in the same clause («سجن الأقطان في الرقة»,
  «مخيم الكم قرب القامشلي») — the facility is then at that place, approximately (its
  coordinates, the place as parent) — or, with no place named and then no coordinates, when
  X is definite, is no ordinary complement of the head («مخيم اللاجئين», «قاعدة البيانات»,
  «سجن المتهمين» = imprisoning the defendants: ``facility_heads.toml``) and the head carries
  no ب (``بسجن`` is a sentence to prison);
* English "X prison/camp/base/airport/checkpoint" with X capitalised, the place from "in/near
  PLACE" right after.

A head with the article («السجن») refers back and is never a new facility; the phrases the
gazetteer already holds keep their entity.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.document import Entity, Mention
from marsad.kb.gazetteer import KnowledgeBase
from marsad.recognize.guards import anchored
from marsad.text.normalize import NormalizedText, normalize_term

_QUOTES = "\"'"
_PLACE_TYPES = ("place", "facility")
_DESCRIPTIVE = re.compile(r"-(?:run|held|controlled|led|backed|based|operated|managed|style)\b")
_ENGLISH_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "of", "east", "west", "north", "south"})


@dataclass(frozen=True, slots=True)
class _Rules:
    heads: dict[str, str]
    english_heads: dict[str, str]
    adjectives: frozenset[str]
    not_names: frozenset[str]
    not_names_en: frozenset[str]
    head_re: re.Pattern[str]
    english_re: re.Pattern[str]
    english_head_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = tomllib.loads(resources.files("marsad.kb").joinpath("data/facility_heads.toml").read_text("utf-8"))
    heads = {normalize_term(k): v for k, v in raw["heads"].items()}
    # a head noun with at most one proclitic (و ف ب ل ك and their pairs), not the article
    head_re = re.compile(
        r"(?<!\w)(?P<pre>[وف]?[بلك]?)(?P<head>" + "|".join(map(re.escape, heads)) + r")\s+(?P<rest>\S)"
    )
    english = {k.lower(): v for k, v in raw["english_heads"].items()}
    # matched backwards from each head word (few in a text) rather than at every capital
    english_re = re.compile(
        r"\b(?P<name>(?:[Aa]l-|[Ee]l-|[Aa]t-|[Aa]s-|[Aa]sh-)?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) (?P<head>"
        + "|".join(english)
        + r")$"
    )
    return _Rules(
        heads, english,
        frozenset(normalize_term(w) for w in raw.get("adjectives", [])),
        # and the heads themselves: «أقسام سجن السجن» is no prison called «السجن»
        frozenset(normalize_term(w) for w in raw.get("not_names", [])) | {"ال" + h for h in heads},
        frozenset(w.lower() for w in raw.get("not_names_en", [])),
        head_re, english_re, re.compile(r"(?<= )(?:" + "|".join(english) + r")\b"),
    )


def find_unknown_facilities(
    norm: NormalizedText, mentions: list[Mention], kb: KnowledgeBase
) -> list[tuple[Mention, Entity, Mention | None]]:
    """(new facility mention, its entity, the place mention it replaces or None)."""
    rules = _rules()
    text = norm.text
    # a substring test per head noun (C speed) before the regex: most documents have none
    heads = list(rules.head_re.finditer(text)) if any(h in text for h in rules.heads) else []
    source = norm.source
    if not heads and not any(h in source for h in rules.english_heads):
        return []  # most documents: no head noun at all
    starts = {norm.to_norm(m.start): m for m in mentions}
    spans = sorted((norm.to_norm(m.start), norm.to_norm_end(m.end), m) for m in mentions)
    out: list[tuple[Mention, Entity, Mention | None]] = []
    # the characters inside a known mention or a facility found here: a head's test is then
    # one look-up, not a pass over every mention (a text of nothing but facilities has
    # thousands of both)
    in_mention = bytearray(len(text) + 1)
    for s, e, _ in spans:
        _cover(in_mention, s, e)
    covered = bytearray(in_mention)
    for m in heads:
        hstart = m.start("head")
        if covered[hstart]:
            continue  # a known facility («سجن غويران») or a name containing the head
        rest = m.start("rest")
        subtype = rules.heads[m.group("head")]
        known = starts.get(rest + 1 if text[rest] in _QUOTES else rest)  # «سجن "الهول"» too
        ent = kb.get(known.entity) if known is not None else None
        if ent is not None:
            if ent.type != "place" or ent.subtype in ("country", "region", "border", "river"):
                continue  # «قاعدة التحالف», «سجن داعش»: an owner, not a name; «سجن "الهول"»: the camp
            nend = norm.to_norm_end(known.end)
            if text[rest] in _QUOTES and nend < len(text) and text[nend] in _QUOTES:
                nend += 1
            found = _facility(norm, hstart, nend, subtype, ent, replaces=known)
        else:
            name_end = _name_end(text, rest, rules)
            if name_end is None:
                continue
            indefinite = name_end < 0
            name_end = abs(name_end)
            anchor = _anchor_after(text, name_end, spans, kb)
            quoted = text[rest] in _QUOTES
            if anchor is None and not quoted and ("ب" in m.group("pre") or indefinite):
                continue
            found = _facility(norm, hstart, name_end, subtype, anchor, replaces=None)
        out.append(found)
        _cover(covered, norm.to_norm(found[0].start), norm.to_norm_end(found[0].end))
    out.extend(_english(norm, spans, in_mention, kb, rules))
    return out


def _cover(covered: bytearray, start: int, end: int) -> None:
    if end > start:
        covered[start:end] = b"\x01" * (end - start)


def _name_end(text: str, start: int, rules: _Rules) -> int | None:
    """End of the name after a head noun, or None when what follows is no name."""
    if text[start] in _QUOTES:
        close = text.find(text[start], start + 1)
        if close == -1 or close - start > 40:
            return None
        return close + 1
    words = re.compile(r"\w+").finditer(text, start)
    first = next(words, None)
    if first is None or first.start() != start:
        return None
    word = first.group()
    if word in rules.not_names or len(word) < 3 or word.isdigit():
        return None
    end = first.end()
    second = next(words, None)
    if second is not None and text[end:second.start()].isspace() and second.group() in rules.adjectives:
        return second.end()  # «سجن عدرا المركزي»: a definite adjective makes X a name
    if not word.startswith("ال"):
        if word.endswith(("ي", "يه", "يا")):
            return None  # «سجن انفرادي», «قاعدة عسكرية», «حاجزا أمنيا»: an adjective
        return -end  # «سجن عدرا»: a name only where a place follows
    return end


def _anchor_after(text: str, end: int, spans: list[tuple[int, int, Mention]], kb: KnowledgeBase) -> Entity | None:
    """The place a clause names right after a facility name («في الرقة», «قرب القامشلي»)."""
    nxt = next((s for s in spans if s[0] >= end), None)
    if nxt is None or nxt[0] - end > 30:
        return None
    ent = kb.get(nxt[2].entity)
    if ent is None or ent.type not in _PLACE_TYPES or ent.subtype == "country":
        return None
    gap = text[end : nxt[0]]
    if not gap.strip() or not anchored(gap, "district"):
        return None
    return ent


def _facility(
    norm: NormalizedText, nstart: int, nend: int, subtype: str, place: Entity | None, replaces: Mention | None,
    english: bool = False,
) -> tuple[Mention, Entity, Mention | None]:
    start, end = norm.to_source(nstart, nend)
    surface = norm.source[start:end]
    key = normalize_term(surface).replace('"', "").replace("'", "")
    name = " ".join(surface.replace('"', " ").replace("«", " ").replace("»", " ").split())
    entity = Entity(
        id="facility:" + "_".join(key.split()),
        type="facility",
        name=name,
        name_en=name if english else None,
        lat=place.lat if place is not None else None,
        lon=place.lon if place is not None else None,
        parent=place.id if place is not None else None,
        subtype=subtype,
    )
    return Mention(start, end, surface, entity.id), entity, replaces


def _english(
    norm: NormalizedText, spans: list[tuple[int, int, Mention]], in_mention: bytearray,
    kb: KnowledgeBase, rules: _Rules,
) -> list[tuple[Mention, Entity, Mention | None]]:
    """``spans``: the known mentions' normalised spans, sorted; ``in_mention``: the
    characters they cover."""
    source = norm.source
    if not any(h in source for h in rules.english_heads):
        return []
    span_starts = [s for s, _, _ in spans]
    out = []
    for h in rules.english_head_re.finditer(source):
        window_start = max(0, h.start() - 60)
        m = rules.english_re.search(source, window_start, h.end())
        if m is None:
            continue
        name = m.group("name")
        first = name.split()[0].lower()
        if first in rules.not_names_en or name.lower() in rules.not_names_en or first.endswith(("ian", "ish", "ese")):
            continue
        if _DESCRIPTIVE.search(name.lower()):
            continue  # "Kurdish-run prison", "SDF-held camp": who holds it, not its name
        nstart, nend = norm.to_norm(m.start()), norm.to_norm_end(m.end())
        if (nstart >= 0 and in_mention[nstart]) or (nend >= 1 and in_mention[nend - 1]):
            continue  # a known facility, or a known place/actor as X («Raqqa prison» is known)
        place = None
        after = source[m.end() : m.end() + 40].split()
        if after and after[0].lower() in _ENGLISH_PREPOSITIONS:
            k = bisect_left(span_starts, nend)
            nxt = spans[k] if k < len(spans) else None
            if nxt is not None and nxt[0] - nend <= 20:
                ent = kb.get(nxt[2].entity)
                if ent is not None and ent.type in _PLACE_TYPES and ent.subtype != "country":
                    place = ent
        out.append(_facility(norm, nstart, nend, rules.english_heads[m.group("head")], place, None, english=True))
    return out
