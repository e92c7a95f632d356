"""The inference shortcuts of the learned layer give the very numbers of the plain path.

``topic_rows`` reads a document's words as weight rows through a cache kept across documents
instead of building the ``w=`` feature strings: it must give the rows of ``topic_features``,
in the same order (so the same float sums), on real articles, with the cache cold and warm.
"""

from __future__ import annotations

from typing import Any

from marsad.document import Document
from marsad.learn.events import read_candidates
from marsad.learn.features import _TOPIC_ROWS, topic_features, topic_rows
from marsad.learn.models import load
from marsad.pipeline import drop_caches, stages


def _before_events(record: dict[str, Any]) -> Document:
    meta = {k: record[k] for k in ("title", "outlet", "published", "url") if record.get(k)}
    doc = Document(source=record["_file"], raw=record["text"], meta=meta)
    for stage in stages():
        if stage.__name__ == "extract_events":
            break
        doc = stage(doc)
    return doc


def test_topic_rows_are_the_rows_of_the_topic_features(corpus_records: list[dict[str, Any]]) -> None:
    topic = load("topic")
    _TOPIC_ROWS.clear()  # start cold: the first pass fills the word cache, the second reads it
    checked = 0
    for record in corpus_records[:80]:
        doc = _before_events(record)
        idx, cands = read_candidates(doc)
        expected = topic.rows(topic_features(doc, idx, cands))
        assert topic_rows(topic, doc, idx, cands) == expected, record["_file"]
        assert topic_rows(topic, doc, idx, cands) == expected, record["_file"]
        assert topic.proba_of_rows(expected).tobytes() == topic.proba(topic_features(doc, idx, cands)).tobytes()
        drop_caches(doc)
        checked += 1
    assert checked > 0
