"""The knowledge base: places, facilities, actors, persons and outlets, loaded from data files.

Every entity lives in one of the reviewed TOML files of ``kb/data/``:

* ``places.toml``     countries (type ``state``), governorates, districts, towns, villages,
                      neighbourhoods and regions (type ``place``), with coordinates and parent;
* ``facilities.toml`` prisons, camps, bases, oil fields (type ``facility``);
* ``actors.toml``     armed groups, states' forces and governments, bodies and organisations;
* ``persons.toml``    well-known people (type ``person``);
* ``outlets.toml``    news outlets, owned by :mod:`marsad.kb.outlets`, added here as
                      organisations of subtype ``outlet``;
* ``senses.toml``     how ambiguous written forms are told apart (which words need a media
                      context, which media nouns give it).

Each entry lists the ways it is written. An alias is one of three kinds:

* ``aliases``: the form always names the entity (قسد, سجن غويران, دير الزور);
* ``context_aliases``: an ordinary word that names the entity only in a media context — quoted
  («الوطن»), written after a detached proclitic (لـ الوطن) or after a media noun (صحيفة الوطن,
  مراسل أثر). Single-word outlet names are context aliases unless ``senses.toml`` lists them
  as distinctive. (The phrases an outlet lists as ``context_aliases`` in ``outlets.toml``,
  الإمارات اليوم "the Emirates today" or The Federal, are no aliases here at all: they
  only resolve a record's outlet field; see ``marsad.kb.outlets``.)
* ``anaphors``: a generic word that refers back to the entity once the document has named it
  (التنظيم after داعش, التحالف after التحالف الدولي, المرصد after المرصد السوري);
* ``guarded_aliases``: a place name that is also an ordinary word (الكرامة "dignity") or the
  name of several places: it names the place only after a settlement noun («قرية الكرامة»),
  before a locative anchor in the same governorate («الكرامة شرقي الرقة»), or once the
  document has named the place so (``marsad.recognize.mentions``).

Two layers: the reviewed TOML files, and the generated ``places_geonames.tsv`` (GeoNames
places the TOML lacks, and checked spelling variants of the reviewed names; see
:mod:`marsad.kb.generated` and :mod:`marsad.kb.build_places`). A generated entry never
overrides a reviewed one: a form a reviewed entity holds names only that entity.

The loader adds the written variants that follow from Arabic news typography, not from any
one article: hashtag spellings with underscores (#دير_الزور) or on a word inside a facility or
place name (سجن #الحسكة المركزي), quoted facility names (سجن
"الصناعة"), and the countryside of a town or governorate (ريف الحسكة, ريف دير الزور الشرقي,
الريف الجنوبي للحسكة, جنوبي ريف الحسكة) as place entities of their own with the town's governorate
as parent; a governorate named after its capital lends its name too (الريف الشرقي لمحافظة دير الزور).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

from marsad.compiled import compiled
from marsad.document import Entity
from marsad.kb.generated import GENERATED_FILE, GeneratedLayer, read_generated
from marsad.text.lexicon import Lexicon, share_document_pass
from marsad.text.normalize import normalize_term

ENTITY_TYPES = frozenset({"person", "organization", "armed_group", "state", "place", "facility"})

# How an alias may be used (see the module docstring).
PLAIN = "plain"
CONTEXT = "context"
ANAPHOR = "anaphor"
GUARDED = "guarded"
_RANK = {PLAIN: 0, ANAPHOR: 1, GUARDED: 2, CONTEXT: 3}

_DATA_FILES: tuple[tuple[str, str, str | None], ...] = (
    # file, TOML array name, default entity type
    ("places.toml", "place", "place"),
    ("admin_units.toml", "place", "place"),
    ("facilities.toml", "facility", "facility"),
    ("actors.toml", "actor", None),
    ("persons.toml", "person", "person"),
)


class KnowledgeBaseError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading of a written form: the entity it names and when it may be read so."""

    entity: str
    kind: str = PLAIN  # plain | context | anaphor | guarded


