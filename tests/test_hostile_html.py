"""Hostile markup costs time linear in its size (issue 18): every HTML parser at hand checks
each attribute of an element against the ones before it, lexbor slows down with the square of
the nesting depth, and trafilatura with the page's size. Each case has a time limit."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.io.html import MAX_ATTRIBUTES, parse_html
from marsad.io.readers import InputError, read_inputs

SENTENCE = "قال مصدر محلي إن الهدوء عاد إلى المدينة."


def timed(html: str) -> tuple[float, object]:
    parse_html("<p>x</p>")  # imports out of the timing
    started = time.perf_counter()
    try:
        result: object = parse_html(html)
    except ValueError as exc:
        result = exc
    return time.perf_counter() - started, result


def test_200000_attributes_on_one_element() -> None:
    # before: 13 minutes in the parser (20,000 attributes: 3.5 s, growing with the square)
    attrs = " ".join(f'a{i}="x"' for i in range(200_000))
    seconds, page = timed(f"<html><body><div {attrs}><p>{SENTENCE}</p></div></body></html>")
    assert seconds < 10
    assert SENTENCE in page.text  # type: ignore[attr-defined]


def test_attributes_past_the_limit_are_dropped_not_the_element() -> None:
    attrs = " ".join(f'data-k{i}="v"' for i in range(MAX_ATTRIBUTES + 50))
    page = parse_html(f'<html><head><meta property="og:title" {attrs} content="عنوان"></head>'
                      f"<body><p {attrs}>{SENTENCE}</p></body></html>")
    assert SENTENCE in page.text


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc for peak RSS")
def test_500000_sibling_paragraphs_in_bounded_time_and_memory(tmp_path: Path) -> None:
    # before: 750 MB and minutes (trafilatura); now ~1.7 s and ~330 MB for the whole process
    page = tmp_path / "siblings.html"
    page.write_text("<html><body>" + "<p>قال مصدر</p>" * 500_000 + "</body></html>", encoding="utf-8")
    script = (
        "import sys, time\n"
        "from marsad.io.readers import read_inputs\n"
        "t = time.perf_counter()\n"
        "items = list(read_inputs([sys.argv[1]]))\n"
        "print(time.perf_counter() - t, len(items[0].raw))\n"
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(page)], capture_output=True,
                          text=True, timeout=120, check=True)
    first, peak_kb = proc.stdout.splitlines()[:2]
    seconds, chars = first.split()
    assert float(seconds) < 30 and int(chars) > 4_000_000
    assert int(peak_kb) < 600 * 1024, f"peak RSS {int(peak_kb) // 1024} MB"


def test_markup_nested_100000_deep_is_refused_quickly(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 100_000,
                    encoding="utf-8")
    started = time.perf_counter()
    items = list(read_inputs([str(deep)]))
    assert time.perf_counter() - started < 10
    assert isinstance(items[0], InputError) and items[0].source == str(deep)
    assert "nested 100,000 levels deep" in items[0].reason


def test_nesting_of_a_few_thousand_levels_is_still_read() -> None:
    seconds, page = timed("<html><body>" + "<div>" * 3_000 + f"<p>{SENTENCE}</p>" + "</div>" * 3_000)
    assert seconds < 10 and SENTENCE in page.text  # type: ignore[attr-defined]


def test_unclosed_and_broken_tags_stay_linear() -> None:
    for html in ("<a " * 300_000, "<div x='" * 100_000, "<" * 1_000_000, ("<p " + "a=b " * 3000) * 100):
        seconds, _ = timed(html)
        assert seconds < 10


def test_big_page_keeps_its_metadata(tmp_path: Path) -> None:
    body = "".join(f"<p>{SENTENCE} {i}</p>" for i in range(30_000))  # past the trafilatura cut-off
    page = tmp_path / "big.html"
    page.write_text(f'<html><head><meta property="og:title" content="عنوان كبير">'
                    f'<meta property="article:published_time" content="2022-01-21"></head>'
                    f"<body>{body}</body></html>", encoding="utf-8")
    doc = next(iter(read_inputs([str(page)])))
    assert isinstance(doc, Document)
    assert doc.meta["title"] == "عنوان كبير" and doc.meta["published"] == "2022-01-21"
