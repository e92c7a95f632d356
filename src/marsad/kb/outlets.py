"""News outlets: who publishes (and who is quoted). Data in ``kb/data/outlets.toml``.

Each outlet has a stable ``id`` (``al_watan``), an Arabic ``name``, ``name_en``, and
``aliases``: every way an article writes it (صحيفة الوطن, «الوطن», شبكة الشرقية24 ...), and
the web ``domains`` it publishes on. Outlets are also entities (type ``organization``,
subtype ``outlet``) so that a claim's ``via`` chain can name them.

Some names are also ordinary phrases («الإمارات اليوم» "the Emirates today", «The Federal»):
an outlet lists them under ``context_aliases``. They resolve a whole name (a record's
``outlet`` field, a signature line) like any alias, and the publisher's self-reference scan
(``outlet_lexicon``: «قال مصدر لـ"حلب اليوم"») sees them, but they are no entity aliases
(:mod:`marsad.kb.gazetteer`): in running text «الإمارات اليوم» is mostly the Emirates,
today. The outlet's aliases carry the forms that are safe anywhere (صحيفة الإمارات اليوم).

Look-ups offered here: by a written name (``resolve_outlet``: exact, after normalisation),
by URL (``outlet_for_url``: the host or any parent domain; an archive that serves several
papers, such as sauress.com, is told apart by its first path segment: a domain written
``sauress.com/alriyadh``), and an automaton over every written form (``outlet_lexicon``)
for finding outlet names in running text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from marsad.compiled import compiled
from marsad.text.lexicon import Lexicon
from marsad.text.normalize import normalize_term


@dataclass(slots=True, frozen=True)
class OutletEntry:
    id: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...] = field(default=())
    country: str | None = None
    kind: str | None = None  # newspaper, tv, radio, agency, website, network, monitor, official
    domains: tuple[str, ...] = field(default=())
    stance: str | None = None
    context_aliases: tuple[str, ...] = field(default=())  # ordinary phrases: need a media context in text

    @property
    def forms(self) -> tuple[str, ...]:
        """Every written form: Arabic name, aliases, context aliases and the English name."""
        return tuple(
            dict.fromkeys([self.name, *self.aliases, *self.context_aliases, *([self.name_en] if self.name_en else [])])
        )


@compiled
def load_outlets() -> tuple[OutletEntry, ...]:
    raw = tomllib.loads(resources.files("marsad.kb").joinpath("data/outlets.toml").read_text("utf-8"))
    return tuple(
        OutletEntry(
            id=o["id"],
            name=o["name"],
            name_en=o.get("name_en"),
            aliases=tuple(o.get("aliases", ())),
            country=o.get("country"),
            kind=o.get("kind"),
            domains=tuple(d.lower() for d in o.get("domains", ())),
            stance=o.get("stance"),
            context_aliases=tuple(o.get("context_aliases", ())),
        )
        for o in raw.get("outlet", [])
    )


@compiled
def outlets_by_id() -> dict[str, OutletEntry]:
    return {o.id: o for o in load_outlets()}


_PAREN_PARTS = re.compile(r"[,;،]")
_MEDIA_PREFIXES = ("صحيفه ", "جريده ", "موقع ", "وكاله ", "شبكه ", "قناه ", "منصه ", "اذاعه ", "تلفزيون ")
_KEY_PUNCT = re.compile(r"[\"'«»“”()\[\]{}.,:;!?|_\-–—/\\]+")


def outlet_key(name: str) -> str:
    """The comparison key of an outlet name: normalised, punctuation and spacing folded."""
    key = normalize_term(_KEY_PUNCT.sub(" ", name))
    return " ".join(key.split())


@compiled
def _by_key() -> dict[str, OutletEntry]:
    table: dict[str, OutletEntry] = {}
    for o in load_outlets():
        for form in o.forms:
            key = outlet_key(form)
            if key:
                table.setdefault(key, o)
                table.setdefault(key.replace(" ", ""), o)  # «الشرقية 24» = «الشرقية24»
    return table


@lru_cache(maxsize=4096)
def resolve_outlet(name: str) -> OutletEntry | None:
    """The outlet a written name (a record's ``outlet`` field, a signature line) stands for.

    Exact after normalisation; a media noun in front (صحيفة/موقع/وكالة...) and a trailing
    parenthesis («Sada El Balad (elbalad.news)») are tried off as well. The name before the
    parenthesis comes first; then the parenthesis whole, then each of its parts
    («(alwahdanews.ae, dpa)», «(via sauress.com)»), except a source it cites («citing SANA»):
    an outlet that cites another is not that outlet.
    """
    if not name or len(name) > 200:
        return None
    table = _by_key()
    candidates = [name]
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", name)
    if m:
        candidates += [m.group(1), m.group(2)]
        parts = [p.strip() for p in _PAREN_PARTS.split(m.group(2))]
        if len(parts) > 1 or m.group(2).lower().startswith("via "):
            candidates += [p[4:] if p.lower().startswith("via ") else p for p in parts if p and not p.lower().startswith("citing ")]
    for cand in candidates:
        key = outlet_key(cand)
        if not key:
            continue
        for variant in (key, key.replace(" ", "")):
            if variant in table:
                return table[variant]
        for prefix in _MEDIA_PREFIXES:
            if key.startswith(prefix) and key[len(prefix) :] in table:
                return table[key[len(prefix) :]]
        found = outlet_for_domain(cand.strip().lower())
        if found:
            return found
    return None


@compiled
def _by_domain() -> dict[str, OutletEntry]:
    """host (or ``host/first-path-segment`` for an archive of several papers) -> outlet."""
    return {d: o for o in load_outlets() for d in o.domains}


def outlet_for_domain(host: str) -> OutletEntry | None:
    """The outlet publishing on ``host`` or on one of its parent domains."""
    host = host.lower().strip().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    table = _by_domain()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        found = table.get(".".join(parts[i:]))
        if found:
            return found
    return None


def outlet_for_url(url: str) -> OutletEntry | None:
    """The outlet whose domain serves ``url`` (``https://www.syria.tv/...`` -> Syria TV;
    ``https://sauress.com/alriyadh/2031238`` -> Al Riyadh, whose archive is there)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    segment = parts.path.strip("/").split("/", 1)[0].lower()
    if segment:
        bare = host.lower().rstrip(".").removeprefix("www.")
        found = _by_domain().get(f"{bare}/{segment}")
        if found:
            return found
    return outlet_for_domain(host)


@compiled
def outlet_lexicon() -> Lexicon[str]:
    """One automaton over every written form of every outlet; payload = outlet id."""
    return Lexicon([(form, o.id) for o in load_outlets() for form in o.forms])
