"""Times (and the layers sound together with quantities) on the real seeds and corpus in ../shared (skipped when absent).

The seeds are plain text without metadata, so the publication date the contract example
assumes is passed in explicitly, as ``marsad analyze --published`` would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from marsad.document import Document
from recognize_helpers import analyse

VALUE = re.compile(r"^(?:\d{4}|XXXX)(?:-\d{2}(?:-\d{2})?)?$|^\d{4}-W\d{2}$")


def times_with(doc: Document, text: str) -> list[Any]:
    return [t for t in doc.times if t.text == text]


def test_seed_time_examples(seed: Callable[[str], str]) -> None:
    doc = analyse(seed("000_"), "2022-01-23")
    assert [t.value for t in times_with(doc, "27 تشرين الثاني الماضي")] == ["2021-11-27"]
    doc = analyse(seed("002_"), "2022-06-20")
    assert {t.value for t in times_with(doc, "أمس")} == {"2022-06-19"}
    assert {t.value for t in doc.times if t.text == "فجر أمس"} == {"2022-06-19"}
    assert any(t.value == "2022-06-20" and t.weekday == "monday" for t in doc.times)
    doc = analyse(seed("004_"), "2024-09-08")
    assert [t.value for t in times_with(doc, "الأسبوع الفائت")] == ["2024-W35"]
    assert [t.value for t in times_with(doc, "الشهر الفائت")] == ["2024-08"]
    assert any(t.value == "2024-09-08" for t in doc.times)  # the dateline 08-09-2024
    doc = analyse(seed("003_"), None)
    assert any(t.value == "2022-01-20" and t.weekday == "thursday" for t in doc.times)
    doc = analyse(seed("001_"), "2022-01-24")
    assert {t.value for t in doc.times if "أمس" in t.text} == {"2022-01-23"}


def _check_layers(doc: Document) -> None:
    for t in doc.times:
        assert doc.text[t.start : t.end] == t.text
        assert t.value is None or VALUE.match(t.value), t
        if t.earliest and t.latest:
            assert t.earliest <= t.latest, t
    for q in doc.quantities:
        assert doc.text[q.start : q.end] == q.text
        assert q.min is not None or q.max is not None, q
        if q.min is not None and q.max is not None:
            assert q.min <= q.max, q
        for t in doc.times:  # a number inside a date is not a count
            assert not (q.start < t.end and t.start < q.end), (q, t)


def test_seeds_and_corpus_layers_are_sound(
    seed_texts: dict[str, str], corpus_records: list[dict[str, Any]]
) -> None:
    for text in seed_texts.values():
        _check_layers(analyse(text, None))
    for record in corpus_records:
        doc = analyse(record["text"], record.get("published"))
        _check_layers(doc)
        # a digit number glued to letters is a name (SY24, M4, كوردستان24), never a count
        for q in doc.quantities:
            before = doc.text[q.start - 1 : q.start] if q.start else ""
            assert not (q.text[:1].isdigit() and before.isalpha()), q


def test_corpus_relative_dates_resolve_against_published(
    corpus_records: list[dict[str, Any]],
) -> None:
    resolved = 0
    for record in corpus_records:
        published = record.get("published")
        if not published:
            continue
        doc = analyse(record["text"], published)
        for t in doc.times:
            if t.relative and t.value and t.value[0].isdigit() and len(t.value) == 10:
                resolved += 1
                # «yesterday», «last Thursday», «3 years ago»: relative days fall near publication
                # (a future word — «غداً», «غداً الخميس», «المقبل» — names a later day)
                future = t.text.split()[0] in ("غدا", "غداً", "tomorrow") or any(w in t.text for w in ("المقبل", "القادم", "next"))
                future = future or t.extra.get("tense") == "future"  # a future verb in the sentence
                assert t.value <= published or t.extra.get("year_inferred") or future, t
    assert resolved >= 10
