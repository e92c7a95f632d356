"""The input of a batch, cut into partitions a worker reads by itself.

A partition is small to describe (paths, a row group) and is read on the worker, so the
client never holds the articles. Kinds:

* ``files`` — up to ``FILES_PER_PARTITION`` .txt/.html/.json files (a directory is walked in
  the stable order ``marsad analyze`` uses);
* ``jsonl`` — one JSONL shard (one record a line), or ``LINES_PER_PARTITION`` lines of it;
* ``parquet`` — one row group of a Parquet file with a text column (``--text-column``, by
  default ``text``; ``url``/``title``/``outlet``/``published`` columns are used when there).

The order of partitions, and of the documents in each, is the order a single-process run
(``marsad analyze``/``ingest`` over the same arguments) reads them: document order decides
ties in text reuse and incidents, so the results are the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.io.readers import InputError, iter_files, read_file, record_to_document

FILES_PER_PARTITION = 200
LINES_PER_PARTITION = 2000
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    kind: str  # files | jsonl | parquet
    paths: tuple[str, ...]
    start: int = 0  # jsonl: first line (0-based); parquet: row group
    stop: int = 0  # jsonl: line after the last (0: to the end); parquet: rows of the group
    text_column: str = "text"
    offset: int = 0  # parquet: first row inside the row group

    def describe(self) -> str:
        if self.kind == "files":
            return f"{len(self.paths)} files from {self.paths[0]}"
        if self.kind == "jsonl":
            return f"{self.paths[0]} lines {self.start + 1}-{self.stop or 'end'}"
        return f"{self.paths[0]} row group {self.start} rows {self.offset + 1}-{self.offset + self.stop}"


def _count_lines(path: Path) -> int:
    n = 0
    last = b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


def plan(inputs: list[str], *, text_column: str = "text",
         files_per_partition: int = FILES_PER_PARTITION,
         lines_per_partition: int = LINES_PER_PARTITION) -> tuple[list[Partition], list[InputError]]:
    """Partitions of the inputs, in reading order, and the inputs that cannot be read."""
    parts: list[Partition] = []
    errors: list[InputError] = []
    pending: list[str] = []

    def flush_files() -> None:
        if pending:
            parts.append(Partition(len(parts), "files", tuple(pending)))
            pending.clear()

    def add_file(path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            flush_files()
            total = _count_lines(path)
            for start in range(0, max(total, 1), lines_per_partition):
                stop = start + lines_per_partition
                parts.append(Partition(len(parts), "jsonl", (str(path),), start,
                                       0 if stop >= total else stop))
        elif suffix in PARQUET_SUFFIXES:
            flush_files()
            import pyarrow.parquet as pq

            try:
                meta = pq.ParquetFile(path).metadata
            except Exception as exc:
                errors.append(InputError(str(path), f"not a readable Parquet file ({exc})"))
                return
            for rg in range(meta.num_row_groups):  # a big row group in slices
                rows = meta.row_group(rg).num_rows
                for offset in range(0, rows, lines_per_partition):
                    parts.append(Partition(len(parts), "parquet", (str(path),), rg,
                                           min(lines_per_partition, rows - offset), text_column, offset))
        else:
            pending.append(str(path))
            if len(pending) >= files_per_partition:
                flush_files()

    for raw in inputs:
        path = Path(raw)
        if raw == "-":
            errors.append(InputError(raw, "standard input cannot be read by a cluster; write it to a file"))
        elif path.is_dir():
            found = False
            for item in iter_files(path):
                if isinstance(item, InputError):
                    errors.append(item)
                    continue
                found = True
                add_file(item)
            for extra in sorted(p for p in path.rglob("*") if p.suffix.lower() in PARQUET_SUFFIXES):
                found = True
                add_file(extra)
            if not found:
                errors.append(InputError(raw, "no .txt, .html, .htm, .json, .jsonl or .parquet files in this directory"))
        elif path.is_file():
            add_file(path)
        else:
            errors.append(InputError(raw, "no such file or directory" if not os.path.lexists(raw)
                                     else "not a regular file or directory"))
    flush_files()
    return parts, errors


def read_partition(part: Partition) -> Iterator[Document | InputError]:
    """The documents of a partition, in order (on the worker)."""
    if part.kind == "files":
        for p in part.paths:
            yield from read_file(Path(p))
    elif part.kind == "jsonl":
        yield from _jsonl_slice(part)
    else:
        yield from _parquet_rows(part)


def _jsonl_slice(part: Partition) -> Iterator[Document | InputError]:
    """The records of lines start..stop of a JSONL shard, named ``path#line`` as
    ``marsad analyze`` names them (the JSONL reader numbers from where it starts reading)."""
    from marsad.io.readers import _jsonl_documents, max_input_bytes

    path = part.paths[0]
    count = part.stop - part.start if part.stop else None
    with open(path, "rb") as f:
        for _ in range(part.start):
            if not f.readline():
                return
        for item in _jsonl_documents(f, path, max_input_bytes()):
            base, sep, num = item.source.rpartition("#")
            if not (sep and num.isdigit()):  # "empty file": said of the whole shard only
                if part.start == 0:
                    yield item
                continue
            if count is not None and int(num) > count:
                return
            source = f"{base}#{int(num) + part.start}"
            if isinstance(item, InputError):
                yield InputError(source, item.reason)
            else:
                item.source = source
                yield item


def _parquet_rows(part: Partition) -> Iterator[Document | InputError]:
    import pyarrow.parquet as pq

    path = part.paths[0]
    pf = pq.ParquetFile(path)
    names = set(pf.schema_arrow.names)
    if part.text_column not in names:
        yield InputError(path, f"no {part.text_column!r} column (columns: {', '.join(sorted(names))}); "
                               "name the text column with --text-column")
        return
    wanted = [c for c in (part.text_column, "url", "title", "outlet", "published") if c in names]
    table = pf.read_row_group(part.start, columns=wanted).slice(part.offset, part.stop)
    before = sum(pf.metadata.row_group(i).num_rows for i in range(part.start)) + part.offset
    columns = {name: table.column(name).to_pylist() for name in wanted}
    for i in range(table.num_rows):
        record: dict[str, Any] = {k: _plain(v[i]) for k, v in columns.items() if k != part.text_column}
        record["text"] = columns[part.text_column][i]
        yield record_to_document(record, f"{path}#{before + i + 1}")


def _plain(value: Any) -> Any:
    """A Parquet date/timestamp as the ISO day the readers expect."""
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()[:10]
    return value
