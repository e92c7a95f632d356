"""Who copied whom: an explicit citation of the other document's outlet (a claim's chain
or speaker, or «نقلت صحيفة الوطن …» in the text), else the earlier publication date."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from marsad.text.normalize import normalize, normalize_term

_CITE_CUES = (
    "نقلت", "نقل", "نقلا", "نقلته", "نقله", "وفق", "وفقا", "بحسب", "حسب", "ذكرت", "ذكر",
    "قالت", "افادت", "افاد", "اوردت", "اورد", "نشرت", "نشر", "اشارت", "اكدت", "كشفت",
    "تقرير", "تقريرا",
)


@lru_cache(maxsize=1)
def _outlet_aliases() -> dict[str, tuple[str, ...]]:
    try:
        from marsad.kb.outlets import load_outlets
    except ImportError:  # pragma: no cover
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for o in load_outlets():
        forms = {normalize_term(x) for x in (o.name, *o.aliases) if x}
        out[o.id] = tuple(sorted(forms, key=len, reverse=True))
    return out


@lru_cache(maxsize=4096)
def _citation_pattern(outlet_id: str, name: str | None) -> re.Pattern[str] | None:
    forms = set(_outlet_aliases().get(outlet_id, ()))
    if name:
        forms.add(normalize_term(name))
    forms = {f for f in forms if len(f) >= 2}
    if not forms:
        return None
    alias = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    cue = "|".join(re.escape(c) for c in _CITE_CUES)
    # cue, up to 4 words (صحيفة / موقع / عن ...), optional proclitic, optional quote, alias
    return re.compile(
        rf"(?<!\w)(?:[وف])?(?:{cue})(?!\w)(?:\W+\w+){{0,4}}?\W+(?:[وبلف]{{1,2}})?\W?\"?(?:{alias})(?!\w)"
    )


def cites(doc: dict[str, Any], outlet_id: str | None, outlet_name: str | None) -> bool:
    """Does ``doc`` attribute its content to the outlet (via chain or an explicit citation)?"""
    if not outlet_id and not outlet_name:
        return False
    own = doc.get("outlet") or {}
    if outlet_id and own.get("id") == outlet_id:
        return False
    if outlet_id:
        for c in doc.get("claims") or []:
            if outlet_id in (c.get("via") or []):
                return True
            sp = c.get("speaker") or {}
            if sp.get("entity") == outlet_id and sp.get("kind") == "outlet":
                return True
    pat = _citation_pattern(outlet_id or "", outlet_name)
    if pat is None:
        return False
    return pat.search(normalize(doc.get("text") or "").text) is not None


def _outlet(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    o = doc.get("outlet") or {}
    return o.get("id"), o.get("name")


def direction(a: dict[str, Any], b: dict[str, Any]) -> tuple[str | None, str]:
    """``("a->b"|"b->a"|None, why)`` for two documents sharing passages."""
    a_id, a_name = _outlet(a)
    b_id, b_name = _outlet(b)
    if cites(b, a_id, a_name):
        return "a->b", f"citation: b quotes {a_id or a_name} (a's publisher)"
    if cites(a, b_id, b_name):
        return "b->a", f"citation: a quotes {b_id or b_name} (b's publisher)"
    pa, pb = a.get("published"), b.get("published")
    if pa and pb and pa != pb:
        if pa < pb:
            return "a->b", f"earlier publication: a {pa} < b {pb}"
        return "b->a", f"earlier publication: b {pb} < a {pa}"
    return None, "no citation and no publication order: direction unknown"
