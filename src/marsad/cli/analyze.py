"""``marsad analyze``: articles in, one contract JSON object per document out."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import IO, Any

import click

from marsad.cli import main
from marsad.cli.terminal import printable
from marsad.document import Document
from marsad.io.jsonout import dumps
from marsad.io.readers import DEFAULT_MAX_BYTES, InputError, Page, read_inputs

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _validate_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if not _ISO_DAY.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD (e.g. 2022-01-20)") from None
    return value


def _progress(items: Iterator[Any]) -> Iterator[Any]:
    """A tqdm bar on stderr when stderr is a terminal; the plain iterator otherwise."""
    if not sys.stderr.isatty() or os.environ.get("MARSAD_NO_PROGRESS"):
        return items
    from tqdm import tqdm

    return tqdm(items, desc="analyze", unit="doc", file=sys.stderr, leave=False)


def _fail(source: str, reason: str) -> None:
    click.echo(printable(f"marsad: {source}: {reason}"), err=True)


def analyse_to_dict(item: Document | Page) -> dict[str, Any] | InputError:
    """Worker: one input to its contract object (an HTML page is parsed here, within budget)."""
    from marsad.pipeline import analyze as run_pipeline

    doc = item.document() if isinstance(item, Page) else item
    if isinstance(doc, InputError):
        return doc
    return run_pipeline(doc).to_dict()


def analyse_to_text(fmt: str, item: Document | Page) -> str | InputError:
    """Worker: one input as the text ``fmt`` writes for it (its JSON line, or its table).

    The worker renders it, not the parent: a string crosses the pipe as one block, where
    the contract object would be pickled there and unpickled here, dict by dict — work
    the parent did alone for every document, beside the workers (~1 ms a document)."""
    obj = analyse_to_dict(item)
    if isinstance(obj, InputError):
        return obj
    return table_text(obj) if fmt == "table" else dumps(obj)


def _cell(value: Any, width: int) -> str:
    text = " ".join(str(value if value not in (None, "") else "—").split())
    text = text if len(text) < width else text[: width - 2] + "…"
    return text + " " * (width - len(text))


def _count(count: dict[str, Any] | None) -> str:
    if not count:
        return "—"
    lo, hi = count.get("min"), count.get("max")
    label = "?" if lo is None else f"{lo:g}"
    if hi is None and lo is not None:
        label = f"≥{lo:g}"
    elif hi not in (None, lo):
        label += f"-{hi:g}"
    if count.get("approximate"):
        label = "~" + label
    return label + (f" {count['unit']}" if count.get("unit") else "")


def table_text(obj: dict[str, Any]) -> str:
    """A document's analysis for a person: its metadata, then its events and claims as
    aligned columns (the JSON formats carry everything, with offsets)."""
    entities = obj.get("entities") or {}
    claims = {c["id"]: c for c in obj.get("claims") or []}

    def name(entity_id: str | None) -> str:
        return (entities.get(entity_id) or {}).get("name") or entity_id or "—"

    outlet = (obj.get("outlet") or {}).get("name") or "—"
    lines = [f"== {obj.get('source')}",
             f"   {obj.get('title') or '(untitled)'}",
             f"   outlet: {outlet} · published: {obj.get('published') or '—'} · "
             f"language: {obj.get('language') or '—'} · {len(obj.get('events') or [])} events, "
             f"{len(claims)} claims, {len(entities)} entities"]
    confidence = any("confidence" in ev for ev in obj.get("events") or [])
    if obj.get("events"):
        lines.append(("   " + "".join(_cell(h, w) for h, w in (
            ("type", 19), ("date", 12), ("place", 22), ("count", 16), ("modality", 13),
            ("trigger", 14), ("according to", 26))) + ("confidence" if confidence else "")).rstrip())
        for ev in obj["events"]:
            speaker = (claims.get(ev.get("claim") or "") or {}).get("speaker") or {}
            actors = ", ".join(f"{name(a['entity'])} ({a['role']})" for a in ev.get("actors") or [])
            lines.append("   " + "".join((
                _cell(ev.get("type"), 19), _cell((ev.get("date") or {}).get("value"), 12),
                _cell(name(ev.get("place")) if ev.get("place") else None, 22),
                _cell(_count(ev.get("count")), 16), _cell(ev.get("modality"), 13),
                _cell((ev.get("trigger") or {}).get("text"), 14),
                _cell(speaker.get("text"), 26),
                f"{ev['confidence']:.2f}" if isinstance(ev.get("confidence"), int | float)
                else ("—" if confidence else ""))).rstrip())
            if actors:
                lines.append(f"     actors: {actors}")
    if claims:
        lines.append(("   " + "".join(_cell(h, w) for h, w in (
            ("claim by", 30), ("kind", 20), ("verb", 10), ("stance", 9), ("says", 50)))).rstrip())
        for c in claims.values():
            speaker = c.get("speaker") or {}
            text = (obj.get("text") or "")[c.get("start") or 0: c.get("end") or 0]
            lines.append("   " + "".join((
                _cell(speaker.get("text"), 30), _cell(speaker.get("kind"), 20),
                _cell(c.get("verb"), 10), _cell(c.get("stance"), 9), _cell(text, 50))).rstrip())
    return "\n".join(lines) + "\n"


def _write(out: IO[str], data: str, fmt: str, first: bool) -> None:
    """Write one document's text (``analyse_to_text``) in ``fmt``."""
    if fmt == "table":
        out.write(("" if first else "\n") + data)
        return
    if fmt == "jsonl":
        out.write(data + "\n")
    else:
        out.write(("[\n" if first else ",\n") + data)


