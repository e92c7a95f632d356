"""Read inputs (files, directories, stdin) into Documents.

``read_inputs(paths)`` yields, in a stable order, one ``Document`` per article or one
``InputError`` per thing that could not be read — never an exception for bad user input, so
one bad file never stops a batch. Formats, chosen by extension:

* ``.txt``  — one article; the encoding is detected (BOM, strict UTF-8, then
  charset-normalizer for legacy code pages such as Windows-1256);
* ``.html``/``.htm`` — the article body and the page's metadata (see ``marsad.io.html``);
* ``.json`` — one record or a list of records;
* ``.jsonl`` — one record per line, streamed (a bad line is reported, the others are read).

A record is an object with a string ``text`` and optional ``url``, ``title``, ``outlet``,
``published`` (other keys are kept in ``Document.meta`` too). ``source`` is the path, plus
``#N`` (1-based record number, or line number for JSONL) for files holding several records.
Directories are walked recursively in sorted order; other extensions are ignored. ``-`` reads
standard input and guesses its format from the first byte. Files above ``max_bytes`` (20 MB
by default; ``MARSAD_MAX_BYTES`` overrides) are refused rather than loaded, which keeps memory
bounded; a JSONL file may be larger since it is read line by line.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from marsad.document import Document
from marsad.io.encoding import DecodeError, decode_bytes, scrub, sniff_binary

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Record keys copied into Document.meta as strings (everything else is kept as is).
RECORD_STRING_KEYS = ("url", "title", "outlet", "published", "author", "language")


@dataclass(slots=True)
class InputError:
    """A file or record that could not be read; ``source`` names it, ``reason`` says why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def max_input_bytes() -> int:
    value = os.environ.get("MARSAD_MAX_BYTES")
    if value and value.isdigit():
        return int(value)
    return DEFAULT_MAX_BYTES


