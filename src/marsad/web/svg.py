"""Server-rendered SVG figures: the incident timeline and the incident map.

Both are plain data for the templates (coordinates, labels, links); the templates write the
SVG elements, so every label is escaped by Jinja like any other text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from marsad.web.mapdata import country_paths, projection

EVENT_TYPES_AR: dict[str, str] = {
    "attack": "هجوم", "clash": "اشتباك", "riot": "استعصاء/شغب", "escape": "فرار",
    "release": "إفراج", "transfer": "نقل", "arrest": "اعتقال", "hostage_taking": "احتجاز رهائن",
    "killing": "قتل", "security_operation": "عملية أمنية", "reinforcement": "تعزيزات",
    "repatriation": "إعادة إلى البلد", "agreement": "اتفاق", "other": "أخرى",
}
MODALITY_AR: dict[str, str] = {
    "asserted": "مؤكَّد", "denied": "منفي", "alleged": "مزعوم", "expected": "متوقَّع",
    "hypothetical": "افتراضي",
}

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def date_value(value: Any) -> str | None:
    """The ISO-like value of an incident/event date, whether given as a string or an object."""
    if isinstance(value, Mapping):
        value = value.get("value")
    return value if isinstance(value, str) and value else None


def parse_date(value: Any) -> dt.date | None:
    """The first day an ISO-like contract date can mean; None when it is not anchored."""
    text = date_value(value)
    if not text:
        return None
    if m := _DATE_RE.match(text):
        year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    if m := _WEEK_RE.match(text):
        try:
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
    return None


def timeline(incidents: Sequence[Mapping[str, Any]], width: int = 1000) -> dict[str, Any]:
    """Lay incidents out on a date axis, one lane per event type.

    An incident without a date of its own but with a ``first_reported`` date is placed at
    its first report and marked ``by_report`` (drawn hollow); the rest are ``undated``.
    """
    dated = [(parse_date(i.get("date")) or parse_date(i.get("first_reported")), i)
             for i in incidents]
    points = [(d, i) for d, i in dated if d is not None]
    undated = [i for d, i in dated if d is None]
    if not points:
        return {"width": width, "height": 0, "points": [], "lanes": [], "ticks": [],
                "undated": undated}
    lo = min(d for d, _ in points)
    hi = max(d for d, _ in points)
    pad = max(7, (hi - lo).days // 20)
    lo, hi = lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad)
    span = max(1, (hi - lo).days)
    types = sorted({str(i.get("type") or "other") for _, i in points})
    lane_h, top, left, right = 34, 30, 20, 150
    plot_w = width - left - right
    height = top + lane_h * len(types) + 10

    def x_of(day: dt.date) -> float:
        return left + plot_w * (day - lo).days / span

    lanes = [{"type": t, "label": EVENT_TYPES_AR.get(t, t), "y": top + lane_h * k + lane_h / 2,
              "x": width - right + 10} for k, t in enumerate(types)]
    lane_y = {lane["type"]: lane["y"] for lane in lanes}
    out_points = []
    for day, inc in sorted(points, key=lambda p: p[0]):
        n = max(1, len(inc.get("events") or []) or int(inc.get("reports") or 0)
                or int(inc.get("independent_sources") or 1))
        by_report = parse_date(inc.get("date")) is None
        out_points.append({
            "x": round(x_of(day), 1), "y": lane_y[str(inc.get("type") or "other")],
            "r": round(min(14.0, 4 + 2.5 * math.sqrt(n)), 1), "incident": inc,
            "type": str(inc.get("type") or "other"), "by_report": by_report,
            "date": date_value(inc.get("date")) or date_value(inc.get("first_reported")),
        })
    return {"width": width, "height": height, "points": out_points, "lanes": lanes,
            "ticks": _ticks(lo, hi, x_of), "undated": undated, "axis_y": height - 8,
            "by_report": sum(1 for p in out_points if p["by_report"]),
            "plot_right": width - right, "left": left, "top": top}


def _ticks(lo: dt.date, hi: dt.date, x_of: Any) -> list[dict[str, Any]]:
    span_days = (hi - lo).days
    ticks = []
    if span_days > 540:  # years
        for year in range(lo.year + 1, hi.year + 1):
            ticks.append({"x": round(x_of(dt.date(year, 1, 1)), 1), "label": str(year)})
    else:  # months (every second one when the span is long)
        step = 1 if span_days < 200 else 2
        y, m = lo.year, lo.month
        k = 0
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            day = dt.date(y, m, 1)
            if day > hi:
                break
            if k % step == 0:
                ticks.append({"x": round(x_of(day), 1), "label": f"{y}-{m:02d}"})
            k += 1
    return ticks


def incident_map(incidents: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Country outlines plus one point per incident that has coordinates."""
    proj = projection()
    points = []
    unplaced = []
    for inc in incidents:
        lat, lon = inc.get("lat"), inc.get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float) and proj.contains(
            float(lon), float(lat)
        ):
            x, y = proj.point(float(lon), float(lat))
            n = max(1, len(inc.get("events") or []))
            points.append({"x": round(x, 1), "y": round(y, 1),
                           "r": round(min(18.0, 5 + 3 * math.sqrt(n)), 1),
                           "incident": inc, "type": str(inc.get("type") or "other")})
        else:
            unplaced.append(inc)
    # Big circles first so small ones stay clickable on top.
    points.sort(key=lambda p: -p["r"])
    countries = country_paths()
    # country names are drawn too: place labels keep clear of them
    blocked = [(c["label"][0] - 45, c["label"][1] - 20, c["label"][0] + 45, c["label"][1] + 6)
               for c in countries if c.get("label")]
    places = _places(points, blocked)
    return {"width": proj.width, "height": proj.height, "countries": countries,
            "points": points, "unplaced": unplaced, "places": places}


