"""``marsad watch`` and ``marsad ingest URL`` against a local HTTP server (tests/feeds_server.py)
serving feeds and pages written for these tests: new items ingested once, an unchanged feed
costs one conditional request, a 500 / a timeout / a malformed feed is reported and skipped,
robots.txt is obeyed, a page already stored under another URL is not stored twice."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from feeds_server import FeedServer, Route
from marsad.cli import main
from marsad.corpus.build import rebuild
from marsad.store import Store

# invented articles (written for this test)
ARTICLES = {
    "/news/1": ("افتتاح مكتبة عامة في الحي الشمالي",
                "افتتحت البلدية يوم الأحد مكتبة عامة جديدة في الحي الشمالي من المدينة، وقال مدير "
                "المكتبة إنها تضم أكثر من عشرة آلاف كتاب وقاعة للمطالعة وأخرى للأطفال، وإن أبوابها "
                "ستبقى مفتوحة طوال أيام الأسبوع ما عدا يوم الجمعة. وأضاف أن المكتبة ستنظم ورشات "
                "للقراءة والكتابة خلال العطلة الصيفية بالتعاون مع المدارس القريبة منها."),
    "/news/2": ("موسم قطاف الزيتون يبدأ مبكرا",
                "بدأ المزارعون في القرى الجنوبية قطاف الزيتون قبل موعده المعتاد بأسبوعين بسبب "
                "ارتفاع درجات الحرارة، وقال رئيس الجمعية الزراعية إن الإنتاج هذا العام أقل من "
                "العام الماضي لكن جودة الزيت أفضل. وأشار إلى أن المعاصر المحلية فتحت أبوابها "
                "منذ صباح الاثنين وأن الأسعار ما زالت مستقرة في الأسواق."),
    "/news/4": ("إصلاح الطريق الساحلي",
                "أعلنت مديرية الطرق أن أعمال إصلاح الطريق الساحلي ستنتهي في نهاية الشهر الجاري، "
                "وأوضح المهندس المسؤول عن المشروع أن الأعمال تشمل توسيع الجسر الصغير عند مدخل "
                "البلدة وتركيب إنارة جديدة على طول الطريق، داعيا السائقين إلى الالتزام بالتحويلات "
                "المؤقتة حتى انتهاء الأعمال."),
    "/private/3": ("صفحة خاصة", "هذه صفحة لا يسمح ملف الروبوتات بجلبها " * 8),
    "/video/5": ("فيديو", ""),
}


def page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<meta property="og:site_name" content="جريدة الاختبار">'
            f'<meta property="article:published_time" content="2025-10-05T08:00:00Z">'
            f'<meta name="author" content="سلمى يوسف"></head><body>'
            f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>"
            + "".join(f"<p>{s.strip()}.</p>" for s in body.split(".") if s.strip())
            + "</article><footer>جميع الحقوق محفوظة</footer></body></html>").encode("utf-8")


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{ARTICLES[p][0]}</title><link>{base}{p}</link>"
                    f"<pubDate>Sun, 05 Oct 2025 08:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>test</title>{items}</channel></rss>").encode()


def atom(base: str, paths: list[str]) -> bytes:
    entries = "".join(f'<entry><title>t</title><link rel="alternate" href="{base}{p}"/>'
                      f"<updated>2025-10-05T08:00:00Z</updated></entry>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>atom</title>{entries}</feed>").encode()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer().start()
    b = srv.base
    srv.routes.update({
        "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/rss.xml": Route(rss(b, ["/news/1", "/news/2", "/private/3", "/video/5"]),
                          "application/rss+xml", etag='"v1"'),
        # a page with no article in it (a video page): reported, then left alone a while
        "/video/5": Route(b"<html><body><nav>menu</nav><video src='v.mp4'></video></body></html>"),
        # lists a link of the RSS feed again, and /news/2's page under another URL
        "/atom.xml": Route(atom(b, ["/news/1", "/copy/2"]), "application/atom+xml",
                           last_modified="Sun, 05 Oct 2025 08:00:00 GMT"),
        "/broken.xml": Route(status=500),
        "/slow.xml": Route(rss(b, ["/news/4"]), "application/rss+xml", delay=4.0),
        "/bad.xml": Route(b"<?xml version='1.0'?><rss><channel><item><link>", "application/rss+xml"),
        "/copy/2": Route(page(*ARTICLES["/news/2"]), etag='"p2"'),
    })
    for path, (title, body) in ARTICLES.items():
        srv.routes.setdefault(path, Route(page(title, body), etag=f'"{path}"'))
    yield srv
    srv.stop()


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def test_watch_cycles(server: FeedServer, tmp_path: Path, make_db: Callable[..., str]) -> None:
    b = server.base
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n{b}/rss.xml جريدة الاختبار\n{b}/atom.xml\n{b}/broken.xml\n"
                     f"{b}/slow.xml\n{b}/bad.xml\nnot-a-url\n", encoding="utf-8")
    db = make_db()
    opts = ["--db", db, "--once", "--cache", str(tmp_path / "cache"), "--rate", "0",
            "--timeout", "1.5", "--retries", "0", "--jobs", "1"]
    code, out = run(["watch", str(feeds), *opts])
    assert code == 0, out
    assert "Traceback" not in out
    # every failure is one line naming its URL, and the cycle went on
    lines = out.splitlines()
    assert any(f"{b}/broken.xml: HTTP 500" in line for line in lines), out
    assert any(f"{b}/slow.xml: timed out" in line for line in lines), out
    assert any(f"{b}/bad.xml: malformed XML" in line for line in lines), out
    assert any(f"{b}/private/3: disallowed by robots.txt" in line for line in lines), out
    assert any(f"{b}/video/5: no article text found" in line for line in lines), out
    assert any("feeds.txt:7" in line and "not an http(s) URL" in line for line in lines), out
    assert server.hits("/private/3") == []  # robots.txt obeyed: never requested
    # /news/1 and /news/2 are new; /copy/2 is /news/2's page again: not stored twice
    assert "2 new documents" in out, out
    store = Store(db, readonly=True)
    docs = store.list_documents(limit=10)["items"]
    assert store.stats()["documents"] == 2
    full = [store.get_document(d["id"]) for d in docs]
    assert {d["url"] for d in full} == {f"{b}/news/1", f"{b}/news/2"}
    one = next(d for d in full if d["url"] == f"{b}/news/1")
    assert one["title"] == ARTICLES["/news/1"][0]
    assert one["published"] == "2025-10-05"
    assert one["outlet"]["name"] == "جريدة الاختبار"  # named by the feeds file
    assert one["author"] == "سلمى يوسف"
    assert "مكتبة عامة" in one["text"] and "جميع الحقوق" not in one["text"]
    store.close()
    assert server.hits("/news/1") == [200]  # listed by two feeds, fetched once

    # second cycle: nothing changed, each good feed costs one conditional request (a 304)
    server.log.clear()
    code, out = run(["watch", str(feeds), *opts])
    assert code == 0 and "0 new documents" in out, out
    assert server.hits("/rss.xml") == [304]
    assert server.hits("/atom.xml") == [304]
    assert server.hits("/robots.txt") == []  # kept a day
    assert not [p for p, _ in server.log if p.startswith(("/news/", "/copy/"))]

    # the feed gains an item: only the new page is fetched and stored (the links that
    # failed wait their turn: not fetched, not reported again)
    server.routes["/rss.xml"] = type(server.routes["/rss.xml"])(
        rss(b, ["/news/4", "/news/1", "/news/2", "/private/3", "/video/5"]),
        "application/rss+xml", etag='"v2"')
    server.log.clear()
    code, out = run(["watch", str(feeds), *opts])
    assert code == 0 and "1 new documents" in out, out
    assert server.hits("/rss.xml") == [200]
    assert server.hits("/news/4") == [200]
    assert server.hits("/news/1") == [] and server.hits("/news/2") == []
    assert server.hits("/video/5") == [] and "video/5" not in out and "private/3" not in out
    assert "2 failed before and retried later" in out, out
    assert Store(db, readonly=True).stats()["documents"] == 3

    # what the last cycles added is what is new since they started
    incidents = run(["incidents", "--db", db, "--new-since", "1h", "--format", "json"])
    assert incidents[0] == 0, incidents[1]
    json.loads(incidents[1])

    # the cycles' incremental reuse and incidents are those of a full rebuild
    store = Store(db)
    cycles = (sorted(map(str, store.all_reuse())), sorted(map(str, store.all_incidents())))
    rebuild(store, full=True)
    assert cycles == (sorted(map(str, store.all_reuse())), sorted(map(str, store.all_incidents())))
    store.close()


def test_ingest_urls(server: FeedServer, tmp_path: Path, make_db: Callable[..., str]) -> None:
    b = server.base
    db = make_db()
    opts = ["--db", db, "--cache", str(tmp_path / "cache"), "--rate", "0", "--timeout", "1.5",
            "--retries", "0", "--jobs", "1"]
    code, out = run(["ingest", f"{b}/news/1", f"{b}/private/3", f"{b}/missing", *opts])
    assert code == 1, out  # two URLs failed, each named on its line
    assert "1 new documents" in out
    assert f"{b}/missing: HTTP 404" in out and f"{b}/private/3: disallowed by robots.txt" in out
    # a feed's URL ingests the pages it lists that are not stored yet
    code, out = run(["ingest", f"{b}/rss.xml", *opts])
    assert "1 new documents" in out, out  # /news/2 (/news/1 is stored, /private/3 refused)
    assert server.hits("/news/1") == [200]
    assert Store(db, readonly=True).stats()["documents"] == 2


def test_fetcher_retries_with_backoff(server: FeedServer) -> None:
    from marsad.feeds.fetch import Fetcher, FetchError

    waits: list[float] = []
    server.routes["/flaky"] = Route(b"ok", "text/plain", status=503)
    with (Fetcher(None, min_interval=0, retries=2, backoff=0.5, sleep=waits.append) as f,
          pytest.raises(FetchError) as err):
        f.get(f"{server.base}/flaky")
    assert "HTTP 503 (after 3 attempts)" in str(err.value)
    assert server.hits("/flaky") == [503, 503, 503]
    assert waits == [0.5, 1.0]


def test_rate_limit_per_host(server: FeedServer) -> None:
    from marsad.feeds.fetch import Fetcher

    waits: list[float] = []
    with Fetcher(None, min_interval=5.0, sleep=waits.append) as f:
        f.get(f"{server.base}/news/1")
        f.get(f"{server.base}/news/2")
    # robots.txt, then two pages: the second and third wait for their turn
    assert len(waits) == 2 and all(4.0 < w <= 5.0 for w in waits)


def test_robots_unreadable_or_missing(server: FeedServer, tmp_path: Path) -> None:
    """RFC 9309: a robots.txt that cannot be read (5xx) keeps marsad off the host for now; a
    missing one (404) allows everything."""
    from marsad.feeds.fetch import Fetcher, FetchError

    server.routes["/robots.txt"] = Route(status=503)
    with Fetcher(tmp_path / "c1", min_interval=0, retries=0) as f, \
            pytest.raises(FetchError, match=r"robots.txt could not be read \(HTTP 503\)"):
        f.get(f"{server.base}/news/1")
    assert server.hits("/news/1") == []
    del server.routes["/robots.txt"]
    with Fetcher(tmp_path / "c2", min_interval=0, retries=0) as f:
        assert f.get(f"{server.base}/news/1").status == 200
