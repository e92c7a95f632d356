"""Property tests: analyze never raises on hostile text, and every span quotes `text` exactly.

Bounded for CI: at most 150 examples per property. Every example has a time limit: Hypothesis'
deadline fails an example that finishes late, and ``time_limit`` stops one that would not
finish at all (a hang fails the test instead of stalling the suite). The hostile inputs of
issue 18 (huge JSON numbers, deeply nested record keys, file names that are not UTF-8,
invisible-only text, many attributes, deep markup, long one-line text) are generated here.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.document import Document
from marsad.io.readers import InputError, read_inputs
from marsad.pipeline import analyze, warm_up

# The deadline is generous for a shared 2-core machine; a quadratic step on these sizes takes
# far longer. ``time_limit`` stops a hang.
DEADLINE = timedelta(seconds=10)
HANG_SECONDS = 60
FUZZ = settings(max_examples=150, deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


class TimeLimitExceeded(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in this (main) thread after ``seconds``."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()  # compiling the lexicons is not any example's time


def test_the_time_limit_can_fail() -> None:
    with pytest.raises(TimeLimitExceeded), time_limit(0.2):
        time.sleep(5)

ARABIC_WORDS = ["سجن", "الحسكة", "قسد", "داعش", "أمس", "الخميس", "20", "٢٠", "كانون الثاني", "2022", "نحو", "عشرات",
                "قال", "مصدر", "لـ«الوطن»", "«", "»", "،", ".", "\n", "\n\n", "زر الذهاب إلى الأعلى", "| حلب- خالد",
                "هروب", "نقلت", "وكالة هاوار", "ﻻ", "ﷲ", "ـــ", "َ", "ّ", "؟", "!", "08-09-2024", "مراسل \"أثر\""]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u200d", "\u200c", "\ufeff"]
ODD = ["\r\n", "\r", "\u2028", "\u2029", "\x00", "\x0b", "\x0c", "\x85", "\t", " ", "\u00a0", "\U0001F600", "e\u0301", "İ", "ß", "ﬁ"]

mixed_text = st.lists(
    st.one_of(
        st.sampled_from(ARABIC_WORDS),
        st.sampled_from(BIDI),
        st.sampled_from(ODD),
        st.text(max_size=20),
        st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=30),
        st.text(alphabet=st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF), max_size=10),
    ),
    max_size=80,
).map(" ".join)


def spans_of(d: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    out += [("mention", m) for m in d["mentions"]]
    out += [("time", t) for t in d["times"]]
    out += [("quantity", q) for q in d["quantities"]]
    for e in d["events"]:
        out.append(("trigger", e["trigger"]))
        if e.get("date") and e["date"].get("start") is not None:
            out.append(("event date", {**e["date"], "text": None}))
        if e.get("count") and e["count"].get("start") is not None:
            out.append(("event count", {**e["count"], "text": None}))
    for c in d["claims"]:
        out.append(("claim", {"start": c["start"], "end": c["end"], "text": c.get("text")}))
        sp = c["speaker"]
        if sp.get("start") is not None:
            out.append(("speaker", sp))
    return out


def check(doc: Document) -> None:
    with time_limit(HANG_SECONDS):
        d = doc.to_dict()
    _check_dict(d)


def analysed(doc: Document) -> Document:
    with time_limit(HANG_SECONDS):
        return analyze(doc)


def read_all(paths: list[str]) -> list[Any]:
    with time_limit(HANG_SECONDS):
        return list(read_inputs(paths))


def _check_dict(d: dict[str, Any]) -> None:
    json.dumps(d, ensure_ascii=False).encode("utf-8")  # must be writable as UTF-8
    text = d["text"]
    for kind, span in spans_of(d):
        s, e = span["start"], span["end"]
        assert isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text), (kind, span)
        if span.get("text") is not None:
            assert text[s:e] == span["text"], (kind, span, text[s:e])
    assert d["published"] is None or len(d["published"]) == 10
    assert d["language"]


@FUZZ
@given(mixed_text)
def test_analyze_never_raises_on_mixed_text(text: str) -> None:
    check(analysed(Document(source="fuzz", raw=text)))


@FUZZ
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=30)))
def test_analyze_never_raises_on_any_unicode_and_metadata(text: str, title: str | None, outlet: str | None) -> None:
    meta: dict[str, Any] = {}
    if title:
        meta["title"] = title
    if outlet:
        meta["outlet"] = outlet
    check(analysed(Document(source="fuzz", raw=text, meta=meta)))


# one word repeated on one line: before, 10,000 «قال» took 62 s (quadratic); now ~6 s
@pytest.mark.slow
@settings(max_examples=20, deadline=timedelta(seconds=60))
@given(st.sampled_from(ARABIC_WORDS), st.integers(min_value=1000, max_value=20000))
def test_huge_lines(word: str, repeat: int) -> None:
    check(analysed(Document(source="fuzz", raw=(word + " ") * repeat)))


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=10), st.sampled_from(["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\u202e", "\\n", '\\"']), st.sampled_from(ARABIC_WORDS)), max_size=30))
def test_json_with_lone_surrogates(tmp_path_factory: Any, parts: list[str]) -> None:
    escaped = "".join(p if p.startswith("\\") else json.dumps(p)[1:-1] for p in parts)
    path: Path = tmp_path_factory.mktemp("j") / "r.json"
    path.write_text('{"text": "' + escaped + ' نص", "title": "' + escaped + '"}', encoding="utf-8")
    for item in read_all([str(path)]):
        if isinstance(item, InputError):
            assert item.source.startswith(str(path))
        else:
            check(analysed(item))


html_piece = st.one_of(
    st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<b>", "<script>alert('x')</script>", "<style>p{}</style>",
                     "&amp;", "&lt;", "&#x202E;", "&#0;", "&bogus;", "&#65536;", "<!--", "-->", "<br>", "<a href='x'>",
                     "<meta property='article:published_time' content='2022-13-45'>", "<time datetime='x'>",
                     "<title>", "</title>", "<![CDATA[", "]]>"]),
    st.sampled_from(ARABIC_WORDS),
    st.text(max_size=15),
)


def html_read_or_named(path: Path) -> None:
    """Every item read from ``path`` is a well-formed analysis or an error naming the file."""
    for item in read_all([str(path)]):
        if isinstance(item, InputError):
            assert item.source == str(path) and item.reason
        else:
            check(analysed(item))


@FUZZ
@given(st.lists(html_piece, max_size=60), st.integers(min_value=0, max_value=3000))
def test_hostile_html_never_raises(tmp_path_factory: Any, pieces: list[str], depth: int) -> None:
    html = "<html><body>" + "<div>" * depth + "".join(pieces) + "<p>قال مصدر محلي إن الهدوء عاد إلى المدينة.</p>" + "</div>" * depth + "</body></html>"
    path: Path = tmp_path_factory.mktemp("h") / "p.html"
    path.write_text(html, encoding="utf-8", errors="surrogatepass")
    html_read_or_named(path)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_are_read_or_refused(tmp_path_factory: Any, data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("b") / "x.txt"
    path.write_bytes(data)
    for item in read_all([str(path)]):
        if isinstance(item, InputError):
            assert item.reason
        else:
            check(analysed(item))


# ------------------------------------------------------------------ the inputs of issue 18

deep_value = st.integers(min_value=0, max_value=2000).map(lambda n: "[" * n + "]" * n)


@FUZZ
@given(st.integers(min_value=1, max_value=20_000), deep_value, st.sampled_from(["x", "outlet", "title"]))
def test_hostile_json_records_cost_only_themselves(tmp_path_factory: Any, digits: int, deep: str, key: str) -> None:
    path: Path = tmp_path_factory.mktemp("r") / "r.jsonl"
    good = json.dumps({"text": "قال مصدر محلي إن الهدوء عاد إلى المدينة."}, ensure_ascii=False)
    path.write_text("\n".join([
        good,
        '{"text": "نص", "n": ' + "9" * digits + "}",
        '{"text": "نص آخر", "' + key + '": ' + deep + "}",
        good,
    ]) + "\n", encoding="utf-8")
    items = read_all([str(path)])
    assert [i.source.rsplit("#", 1)[1] for i in items] == ["1", "2", "3", "4"]
    assert isinstance(items[0], Document) and isinstance(items[3], Document)
    for item in items:
        if isinstance(item, InputError):
            assert item.source.startswith(str(path)) and item.reason
        else:
            check(analysed(item))


@FUZZ
@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b"..")))
def test_any_file_name_is_named_and_writable(tmp_path_factory: Any, name: bytes) -> None:
    folder: Path = tmp_path_factory.mktemp("n")
    raw = os.fsencode(str(folder)) + b"/" + name + b".txt"
    with open(raw, "wb") as fh:
        fh.write("قال مصدر محلي إن الهدوء عاد إلى المدينة.".encode())
    items = read_all([str(folder)])
    assert len(items) == (0 if name.startswith(b".") else 1) or isinstance(items[0], InputError)
    for item in items:
        item.source.encode("utf-8")  # printable and storable, whatever the bytes
        json.dumps({"source": item.source}, ensure_ascii=False).encode("utf-8")


invisible = st.text(alphabet=st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u200e",
                                              "\u202e", "\u061c", " ", "\n", "\t", "\u00ad", "\U000e0041"]), max_size=200)


@FUZZ
@given(invisible, st.sampled_from(["txt", "json", "html"]))
def test_invisible_only_text_is_refused_as_empty(tmp_path_factory: Any, text: str, kind: str) -> None:
    path: Path = tmp_path_factory.mktemp("z") / f"z.{kind}"
    content = {"txt": text, "json": json.dumps({"text": text}), "html": f"<html><body><p>{text}</p></body></html>"}[kind]
    path.write_text(content, encoding="utf-8")
    items = read_all([str(path)])
    assert len(items) == 1 and isinstance(items[0], InputError)


@pytest.mark.slow
@settings(FUZZ, max_examples=60)
@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=8000),
       st.integers(min_value=0, max_value=3000), st.lists(html_piece, max_size=30))
def test_hostile_markup_shapes_never_raise(tmp_path_factory: Any, attributes: int, depth: int, siblings: int, pieces: list[str]) -> None:
    attrs = " ".join(f'a{i}="v"' for i in range(attributes))
    html = ("<html><body><div " + attrs + ">" + "<span>" * depth + "<p>x</p>" * siblings + "".join(pieces)
            + "<p>قال مصدر محلي إن الهدوء عاد إلى المدينة.</p>" + "</span>" * depth + "</div></body></html>")
    path: Path = tmp_path_factory.mktemp("m") / "m.html"
    path.write_text(html, encoding="utf-8", errors="surrogatepass")
    html_read_or_named(path)


@pytest.mark.slow
@settings(max_examples=5, deadline=timedelta(seconds=60))
@given(st.lists(st.sampled_from(ARABIC_WORDS), min_size=1, max_size=30), st.integers(min_value=20_000, max_value=100_000))
def test_long_one_line_text_is_bounded(words: list[str], size: int) -> None:
    line = " ".join(words).replace("\n", " ")
    text = ((line + " ") * (size // len(line) + 1))[:size]
    check(analysed(Document(source="fuzz", raw=text)))
