"""Property tests: analyze never raises on hostile text, and every span quotes `text` exactly.

Bounded for CI: at most 150 examples per property, no per-example deadline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.document import Document
from marsad.io.readers import InputError, read_inputs
from marsad.pipeline import analyze

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

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
    d = doc.to_dict()
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
    check(analyze(Document(source="fuzz", raw=text)))


@FUZZ
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=30)))
def test_analyze_never_raises_on_any_unicode_and_metadata(text: str, title: str | None, outlet: str | None) -> None:
    meta: dict[str, Any] = {}
    if title:
        meta["title"] = title
    if outlet:
        meta["outlet"] = outlet
    check(analyze(Document(source="fuzz", raw=text, meta=meta)))


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(ARABIC_WORDS), st.integers(min_value=1000, max_value=20000))
def test_huge_lines(word: str, repeat: int) -> None:
    check(analyze(Document(source="fuzz", raw=(word + " ") * repeat)))


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=10), st.sampled_from(["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\u202e", "\\n", '\\"']), st.sampled_from(ARABIC_WORDS)), max_size=30))
def test_json_with_lone_surrogates(tmp_path_factory: Any, parts: list[str]) -> None:
    escaped = "".join(p if p.startswith("\\") else json.dumps(p)[1:-1] for p in parts)
    path: Path = tmp_path_factory.mktemp("j") / "r.json"
    path.write_text('{"text": "' + escaped + ' نص", "title": "' + escaped + '"}', encoding="utf-8")
    for item in read_inputs([str(path)]):
        if isinstance(item, InputError):
            assert item.source.startswith(str(path))
        else:
            check(analyze(item))


html_piece = st.one_of(
    st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<b>", "<script>alert('x')</script>", "<style>p{}</style>",
                     "&amp;", "&lt;", "&#x202E;", "&#0;", "&bogus;", "&#65536;", "<!--", "-->", "<br>", "<a href='x'>",
                     "<meta property='article:published_time' content='2022-13-45'>", "<time datetime='x'>",
                     "<title>", "</title>", "<![CDATA[", "]]>"]),
    st.sampled_from(ARABIC_WORDS),
    st.text(max_size=15),
)


@FUZZ
@given(st.lists(html_piece, max_size=60), st.integers(min_value=0, max_value=3000))
def test_hostile_html_never_raises(tmp_path_factory: Any, pieces: list[str], depth: int) -> None:
    html = "<html><body>" + "<div>" * depth + "".join(pieces) + "<p>قال مصدر محلي إن الهدوء عاد إلى المدينة.</p>" + "</div>" * depth + "</body></html>"
    path: Path = tmp_path_factory.mktemp("h") / "p.html"
    path.write_text(html, encoding="utf-8", errors="surrogatepass")
    for item in read_inputs([str(path)]):
        if isinstance(item, InputError):
            assert item.source == str(path) and item.reason
        else:
            check(analyze(item))


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_are_read_or_refused(tmp_path_factory: Any, data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("b") / "x.txt"
    path.write_bytes(data)
    for item in read_inputs([str(path)]):
        if isinstance(item, InputError):
            assert item.reason
        else:
            check(analyze(item))
