"""``marsad watch`` as it runs for days: one process, a cycle every --every. It reads the
store's events once when it starts; each cycle then reads only the documents it added
(``corpus.incident_inputs.IncidentMemory``), and what the cycles stored is what a full
rebuild gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from feeds_server import FeedServer, Route
from marsad.cli import main
from marsad.corpus.build import rebuild
from marsad.store import Store

# invented reports (written for this test)
REPORTS = {
    "/a/1": ("هجوم على حاجز في القامشلي",
             "هاجم مسلحون مجهولون حاجزا لقوات الأمن الداخلي في مدينة القامشلي فجر يوم الثلاثاء "
             "الثالث من أيار 2022، وقتل ثلاثة عناصر وأصيب آخرون بحسب بيان صادر عن القوات."),
    "/a/2": ("اشتباكات في الحسكة",
             "اندلعت اشتباكات عنيفة في حي غويران بمدينة الحسكة يوم الخميس الخامس من أيار 2022 "
             "بين قوات الأمن ومسلحين، واعتقلت القوات عشرة أشخاص بعد مداهمة عدة منازل."),
    "/a/3": ("قصف على ريف الحسكة",
             "قتل مدنيان في قصف استهدف قرية في ريف الحسكة الشمالي يوم السبت السابع من أيار 2022، "
             "وقال مصدر محلي إن القصف طال منازل المدنيين وأدى إلى احتراق عدد منها."),
}


def _page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<meta property="article:published_time" content="2022-05-08T08:00:00Z"></head>'
            f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
            ).encode()


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{REPORTS[p][0]}</title><link>{base}{p}</link></item>"
                    for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>t</title>{items}</channel></rss>").encode()


def test_a_running_watcher_reads_only_what_is_new(tmp_path: Path, make_db: Callable[..., str],
                                                  monkeypatch: Any) -> None:
    import marsad.cli.watch as watch_module

    server = FeedServer().start()
    try:
        b = server.base
        server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain")
        for path, (title, body) in REPORTS.items():
            server.routes[path] = Route(_page(title, body), etag=f'"{path}"')
        server.routes["/rss.xml"] = Route(_rss(b, ["/a/1"]), "application/rss+xml",
                                          etag='"v0"')
        waits: list[float] = []

        def between_cycles(seconds: float) -> None:
            waits.append(seconds)
            if len(waits) == 1:  # the outlet publishes another report
                server.routes["/rss.xml"] = Route(_rss(b, ["/a/3", "/a/1", "/a/2"]),
                                                  "application/rss+xml", etag='"v2"')
            else:
                raise KeyboardInterrupt  # Ctrl-C after the second cycle

        monkeypatch.setattr(watch_module.time, "sleep", between_cycles)
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"{b}/rss.xml\n", encoding="utf-8")
        db = make_db()
        opts = ["--db", db, "--cache", str(tmp_path / "cache"), "--rate", "0", "--jobs", "1"]
        # yesterday's run (cron): the store holds a report and its incidents
        first = CliRunner().invoke(main, ["watch", str(feeds), "--once", *opts])
        assert first.exit_code == 0 and "1 new documents" in first.output, first.output
        events = Store(db, readonly=True).stats()["events"]
        assert events >= 1
        server.routes["/rss.xml"] = Route(_rss(b, ["/a/2", "/a/1"]), "application/rss+xml",
                                          etag='"v1"')
        result = CliRunner().invoke(main, ["watch", str(feeds), "--every", "1h", *opts])
    finally:
        server.stop()
    out = result.output
    assert result.exit_code == 0, out
    assert len(waits) == 2 and 0 < waits[0] <= 3600
    cycles = [line for line in out.splitlines() if "new documents," in line]
    assert len(cycles) == 2, out
    assert "1 new documents" in cycles[0] and "1 new documents" in cycles[1], out
    # the watcher read the store once, before its first cycle: each cycle reads what it added
    assert f"the store read ({events} events)" in out.splitlines()[0], out
    assert all("only new documents read" in cycle for cycle in cycles), out
    assert "watch stopped" in out

    store = Store(db)
    assert store.stats()["events"] >= 3  # the reports' happenings were found
    kept = (sorted(map(str, store.all_reuse())), sorted(map(str, store.all_incidents())))
    rebuild(store, full=True)
    assert kept == (sorted(map(str, store.all_reuse())), sorted(map(str, store.all_incidents())))
    store.close()
