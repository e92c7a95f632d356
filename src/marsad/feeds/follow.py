"""One watch cycle: the feeds of a feeds file, their new links, the pages behind them.

A **feeds file** is plain text, one feed a line: the URL of an RSS/Atom feed or a sitemap,
then optionally the outlet's name (what the documents from it are credited to)::

    # comments and blank lines are ignored
    https://example.org/rss.xml   Example News
    https://example.net/sitemap-news.xml

``cycle(...)`` yields, for every feed, the pages of the links it lists that the store does
not hold yet (``Page``: the markup, parsed later in the ingest's budgeted workers), and an
``InputError`` naming the URL for every feed or page that could not be had; it never raises
for one bad feed. A feed that has not changed since the last cycle costs one conditional
request (a 304) and nothing else. ``CycleStats`` counts what happened.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.feeds.fetch import Fetcher, FetchError, Response
from marsad.feeds.parse import Feed, FeedError, FeedItem, parse_feed
from marsad.io.encoding import DecodeError, decode_bytes, scrub
from marsad.io.readers import InputError, Page, display_path

MAX_SITEMAPS = 20  # children of a sitemap index read per cycle (the newest come first)
HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")


@dataclass(slots=True)
class FeedSource:
    url: str
    outlet: str | None = None


@dataclass(slots=True)
class CycleStats:
    feeds: int = 0
    unchanged: int = 0  # answered 304: nothing fetched beyond the feed
    failed_feeds: int = 0
    links: int = 0  # links listed by the changed feeds
    known: int = 0  # links the store already holds
    pages: int = 0  # pages fetched
    failed_pages: int = 0
    waiting: int = 0  # links that failed before, not tried again yet (``FailedLinks``)


class FailedLinks:
    """Links whose page could not be had (an HTTP error, no article in it), kept in a JSON
    file of the cache directory with when to try again: an hour after the first failure,
    then 2, 4... hours, at most a week. A feed keeps listing a broken link for days; without
    this every cycle would fetch it again and print the same error."""

    FIRST_WAIT = 3600.0
    MAX_WAIT = 7 * 86400.0

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self.links: dict[str, dict[str, Any]] = {}
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text("utf-8"))
                self.links = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self.links = {}

    def due(self, url: str, now: float | None = None) -> bool:
        entry = self.links.get(url)
        if not isinstance(entry, dict):
            return True
        return (now or time.time()) >= float(entry.get("next", 0))

    def failed(self, url: str, reason: str, now: float | None = None) -> None:
        now = now or time.time()
        count = int((self.links.get(url) or {}).get("count", 0)) + 1
        wait = min(self.FIRST_WAIT * 2 ** (count - 1), self.MAX_WAIT)
        self.links[url] = {"count": count, "next": now + wait, "reason": reason[:200]}

    def save(self) -> None:
        if self.path is None:
            return
        try:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.links, ensure_ascii=False), "utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # forgetting them costs a fetch next cycle, no more


def read_feeds_file(path: str | Path) -> tuple[list[FeedSource], list[InputError]]:
    """The feeds of a feeds file and an error for each line that is not one."""
    name = display_path(path)
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return [], [InputError(name, f"cannot read the feeds file: {reason}")]
    feeds: list[FeedSource] = []
    errors: list[InputError] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url, _, outlet = line.partition(" ")
        if not url.lower().startswith(("http://", "https://")):
            errors.append(InputError(f"{name}:{lineno}", f"not an http(s) URL: {url[:80]!r}"))
            continue
        if url not in seen:
            seen.add(url)
            feeds.append(FeedSource(url, outlet.strip() or None))
    if not feeds and not errors:
        errors.append(InputError(name, "no feed URLs in the feeds file"))
    return feeds, errors


def feed_links(fetcher: Fetcher, url: str) -> Feed | None:
    """The feed at ``url`` (a sitemap index: its sitemaps' links), or None if it is the
    same as last time. Raises ``FetchError`` / ``FeedError``."""
    resp = fetcher.get(url)
    if resp.not_modified:
        return None
    feed = parse_feed(resp.body)
    if feed.kind == "sitemapindex":
        for child in feed.sitemaps[:MAX_SITEMAPS]:
            sub = fetcher.get(child)
            if not sub.not_modified:
                feed.items.extend(parse_feed(sub.body).items)
    return feed


def fetch_page(fetcher: Fetcher, url: str, outlet: str | None = None,
               item: FeedItem | None = None) -> Page | InputError:
    """The page at ``url`` as a ``Page`` to parse (what the feed said about it as fallback
    metadata), or why it could not be fetched."""
    try:
        resp = fetcher.get(url)
    except FetchError as exc:
        return InputError(url, exc.reason)
    return page_of(resp, outlet, item)


def page_of(resp: Response, outlet: str | None = None, item: FeedItem | None = None
            ) -> Page | InputError:
    url = resp.url
    kind = resp.content_type.split(";")[0].strip().lower()
    if not kind.startswith(HTML_TYPES):
        return InputError(url, f"not a web page ({kind})")
    try:
        html, _ = decode_bytes(resp.body)
    except DecodeError as exc:
        return InputError(url, str(exc))
    meta: dict[str, str] = {"url": url}
    if outlet:
        meta["outlet"] = outlet  # the feeds file names the outlet: it wins over the page
    defaults: dict[str, str] = {}
    if item is not None and item.published:
        defaults["published"] = item.published
    if item is not None and item.title:
        defaults["title"] = item.title
    return Page(url, scrub(html), meta, defaults)


def _new_pages(feed: Feed, source: FeedSource, fetcher: Fetcher,
               known: Callable[[list[str]], set[str]], stats: CycleStats, taken: set[str],
               failed: FailedLinks | None = None) -> Iterator[Page | InputError]:
    items = {i.url: i for i in feed.items if i.url not in taken}
    stats.links += len(items)
    stored = known(list(items))
    stats.known += len(stored)
    for url, item in items.items():
        taken.add(url)
        if url in stored:
            continue
        if failed is not None and not failed.due(url):
            stats.waiting += 1
            continue
        page = fetch_page(fetcher, url, source.outlet, item)
        if isinstance(page, InputError):
            stats.failed_pages += 1
            if failed is not None:
                failed.failed(url, page.reason)
        else:
            stats.pages += 1
        yield page


def cycle(feeds: Iterable[FeedSource], fetcher: Fetcher,
          known: Callable[[list[str]], set[str]], stats: CycleStats | None = None,
          failed: FailedLinks | None = None) -> Iterator[Page | InputError]:
    """The new pages of every feed (see the module docstring). ``known(urls)`` says which
    links the store holds already; ``failed`` remembers the links that failed (their
    failures are recorded there, and they wait their turn)."""
    stats = stats if stats is not None else CycleStats()
    taken: set[str] = set()  # a link listed by two feeds is fetched once
    for source in feeds:
        stats.feeds += 1
        try:
            feed = feed_links(fetcher, source.url)
        except (FetchError, FeedError) as exc:
            stats.failed_feeds += 1
            yield InputError(source.url, exc.reason if isinstance(exc, FetchError) else str(exc))
            continue
        if feed is None:
            stats.unchanged += 1
            continue
        yield from _new_pages(feed, source, fetcher, known, stats, taken, failed)


def _looks_like_feed(body: bytes) -> bool:
    head = body.lstrip()[:300].lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<urlset", b"<sitemapindex",
                                       b"<rdf:rdf"))


def pages_of_urls(urls: Iterable[str], fetcher: Fetcher,
                  known: Callable[[list[str]], set[str]],
                  stats: CycleStats | None = None) -> Iterator[Page | InputError]:
    """``marsad ingest URL...``: each URL's page; a feed or sitemap URL gives the pages of
    its links that the store does not hold."""
    stats = stats if stats is not None else CycleStats()
    taken: set[str] = set()
    for url in urls:
        try:
            resp = fetcher.get(url)
        except FetchError as exc:
            yield InputError(url, exc.reason)
            continue
        if _looks_like_feed(resp.body):
            stats.feeds += 1
            try:
                feed = parse_feed(resp.body)
                if feed.kind == "sitemapindex":
                    for child in feed.sitemaps[:MAX_SITEMAPS]:
                        feed.items.extend(parse_feed(fetcher.get(child).body).items)
            except (FetchError, FeedError) as exc:
                stats.failed_feeds += 1
                yield InputError(url, exc.reason if isinstance(exc, FetchError) else str(exc))
                continue
            yield from _new_pages(feed, FeedSource(url), fetcher, known, stats, taken)
            continue
        stats.pages += 1
        yield page_of(resp)
