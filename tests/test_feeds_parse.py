"""Feeds and sitemaps into links (``marsad.feeds.parse``), on small feeds written here."""

from __future__ import annotations

import pytest

from marsad.feeds.follow import read_feeds_file
from marsad.feeds.parse import FeedError, parse_feed


def test_rss_items() -> None:
    feed = parse_feed(b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>a</title><link> https://ex.org/a </link><pubDate>Tue, 07 Oct 2025 22:30:00 +0000</pubDate></item>
      <item><guid>https://ex.org/b</guid><dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2025-10-08</dc:date></item>
      <item><title>no link</title></item>
      <item><link>javascript:alert(1)</link></item></channel></rss>""")
    assert feed.kind == "rss" and feed.title == "T"
    assert [(i.url, i.title, i.published) for i in feed.items] == [
        ("https://ex.org/a", "a", "2025-10-07"), ("https://ex.org/b", None, "2025-10-08")]


def test_atom_and_rdf() -> None:
    atom = parse_feed(b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><title>x</title><link rel="self" href="https://ex.org/self"/>
        <link href="https://ex.org/x"/><published>2025-01-02T10:00:00+03:00</published></entry>
      </feed>""")
    assert [(i.url, i.published) for i in atom.items] == [("https://ex.org/x", "2025-01-02")]
    rdf = parse_feed(b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel>
      <item rdf:about="https://ex.org/r"><title>r</title></item></rdf:RDF>""")
    assert rdf.kind == "rdf" and [i.url for i in rdf.items] == ["https://ex.org/r"]


def test_sitemaps() -> None:
    urlset = parse_feed(b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://ex.org/1</loc><lastmod>2025-03-04</lastmod></url>
      <url><loc>https://ex.org/2</loc><news:news><news:publication_date>2025-03-05T01:00:00Z</news:publication_date>
        <news:title>two</news:title></news:news></url></urlset>""")
    assert [(i.url, i.title, i.published) for i in urlset.items] == [
        ("https://ex.org/1", None, "2025-03-04"), ("https://ex.org/2", "two", "2025-03-05")]
    index = parse_feed(b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://ex.org/s1.xml</loc></sitemap></sitemapindex>""")
    assert index.kind == "sitemapindex" and index.sitemaps == ["https://ex.org/s1.xml"]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"<rss><channel><item>", "malformed XML"),
    (b"<html><body>hello</body></html>", "not a feed or sitemap (root element <html>)"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     b"<rss><channel><item><link>&b;</link></item></channel></rss>", ""),
])
def test_bad_feeds_raise(data: bytes, reason: str) -> None:
    if not reason:  # entities are never expanded: no link comes out of them
        assert parse_feed(data).items == []
        return
    with pytest.raises(FeedError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_feed(data)


def test_feeds_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "feeds.txt"
    path.write_text("\ufeff# c\n\nhttps://ex.org/rss  Example  News\nftp://x\nhttps://ex.org/rss\n"
                    "https://ex.net/s.xml\n", encoding="utf-8")
    feeds, errors = read_feeds_file(path)
    assert [(f.url, f.outlet) for f in feeds] == [("https://ex.org/rss", "Example  News"),
                                                  ("https://ex.net/s.xml", None)]
    assert [str(e) for e in errors] == [f"{path}:4: not an http(s) URL: 'ftp://x'"]
    missing, errors = read_feeds_file(tmp_path / "none.txt")
    assert missing == [] and "cannot read the feeds file" in str(errors[0])
