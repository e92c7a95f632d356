"""Analyse a stream of inputs and store them: the engine of ``ingest`` and ``watch``.

``ingest_items(store, items)`` takes Documents, Pages (HTML to parse) and InputErrors
(printed, one line each, and counted), skips the inputs the store holds already (the same
source with the same content, or the same content under another name), analyses the rest in
worker processes within a time and memory budget (``marsad.budget``), stores them in batches
and, unless told not to, updates the corpus tables (reuse, incidents) for the new documents.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from marsad.cli.terminal import printable
from marsad.store import PreparedDocument, Store, StoreError

if TYPE_CHECKING:
    from marsad.corpus.incident_inputs import IncidentMemory
    from marsad.feeds.fetch import Fetcher

_LOOKUP_BLOCK = 256  # inputs checked against the store per query


def _raw_hash(doc: Any) -> str:
    h = hashlib.sha256(doc.raw.encode("utf-8", "surrogatepass"))
    h.update(json.dumps(doc.meta, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]


def _analyse(item: tuple[Any, str]) -> PreparedDocument | tuple[str, str]:
    """Worker: analyse one Document (an HTML Page is parsed here first) and prepare its rows
    (or say why it failed)."""
    from marsad.io.readers import InputError, Page
    from marsad.pipeline import analyze
    from marsad.store import prepare

    doc, raw_hash = item
    if isinstance(doc, Page):
        doc = doc.document()
        if isinstance(doc, InputError):
            return (doc.source, doc.reason)
    try:
        analysed = analyze(doc)
        if not analysed.text.strip():
            return (doc.source, "no text found")
        return prepare(analysed.to_dict(), source=doc.source, raw_hash=raw_hash).slim()
    except Exception as exc:  # one bad document never stops the batch
        return (doc.source, f"analysis failed: {type(exc).__name__}: {exc}")


@dataclass(slots=True)
class IngestSummary:
    added: int = 0
    already: int = 0
    failed: int = 0
    corpus: dict[str, Any] | None = None  # the rebuild's timings

    def message(self) -> str:
        msg = (f"marsad: {self.added} new documents, {self.already} already stored"
               + (f", {self.failed} failed" if self.failed else ""))
        if self.corpus is not None:
            t = self.corpus
            redone = t.get("incidents_recomputed_events")
            msg += (f"; reuse: {t['reuse_pairs_found']} new pairs ({t['reuse_seconds']} s), "
                    f"incidents: {t['incidents']} ({t['incidents_seconds']} s"
                    + (f", {redone} events re-clustered" if redone is not None else "")
                    + (", only new documents read" if t.get("incidents_read") == "new documents"
                       else "") + ")")
        return msg


def url_items(urls: list[str], fetcher: Fetcher, store: Store) -> Iterator[Any]:
    """The pages of ``urls`` (a feed's URL: its links not stored yet)."""
    from marsad.feeds.follow import pages_of_urls

    return pages_of_urls(urls, fetcher, lambda links: store.known_sources(links))


def warm_up(pages: bool = False) -> None:
    """The analysis stages and the reuse sketches (datasketch, which imports scipy) loaded
    here, before the workers are forked: they start with them, and a worker's memory budget
    (an address-space cap) is not spent on importing them. ``pages``: the HTML stack too
    (lexbor, trafilatura), for a process that will fetch pages."""
    from marsad.corpus.reuse.signatures import sketch_bytes
    from marsad.pipeline import warm_up as warm_up_analysis

    warm_up_analysis()
    sketch_bytes("warm up")
    if pages:
        from marsad.io.html import parse_html

        parse_html("<html><body><article><p>نص قصير للتحضير.</p></article></body></html>")


def ingest_items(store: Store, items: Iterable[Any], *, jobs: int, batch: int = 100,
                 corpus: bool = True,
                 on_failure: Callable[[str, str], None] | None = None,
                 memory: IncidentMemory | None = None) -> IngestSummary:
    """Analyse and store ``items`` (see the module docstring); errors print one line each.
    ``on_failure(source, reason)`` hears of each input that could not be analysed;
    ``memory`` is what the caller's previous rebuild read (``corpus.build.rebuild``)."""
    from marsad.budget import INLINE_MAX_CHARS, Failure, budgeted_map
    from marsad.io.readers import InputError

    summary = IngestSummary()
    duplicates: dict[str, list[str]] = {}  # raw hash -> other sources with the same content

    def unseen(block: list[tuple[Any, str]]) -> Iterator[tuple[Any, str]]:
        """The inputs of a block whose content is not stored yet (the others recorded)."""
        known = store.known_inputs((d.source, h) for d, h in block)
        stored = store.documents_for_inputs(h for d, h in block if (d.source, h) not in known)
        late: list[tuple[str, str, str]] = []
        for d, h in block:
            if (d.source, h) in known:
                summary.already += 1  # same file, same content: nothing to analyse
            elif h in stored:  # the same content under another name: no analysis either
                late.append((d.source, h, stored[h]))
                summary.already += 1
            elif h in duplicates:  # twice in this run: analysed once
                duplicates[h].append(d.source)
            else:
                duplicates[h] = []
                yield d, h
        store.add_inputs(late)

    def inputs() -> Iterator[tuple[Any, str]]:
        block: list[tuple[Any, str]] = []
        for item in items:
            if isinstance(item, InputError):
                click.echo(printable(f"marsad: {item}"), err=True)
                summary.failed += 1
                continue
            block.append((item, _raw_hash(item)))
            if len(block) >= _LOOKUP_BLOCK:
                yield from unseen(block)
                block = []
        if block:
            yield from unseen(block)

    def prepared(results: Iterator[PreparedDocument | tuple[str, str] | Failure]
                 ) -> Iterator[PreparedDocument]:
        for r in results:
            if isinstance(r, tuple | Failure):
                source, reason = (r.source, r.reason) if isinstance(r, Failure) else r
                click.echo(printable(f"marsad: {source}: {reason}"), err=True)
                summary.failed += 1
                if on_failure is not None:
                    on_failure(source, reason)
                continue
            yield r

    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(unit="doc", file=sys.stderr, desc="ingest")

    def counted(it: Iterator[PreparedDocument]) -> Iterator[PreparedDocument]:
        for p in it:
            if progress is not None:
                progress.update(1)
            yield p

    # each document is analysed in a worker process within its time and memory budget
    # (marsad.budget): a runaway or crashing document costs only itself
    results = budgeted_map(_analyse, inputs(), jobs=jobs, source=lambda item: item[0].source,
                           warm_up=warm_up, inline=lambda item: len(item[0].raw) <= INLINE_MAX_CHARS)
    try:
        result = store.add_documents(counted(prepared(results)), batch_size=batch)
        summary.added += result.added
        summary.already += result.skipped
        copies = [(src, h) for h, sources in duplicates.items() for src in sources]
        if copies:
            ids = store.documents_for_inputs(h for _, h in copies)
            store.add_inputs((src, h, ids[h]) for src, h in copies if h in ids)
            summary.already += len(copies)
    except KeyboardInterrupt:
        results.close()
        click.echo("marsad: interrupted; stored batches are kept, run the same command to finish",
                   err=True)
        sys.exit(130)
    except StoreError as exc:  # e.g. no write permission, the database server went away
        raise click.ClickException(f"{exc} (stored batches are kept)") from exc
    finally:
        results.close()
        if progress is not None:
            progress.close()
    if corpus:
        from marsad.corpus.build import rebuild

        try:
            summary.corpus = rebuild(store, jobs=jobs, memory=memory)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    return summary