@dataclass(slots=True)
class EntityRecord:
    """An entity with the forms it is written in (as listed, before normalisation)."""

    entity: Entity
    aliases: list[str] = field(default_factory=list)
    context_aliases: list[str] = field(default_factory=list)
    anaphors: list[str] = field(default_factory=list)
    source: str = ""
    approximate_coordinates: bool = False
    guarded_aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SenseRules:
    """From ``senses.toml``: what makes a context alias count."""

    media_nouns: frozenset[str]
    distinctive_outlet_words: frozenset[str]
    directions: tuple[tuple[str, str, str, str], ...]  # (Arabic adjective, noun, id suffix, English)
    facility_heads: frozenset[str]
    not_names: tuple[str, ...] = ()
    adjective_like_names: frozenset[str] = frozenset()
    adjective_heads: frozenset[str] = frozenset()
    capitalised_names: frozenset[str] = frozenset()  # English names that are English words too


class KnowledgeBase:
    """Every known entity, its aliases and the place hierarchy.

    ``entities`` maps id -> :class:`marsad.document.Entity`; ``aliases`` maps a normalised
    written form -> the senses it may carry, most likely first.
    """

    def __init__(self, records: Iterable[EntityRecord], rules: SenseRules) -> None:
        self.records: dict[str, EntityRecord] = {}
        for rec in records:
            if rec.entity.id in self.records:
                other = self.records[rec.entity.id].source
                raise KnowledgeBaseError(
                    f"{rec.source}: duplicate entity id {rec.entity.id!r} (also in {other})"
                )
            self.records[rec.entity.id] = rec
        self.rules = rules
        self.entities: dict[str, Entity] = {k: r.entity for k, r in self.records.items()}
        self.aliases: dict[str, tuple[Sense, ...]] = self._index_aliases()

    # -- look-ups -------------------------------------------------------------------------

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def __len__(self) -> int:
        return len(self.entities)

    def lookup(self, surface: str) -> list[str]:
        """Entity ids a written form may name (plain senses first)."""
        return [s.entity for s in self.aliases.get(normalize_term(surface), ())]

    def aliases_of(self, entity_id: str) -> tuple[str, ...]:
        """Every normalised form that names ``entity_id``."""
        return tuple(f for f, senses in self.aliases.items() if any(s.entity == entity_id for s in senses))

    def ancestors(self, entity_id: str) -> list[str]:
        """Parents from the nearest up: facility -> town -> governorate -> country."""
        chain: list[str] = []
        seen = {entity_id}
        ent = self.entities.get(entity_id)
        while ent is not None and ent.parent and ent.parent not in seen:
            chain.append(ent.parent)
            seen.add(ent.parent)
            ent = self.entities.get(ent.parent)
        return chain

    def contains(self, outer_id: str, inner_id: str) -> bool:
        """True when ``inner_id`` is ``outer_id`` or lies (transitively) inside it."""
        return outer_id == inner_id or outer_id in self.ancestors(inner_id)

    def country_of(self, entity_id: str) -> str | None:
        for eid in [entity_id, *self.ancestors(entity_id)]:
            ent = self.entities.get(eid)
            if ent is not None and ent.subtype == "country":
                return eid
        return None

    def of_type(self, *types: str) -> Iterator[Entity]:
        return (e for e in self.entities.values() if e.type in types)

    # -- matching -------------------------------------------------------------------------

    @cached_property
    def parents(self) -> dict[str, str | None]:
        """entity id -> parent id (for anaphors that refer to a body's part: «مركزها الإعلامي»)."""
        return {eid: ent.parent for eid, ent in self.entities.items()}

    @cached_property
    def case_sensitive(self) -> frozenset[str]:
        """Normalised forms written only as capital acronyms of up to five letters (HAT, YAT,
        IS, US): in lower case they are English words («hat», «is», «us»), so they name the
        entity only when the text writes them in capitals. A form that some entry also lists
        in another case («Hawar») is not one of them."""
        acronym: dict[str, bool] = {}
        for rec in self.records.values():
            for alias in (*rec.aliases, *rec.context_aliases, *rec.anaphors):
                if not alias.isascii():
                    continue
                key = normalize_term(alias)
                letters = alias.replace(".", "")
                is_acronym = letters.isalpha() and letters.isupper() and len(letters) <= 5
                acronym[key] = acronym.get(key, True) and is_acronym
        return frozenset(k for k, v in acronym.items() if v)

    @cached_property
    def lexicon(self) -> Lexicon[tuple[Sense, ...]]:
        """One automaton over every alias of every entity.

        The ``not_names`` of ``senses.toml`` are in it too, with no sense: as the longest
        match they hide the name inside them («صلاة المغرب» is not Morocco).
        """
        entries: list[tuple[str, tuple[Sense, ...]]] = list(self.aliases.items())
        entries.extend((form, ()) for form in self.rules.not_names if normalize_term(form) not in self.aliases)
        return Lexicon(entries)

    def _index_aliases(self) -> dict[str, tuple[Sense, ...]]:
        table: dict[str, dict[str, Sense]] = {}
        rank = _RANK
        for eid, rec in self.records.items():
            generated = rec.source == GENERATED_FILE
            for kind, forms in (
                (PLAIN, rec.aliases),
                (ANAPHOR, rec.anaphors),
                (CONTEXT, rec.context_aliases),
                (GUARDED, rec.guarded_aliases),
            ):
                if not forms:
                    continue
                sense = Sense(eid, kind)
                for form in forms:
                    if generated:
                        # normalised by the build; hashtags join the words: #تل_تمر
                        keys: Iterable[str] = (
                            (form, form.replace(" ", "_")) if " " in form and not form.isascii() else (form,)
                        )
                    elif kind == GUARDED:
                        keys = (normalize_term(form),)
                    else:
                        keys = map(normalize_term, self._variants(form, rec))
                    for key in keys:
                        if not key:
                            continue
                        senses = table.get(key)
                        if senses is None:
                            table[key] = {eid: sense}
                            continue
                        old = senses.get(eid)
                        if old is None or rank[kind] < rank[old.kind]:
                            senses[eid] = sense
        for senses in table.values():
            if len(senses) < 2:
                continue
            plain = [s for s in senses.values() if s.kind == PLAIN]
            if len(plain) < 2:
                continue
            # An outlet named like a place or a body of the KB (قناة الميادين / الميادين the
            # town) is read as the outlet only in a media context; the KB entry wins elsewhere.
            for s in plain:
                if self.records[s.entity].source == "outlets.toml" and any(
                    self.records[o.entity].source != "outlets.toml" for o in plain
                ):
                    senses[s.entity] = Sense(s.entity, CONTEXT)
        entities = self.entities

        def order(s: Sense) -> tuple[int, int]:
            return (rank[s.kind], _TYPE_RANK.get(entities[s.entity].type, 9))

        return {
            k: (tuple(v.values()) if len(v) == 1 else tuple(sorted(v.values(), key=order)))
            for k, v in table.items()
        }

    def _variants(self, form: str, rec: EntityRecord) -> list[str]:
        """The written variants of one listed form (typographic, not lexical)."""
        out = [form]
        words = form.split()
        if len(words) > 1:
            # hashtags join words with underscores: #دير_الزور, #الإدارة_الذاتية
            out.append("_".join(words))
            if rec.entity.type in ("facility", "place") and not form.isascii():
                # a hashtag on the distinctive word inside the name: «سجن #الحسكة المركزي»,
                # «مخيم #الهول», «ريف #دير_الزور» (one hashtag per name, as written)
                for i in range(1, len(words)):
                    out.append(" ".join([*words[:i], "#" + words[i], *words[i + 1 :]]))
                    if i < len(words) - 1:
                        out.append(" ".join([*words[:i], "#" + "_".join(words[i:])]))
            if rec.entity.type in ("facility", "place") and words[0] in self.rules.facility_heads:
                # سجن "الصناعة", سجن «الثانوية الصناعية», سد "تشرين" — the name quoted after its
                # head noun, sometimes with the closing mark lost
                rest = " ".join(words[1:])
                out.append(f'{words[0]} "{rest}"')
                out.append(f'{words[0]} "{rest}')
        return out

    def conflicts(self) -> dict[str, tuple[Sense, ...]]:
        """Forms with more than one plain sense: the data must not have any."""
        return {k: v for k, v in self.aliases.items() if sum(s.kind == PLAIN for s in v) > 1}


