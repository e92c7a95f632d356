"""The analysis pipeline: a Document goes through each stage in order.

Every stage is a plain function ``Document -> Document`` that reads the layers before it and
adds its own; none touches the store, the file system or global mutable state, so the same
pipeline runs in one process, a multiprocessing pool, or a Dask/Ray/Spark map over records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marsad.document import Document

Stage = Callable[[Document], Document]


def _stages() -> list[Stage]:
    # Imported here so that importing marsad.pipeline stays cheap and free of cycles.
    from marsad.extract.claims import extract_claims
    from marsad.io.clean import clean
    from marsad.io.metadata import detect_language, extract_metadata
    from marsad.learn.events import extract_events
    from marsad.recognize.mentions import recognize_mentions
    from marsad.recognize.quantities import recognize_quantities
    from marsad.recognize.times import recognize_times
    from marsad.text.segment import tokenize

    return [
        clean,
        extract_metadata,
        detect_language,
        tokenize,
        recognize_mentions,
        recognize_times,
        recognize_quantities,
        extract_claims,
        extract_events,
    ]


_STAGES: list[Stage] | None = None


def stages() -> list[Stage]:
    global _STAGES
    if _STAGES is None:
        _STAGES = _stages()
    return _STAGES


def analyze(doc: Document) -> Document:
    """Run every stage over ``doc`` and return it fully annotated.

    A text longer than ``windows.WINDOW_CHARS`` is analysed from ``tokenize`` on window by
    window (``marsad.windows``), which keeps the cost linear in its length."""
    from marsad import windows

    all_stages = stages()
    split = _tokenize_index(all_stages)
    for stage in all_stages[:split]:
        doc = stage(doc)
    if len(doc.text) > windows.WINDOW_CHARS:
        doc = windows.analyze_in_windows(doc, all_stages[split:], drop_caches)
    else:
        for stage in all_stages[split:]:
            doc = stage(doc)
        drop_caches(doc)
    if not _SNAPSHOT_CHECKED:
        _save_compiled()
    return doc


_SNAPSHOT_CHECKED = False


def _save_compiled() -> None:
    """After the first document: write the compiled lexicons to the disk cache if this
    process had to build them (``marsad.compiled``), so the next process loads them."""
    global _SNAPSHOT_CHECKED
    _SNAPSHOT_CHECKED = True
    from marsad.compiled import flush

    flush()


def _tokenize_index(all_stages: list[Stage]) -> int:
    """Where the per-window stages start: at ``tokenize`` (what comes before reads the whole
    text: cleaning, metadata, language)."""
    for i, stage in enumerate(all_stages):
        if stage.__name__ == "tokenize":
            return i
    return len(all_stages)


def warm_up() -> None:
    """Compile every stage's data (lexicons, automata): done once in a parent process, the
    worker processes forked from it start warm (``marsad.budget``). The HTML stack is left to
    load on the first page (a text-only batch never needs it)."""
    analyze_text("قال مصدر محلي في الحسكة أمس إن 20 شخصا فروا من السجن. Officials said.")


def drop_caches(doc: Document) -> None:
    """Empty ``doc.cache``. The claims stage's index, which the events stage reuses, refers
    back to the document: left in place, that reference cycle leaves the document to the
    cyclic garbage collector, which then runs several times as often (~10% of the time).
    The lexicon hits kept on the normalised view go too: they refer to the shared automaton,
    which a pickled document (a process pool, a Dask/Ray task) must not drag along."""
    doc.cache.clear()
    if doc.norm is not None:
        doc.norm.shared_hits = None


def analyze_text(
    text: str,
    *,
    source: str = "<text>",
    published: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """Convenience: analyse a string as if it were a ``.txt`` file with the given metadata."""
    meta: dict[str, Any] = {}
    if published:
        meta["published"] = published
    if outlet:
        meta["outlet"] = outlet
    if title:
        meta["title"] = title
    if url:
        meta["url"] = url
    return analyze(Document(source=source, raw=text, meta=meta))
