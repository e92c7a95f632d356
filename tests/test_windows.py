"""Long texts: analysed window by window (marsad.windows), so the cost per document grows
linearly with its size; the merged layers quote the whole text exactly (issue 18)."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest

from marsad import pipeline, windows
from marsad.document import Document
from marsad.io.readers import read_inputs
from marsad.pipeline import analyze

DEMO = Path(__file__).resolve().parent.parent / "demo"


def demo_texts() -> list[str]:
    return [d.raw for d in read_inputs([str(DEMO)]) if isinstance(d, Document)]


def spans(d: dict[str, Any]) -> list[tuple[int, int, str | None]]:
    out = [(m["start"], m["end"], m["text"]) for m in d["mentions"]]
    out += [(t["start"], t["end"], t["text"]) for t in d["times"]]
    out += [(q["start"], q["end"], q["text"]) for q in d["quantities"]]
    for e in d["events"]:
        out.append((e["trigger"]["start"], e["trigger"]["end"], e["trigger"]["text"]))
        out += [(s["start"], s["end"], s["text"]) for s in e["evidence"]]
        for key in ("date", "count", "count_total"):
            if e.get(key) and e[key].get("start") is not None:
                out.append((e[key]["start"], e[key]["end"], None))
    for c in d["claims"]:
        out.append((c["start"], c["end"], c["text"]))
        for sp in [c["speaker"], *c["chain"]]:
            if sp.get("start") is not None:
                out.append((sp["start"], sp["end"], sp["text"]))
    return out


def test_window_bounds_cover_the_text_at_good_places() -> None:
    text = ("سطر أول من فقرة. " * 50 + "\n\n") * 40
    bounds = windows.window_bounds(text, 2_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < e - s <= 2_000 for s, e in bounds)
    assert all(text[e - 2:e] == "\n\n" for _, e in bounds[:-1])  # cut at paragraph breaks
    one_line = "كلمة " * 5_000
    bounds = windows.window_bounds(one_line, 2_000)
    assert all(one_line[e - 1] == " " for _, e in bounds[:-1])  # at spaces, never inside a word
    blob = "x" * 10_000  # no space at all: cut anyway
    assert windows.window_bounds(blob, 2_000) == [(i, i + 2_000) for i in range(0, 10_000, 2_000)]


def test_windowed_analysis_equals_each_article_analysed_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [analyze(Document(source="a", raw=t, meta={"published": "2022-01-21"})).text
                for t in demo_texts()]
    size = max(len(a) for a in articles) + 10
    monkeypatch.setattr(windows, "WINDOW_CHARS", size)
    text = "\n\n".join(articles)
    assert len(text) > size
    whole = analyze(Document(source="w", raw=text, meta={"published": "2022-01-21"}))
    d = whole.to_dict()
    assert d["text"] == text
    for s, e, quoted in spans(d):
        assert 0 <= s <= e <= len(text)
        if quoted is not None:
            assert text[s:e] == quoted
    # every window's mentions and times are there, shifted (a window is analysed as a
    # document of its own: what a mention reads from its document stays within its window)
    for s, e in windows.window_bounds(text, size):
        alone = analyze(Document(source="a", raw=text[s:e], meta={"published": "2022-01-21"})).to_dict()
        if alone["text"] != text[s:e]:
            continue
        got = {(m["start"] - s, m["end"] - s, m["entity"]) for m in d["mentions"]}
        assert {(m["start"], m["end"], m["entity"]) for m in alone["mentions"]} <= got
        got_t = {(t["start"] - s, t["value"]) for t in d["times"]}
        assert {(t["start"], t["value"]) for t in alone["times"]} <= got_t
    # and each window's events and claims are those of its text analysed as a document
    compared = 0
    events: list[tuple[str, int, str | None]] = []
    claims: list[tuple[int, int, str]] = []
    for s, e in windows.window_bounds(text, size):
        alone = analyze(Document(source="w", raw=text[s:e], meta={"published": "2022-01-21"})).to_dict()
        if alone["text"] != text[s:e]:
            continue  # cleaning changed this window's text: offsets not comparable
        compared += 1
        events += [(ev["type"], ev["trigger"]["start"] + s, (ev["date"] or {}).get("value"))
                   for ev in alone["events"]]
        claims += [(c["start"] + s, c["end"] + s, c["speaker"]["kind"]) for c in alone["claims"]]
    assert compared >= 1
    got_events = {(ev["type"], ev["trigger"]["start"], (ev["date"] or {}).get("value")) for ev in d["events"]}
    got_claims = {(c["start"], c["end"], c["speaker"]["kind"]) for c in d["claims"]}
    assert set(events) <= got_events
    assert set(claims) <= got_claims
    assert [e["id"] for e in d["events"]] == [f"e{i}" for i in range(1, len(d["events"]) + 1)]
    claim_ids = {c["id"] for c in d["claims"]}
    assert len(claim_ids) == len(d["claims"])
    for e in d["events"]:
        assert e["claim"] is None or e["claim"] in claim_ids
        assert set(e["claims"]) <= claim_ids


def test_no_stage_after_tokenize_sees_more_than_a_window(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = pipeline.stages()
    cut = pipeline._tokenize_index(real)

    def spy(stage: Any) -> Any:
        def wrapped(doc: Document) -> Document:
            seen.append(len(doc.text))
            return stage(doc)
        wrapped.__name__ = stage.__name__
        return wrapped

    monkeypatch.setattr(pipeline, "_STAGES", real[:cut] + [spy(s) for s in real[cut:]])
    text = " ".join(demo_texts()) * 30  # one long line of ~100,000 characters
    analyze(Document(source="long", raw=text.replace("\n", " ")))
    assert seen and max(seen) <= windows.WINDOW_CHARS


@pytest.mark.slow
def test_one_megabyte_one_line_text_is_analysed_in_linear_time() -> None:
    # The demo articles as one line: before, 250 KB took 4.7 s and 500 KB 18.7 s (quadratic:
    # 1 MB ~75 s); now 1 MB takes ~6 s
    line = " ".join(" ".join(t.split()) for t in demo_texts())
    text = (line + " ") * (1_000_000 // len(line.encode()) + 1)
    analyze(Document(source="warm", raw=line))
    started = time.perf_counter()
    doc = analyze(Document(source="long", raw=text))
    assert time.perf_counter() - started < 30
    assert len(doc.text) > 500_000 and doc.events  # characters: 1 MB of Arabic UTF-8
