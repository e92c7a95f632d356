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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


class MarkupError(ValueError):
    """Markup marsad will not parse; the message says why (it names no file: the reader does)."""


# Every HTML parser at hand (lexbor, libxml2) checks each attribute of an element against the
# ones before it: one element with 200,000 attributes took 13 minutes. No page needs more
# than a few dozen, so an element's attributes past this many are dropped before parsing.
MAX_ATTRIBUTES = 256
# lexbor's tree builder slows down quadratically with nesting depth (100,000 nested <div>s
# take ~20 s, 10,000 ~0.2 s); a news page nests a few dozen levels. Deeper markup is refused.
MAX_DEPTH = 5_000
# Pages with more tags than this skip trafilatura, whose cost grows faster than the page
# (19 MB of paragraphs: 7 s), and are read as lexbor's visible text (0.3 s), metadata included.
MAX_TAGS_FOR_TRAFILATURA = 25_000

# A start tag long enough to hold many attributes (``[^<>]`` stops at the next tag, so the
# whole scan stays linear however the markup is broken).
_LONG_TAG = re.compile(r"<([A-Za-z][^\s<>/]*)([^<>]{2048,})")
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
# Elements that never nest (void) or whose end tag may be left out (the parser closes them).
_NOT_NESTING = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head",
    "body",
))


def _trim_attributes(html: str) -> str:
    """``html`` with each element's attributes past ``MAX_ATTRIBUTES`` dropped (linear)."""
    if not _LONG_TAG.search(html):
        return html
    out: list[str] = []
    pos = 0
    for m in _LONG_TAG.finditer(html):
        attrs = _ATTRIBUTE.findall(m.group(2))
        if len(attrs) <= MAX_ATTRIBUTES:
            continue
        out.append(html[pos:m.start()])
        out.append(f"<{m.group(1)} " + " ".join(attrs[:MAX_ATTRIBUTES]))
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def _nesting_depth(html: str) -> int:
    """How deep the markup's elements nest, counted from its tags (linear, no tree built)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _NOT_NESTING or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def parse_html(html: str, *, use_trafilatura: bool = True) -> HtmlPage:
    """The article text and page metadata of one HTML document.

    Costs time linear in the markup's size: hostile shapes (too many attributes on one
    element, too deep nesting, too many tags) are trimmed, refused or read the cheap way."""
    html = _trim_attributes(html)
    depth = _nesting_depth(html)
    if depth > MAX_DEPTH:
        raise MarkupError(f"HTML nested {depth:,} levels deep (at most {MAX_DEPTH:,}); not read")
    if html.count("<") > MAX_TAGS_FOR_TRAFILATURA:
        use_trafilatura = False
    # imported here: the metadata stage imports this module for iso_date, and a batch of
    # plain-text files should not pay for loading the HTML parser (~30 ms at start-up)
    from selectolax.lexbor import LexborHTMLParser

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
