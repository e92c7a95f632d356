"""The language classifier (py3langid), loaded cheaply.

py3langid keeps its model LZMA-compressed: loading it decompresses ~70 MB and builds Python
arrays and lists from it, ~0.5-0.9 s and ~108 MB in every process that meets one text
needing it (a Persian letter is enough). Here the model is decompressed once into the cache
directory (``marsad.compiled.cache_dir``, keyed by the model file's hash) as plain ``.npy``
arrays, and every process maps them read-only: a load costs a few milliseconds, the pages
are shared between processes through the page cache, and only the pages a text touches are
read. The classifier is py3langid's own ``LanguageIdentifier`` over those arrays, so the
answers are the same; without a writable cache directory the model is loaded as py3langid
does it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

_ARRAYS = ("ptc", "pc", "nextmove", "rowbase", "out_feat")
_LOCK = threading.Lock()
_IDENTIFIER: Any = None


def classify(text: str) -> str:
    """ISO 639-1 code py3langid gives ``text``."""
    return str(identifier().classify(text)[0])


def identifier() -> Any:
    global _IDENTIFIER
    with _LOCK:
        if _IDENTIFIER is None:
            _IDENTIFIER = _mapped_identifier() or _plain_identifier()
        return _IDENTIFIER


def _plain_identifier() -> Any:
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)


def _model_path() -> Path:
    import py3langid.langid as langid

    return Path(langid.MODEL_DIR) / langid.MODEL_FILE


def _mapped_identifier() -> Any:
    from marsad.compiled import cache_dir

    base = cache_dir()
    if base is None:
        return None
    try:
        model = _model_path()
        digest = hashlib.blake2b(model.read_bytes(), digest_size=12).hexdigest()
        folder = base / f"langid-{digest}"
        if not all((folder / f"{name}.npy").exists() for name in _ARRAYS):
            _unpack(model, folder)
        return _load(folder)
    except (OSError, ValueError):
        return None


def _unpack(model: Path, folder: Path) -> None:
    """Decompress the model into ``folder`` (each array written whole, then renamed)."""
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, out_feat = load_model(model)
    arrays = {
        "ptc": np.ascontiguousarray(ptc),
        "pc": np.asarray(pc),
        "nextmove": np.frombuffer(nextmove, dtype=np.uint32 if nextmove.itemsize == 4 else np.uint16
                                  ).copy() if not isinstance(nextmove, np.ndarray) else nextmove,
        # the state -> row offset table py3langid computes on every load
        "rowbase": np.asarray(row, dtype=np.int64) << 8,
        "out_feat": np.asarray(out_feat, dtype=np.int32),
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "classes.txt").write_text("\n".join(classes), encoding="utf-8")
    for name, arr in arrays.items():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".tmp-{name}-", suffix=".npy")
        try:
            with os.fdopen(fd, "wb") as f:
                np.save(f, arr, allow_pickle=False)
            os.replace(tmp, folder / f"{name}.npy")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _load(folder: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
              for name in _ARRAYS}
    classes = (folder / "classes.txt").read_text(encoding="utf-8").split("\n")
    ident = LanguageIdentifier.__new__(LanguageIdentifier)
    ident.min_confidence = None
    ident.nb_ptc = arrays["ptc"]
    ident.nb_pc = np.array(arrays["pc"])
    ident.nb_classes = classes
    ident.tk_nextmove = arrays["nextmove"]
    ident.tk_row = None  # only used through _rowbase
    ident._rowbase = arrays["rowbase"]
    ident.tk_output = arrays["out_feat"]
    ident._norm_probs = False
    ident._full_model = ident.nb_ptc, ident.nb_pc, classes
    ident._set_alias_pairs()
    return ident