@main.command(
    epilog=(
        "\b\nExamples:\n"
        "  marsad analyze demo/                      # every article under demo/\n"
        "  marsad analyze a.txt b.html --outlet sana --published 2022-01-21\n"
        "  cat article.txt | marsad analyze - -o out.jsonl\n"
        "  marsad analyze corpus/ --format json > all.json\n"
        "  marsad analyze demo/ --format table          # a first look\n\n"
        "Input formats (by extension): .txt (UTF-8, UTF-16 or Windows-1256, detected), "
        ".html/.htm (body and page metadata), .json (a record or a list of records), "
        ".jsonl (one record per line). A record has \"text\" and optional \"url\", "
        "\"title\", \"outlet\", \"published\". Directories are walked recursively; other "
        f"files are ignored. Files over {DEFAULT_MAX_BYTES // (1024 * 1024)} MB are refused "
        "(MARSAD_MAX_BYTES changes the limit).\n\n"
        "A file that cannot be read is reported on stderr as 'marsad: FILE: reason'; the "
        "others are still analysed and the exit status is 1 at the end."
    )
)
@click.argument("paths", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option(
    "--published",
    callback=_validate_published,
    metavar="YYYY-MM-DD",
    help="Publication date of every input; overrides the record and the text.",
)
@click.option("--outlet", metavar="NAME", help="Publisher of every input (a name or an id from outlets.toml); overrides the record and the text.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per line; json: one JSON array; table: a first look for a "
         "person (metadata, events and claims as columns, no offsets).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-", help="Write here instead of standard output.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores). The output is the same, in the same order, for any number.")
def analyze(paths: tuple[str, ...], published: str | None, outlet: str | None, fmt: str, output: str, jobs: int | None) -> None:
    """Analyse news articles and print one JSON object per document.

    Each object follows the marsad output contract: the cleaned text, title, publisher,
    author, dateline and publication date, and every mention, time, quantity, event and
    claim with the exact character offsets of the words it came from.
    """
    from marsad.budget import INLINE_MAX_CHARS, budgeted_map
    from marsad.io.output import atomic_output, output_clash
    from marsad.parallel import available_cores
    from marsad.pipeline import warm_up

    if outlet:
        from marsad.kb.outlets import outlets_by_id

        entry = outlets_by_id().get(outlet)
        outlet = entry.name if entry else outlet
    if clash := output_clash(output, paths):
        raise click.ClickException(clash)
    failed = 0
    count = 0

    def work() -> Iterator[Document | Page]:
        nonlocal failed
        for item in read_inputs(paths, parse_html=False):
            if isinstance(item, InputError):
                _fail(item.source, item.reason)
                failed += 1
                continue
            if published:
                item.meta["published"] = published
            if outlet:
                item.meta["outlet"] = outlet
            yield item

    with contextlib.ExitStack() as stack:
        if output == "-":
            out: IO[str] = sys.stdout
        else:
            try:
                out = stack.enter_context(atomic_output(output))
            except OSError as exc:
                raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
        # each document is analysed in a worker process within its time and memory budget
        # (marsad.budget): a runaway or crashing document costs only itself; one article
        # alone is analysed in this process, within the same budget (no fork to wait for)
        results = budgeted_map(partial(analyse_to_text, fmt), work(), jobs=jobs or available_cores(),
                               warm_up=warm_up, inline=lambda item: len(item.raw) <= INLINE_MAX_CHARS)
        stack.callback(results.close)  # stops the worker processes, whatever happens
        try:
            for result in _progress(results):
                if not isinstance(result, str):  # an InputError or a budget Failure
                    _fail(result.source, result.reason)
                    failed += 1
                    continue
                _write(out, result, fmt, first=count == 0)
                count += 1
            if fmt == "json":
                out.write("[]\n" if count == 0 else "\n]\n")
            out.flush()
        except BrokenPipeError:  # `marsad analyze ... | head`: the reader left, not an error of ours
            sys.stderr.close()
            os._exit(0 if not failed else 1)
    if failed:
        sys.exit(1)
