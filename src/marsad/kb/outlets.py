"""News outlets: who publishes (and who is quoted). Data in ``kb/data/outlets.toml``.

Each outlet has a stable ``id`` (``al_watan``), an Arabic ``name``, ``name_en``, and
``aliases``: every way an article writes it (صحيفة الوطن, «الوطن», شبكة الشرقية24 ...).
Outlets are also entities (type ``organization``, subtype ``outlet``) so that a claim's
``via`` chain can name them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(slots=True, frozen=True)
class OutletEntry:
    id: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...] = field(default=())
    country: str | None = None
    kind: str | None = None  # newspaper, tv, agency, website, network
    domains: tuple[str, ...] = field(default=())


@lru_cache(maxsize=1)
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
            domains=tuple(o.get("domains", ())),
        )
        for o in raw.get("outlet", [])
    )


@lru_cache(maxsize=1)
def outlets_by_id() -> dict[str, OutletEntry]:
    return {o.id: o for o in load_outlets()}
