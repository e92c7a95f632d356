"""Output files written safely: all or nothing, and never over an input.

``atomic_output(path)`` writes to a hidden temporary file beside ``path`` and renames it over
``path`` only when the writing finished: a command that fails (a bad option found late, a
full disk, Ctrl-C, a crash) leaves the old file as it was, and a reader never sees half a
file. ``output_clash(path, inputs)`` says why an output file would destroy an input (the same
file, or a file the input directory walk would read).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from marsad.io.readers import SUPPORTED_SUFFIXES, display_path


@contextlib.contextmanager
def atomic_output(path: str, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A text file to write ``path`` through; ``path`` is replaced when the block ends
    without an exception (its permissions kept), untouched otherwise."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, os.stat(target).st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def output_clash(path: str, inputs: Iterable[str]) -> str | None:
    """Why writing ``path`` would destroy or re-read an input, or None."""
    if path == "-" or not os.path.exists(path):
        return None
    out = os.path.realpath(path)
    for p in inputs:
        if p == "-" or not os.path.exists(p):
            continue
        if os.path.isdir(p):
            inside = os.path.commonpath([os.path.realpath(p), out]) == os.path.realpath(p)
            if inside and Path(out).suffix.lower() in SUPPORTED_SUFFIXES:
                return (f"{display_path(path)} is inside the input directory {display_path(p)}: "
                        "it would be read as an input and overwritten; write it elsewhere")
        elif os.path.samefile(p, path):
            return f"{display_path(path)} is also an input: writing it would erase it; write it elsewhere"
    return None
