"""What a request asks of the store: paging bounds, validated filters, a page's pager
links, and a 404 for a missing object or a 400 for a query the store refuses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request

from marsad.web import svg
from marsad.web.store_access import StoreLike

PAGE_SIZE = 25
MAX_LIMIT = 500
# SQLite's integers stop at 2**63 - 1: an offset past that overflowed into a 500
MAX_OFFSET = 1_000_000_000
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def found(item: dict[str, Any] | None, detail: str) -> dict[str, Any]:
    """``item``, or a 404 with ``detail`` when the store has no such object."""
    if item is None:
        raise HTTPException(404, detail)
    return item


def is_store_error(exc: Exception) -> bool:
    try:
        from marsad.store import StoreError
    except ImportError:  # a fake store in tests
        return False
    return isinstance(exc, StoreError)


def filters_of(outlet: str | None, event_type: str | None, place: str | None,
             date_from: str | None, date_to: str | None) -> dict[str, Any]:
    for label, value in (("date_from", date_from), ("date_to", date_to)):
        if value and not _DATE_RE.match(value):
            raise HTTPException(422, f"{label} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return {"outlet": outlet or None, "event_type": event_type or None, "place": place or None,
            "date_from": date_from or None, "date_to": date_to or None}


def form_of(outlet: str, event_type: str, place: str, date_from: str, date_to: str) -> dict[str, str]:
    return {"outlet": outlet, "event_type": event_type, "place": place,
            "date_from": date_from, "date_to": date_to}


def filter_choices(store: StoreLike) -> dict[str, Any]:
    return {"outlet_choices": store.list_outlets(), "place_choices": store.list_places(),
            "type_choices": svg.EVENT_TYPES_AR}


def paged(res: Mapping[str, Any], offset: int, limit: int) -> dict[str, Any]:
    return {"total": res["total"], "offset": offset, "limit": limit, "items": res["items"]}


def pager(request: Request, res: Mapping[str, Any] | None, offset: int) -> dict[str, Any]:
    total = int(res["total"]) if res else 0
    params = {k: v for k, v in request.query_params.items() if k != "offset" and v}

    def link(off: int) -> str:
        return "?" + urlencode({**params, "offset": off})

    return {
        "total": total, "first": offset + 1 if total else 0,
        "last": min(total, offset + PAGE_SIZE),
        "prev": link(max(0, offset - PAGE_SIZE)) if offset > 0 else None,
        "next": link(offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None,
    }
