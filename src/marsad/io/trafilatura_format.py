"""trafilatura's own output formats read back with their metadata.

``trafilatura --json`` writes one object per page: ``text``, ``title``, ``author``, ``date``,
the site's name as ``sitename`` (``source-hostname`` in its JSON), the page's URL as ``url``
(``source`` in its JSON), ``hostname``... ``from_trafilatura_record`` renames these to the
keys marsad's records use (``published``, ``outlet``, ``url``), keeping what the record
already says under marsad's names.

``trafilatura --xml`` writes ``<doc sitename=... title=... author=... date=... url=...>``
with the body in ``<main>`` (paragraphs, heads, lists, quotes); ``xml_record`` turns it into
the same record, the body's blocks one a paragraph.
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import Any

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` of an ISO date or time, or None (not ``marsad.io.html``'s: reading a
    JSON record must not load the HTML stack)."""
    m = _ISO_DATE.search(value or "")
    if not m:
        return None
    try:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None

# keys only trafilatura's JSON has: a record with one of them is trafilatura's
_MARKERS = ("sitename", "source-hostname", "hostname", "fingerprint", "raw_text", "filedate")
_BLOCKS = frozenset({"p", "head", "item", "quote", "cell", "code", "lb"})


def is_trafilatura_record(record: dict[str, Any]) -> bool:
    return any(key in record for key in _MARKERS)


def from_trafilatura_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record with trafilatura's metadata under marsad's keys (see the module doc)."""
    out = dict(record)
    date = record.get("date")
    if "published" not in out and isinstance(date, str) and iso_date(date):
        out["published"] = iso_date(date)
    site = record.get("sitename") or record.get("source-hostname")
    if "outlet" not in out and isinstance(site, str) and site.strip():
        out["outlet"] = site.strip()
    source = record.get("source")
    if "url" not in out and isinstance(source, str) and source.startswith(("http://", "https://")):
        out["url"] = source
    for key in ("date", "sitename", "source-hostname", "raw_text"):
        out.pop(key, None)  # kept under marsad's names (raw_text: the text again)
    return out


class XmlFormatError(ValueError):
    """Not a trafilatura XML document (the message says why)."""


def xml_record(data: bytes) -> dict[str, Any]:
    """The record of one trafilatura XML document; raises ``XmlFormatError``."""
    from lxml import etree  # lazy: only .xml inputs need it

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise XmlFormatError(f"invalid XML: {exc}") from None
    if not isinstance(root.tag, str) or root.tag != "doc":
        raise XmlFormatError(f"not a trafilatura XML document (root element <{root.tag}>, "
                             "not <doc>)")
    main = root.find("main")
    if main is None:
        raise XmlFormatError("trafilatura XML without a <main> body")
    blocks: list[str] = []
    for el in main.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS and el.tag != "lb":
            text = " ".join("".join(el.itertext()).split())
            if text and not any(isinstance(p.tag, str) and p.tag in _BLOCKS for p in el.iterancestors()):
                blocks.append(text)
    if not blocks:  # unknown block names: the body's text as it is
        blocks = [" ".join("".join(main.itertext()).split())]
    record: dict[str, Any] = {"text": "\n\n".join(b for b in blocks if b)}
    attrs = dict(root.attrib)
    for key in ("title", "author", "url", "sitename", "date", "hostname", "fingerprint"):
        if attrs.get(key):
            record[key] = str(attrs[key])
    return from_trafilatura_record(record)
