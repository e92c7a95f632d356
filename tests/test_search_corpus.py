"""Search: spelling- and clitic-insensitive, ranked, with highlighted snippets."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from corpus_helpers import make_doc
from marsad.cli import main
from marsad.store import Store

A = "وصلت تعزيزات عسكرية لسجن الصناعة في حي غويران بعد منتصف الليل."
B = "تحدث الأهالي عن ازدحام في سوق الخضار وارتفاع أسعار الخبز."
C = "قال مسؤول إن إدارة السّجن أغلقت البوابة الرئيسية وأن الصناعة المحلية تضررت."


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "s.db")
    store.add_documents([make_doc(A, title="تعزيزات"), make_doc(B), make_doc(C)])
    return store


def test_clitic_and_spelling_insensitive(tmp_path: Path) -> None:
    store = _store(tmp_path)
    res = store.search("سجن الصناعة")
    ids = [i["id"] for i in res["items"]]
    assert ids[0] == make_doc(A)["id"]  # «لسجن الصناعة»: both words, close together
    assert make_doc(B)["id"] not in ids
    snip = res["items"][0]["snippet"]
    assert "\x02لسجن\x03 \x02الصناعة\x03" in snip
    # ta marbuta / hamza / diacritics folded in the query too
    assert store.search("سجن الصناعه")["total"] == res["total"]
    assert store.search("السِّجن")["total"] == 2
    assert store.search("بالسجن")["total"] == 2  # the article and its proclitics are dropped
    assert store.search("لسجن")["total"] == 1  # a lone proclitic in a query stays literal
    assert store.search("")["total"] == 0


def test_search_cli_json(tmp_path: Path) -> None:
    _store(tmp_path).close()
    out = CliRunner().invoke(main, ["search", "سجن الصناعة", "--db", str(tmp_path / "s.db"),
                                    "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["total"] >= 1 and data["items"][0]["score"] >= 0
