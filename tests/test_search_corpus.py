"""Search: spelling- and clitic-insensitive, ranked, with highlighted snippets."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import CliRunner

from corpus_helpers import make_doc
from marsad.cli import main
from marsad.store import Store

A = "وصلت تعزيزات عسكرية لسجن الصناعة في حي غويران بعد منتصف الليل."
B = "تحدث الأهالي عن ازدحام في سوق الخضار وارتفاع أسعار الخبز."
C = "قال مسؤول إن إدارة السّجن أغلقت البوابة الرئيسية وأن الصناعة المحلية تضررت."


def _store(location: str) -> Store:
    store = Store(location)
    store.add_documents([make_doc(A, title="تعزيزات"), make_doc(B), make_doc(C)])
    return store


def test_clitic_and_spelling_insensitive(make_db: Callable[..., str]) -> None:
    store = _store(make_db())
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
    # a lone proclitic in a query is tried both ways; the literal form ranks first
    res = store.search("لسجن")
    assert res["total"] == 2 and res["items"][0]["id"] == make_doc(A)["id"]
    assert store.search("")["total"] == 0


def test_search_cli_json(make_db: Callable[..., str]) -> None:
    location = make_db()
    _store(location).close()
    out = CliRunner().invoke(main, ["search", "سجن الصناعة", "--db", location,
                                    "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["total"] >= 1 and data["items"][0]["score"] >= 0


D = "قال الأهالي إن سجونهم مكتظة وإن أبناءنا ينتظرون المحاكمة منذ سنوات في لبنان."
E = "زار الوفد سجون المنطقة الشرقية والتقى بأبنائه في الباب الشمالي."


def test_proclitics_and_enclitics_as_alternatives(make_db: Callable[..., str]) -> None:
    store = Store(make_db())
    store.add_documents([make_doc(D), make_doc(E), make_doc(B)])
    d_id, e_id = make_doc(D)["id"], make_doc(E)["id"]
    assert {i["id"] for i in store.search("سجون")["items"]} == {d_id, e_id}  # سجونهم -> سجون
    assert {i["id"] for i in store.search("سجونهم")["items"]} == {d_id, e_id}
    assert {i["id"] for i in store.search("وسجونهم")["items"]} == {d_id, e_id}
    assert {i["id"] for i in store.search("ابناءنا")["items"]} == {d_id}  # نا
    # a word that only looks like proclitic + stem still finds itself
    assert [i["id"] for i in store.search("لبنان")["items"]] == [d_id]
    assert [i["id"] for i in store.search("بالباب")["items"]] == [e_id]


def test_quoted_phrase_needs_the_words_in_order(make_db: Callable[..., str]) -> None:
    store = _store(make_db())
    a_id, c_id = make_doc(A)["id"], make_doc(C)["id"]
    # unquoted: both documents hold both words (C: «السّجن» ... «الصناعة»)
    assert {i["id"] for i in store.search("سجن الصناعة")["items"]} == {a_id, c_id}
    for q in ('"سجن الصناعة"', "«سجن الصناعة»", "“سجن الصناعة”", '"سجن الصناعة" غويران'):
        res = store.search(q)
        assert [i["id"] for i in res["items"]] == [a_id], q
        assert res["total"] == 1
    assert store.search('"الصناعة سجن"')["total"] == 0  # order matters


def test_search_index_rebuilt_when_stemming_changes(make_db: Callable[..., str]) -> None:
    location = make_db()
    store = Store(location)
    store.add_documents([make_doc(A), make_doc(B)])
    # simulate a database indexed by an older stemming: empty index, old version
    if store.backend == "sqlite":
        store.conn.execute("INSERT INTO doc_fts(doc_fts) VALUES ('delete-all')")
    else:
        store.conn.execute("DELETE FROM doc_fts")
        store.conn.execute("DELETE FROM doc_fts_totals")
    store.conn.execute("UPDATE meta SET value = '1' WHERE key = 'fts_terms_version'")
    store.close()
    assert Store(location, readonly=True).search("الصناعة")["total"] == 0
    reopened = Store(location)  # re-indexed on open
    assert reopened.search("الصناعة")["total"] == 1
    assert reopened.integrity_check() == "ok"
