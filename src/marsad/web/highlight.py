"""Server-side highlighting: a document text plus annotation spans -> safe, nested HTML.

Annotations overlap freely (a place inside a claim, a quantity inside an event trigger's
sentence, two layers over the same word), while HTML elements must nest. We cut the text at
every span boundary and, walking the pieces left to right, keep a stack of open ``<span>``s:
a span that crosses the end of an enclosing one is closed and re-opened on the other side
("split"), so every annotation covers exactly its characters. Every text piece and every
attribute value is escaped here; templates receive ``Markup`` only from this module.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape


@dataclass(slots=True)
class Highlight:
    """One annotation to draw: ``text[start:end]`` with CSS classes and hover details."""

    start: int
    end: int
    kind: str  # entity|time|quantity|event|speaker|verb|claim
    classes: str
    info: list[str] = field(default_factory=list)  # human lines shown on hover
    anchor: str | None = None  # element id of the first piece (target of side-panel links)
    link: str | None = None  # id of the side-panel item this highlight belongs to

    @property
    def title(self) -> str:
        return "\n".join(self.info)


# Wider layers open first (outermost) when two spans start together: claim content holds
# everything, then triggers/speakers, then the finer entity/time/quantity marks.
_DEPTH = {"claim": 0, "event": 1, "speaker": 1, "verb": 1, "entity": 2, "time": 3, "quantity": 3}


def render_highlighted(text: str, highlights: Iterable[Highlight]) -> Markup:
    """Return ``text`` as HTML with each highlight wrapped in (possibly split) ``<span>``s."""
    spans = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    if not spans:
        return Markup(escape(text))
    order = {id(h): i for i, h in enumerate(
        sorted(spans, key=lambda h: (h.start, -h.end, _DEPTH.get(h.kind, 9)))
    )}
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    # Spans sorted by start let us add newly active ones as the walk advances.
    by_start = sorted(spans, key=lambda h: h.start)
    pending = 0
    active: list[Highlight] = []
    stack: list[Highlight] = []
    opened: set[int] = set()  # spans whose first piece has been written (anchor used)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        while pending < len(by_start) and by_start[pending].start <= a:
            active.append(by_start[pending])
            pending += 1
        active = [h for h in active if h.end > a]
        covering = sorted((h for h in active if h.start <= a and h.end >= b),
                          key=lambda h: order[id(h)])
        keep = 0
        while keep < len(stack) and keep < len(covering) and stack[keep] is covering[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            out.append("</span>")
        del stack[keep:]
        for h in covering[keep:]:
            out.append(_open_tag(h, first=id(h) not in opened))
            opened.add(id(h))
            stack.append(h)
        out.append(str(escape(text[a:b])))
    out.extend("</span>" for _ in stack)
    return Markup("".join(out))


def _open_tag(h: Highlight, *, first: bool) -> str:
    attrs = [f'class="hl {escape(h.classes)}"', f'title="{escape(h.title)}"',
             f'data-kind="{escape(h.kind)}"', 'tabindex="0"']
    if h.anchor and first:
        attrs.append(f'id="{escape(h.anchor)}"')
    if h.link:
        attrs.append(f'data-link="{escape(h.link)}"')
    return "<span " + " ".join(attrs) + ">"


def mark_snippet(snippet: str) -> Markup:
    """Escape a search snippet, then turn the store's \\x02...\\x03 markers into <mark>."""
    html = str(escape(snippet or ""))
    return Markup(html.replace("\x02", "<mark>").replace("\x03", "</mark>"))


# --- building highlights from a contract Document -------------------------------------------

_ENTITY_TYPE_AR = {
    "person": "شخص", "organization": "منظمة", "armed_group": "جماعة مسلحة", "state": "دولة",
    "place": "مكان", "facility": "منشأة",
}
KIND_AR = {
    "named_person": "شخص مسمّى", "official_body": "جهة رسمية", "outlet": "وسيلة إعلام",
    "correspondent": "مراسل", "anonymous_source": "مصدر مجهول", "local_sources": "مصادر محلية",
    "intelligence_reports": "تقارير استخباراتية", "activists": "ناشطون",
    "leaked_material": "مواد مسربة", "media_reports": "تقارير إعلامية", "unknown": "غير معروف",
}
STANCE_AR = {
    "assert": "يؤكد", "deny": "ينفي", "predict": "يتوقع", "warn": "يحذّر", "allege": "يزعم",
}


def entity_label(entities: Mapping[str, Any], entity_id: str | None) -> str:
    if not entity_id:
        return "—"
    ent = entities.get(entity_id) or {}
    name = ent.get("name") or entity_id
    return f"{name} ({ent['name_en']})" if ent.get("name_en") else str(name)


