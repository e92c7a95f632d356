"""The Jinja2 environment of the pages: autoescaped templates, and the labels they show
(incidents, entities, counts, outlets) as escaped HTML with left-to-right runs isolated."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from marsad.web import highlight, svg

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"


def templates_environment() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        EVENT_TYPES_AR=svg.EVENT_TYPES_AR, MODALITY_AR=svg.MODALITY_AR,
        entity_label=highlight.entity_label, count_label=highlight.count_label,
        date_value=svg.date_value, outlet_name=outlet_name, incident_label=incident_label,
        incident_text=incident_text, entity_html=entity_html, count_html=count_html,
        KIND_AR=highlight.KIND_AR, STANCE_AR=highlight.STANCE_AR,
    )
    env.tests["web_url"] = _is_web_url
    return Jinja2Templates(env=env)


def incident_text(inc: Mapping[str, Any]) -> str:
    """A short plain-text Arabic label (for tooltips and <title>): type — place (date)."""
    etype = str(inc.get("type") or "other")
    label = svg.EVENT_TYPES_AR.get(etype, etype)
    if inc.get("place_name"):
        label += f" — {inc['place_name']}"
    if date := svg.date_value(inc.get("date")):
        label += f" ({date})"
    return label


def incident_label(inc: Mapping[str, Any]) -> Markup:
    """The same label as HTML: the date is isolated left-to-right, so RTL text does not
    reorder its digits into "20-01-2022" (Chromium ignores the Unicode isolate characters in
    some fonts; a <bdi dir="ltr"> element always works)."""
    etype = str(inc.get("type") or "other")
    html = escape(svg.EVENT_TYPES_AR.get(etype, etype))
    if inc.get("place_name"):
        html += Markup(" — ") + escape(inc["place_name"])
    if date := svg.date_value(inc.get("date")):
        html += Markup(' <bdi class="num" dir="ltr">') + escape(date) + Markup("</bdi>")
    return Markup(html)


def entity_html(entities: Mapping[str, Any], entity_id: str | None) -> Markup:
    """An entity's Arabic name with its English name isolated beside it (never reordered)."""
    if not entity_id:
        return Markup("—")
    ent = entities.get(entity_id) or {}
    html = escape(ent.get("name") or entity_id)
    if ent.get("name_en") and ent.get("name_en") != ent.get("name"):
        html += Markup(' <bdi class="en" dir="ltr">') + escape(ent["name_en"]) + Markup("</bdi>")
    return Markup(html)


def count_html(count: Mapping[str, Any] | None) -> Markup:
    """A count label as an isolated left-to-right run ("≥ 21 leader", "~200–999 family")."""
    label = highlight.count_label(count)
    if label == "—":
        return Markup("—")
    return Markup('<bdi class="num" dir="ltr">') + escape(label) + Markup("</bdi>")


def _is_web_url(value: Any) -> bool:
    # Only http(s) links are rendered as links: a stored url like "javascript:..." is shown
    # as text, never made clickable.
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def outlet_name(outlet: Any) -> str:
    if not outlet:
        return "—"
    if isinstance(outlet, str):
        return outlet
    name, name_en = outlet.get("name"), outlet.get("name_en")
    if name and name_en and name != name_en:
        return f"{name} · {name_en}"
    return str(name or name_en or outlet.get("id") or "—")