def _places(points: list[dict[str, Any]],
            blocked: Sequence[tuple[float, float, float, float]] = ()) -> list[dict[str, Any]]:
    """Group points by location; fan a place's incidents out around it so each dot can be
    clicked, and label the busiest places without letting labels overlap."""
    groups: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for p in points:
        groups.setdefault((round(p["x"]), round(p["y"])), []).append(p)
    places = []
    for (x, y), group in groups.items():
        group.sort(key=lambda p: (-len(p["incident"].get("events") or []), str(p["incident"].get("id"))))
        if len(group) > 1:
            for k, p in enumerate(group):
                p["r"] = round(min(p["r"], 4.0 + 1.5 * math.sqrt(len(p["incident"].get("events") or [1]))), 1)
                if k == 0:
                    continue
                ring, pos = _ring_position(k)
                angle = 2 * math.pi * pos[0] / pos[1]
                p["x"] = round(x + 9 * ring * math.cos(angle), 1)
                p["y"] = round(y + 9 * ring * math.sin(angle), 1)
        name = next((p["incident"].get("place_name") for p in group
                     if p["incident"].get("place_name")), None)
        reports = sum(len(p["incident"].get("events") or []) or 1 for p in group)
        places.append({"x": x, "y": y, "name": name, "incidents": [p["incident"] for p in group],
                       "reports": reports, "label": False,
                       "extent": 9 * _ring_position(len(group) - 1)[0] + 6 if len(group) > 1 else 6})
    places.sort(key=lambda pl: (-pl["reports"], str(pl["name"])))
    labels: list[tuple[float, float, float, float]] = list(blocked)
    # the dot clusters themselves: a label beside its dots must not cover another place's dots
    dots = [(pl["x"] - pl["extent"], pl["y"] - pl["extent"], pl["x"] + pl["extent"],
             pl["y"] + pl["extent"]) for pl in places]

    def clear(box: tuple[float, float, float, float],
              against: list[tuple[float, float, float, float]]) -> bool:
        return not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3]
                       for t in against)

    for pl in places:
        if not pl["name"]:
            continue
        width = 7.5 * len(pl["name"]) + 30
        x, y, ext = pl["x"], pl["y"], pl["extent"]
        candidates = [
            ((x - ext - width, y - 9, x - ext, y + 7), "end", labels + dots),
            ((x + ext, y - 9, x + ext + width, y + 7), "start", labels + dots),
            ((x - width / 2, y - ext - 18, x + width / 2, y - ext - 2), "middle", labels + dots),
            ((x - width / 2, y + ext + 2, x + width / 2, y + ext + 18), "middle", labels + dots),
            # a crowded place: its name over its own dots (the label has a halo)
            ((x - width / 2, y - 8, x + width / 2, y + 8), "middle", labels),
        ]
        for box, anchor, against in candidates:
            if not clear(box, against):
                continue
            labels.append(box)
            pl["label"], pl["anchor"] = True, anchor
            pl["label_x"] = round({"end": box[2] - 4, "start": box[0] + 4}.get(
                anchor, (box[0] + box[2]) / 2), 1)
            pl["label_y"] = round(box[3] - 4, 1)
            break
    return places


def _ring_position(k: int) -> tuple[int, tuple[int, int]]:
    """Ring number and (slot, slots) of the k-th satellite dot (k >= 1): 6 on ring 1,
    12 on ring 2, ..."""
    ring, first = 1, 1
    while k >= first + 6 * ring:
        first += 6 * ring
        ring += 1
    return ring, (k - first, 6 * ring)
