"""HTML pages: the article body and the page's own metadata.

The body comes from trafilatura (it drops navigation, comment forms and footers); when it
finds nothing, or is not importable, the visible text of the page (without script, style,
nav, header, footer, aside, form) is used instead. Metadata comes from the markup with
selectolax's lexbor parser: ``og:``/``article:``/Dublin Core/schema.org meta tags, ``<title>``,
``<time datetime>``, ``rel=author`` and byline classes, the canonical URL and ``og:site_name``.

Dates are taken only from explicit machine-readable markup (meta tags, ``<time datetime>``),
never from trafilatura's date guess: it fills in a date for pages that state none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg")
_BLOCK_TAGS = frozenset(
    ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote", "article", "section", "pre", "figcaption", "dd", "dt", "ul", "ol", "table"]
)

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datePublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "sailthru.date",
    "parsely-pub-date",
)
_AUTHOR_META = ("author", "article:author", "og:article:author", "dc.creator", "parsely-author", "byl")


@dataclass(slots=True)
class HtmlPage:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from an ISO-like date/time string, or None if it is not a real date."""
    m = _ISO_DATE.search(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    tags: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), " ".join(content.split()))
    return tags


def _visible_text(tree: LexborHTMLParser) -> str:
    """Block-separated visible text of the page (the fallback body)."""
    root = tree.body or tree.root
    if root is None:
        return ""
    for tag in _DROP_TAGS:
        for node in root.css(tag):
            node.decompose()
    lines: list[str] = []
    current: list[str] = []
    # Iterating text nodes with their nearest block parent keeps paragraphs apart without
    # recursion (pages with thousands of nested tags must not blow the stack).
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            value = node.text_content
            if value and value.strip():
                current.append(value)
        elif node.tag in _BLOCK_TAGS and current:
            lines.append(" ".join("".join(current).split()))
            current = []
    if current:
        lines.append(" ".join("".join(current).split()))
    return "\n\n".join(line for line in lines if line)


def _trafilatura_text(html: str) -> str | None:
    try:
        import trafilatura
    except Exception:  # pragma: no cover - missing optional dependency pieces
        return None
    try:
        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception:  # trafilatura/lxml choke on some pathological markup: fall back
        return None
    return text or None


# lexbor's tree builder slows down quadratically with nesting depth (100,000 nested <div>s
# take ~20 s); a news page has a few thousand tags. Pages with more tags than this are read
# with trafilatura's lxml-based path only (text, no metadata): bounded time on hostile input.
MAX_TAGS_FOR_LEXBOR = 25_000


def _lxml_only(html: str) -> HtmlPage:
    text = _trafilatura_text(html)
    if not text:
        try:
            from trafilatura import html2txt

            text = html2txt(html) or ""
        except Exception:
            text = ""
    return HtmlPage(text=text, meta={"html_note": "very large markup: metadata not read"})


def parse_html(html: str, *, use_trafilatura: bool = True) -> HtmlPage:
    """The article text and page metadata of one HTML document."""
    if html.count("<") > MAX_TAGS_FOR_LEXBOR:
        return _lxml_only(html)
    tree = LexborHTMLParser(html)
    tags = _meta_tags(tree)
    meta: dict[str, Any] = {}

    title = tags.get("og:title") or tags.get("twitter:title")
    if not title:
        node = tree.css_first("title")
        title = " ".join(node.text().split()) if node else None
    site = tags.get("og:site_name") or tags.get("application-name")
    if title and site:
        # «عنوان الخبر - اسم الموقع» / «Site | Headline»: drop the site name part
        for sep in (" | ", " - ", " – ", " — ", " :: ", " « ", " » "):
            if title.endswith(sep + site):
                title = title[: -len(sep + site)]
            elif title.startswith(site + sep):
                title = title[len(site + sep) :]
    if not title:
        h1 = tree.css_first("h1")
        title = " ".join(h1.text().split()) if h1 else None
    if title:
        meta["title"] = title
    if site:
        meta["outlet"] = site

    for key in _PUBLISHED_META:
        value = iso_date(tags.get(key.lower(), ""))
        if value:
            meta["published"] = value
            break
    else:
        for node in tree.css("time[datetime], [itemprop=datePublished]"):
            value = iso_date(node.attributes.get("datetime") or node.attributes.get("content") or "")
            if value:
                meta["published"] = value
                break

    author = next((tags[k] for k in _AUTHOR_META if tags.get(k) and "://" not in tags[k]), None)
    if not author:
        node = tree.css_first("[rel=author], [itemprop=author], .byline, .author-name, .author")
        if node:
            author = " ".join(node.text().split()) or None
    if author and len(author) <= 80:
        meta["author"] = author

    url = tags.get("og:url")
    if not url:
        link = tree.css_first("link[rel=canonical]")
        url = link.attributes.get("href") if link else None
    if url and url.startswith(("http://", "https://")):
        meta["url"] = url
    lang = tree.css_first("html")
    if lang is not None and lang.attributes.get("lang"):
        meta["html_lang"] = lang.attributes["lang"]

    text = _trafilatura_text(html) if use_trafilatura else None
    if not text:
        text = _visible_text(tree)
    return HtmlPage(text=text, meta=meta)
