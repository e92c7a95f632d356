"""Read inputs (files, directories, stdin) into Documents. (Minimal version: .txt only.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.document import Document


@dataclass(slots=True)
class InputError:
    """A file or record that could not be read; ``source`` names it, ``reason`` says why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read_inputs(paths: Iterable[str]) -> Iterator[Document | InputError]:
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield InputError(p, "no such file or directory")
            continue
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for f in files:
            yield Document(source=str(f), raw=f.read_text(encoding="utf-8"))
