"""JSON output of documents: orjson when it can, the standard library when it cannot.

Serialising the document is a fixed cost of every `marsad analyze` and `ingest`; orjson does
it several times faster than `json.dumps`. orjson refuses strings holding lone surrogates
(possible in hostile input), so those fall back to the standard encoder, which escapes them.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(obj: Any) -> str:
    """One line of JSON, non-ASCII characters written as themselves."""
    try:
        return orjson.dumps(obj).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(obj, ensure_ascii=False)
