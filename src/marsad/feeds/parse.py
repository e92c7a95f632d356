"""RSS 2.0, RSS 1.0 (RDF), Atom and sitemaps (``urlset``, ``sitemapindex``) into links.

``parse_feed(data)`` returns a ``Feed``: the article links it lists (``FeedItem``: url, title,
published date) and, for a sitemap index, the sitemaps it points to. Anything that is not one
of these, or not well-formed XML, raises ``FeedError`` with the reason. The XML parser never
resolves entities nor reads the network (a feed is untrusted input).
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass, field

from lxml import etree

from marsad.io.html import iso_date

MAX_ITEMS = 5000  # a feed listing more is cut here (a sitemap of a whole archive)


class FeedError(Exception):
    """Not a feed or sitemap marsad can read (the message says why)."""


@dataclass(slots=True)
class FeedItem:
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD


@dataclass(slots=True)
class Feed:
    kind: str  # rss | atom | rdf | sitemap | sitemapindex
    title: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # a sitemap index's children


def _local(tag: object) -> str:
    """The tag name without its namespace (``{http://www.w3.org/2005/Atom}entry`` -> entry)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names:
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an RFC 822 date (RSS) or an ISO 8601 one (Atom, sitemaps)."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat()
    return iso_date(value)


def _http_url(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else None


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if _local(child.tag) != "link":
            continue
        href = _http_url(child.get("href"))
        rel = child.get("rel", "alternate")
        if href and rel == "alternate":
            return href
        fallback = fallback or href
    return fallback


def parse_feed(data: bytes) -> Feed:
    """The links of a feed or sitemap (see the module docstring)."""
    if not data.strip():
        raise FeedError("empty response")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed XML: {exc.msg or exc}") from None
    except ValueError as exc:
        raise FeedError(f"malformed XML: {exc}") from None
    kind = _local(root.tag)
    if kind == "rss":
        channel = next((c for c in root if _local(c.tag) == "channel"), None)
        if channel is None:
            raise FeedError("RSS without a <channel>")
        feed = Feed("rss", _child_text(channel, "title"))
        entries = [c for c in channel if _local(c.tag) == "item"]
        for item in entries[:MAX_ITEMS]:
            url = _http_url(_child_text(item, "link")) or _http_url(_child_text(item, "guid"))
            if url:
                feed.items.append(FeedItem(url, _child_text(item, "title"),
                                           _date(_child_text(item, "pubdate", "date"))))
        return feed
    if kind == "rdf":
        channel = next((c for c in root if _local(c.tag) == "channel"), None)
        feed = Feed("rdf", _child_text(channel, "title") if channel is not None else None)
        for item in [c for c in root if _local(c.tag) == "item"][:MAX_ITEMS]:
            url = _http_url(_child_text(item, "link")) or _http_url(item.get(
                "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"))
            if url:
                feed.items.append(FeedItem(url, _child_text(item, "title"),
                                           _date(_child_text(item, "date"))))
        return feed
    if kind == "feed":
        feed = Feed("atom", _child_text(root, "title"))
        for entry in [c for c in root if _local(c.tag) == "entry"][:MAX_ITEMS]:
            url = _atom_link(entry)
            if url:
                feed.items.append(FeedItem(url, _child_text(entry, "title"),
                                           _date(_child_text(entry, "published", "updated"))))
        return feed
    if kind in ("urlset", "sitemapindex"):
        feed = Feed("sitemap" if kind == "urlset" else "sitemapindex")
        child = "url" if kind == "urlset" else "sitemap"
        for entry in [c for c in root if _local(c.tag) == child][:MAX_ITEMS]:
            url = _http_url(_child_text(entry, "loc"))
            if not url:
                continue
            if kind == "urlset":
                # a news sitemap gives the title and date under <news:news>
                news = next((c for c in entry if _local(c.tag) == "news"), None)
                title = _child_text(news, "title") if news is not None else None
                date = _child_text(news, "publication_date") if news is not None else None
                feed.items.append(FeedItem(url, title, _date(date or _child_text(entry, "lastmod"))))
            else:
                feed.sitemaps.append(url)
        return feed
    raise FeedError(f"not a feed or sitemap (root element <{kind or root.tag}>)")
