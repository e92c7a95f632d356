"""The reuse rebuild aligns candidate pairs in worker processes with the same result."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from marsad.corpus import build
from marsad.pipeline import analyze_text
from marsad.store import Store


def _docs() -> list[dict]:
    base = ("قالت قوات سوريا الديمقراطية في بيان إن خلية تابعة لتنظيم داعش هاجمت سجن الصناعة في "
            "حي غويران بمدينة الحسكة فجر الخميس وإن الاشتباكات استمرت حتى ساعات الصباح وأسفرت عن "
            "مقتل عدد من العناصر وفرار عدد من السجناء قبل أن تعيد القوات السيطرة على المنطقة بالكامل")
    out = []
    for i in range(12):
        text = f"خبر رقم {i}. " + base + f" وأضاف المصدر أن {i + 3} سجناء أعيد اعتقالهم. نهاية {i}"
        out.append(analyze_text(text, published=f"2022-01-{21 + i % 5:02d}", source=f"d{i}").to_dict())
    return out


def _reuse(db: Path) -> list[tuple]:
    c = sqlite3.connect(db)
    rows = sorted(c.execute("SELECT * FROM reuse").fetchall())
    c.close()
    return rows


def test_parallel_alignment_gives_the_same_pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _docs()
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    with Store(serial) as s:
        s.add_documents(docs)
        build.rebuild(s, jobs=1)
    monkeypatch.setattr(build, "PARALLEL_ALIGN_MIN", 1)
    monkeypatch.setattr(build, "_ALIGN_CHUNK", 3)
    with Store(parallel) as s:
        s.add_documents(docs)
        t = build.rebuild(s, jobs=2)
    assert t["reuse_candidates"] >= 12
    assert _reuse(serial) == _reuse(parallel)
    assert len(_reuse(serial)) >= 30
    assert json.loads(_reuse(serial)[0][5])  # spans were stored
