"""Read inputs (files, directories, stdin) into Documents.

``read_inputs(paths)`` yields, in a stable order, one ``Document`` per article or one
``InputError`` per thing that could not be read — never an exception for bad user input, so
one bad file never stops a batch. Formats, chosen by extension:

* ``.txt``  — one article; the encoding is detected (BOM, strict UTF-8, then
  charset-normalizer for legacy code pages such as Windows-1256);
* ``.html``/``.htm`` — the article body and the page's metadata (see ``marsad.io.html``);
* ``.json`` — one record or a list of records;
* ``.jsonl`` — one record per line, streamed (a bad line is reported, the others are read);
* ``.xml`` — one page in trafilatura's XML output (``<doc>``, the body in ``<main>``).

trafilatura's JSON and XML outputs are read with their metadata: ``date`` becomes
``published``, ``sitename`` the ``outlet``, the page's URL ``url`` (``marsad.io.trafilatura_format``).

A record is an object with a string ``text`` and optional ``url``, ``title``, ``outlet``,
``published`` (other keys are kept in ``Document.meta`` too). ``source`` is the path, plus
``#N`` (1-based record number, or line number for JSONL) for files holding several records.
Directories are walked recursively in sorted order; other extensions are ignored, and only
regular files are read (a FIFO or a link to ``/dev/zero`` under an article's name would hang or
flood the batch). ``-`` reads standard input and guesses its format from the first byte; a
stream named on the command line (``/dev/fd/N``, ``/dev/stdin``: a shell's ``<(...)``) is read
too. Files above ``max_bytes`` (20 MB by default; ``MARSAD_MAX_BYTES`` overrides) are refused
rather than loaded, which keeps memory bounded; a JSONL file may be larger since it is read
line by line, but a JSONL *stream* stops at the same limit (it may never end).

``source`` is always printable and writable as UTF-8: a file name that is not valid UTF-8
keeps its undecodable bytes as ``\\xNN`` escapes (``display_path``).

``read_inputs(..., parse_html=False)`` yields a ``Page`` (the decoded markup, not yet
parsed) for each HTML file instead of a Document: parsing hostile markup is work to budget
like the analysis itself, so a batch runner does it in its workers (``Page.document()``).
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from marsad.document import Document
from marsad.io.encoding import DecodeError, decode_bytes, scrub, sniff_binary
from marsad.io.trafilatura_format import (
    XmlFormatError,
    from_trafilatura_record,
    is_trafilatura_record,
    xml_record,
)

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl"})
XML_SUFFIXES = frozenset({".xml"})  # trafilatura's XML output
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | XML_SUFFIXES

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Extra record keys nested deeper than this are refused: nothing reads such a value, and a
# 500-level value cannot even be pickled to a worker process (Python's recursion limit).
MAX_RECORD_DEPTH = 32
# Record keys copied into Document.meta as strings (everything else is kept as is).
RECORD_STRING_KEYS = ("url", "title", "outlet", "published", "author", "language")


@dataclass(slots=True)
class InputError:
    """A file or record that could not be read; ``source`` names it, ``reason`` says why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as a string that can be printed and written as UTF-8.

    A name that is not valid UTF-8 arrives with surrogate escapes (PEP 383); its raw bytes
    are shown as ``\\xNN`` instead, so the same file always gets the same name."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        raw = name
    else:
        try:
            name.encode("utf-8")
            return name
        except UnicodeEncodeError:
            raw = os.fsencode(name)
    return raw.decode("utf-8", "backslashreplace")