def _human(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or type(exc).__name__


def _decode_nonblank(data: bytes, source: str, empty_reason: str) -> tuple[str, str] | InputError:
    """``(text, encoding)`` of a file's bytes, or why they are not usable text."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        return InputError(source, str(exc))
    if not text.strip():
        return InputError(source, empty_reason)
    return text, encoding


def _parse_json(text: str, source: str, *, with_line: bool) -> Any:
    """The parsed JSON value, or an InputError saying where it is invalid.

    ``with_line`` names the line too (a whole file); a JSON Lines record is one line already.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if with_line else f"column {exc.colno}"
        return InputError(source, f"invalid JSON at {where}: {exc.msg}")
    except RecursionError:
        return InputError(source, "invalid JSON: nested too deeply")


def record_to_document(record: Any, source: str) -> Document | InputError:
    """A Document from one JSON record, or the reason it is not a usable record."""
    if not isinstance(record, dict):
        return InputError(source, f"record is a JSON {type(record).__name__}, not an object with a \"text\" key")
    text = record.get("text")
    if not isinstance(text, str):
        return InputError(source, 'record has no "text" string')
    if not text.strip():
        return InputError(source, 'record "text" is empty')
    meta: dict[str, Any] = {}
    for key, value in record.items():
        if key == "text" or value is None:
            continue
        if key in RECORD_STRING_KEYS:
            if not isinstance(value, str):
                return InputError(source, f'record "{key}" must be a string or null, not {type(value).__name__}')
            value = scrub(value).strip()
            if not value:
                continue
        meta[key] = value
    doc = Document(source=source, raw=scrub(text), meta=meta)
    doc.url = meta.get("url")
    return doc


def _json_documents(data: bytes, source: str) -> Iterator[Document | InputError]:
    decoded = _decode_nonblank(data, source, "empty file")
    if isinstance(decoded, InputError):
        yield decoded
        return
    parsed = _parse_json(decoded[0], source, with_line=True)
    if isinstance(parsed, InputError):
        yield parsed
        return
    if isinstance(parsed, list):
        if not parsed:
            yield InputError(source, "empty list of records")
        for i, record in enumerate(parsed, 1):
            yield record_to_document(record, f"{source}#{i}")
    else:
        yield record_to_document(parsed, source)


def _jsonl_documents(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Document | InputError]:
    seen_any = False
    for lineno, line in enumerate(iter(lambda: stream.readline(max_bytes + 1), b""), 1):
        where = f"{source}#{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            yield InputError(where, f"line longer than the {_human(max_bytes)} limit; skipped")
            # drain the rest of this overlong line
            while line and not line.endswith(b"\n"):
                line = stream.readline(max_bytes + 1)
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        seen_any = True
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(where, f"undecodable bytes: JSON Lines must be UTF-8 (invalid byte at column {exc.start + 1})")
            continue
        record = _parse_json(text, where, with_line=False)
        yield record if isinstance(record, InputError) else record_to_document(record, where)
    if not seen_any:
        yield InputError(source, "empty file")


def _text_document(data: bytes, source: str) -> Document | InputError:
    decoded = _decode_nonblank(data, source, "empty file (only whitespace)")
    if isinstance(decoded, InputError):
        return decoded
    text, encoding = decoded
    return Document(source=source, raw=scrub(text), meta={"encoding": encoding})


def _html_document(data: bytes, source: str) -> Document | InputError:
    from marsad.io.html import parse_html  # lazy: plain-text batches never load the HTML stack

    decoded = _decode_nonblank(data, source, "empty file (only whitespace)")
    if isinstance(decoded, InputError):
        return decoded
    html, encoding = decoded
    try:
        page = parse_html(scrub(html))
    except Exception as exc:  # a parser failure on hostile markup is a bad input, not a crash
        return InputError(source, f"could not parse HTML ({type(exc).__name__})")
    if not page.text.strip():
        return InputError(source, "no article text found in the HTML")
    doc = Document(source=source, raw=scrub(page.text), meta={**page.meta, "encoding": encoding})
    doc.url = page.meta.get("url")
    return doc


def _read_limited(path: Path, max_bytes: int) -> bytes | InputError:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputError(str(path), f"file is {_human(size)}, over the {_human(max_bytes)} limit (set MARSAD_MAX_BYTES to raise it)")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return InputError(str(path), _os_reason(exc))
    if len(data) > max_bytes:
        return InputError(str(path), f"file is over the {_human(max_bytes)} limit")
    return data


def read_file(path: Path, *, max_bytes: int | None = None) -> Iterator[Document | InputError]:
    """Every Document (or InputError) in one file, chosen by its extension."""
    limit = max_input_bytes() if max_bytes is None else max_bytes
    source = str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as fh:
                yield from _jsonl_documents(fh, source, limit)
        except OSError as exc:
            yield InputError(source, _os_reason(exc))
        return
    data = _read_limited(path, limit)
    if isinstance(data, InputError):
        yield data
        return
    if not data:
        yield InputError(source, "empty file")
        return
    if suffix in JSON_SUFFIXES:
        yield from _json_documents(data, source)
    elif suffix in HTML_SUFFIXES:
        yield _html_document(data, source)
    else:
        yield _text_document(data, source)


def iter_files(root: Path) -> Iterator[Path | InputError]:
    """Supported files under ``root``, recursively, in sorted order; unreadable dirs reported."""
    errors: list[InputError] = []

    def onerror(exc: OSError) -> None:
        errors.append(InputError(exc.filename or str(root), _os_reason(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames.sort()
        yield from errors
        errors.clear()
        for name in sorted(filenames):
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                yield Path(dirpath) / name
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    yield from errors


def _read_stdin(max_bytes: int) -> Iterator[Document | InputError]:
    source = "<stdin>"
    stream: BinaryIO = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else io.BytesIO(sys.stdin.read().encode())
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(source, f"input is over the {_human(max_bytes)} limit")
        return
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if not head:
        yield InputError(source, "empty input")
    elif head == b"[" or (head == b"{" and _is_single_json(data)):
        yield from _json_documents(data, source)
    elif head == b"{":
        yield from _jsonl_documents(io.BytesIO(data), source, max_bytes)
    elif head == b"<" and sniff_binary(data) is None:
        yield _html_document(data, source)
    else:
        yield _text_document(data, source)


def _is_single_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def read_inputs(paths: Iterable[str], *, max_bytes: int | None = None) -> Iterator[Document | InputError]:
    """Documents and InputErrors for every path given (files, directories or ``-``)."""
    limit = max_input_bytes() if max_bytes is None else max_bytes
    for p in paths:
        if p == "-":
            yield from _read_stdin(limit)
            continue
        path = Path(p)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            yield InputError(p, _os_reason(exc))
            continue
        if stat.S_ISDIR(mode):
            if not os.access(path, os.R_OK | os.X_OK):
                yield InputError(p, "permission denied (directory)")
                continue
            found = False
            for item in iter_files(path):
                if isinstance(item, InputError):
                    yield item
                else:
                    found = True
                    yield from read_file(item, max_bytes=limit)
            if not found:
                yield InputError(p, "no .txt, .html, .htm, .json or .jsonl files in this directory")
        elif stat.S_ISREG(mode) or p.startswith("/dev/fd/") or stat.S_ISFIFO(mode):
            yield from read_file(path, max_bytes=limit)
        else:
            yield InputError(p, "not a regular file or directory")