def count_label(count: Mapping[str, Any] | None) -> str:
    if not count:
        return "—"
    lo, hi = count.get("min"), count.get("max")
    if lo is None and hi is None:
        return "—"
    lo_s = _num(lo)
    if hi is None:
        text = f"≥ {lo_s}"
    elif lo is None:
        text = f"≤ {_num(hi)}"
    elif lo == hi:
        text = lo_s
    else:
        text = f"{lo_s}–{_num(hi)}"
    if count.get("approximate"):
        text = "~" + text
    if count.get("unit"):
        text += f" {count['unit']}"
    return text


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def document_highlights(doc: Mapping[str, Any]) -> list[Highlight]:
    """Every highlight marsad can draw for a contract Document dict."""
    entities: Mapping[str, Any] = doc.get("entities") or {}
    out: list[Highlight] = []
    for i, m in enumerate(doc.get("mentions") or []):
        ent = entities.get(m.get("entity")) or {}
        etype = ent.get("type") or "other"
        info = [f"كيان · entity: {entity_label(entities, m.get('entity'))}",
                f"النوع · type: {_ENTITY_TYPE_AR.get(etype, etype)} ({etype})",
                f"id: {m.get('entity')}"]
        if ent.get("lat") is not None and ent.get("lon") is not None:
            info.append(f"lat/lon: {ent['lat']}, {ent['lon']}")
        out.append(Highlight(m["start"], m["end"], "entity", f"hl-entity hl-ent-{etype}",
                             info, anchor=f"m{i}"))
    for i, t in enumerate(doc.get("times") or []):
        info = [f"زمن · time: {t.get('value') or '— (غير محدد)'}"]
        if t.get("weekday"):
            info.append(f"weekday: {t['weekday']}")
        if t.get("relative"):
            info.append("نسبي · relative (resolved against the publication date)")
        out.append(Highlight(t["start"], t["end"], "time", "hl-time", info, anchor=f"t{i}"))
    for i, q in enumerate(doc.get("quantities") or []):
        info = [f"كمية · quantity: {count_label(q)}"]
        out.append(Highlight(q["start"], q["end"], "quantity", "hl-qty", info, anchor=f"q{i}"))
    for ev in doc.get("events") or []:
        info = [f"حدث · event: {ev.get('type')} ({ev.get('modality')})",
                f"التاريخ · date: {(ev.get('date') or {}).get('value') or '—'}",
                f"المكان · place: {entity_label(entities, ev.get('place'))}",
                f"العدد · count: {count_label(ev.get('count'))}"]
        if ev.get("origin") or ev.get("destination"):
            info.append(f"من · from: {entity_label(entities, ev.get('origin'))} ← "
                        f"إلى · to: {entity_label(entities, ev.get('destination'))}")
        if ev.get("claim"):
            info.append(f"الادعاء · claim: {ev['claim']}")
        trig = ev.get("trigger") or {}
        spans = [trig] + [s for s in ev.get("evidence") or []
                          if (s.get("start"), s.get("end")) != (trig.get("start"), trig.get("end"))]
        for j, s in enumerate(spans):
            if s.get("start") is None or s.get("end") is None:
                continue
            out.append(Highlight(s["start"], s["end"], "event",
                                 f"hl-event hl-ev-{ev.get('type')}", info,
                                 anchor=f"ev-{ev['id']}" if j == 0 else None,
                                 link=f"side-ev-{ev['id']}"))
    for cl in doc.get("claims") or []:
        sp = cl.get("speaker") or {}
        kind = sp.get("kind") or "unknown"
        who = sp.get("text") or "—"
        base = [f"الادعاء · claim {cl['id']}: {cl.get('stance')}",
                f"المصدر · speaker: {who} — {KIND_AR.get(kind, kind)} ({kind})"]
        if sp.get("entity"):
            base.append(f"كيان المصدر · speaker entity: {entity_label(entities, sp['entity'])}")
        if cl.get("via"):
            base.append("عبر · via: " + " ← ".join(entity_label(entities, v) for v in cl["via"]))
        if cl.get("verb"):
            base.append(f"الفعل · verb: {cl['verb']}")
        if cl.get("start") is not None and cl.get("end") is not None:
            out.append(Highlight(cl["start"], cl["end"], "claim", "hl-claim", base,
                                 anchor=f"cl-{cl['id']}", link=f"side-cl-{cl['id']}"))
        if sp.get("start") is not None and sp.get("end") is not None:
            out.append(Highlight(sp["start"], sp["end"], "speaker", "hl-speaker", base,
                                 anchor=f"sp-{cl['id']}", link=f"side-cl-{cl['id']}"))
        if cl.get("verb_start") is not None and cl.get("verb_end") is not None:
            out.append(Highlight(cl["verb_start"], cl["verb_end"], "verb", "hl-verb", base,
                                 link=f"side-cl-{cl['id']}"))
    return out