# Whitespace, C0/C1 controls and Unicode's default-ignorable code points (zero-width spaces
# and joiners, bidi marks, variation selectors, the BOM, tags): a text made only of these
# looks empty, so it is refused as empty rather than analysed as a blank document.
_INVISIBLE = (
    r"\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_VISIBLE = re.compile(f"[^{_INVISIBLE}]")


def has_visible_text(text: str) -> bool:
    """Does ``text`` hold anything a reader would see (not only blanks and invisible marks)?"""
    return _VISIBLE.search(text) is not None


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
    if not has_visible_text(text):
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
    except ValueError as exc:  # e.g. Python's limit of 4,300 digits for an integer
        detail = "a number has too many digits" if "digits" in str(exc) else str(exc)
        return InputError(source, f"invalid JSON: {detail}")


def _depth_over(value: Any, limit: int) -> bool:
    """Is ``value`` (parsed JSON) nested more than ``limit`` levels deep? Iterative, so a
    hostile value cannot exhaust the stack while being measured."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _outlet_value(value: Any) -> Any:
    """``outlet`` as a record may give it: a name, or the contract's ``{"name", "id", ...}``
    object (so ``marsad analyze`` output can be read back as input)."""
    if isinstance(value, dict):
        for key in ("name", "id", "name_en"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key]
        return None
    return value


def record_to_document(record: Any, source: str) -> Document | InputError:
    """A Document from one JSON record, or the reason it is not a usable record."""
    if not isinstance(record, dict):
        return InputError(source, f"record is a JSON {type(record).__name__}, not an object with a \"text\" key")
    text = record.get("text")
    if not isinstance(text, str):
        return InputError(source, 'record has no "text" string')
    if not has_visible_text(text):
        return InputError(source, 'record "text" is empty')
    if is_trafilatura_record(record):
        record = from_trafilatura_record(record)
    meta: dict[str, Any] = {}
    for key, value in record.items():
        if key == "outlet":
            value = _outlet_value(value)
        if key == "text" or value is None:
            continue
        if _depth_over(value, MAX_RECORD_DEPTH):
            return InputError(source, f'record "{key}" is nested more than {MAX_RECORD_DEPTH} levels deep')
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


def _jsonl_documents(stream: BinaryIO, source: str, max_bytes: int,
                     total_limit: int | None = None) -> Iterator[Document | InputError]:
    """One record per line. ``total_limit`` bounds the bytes read from a stream (a FIFO or
    a device may never end, nor ever send a newline)."""
    seen_any = False
    consumed = 0

    def over_total() -> bool:
        return total_limit is not None and consumed > total_limit

    for lineno, line in enumerate(iter(lambda: stream.readline(max_bytes + 1), b""), 1):
        consumed += len(line)
        where = f"{source}#{lineno}"
        overlong = len(line) > max_bytes and not line.endswith(b"\n")
        if overlong:
            yield InputError(where, f"line longer than the {_human(max_bytes)} limit; skipped")
            # drain the rest of this overlong line
            while line and not line.endswith(b"\n") and not over_total():
                line = stream.readline(max_bytes + 1)
                consumed += len(line)
        if over_total():
            yield InputError(source, f"stream is over the {_human(total_limit or 0)} limit; the rest is not read")
            return
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if overlong or not line.strip():
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
    decoded = _decode_nonblank(data, source, "empty file (only whitespace or invisible characters)")
    if isinstance(decoded, InputError):
        return decoded
    text, encoding = decoded
    return Document(source=source, raw=scrub(text), meta={"encoding": encoding})


@dataclass(slots=True)
class Page:
    """An HTML file read and decoded but not parsed yet (``read_inputs(parse_html=False)``).

    ``raw`` is the markup and ``meta`` what the reader and the caller add (the encoding,
    ``--published``...); ``document()`` parses it into a Document, or says why it holds no
    article. Shaped like a Document where a batch runner looks (``source``, ``raw``,
    ``meta``), so a runner hashes and labels both alike."""

    source: str
    raw: str
    meta: dict[str, Any] = field(default_factory=dict)
    # metadata used where the page's own markup gives none (what a feed said of the page)
    defaults: dict[str, Any] = field(default_factory=dict)

    def document(self) -> Document | InputError:
        from marsad.io.html import MarkupError, parse_html  # lazy: text batches skip the HTML stack

        peak_before = _peak_address_space()
        try:
            page = parse_html(self.raw)
        except MarkupError as exc:
            return InputError(self.source, str(exc))
        except Exception as exc:  # a parser failure on hostile markup is a bad input, not a crash
            if _hit_memory_cap(peak_before):
                raise MemoryError("the HTML parser ran out of memory") from None
            return InputError(self.source, f"could not parse HTML ({type(exc).__name__})")
        if not has_visible_text(page.text):
            return InputError(self.source, "no article text found in the HTML")
        meta = {**self.defaults, **page.meta, **self.meta}
        doc = Document(source=self.source, raw=scrub(page.text), meta=meta)
        doc.url = doc.meta.get("url")
        return doc


def _peak_address_space() -> int | None:
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return None


def _hit_memory_cap(peak_before: int | None) -> bool:
    """Did the process just reach its address-space cap (``RLIMIT_AS``, set by a
    per-document budget)? lexbor reports a failed allocation as a plain parse failure."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ImportError, OSError):
        return False
    peak = _peak_address_space()
    if limit == resource.RLIM_INFINITY or peak is None or peak_before is None:
        return False
    return peak > peak_before and peak > 0.9 * limit


def _html_item(data: bytes, source: str, parse: bool) -> Document | Page | InputError:
    decoded = _decode_nonblank(data, source, "empty file (only whitespace or invisible characters)")
    if isinstance(decoded, InputError):
        return decoded
    html, encoding = decoded
    page = Page(source, scrub(html), {"encoding": encoding})
    return page.document() if parse else page


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a regular file"


def _read_limited(fh: BinaryIO, size: int, source: str, max_bytes: int) -> bytes | InputError:
    if size > max_bytes:
        return InputError(source, f"file is {_human(size)}, over the {_human(max_bytes)} limit (set MARSAD_MAX_BYTES to raise it)")
    data = fh.read(max_bytes + 1)  # a stream, or a file that grew, stops here too
    if len(data) > max_bytes:
        return InputError(source, f"file is over the {_human(max_bytes)} limit")
    return data


Item = Document | Page | InputError


def read_file(path: Path, *, max_bytes: int | None = None, parse_html: bool = True,
              allow_stream: bool = False) -> Iterator[Item]:
    """Every Document (or InputError) in one file, chosen by its extension.

    Only regular files are read, and streams (a FIFO, ``/dev/fd/N``) when ``allow_stream``
    (named on the command line); devices never."""
    limit = max_input_bytes() if max_bytes is None else max_bytes
    source = display_path(path)
    suffix = path.suffix.lower()
    try:
        mode = path.stat().st_mode
        regular = stat.S_ISREG(mode)
        if not regular and not (allow_stream and stat.S_ISFIFO(mode)):
            yield InputError(source, f"{_file_kind(mode)}, not a regular file; not read")
            return
        with path.open("rb") as fh:
            if suffix in JSONL_SUFFIXES:
                yield from _jsonl_documents(fh, source, limit, total_limit=None if regular else limit)
                return
            size = os.fstat(fh.fileno()).st_size if regular else 0
            data = _read_limited(fh, size, source, limit)
    except OSError as exc:
        yield InputError(source, _os_reason(exc))
        return
    if isinstance(data, InputError):
        yield data
        return
    if not data:
        yield InputError(source, "empty file")
        return
    if suffix in JSON_SUFFIXES:
        yield from _json_documents(data, source)
    elif suffix in XML_SUFFIXES:
        try:
            yield record_to_document(xml_record(data), source)
        except XmlFormatError as exc:
            yield InputError(source, str(exc))
    elif suffix in HTML_SUFFIXES:
        yield _html_item(data, source, parse_html)
    else:
        yield _text_document(data, source)


def iter_files(root: Path) -> Iterator[Path | InputError]:
    """Supported files under ``root``, recursively, in sorted order; unreadable dirs reported."""
    errors: list[InputError] = []

    def onerror(exc: OSError) -> None:
        errors.append(InputError(display_path(exc.filename or root), _os_reason(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames.sort()
        yield from errors
        errors.clear()
        for name in sorted(filenames):
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                yield Path(dirpath) / name
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    yield from errors


def _read_stdin(max_bytes: int, parse_html: bool) -> Iterator[Item]:
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
        yield _html_item(data, source, parse_html)
    else:
        yield _text_document(data, source)


def _is_single_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def _guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """``items``, ending with an InputError instead of an exception: an unforeseen failure
    of a reader on one hostile file must not stop the batch."""
    try:
        yield from items
    except Exception as exc:
        yield InputError(source, f"internal error while reading ({type(exc).__name__}: {exc}); please report it")


def read_inputs(paths: Iterable[str], *, max_bytes: int | None = None,
                parse_html: bool = True) -> Iterator[Item]:
    """Documents and InputErrors for every path given (files, directories or ``-``).

    With ``parse_html=False`` an HTML file is yielded as a ``Page`` to parse later."""
    limit = max_input_bytes() if max_bytes is None else max_bytes
    for p in paths:
        if p == "-":
            yield from _guarded(_read_stdin(limit, parse_html), "<stdin>")
            continue
        path = Path(p)
        source = display_path(p)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            yield InputError(source, _os_reason(exc))
            continue
        if stat.S_ISDIR(mode):
            if not os.access(path, os.R_OK | os.X_OK):
                yield InputError(source, "permission denied (directory)")
                continue
            found = False
            for item in iter_files(path):
                if isinstance(item, InputError):
                    yield item
                else:
                    found = True
                    yield from _guarded(read_file(item, max_bytes=limit, parse_html=parse_html),
                                        display_path(item))
            if not found:
                yield InputError(source, "no .txt, .html, .htm, .json, .jsonl or .xml files in this directory")
        else:
            yield from _guarded(read_file(path, max_bytes=limit, parse_html=parse_html,
                                          allow_stream=True), source)