# When one form has several senses of the same kind, a place or facility is read before an
# organisation (the outlet «الرياض» is a context reading of the city).
_TYPE_RANK = {"facility": 0, "place": 1, "state": 2, "armed_group": 3, "organization": 4, "person": 5}


# -- loading --------------------------------------------------------------------------------


def _read_toml(name: str) -> dict[str, Any]:
    path = resources.files("marsad.kb").joinpath(f"data/{name}")
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(f"kb/data/{name}: {exc}") from exc


def _float(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    raise KnowledgeBaseError(f"{where}: coordinate {value!r} is not a number")


def _record(raw: dict[str, Any], default_type: str | None, source: str) -> EntityRecord:
    where = f"kb/data/{source}: entry {raw.get('id', raw.get('name', '?'))!r}"
    for key in ("id", "name"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise KnowledgeBaseError(f"{where}: missing {key!r}")
    etype = raw.get("type", default_type)
    if etype not in ENTITY_TYPES:
        raise KnowledgeBaseError(f"{where}: type {etype!r} is not one of {sorted(ENTITY_TYPES)}")
    coords = raw.get("coords")
    ent = Entity(
        id=raw["id"],
        type=etype,
        name=raw["name"],
        name_en=raw.get("name_en"),
        lat=_float(raw.get("lat"), where),
        lon=_float(raw.get("lon"), where),
        wikidata=raw.get("wikidata"),
        parent=raw.get("parent"),
        subtype=raw.get("subtype"),
    )
    # match_name = false: the canonical name is also an ordinary word or another place's
    # name (عمّان is عمان, Oman, once normalised), so only the listed aliases are matched
    aliases = [raw["name"]] if raw.get("match_name", True) else []
    aliases.extend(raw.get("aliases", []))
    if raw.get("name_en"):
        aliases.append(raw["name_en"])
    return EntityRecord(
        entity=ent,
        aliases=aliases,
        context_aliases=list(raw.get("context_aliases", [])),
        anaphors=list(raw.get("anaphors", [])),
        source=source,
        approximate_coordinates=coords == "approx",
        guarded_aliases=list(raw.get("guarded_aliases", [])),
    )


def _rules() -> SenseRules:
    raw = _read_toml("senses.toml")
    directions = tuple(
        (d["adjective"], d["noun"], d["id"], d.get("english", d["id"])) for d in raw.get("direction", [])
    )
    return SenseRules(
        media_nouns=frozenset(normalize_term(w) for w in raw.get("media_nouns", [])),
        distinctive_outlet_words=frozenset(
            normalize_term(w) for w in raw.get("distinctive_outlet_words", [])
        ),
        directions=directions,
        facility_heads=frozenset(raw.get("facility_heads", [])),
        not_names=tuple(raw.get("not_names", [])),
        adjective_like_names=frozenset(normalize_term(w) for w in raw.get("adjective_like_names", [])),
        adjective_heads=frozenset(normalize_term(w) for w in raw.get("adjective_heads", [])),
        capitalised_names=frozenset(normalize_term(w) for w in raw.get("capitalised_names", [])),
    )


def _countryside(
    rec: EntityRecord, rules: SenseRules, governorate: str | None, governorate_forms: Iterable[str] = ()
) -> list[EntityRecord]:
    """ريف X and its directional parts as place entities (X's coordinates, approximate).

    ``governorate_forms``: the names of X's governorate when it is named after X («محافظة دير
    الزور»): its countryside is written with them too («الريف الشرقي لمحافظة دير الزور»).
    """
    base = rec.entity
    # Arabic forms of the town, without the article where it has one, for «الريف الشرقي لـX»
    forms = [a for a in rec.aliases if a and not a.isascii()] + list(governorate_forms)
    english_forms = [a for a in rec.aliases if a and a.isascii()]
    parent = governorate or base.id
    out: list[EntityRecord] = []
    en = base.name_en or base.id
    main = EntityRecord(
        entity=Entity(
            id=f"{base.id}_countryside",
            type="place",
            name=f"ريف {base.name}",
            name_en=f"{en} countryside",
            lat=base.lat,
            lon=base.lon,
            parent=parent,
            subtype="countryside",
        ),
        aliases=[f"ريف {f}" for f in forms]
        + [x for a in english_forms for x in (f"{a} countryside", f"countryside of {a}", f"rural {a}")],
        source=rec.source,
        approximate_coordinates=True,
    )
    out.append(main)
    for adjective, noun, suffix, english_adj in rules.directions:
        aliases: list[str] = []
        for f in forms:
            aliases.append(f"ريف {f} {adjective}")
            for adverb in _direction_nouns(noun):
                aliases.append(f"{adverb} ريف {f}")  # شرق ريف دير الزور, شرقي ريف دير الزور
            lform = "لل" + f[2:] if f.startswith("ال") else "ل" + f
            aliases.append(f"الريف {adjective} {lform}")
            aliases.append(f"الريف {adjective} ل {f}")  # written apart: لـ دير الزور
        english = f"{english_adj} {en} countryside"
        for a in english_forms:
            aliases.extend(
                (f"{english_adj} countryside of {a}", f"{english_adj} {a} countryside", f"{a}'s {english_adj} countryside")
            )
        out.append(
            EntityRecord(
                entity=Entity(
                    id=f"{base.id}_countryside_{suffix.replace(' ', '_')}",
                    type="place",
                    name=f"ريف {base.name} {adjective}",
                    name_en=english,
                    lat=base.lat,
                    lon=base.lon,
                    parent=main.entity.id,
                    subtype="countryside",
                ),
                aliases=aliases,
                source=rec.source,
                approximate_coordinates=True,
            )
        )
    return out


def _direction_nouns(noun: str) -> list[str]:
    """A compass noun and its adverbial nisba forms: جنوب -> جنوبي; شمال شرق -> شمالي شرقي,
    شمال شرقي («جنوبي ريف الحسكة» = جنوب ريف الحسكة)."""
    words = noun.split()
    out = [noun, " ".join(w + "ي" for w in words)]
    if len(words) > 1:
        out.append(" ".join([*words[:-1], words[-1] + "ي"]))
    return list(dict.fromkeys(out))


def _governorate_forms(town: EntityRecord, governorate: EntityRecord | None) -> list[str]:
    """«محافظة X» forms of a governorate named after the town X (its capital)."""
    if governorate is None or governorate.entity.id == town.entity.id:
        return []
    names = {normalize_term(a) for a in town.aliases if not a.isascii()}
    head = "محافظة "
    return [
        a for a in (governorate.entity.name, *governorate.aliases)
        if a.startswith(head) and normalize_term(a[len(head):]) in names
    ]


def _outlet_records(rules: SenseRules) -> list[EntityRecord]:
    from marsad.kb.outlets import load_outlets

    out: list[EntityRecord] = []
    for o in load_outlets():
        plain: list[str] = []
        context: list[str] = []
        # phrases that are ordinary prose too («الإمارات اليوم», «The Federal») name the outlet
        # in a record's field or a signature (marsad.kb.outlets), never as a mention: as the
        # longest match in «أعلنت الإمارات اليوم» they would hide the state inside them
        listed = set(o.context_aliases)
        for alias in dict.fromkeys([o.name, *o.aliases]):
            if alias in listed:
                continue
            key = normalize_term(alias)
            bare = key[2:] if key.startswith("ال") else key
            one_word = len(key.split()) == 1
            ordinary = one_word and not any(c.isdigit() for c in key) and not key.isascii()
            if ordinary and key not in rules.distinctive_outlet_words and bare not in rules.distinctive_outlet_words:
                context.append(alias)
            else:
                plain.append(alias)
        if o.name_en and o.name_en not in listed:
            plain.append(o.name_en)
        out.append(
            EntityRecord(
                entity=Entity(
                    id=o.id, type="organization", name=o.name, name_en=o.name_en, subtype="outlet"
                ),
                aliases=plain,
                context_aliases=context,
                source="outlets.toml",
            )
        )
    return out


def _merge_outlets(records: dict[str, EntityRecord], outlets: list[EntityRecord]) -> None:
    """Outlets are organisations too; one that is also in actors.toml keeps the actor entry."""
    for rec in outlets:
        existing = records.get(rec.entity.id)
        if existing is None:
            records[rec.entity.id] = rec
            continue
        existing.aliases.extend(rec.aliases)
        existing.context_aliases.extend(rec.context_aliases)


@compiled
def load_kb() -> KnowledgeBase:
    """The knowledge base, loaded once per process: the reviewed files, then the generated
    layer (GeoNames places and checked variants of reviewed names)."""
    rules = _rules()
    records = reviewed_records(rules)
    _add_generated(records, read_generated())
    return KnowledgeBase(records.values(), rules)


def load_reviewed_kb() -> KnowledgeBase:
    """The reviewed files alone (what ``marsad.kb.build_places`` builds the generated layer
    against)."""
    rules = _rules()
    return KnowledgeBase(reviewed_records(rules).values(), rules)


def _add_generated(records: dict[str, EntityRecord], layer: GeneratedLayer) -> None:
    for p in layer.places:
        if p.id in records:
            raise KnowledgeBaseError(f"kb/data/{GENERATED_FILE}: entity id {p.id!r} is also reviewed")
        records[p.id] = EntityRecord(
            entity=Entity(id=p.id, type="place", name=p.name, name_en=p.name_en or None, lat=p.lat,
                          lon=p.lon, parent=p.parent or None, subtype=p.subtype),
            aliases=list(p.plain),
            guarded_aliases=list(p.guarded),
            source=GENERATED_FILE,
            approximate_coordinates=True,
        )
    for eid, (plain, guarded) in layer.variants.items():
        rec = records.get(eid)
        if rec is None:
            continue  # a reviewed entry removed since the build: its variants go with it
        rec.aliases.extend(plain)
        rec.guarded_aliases.extend(guarded)


def reviewed_records(rules: SenseRules) -> dict[str, EntityRecord]:
    """Every entity of the reviewed files, with the countrysides and outlets derived from them."""
    records: dict[str, EntityRecord] = {}
    for filename, array, default_type in _DATA_FILES:
        raw = _read_toml(filename)
        for entry in raw.get(array, []):
            rec = _record(entry, default_type, filename)
            if rec.entity.id in records:
                raise KnowledgeBaseError(
                    f"kb/data/{filename}: duplicate entity id {rec.entity.id!r} "
                    f"(also in {records[rec.entity.id].source})"
                )
            records[rec.entity.id] = rec
    # countrysides of the towns and governorates marked ``rural``
    raw_places = {
        p["id"]: p for name in ("places.toml", "admin_units.toml") for p in _read_toml(name).get("place", [])
    }
    for pid, p in raw_places.items():
        if not p.get("rural"):
            continue
        rec = records[pid]
        governorate = pid if rec.entity.subtype == "governorate" else _governorate_of(pid, records)
        gov_forms = _governorate_forms(rec, records.get(governorate) if governorate else None)
        for extra in _countryside(rec, rules, governorate, gov_forms):
            records[extra.entity.id] = extra
    _merge_outlets(records, _outlet_records(rules))
    return records


# the default knowledge base's names are scanned in the pass shared by all document lexicons
share_document_pass(lambda: load_kb().lexicon)


def _governorate_of(entity_id: str, records: dict[str, EntityRecord]) -> str | None:
    seen: set[str] = set()
    cur = records.get(entity_id)
    while cur is not None and cur.entity.parent and cur.entity.parent not in seen:
        seen.add(cur.entity.parent)
        cur = records.get(cur.entity.parent)
        if cur is not None and cur.entity.subtype == "governorate":
            return cur.entity.id
    return None
