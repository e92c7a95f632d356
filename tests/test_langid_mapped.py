"""The memory-mapped language model gives py3langid's answers, loaded in milliseconds."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from marsad.io import langid

SAMPLES = [
    "این یک متن فارسی است که برای آزمایش نوشته شده است",
    "ئەمە دەقێکی کوردییە بۆ تاقیکردنەوە",
    "یہ اردو زبان میں ایک جملہ ہے",
    "The quick brown fox jumps over the lazy dog",
    "Le chat est sur la table de la cuisine",
    "هذا نص عربي قصير",
    "12345 !!",
]


def test_mapped_model_equals_py3langid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(langid, "_IDENTIFIER", None)
    first = langid.identifier()  # decompresses the model into the cache directory
    assert isinstance(first.nb_ptc, np.memmap)
    monkeypatch.setattr(langid, "_IDENTIFIER", None)
    t0 = time.perf_counter()
    mapped = langid.identifier()
    assert time.perf_counter() - t0 < 0.5  # mapped, not decompressed again
    plain = langid._plain_identifier()
    for text in SAMPLES:
        got, want = mapped.classify(text), plain.classify(text)
        assert got[0] == want[0]
        assert got[1] == pytest.approx(want[1], abs=1e-3)


def test_without_a_cache_directory_py3langid_loads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", "off")
    monkeypatch.setattr(langid, "_IDENTIFIER", None)
    assert langid.classify(SAMPLES[0]) == "fa"
    monkeypatch.setattr(langid, "_IDENTIFIER", None)
