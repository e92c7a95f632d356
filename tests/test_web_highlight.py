"""The server-side highlighter: overlapping spans become well-nested, escaped HTML."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.web.highlight import (
    Highlight,
    count_label,
    document_highlights,
    mark_snippet,
    render_highlighted,
)


class _Walker(HTMLParser):
    """Checks nesting and records, for every character, the classes of the spans around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.chars: list[tuple[str, frozenset[str]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "span"
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        self.stack.append((a.get("class") or "").split()[-1])

    def handle_endtag(self, tag: str) -> None:
        assert tag == "span" and self.stack
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for ch in data:
            self.chars.append((ch, frozenset(self.stack)))


def _walk(markup: str) -> _Walker:
    w = _Walker()
    w.feed(markup)
    w.close()
    assert not w.stack, "unclosed span"
    return w


def test_crossing_spans_are_split_and_keep_one_anchor() -> None:
    text = "abcdefghijklmnop"
    hs = [Highlight(0, 10, "claim", "k-claim"), Highlight(5, 15, "event", "k-event", anchor="ev1"),
          Highlight(2, 4, "entity", "k-ent")]
    out = str(render_highlighted(text, hs))
    w = _walk(out)
    assert "".join(c for c, _ in w.chars) == text
    assert w.ids == ["ev1"]  # the second piece of the split event has no duplicate id
    for i, (_, classes) in enumerate(w.chars):
        assert ("k-claim" in classes) == (0 <= i < 10)
        assert ("k-event" in classes) == (5 <= i < 15)
        assert ("k-ent" in classes) == (2 <= i < 4)


def test_text_and_attributes_are_escaped() -> None:
    text = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
    out = str(render_highlighted(text, [Highlight(0, 8, "entity", 'x" onmouseover="evil',
                                                   ['"><b>title</b>'])]))
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert 'onmouseover="evil' not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_out_of_range_spans_are_ignored() -> None:
    assert str(render_highlighted("abc", [Highlight(2, 9, "time", "t"), Highlight(1, 1, "time", "t")])) == "abc"


def test_snippet_markers_become_marks_after_escaping() -> None:
    out = str(mark_snippet("قبل \x02<سجن>\x03 بعد"))
    assert out == "قبل <mark>&lt;سجن&gt;</mark> بعد"


def test_count_label() -> None:
    assert count_label({"min": 20, "max": 99, "approximate": True, "unit": "prisoner"}) == "~20–99 prisoner"
    assert count_label({"min": 51, "max": None, "approximate": False, "unit": None}) == "≥ 51"
    assert count_label({"min": 30.0, "max": 30.0}) == "30"
    assert count_label(None) == "—"


def test_document_highlights_cover_every_layer() -> None:
    text = "أعلنت الإدارة نقل 30 سجيناً من سجن غويران أمس."
    doc = {
        "text": text,
        "entities": {"ghwayran_prison": {"type": "facility", "name": "سجن غويران",
                                         "name_en": "Ghwayran prison", "lat": 36.4, "lon": 40.7}},
        "mentions": [{"start": text.index("سجن غويران"), "end": text.index("سجن غويران") + 10,
                      "entity": "ghwayran_prison"}],
        "times": [{"start": text.index("أمس"), "end": text.index("أمس") + 3, "value": "2022-01-20",
                   "relative": True}],
        "quantities": [{"start": text.index("30"), "end": text.index("30") + 8, "min": 30, "max": 30,
                        "approximate": False, "unit": "prisoner"}],
        "events": [{"id": "e1", "type": "transfer", "modality": "asserted",
                    "trigger": {"start": text.index("نقل"), "end": text.index("نقل") + 3},
                    "date": {"value": "2022-01-20"}, "place": "ghwayran_prison", "count": None,
                    "claim": "c1", "evidence": []}],
        "claims": [{"id": "c1", "start": text.index("نقل"), "end": len(text) - 1, "stance": "assert",
                    "verb": "أعلنت", "via": [],
                    "speaker": {"text": "الإدارة", "start": 6, "end": 13, "kind": "official_body",
                                "entity": None}}],
    }
    hs = document_highlights(doc)
    assert {h.kind for h in hs} == {"entity", "time", "quantity", "event", "claim", "speaker"}
    for h in hs:
        assert 0 <= h.start < h.end <= len(text)
    ev = next(h for h in hs if h.kind == "event")
    assert ev.anchor == "ev-e1" and ev.link == "side-ev-e1"
    assert any("Ghwayran prison" in line for line in ev.info)
    w = _walk(str(render_highlighted(text, hs)))
    assert "".join(c for c, _ in w.chars) == text


spans = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(["claim", "event", "entity", "time"])),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="اب ج<>&\"'x", min_size=1, max_size=40), raw=spans)
def test_any_overlap_gives_balanced_html_covering_exact_characters(
    text: str, raw: list[tuple[int, int, str]]
) -> None:
    hs = [Highlight(s, min(s + n, len(text)), kind, f"c{i}") for i, (s, n, kind) in enumerate(raw)
          if s < len(text)]
    w = _walk(str(render_highlighted(text, hs)))
    assert "".join(c for c, _ in w.chars) == text
    for i, (_, classes) in enumerate(w.chars):
        for h in hs:
            assert (h.classes in classes) == (h.start <= i < h.end)
