"""The one HTTP client of marsad: polite, cached, bounded.

``Fetcher.get(url)``:

* **robots.txt** — read once per host and kept a day in the cache directory (RFC 9309), with
  marsad's user agent; a disallowed URL raises ``FetchError`` without a request. As RFC 9309 says, a
  robots.txt that is missing (4xx) allows everything and one that cannot be read (5xx, a
  timeout) disallows everything on that host for now. A ``Crawl-delay`` longer than the rate
  limit is honoured.
* **rate limit** — at most one request per ``min_interval`` seconds to one host.
* **conditional requests** — the ``ETag`` and ``Last-Modified`` of every answer are kept in
  the cache directory with its body; the next request for the URL sends ``If-None-Match`` /
  ``If-Modified-Since`` and a 304 returns the cached body with ``not_modified=True``.
* **timeouts and retries** — each request has a ``timeout``; a timeout, a connection error,
  a 429 or a 5xx is retried ``retries`` times after ``backoff``, ``2*backoff``... seconds
  (a ``Retry-After`` up to ``MAX_RETRY_AFTER`` is honoured), then raises ``FetchError``.
* **size** — a body over ``max_bytes`` is refused (read in chunks, never loaded whole).

Every failure is a ``FetchError`` whose message is one line naming the URL.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

USER_AGENT = "marsad/0.1 (news monitor; +https://github.com/marsad)"
ROBOTS_AGENT = "marsad"
MAX_RETRY_AFTER = 60.0
ROBOTS_MAX_AGE = 24 * 3600.0  # seconds a robots.txt is kept before it is read again
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` is one line naming it and why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(slots=True)
class Response:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    body: bytes
    content_type: str
    not_modified: bool = False  # a 304: ``body`` is the cached copy


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    def __init__(self, cache_dir: str | Path | None = None, *, timeout: float = 20.0,
                 retries: int = 2, backoff: float = 2.0, min_interval: float = 2.0,
                 max_bytes: int = DEFAULT_MAX_BYTES, user_agent: str = USER_AGENT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir else None
        if self.cache_dir:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.requests = 0  # sent over the network (retries included)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=5,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"})
        self._last: dict[str, float] = {}  # host -> monotonic time of its last request
        self._robots: dict[str, urllib.robotparser.RobotFileParser | bool | str] = {}
        self._delay: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt ------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """May marsad fetch ``url`` by its host's robots.txt?"""
        return self.refusal(url) is None

    def refusal(self, url: str) -> str | None:
        """Why robots.txt keeps marsad from ``url``, or None if it may fetch it."""
        host = host_of(url)
        if host not in self._robots:
            self._robots[host] = self._read_robots(host)
        rules = self._robots[host]
        if rules is True:
            return None
        if isinstance(rules, str):
            return f"robots.txt could not be read ({rules}); not fetched"
        if rules.can_fetch(ROBOTS_AGENT, url):
            return None
        return "disallowed by robots.txt; not fetched"

    def _read_robots(self, host: str) -> urllib.robotparser.RobotFileParser | bool | str:
        """The rules of ``host``: True (everything allowed), or why nothing is (a string)."""
        url = f"{host}/robots.txt"
        text = self._recent_robots(url)
        if text is None:
            try:
                resp = self._request(url, {}, retries=0)
            except FetchError as exc:
                return exc.reason  # unreachable: nothing on this host for now
            if resp.status >= 500:
                return f"HTTP {resp.status}"
            # a missing robots.txt (4xx) allows everything: kept as an empty one
            text = "" if resp.status >= 400 else resp.body.decode("utf-8", "replace")
            self._keep_robots(url, text)
        if not text.strip():
            return True
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(text.splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            self._delay[host] = min(float(delay), MAX_RETRY_AFTER)
        return rules

    # -- requests --------------------------------------------------------------------------

    def get(self, url: str, *, conditional: bool = True) -> Response:
        """The body of ``url`` (see the module docstring); raises ``FetchError``."""
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError(url, "not an http(s) URL")
        if refused := self.refusal(url):
            raise FetchError(url, refused)
        cached = self._cached(url) if conditional else None
        headers: dict[str, str] = {}
        if cached:
            if cached.get("etag"):
                headers["If-None-Match"] = cached["etag"]
            if cached.get("last_modified"):
                headers["If-Modified-Since"] = cached["last_modified"]
        resp = self._request(url, headers, retries=self.retries)
        if resp.status == 304 and cached is not None:
            body = self._cached_body(url)
            if body is not None:
                return Response(url, cached.get("final_url") or url, 200, body,
                                cached.get("content_type") or "", not_modified=True)
            resp = self._request(url, {}, retries=self.retries)  # the cached body is gone
        if resp.status >= 400 or resp.status == 304:
            raise FetchError(url, f"HTTP {resp.status}")
        self._store(url, resp)
        return resp

    def _wait_turn(self, host: str) -> None:
        interval = max(self.min_interval, self._delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = time.monotonic()

    def _request(self, url: str, headers: dict[str, str], retries: int) -> Response:
        host = host_of(url)
        attempt = 0
        while True:
            self._wait_turn(host)
            self.requests += 1
            retry_after = None
            try:
                resp = self._send(url, headers)
            except httpx.TimeoutException:
                problem = f"timed out after {self.timeout:g} s"
            except httpx.TooManyRedirects:
                raise FetchError(url, "too many redirects") from None
            except httpx.HTTPError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            else:
                if resp.status != 429 and resp.status < 500:
                    return resp
                problem = f"HTTP {resp.status}"
                retry_after = _retry_after(resp.headers_retry_after)
            if attempt >= retries:
                raise FetchError(url, problem + (f" (after {attempt + 1} attempts)" if attempt else ""))
            delay = self.backoff * 2**attempt
            self.sleep(max(delay, retry_after or 0.0))
            attempt += 1

    def _send(self, url: str, headers: dict[str, str]) -> _Raw:
        with self._client.stream("GET", url, headers=headers) as r:
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(url, f"body of {int(declared)} bytes is over the "
                                      f"{self.max_bytes} bytes limit")
            chunks: list[bytes] = []
            size = 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, f"body is over the {self.max_bytes} bytes limit")
                chunks.append(chunk)
            return _Raw(url, str(r.url), r.status_code, b"".join(chunks),
                        r.headers.get("content-type", ""), etag=r.headers.get("etag"),
                        last_modified=r.headers.get("last-modified"),
                        headers_retry_after=r.headers.get("retry-after"))

    # -- the cache -------------------------------------------------------------------------

    def _recent_robots(self, url: str) -> str | None:
        """A robots.txt read less than ``ROBOTS_MAX_AGE`` ago (RFC 9309 lets a crawler keep
        it a day): a cycle over unchanged feeds then sends only their conditional requests."""
        paths = self._paths(url)
        if paths is None:
            return None
        try:
            if time.time() - paths[1].stat().st_mtime > ROBOTS_MAX_AGE:
                return None
            return paths[1].read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _keep_robots(self, url: str, text: str) -> None:
        paths = self._paths(url)
        if paths is None:
            return
        try:
            tmp = paths[1].with_suffix(".tmp")
            tmp.write_text(text, "utf-8")
            tmp.replace(paths[1])
        except OSError:
            pass

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body"

    def _cached(self, url: str) -> dict[str, str] | None:
        paths = self._paths(url)
        if paths is None:
            return None
        try:
            record = json.loads(paths[0].read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and record.get("url") == url else None

    def _cached_body(self, url: str) -> bytes | None:
        paths = self._paths(url)
        try:
            return paths[1].read_bytes() if paths else None
        except OSError:
            return None

    def _store(self, url: str, resp: Response) -> None:
        paths = self._paths(url)
        if paths is None or not isinstance(resp, _Raw) or not (resp.etag or resp.last_modified):
            return
        record = {"url": url, "final_url": resp.final_url, "etag": resp.etag,
                  "last_modified": resp.last_modified, "content_type": resp.content_type}
        try:  # the body first, then the record that points at it (a crash leaves no lie)
            tmp = paths[1].with_suffix(".tmp")
            tmp.write_bytes(resp.body)
            tmp.replace(paths[1])
            paths[0].write_text(json.dumps(record), "utf-8")
        except OSError:
            pass  # a cache that cannot be written costs a full request next time, no more


@dataclass(slots=True)
class _Raw(Response):
    etag: str | None = None
    last_modified: str | None = None
    headers_retry_after: str | None = None


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return None
