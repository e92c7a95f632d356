"""Text reuse: copies found with exact spans, direction and reason; stock phrases ignored."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus_helpers import make_doc
from marsad.corpus.build import rebuild
from marsad.corpus.reuse.detect import MIN_ANCHOR, compare, find_reuse
from marsad.corpus.reuse.signatures import minhash_bytes

ORIGINAL = (
    "أعلنت الإدارة المحلية في المدينة صباح اليوم عن افتتاح جسر جديد فوق النهر بعد أشهر طويلة "
    "من الأعمال المتواصلة، وقال مدير المشروع إن الجسر سيخفف الازدحام في الشوارع الرئيسية "
    "ويختصر زمن الوصول إلى المستشفى العام بنحو عشرين دقيقة، مضيفاً أن كلفة المشروع بلغت "
    "ثلاثة ملايين دولار جرى تأمينها من موازنة البلدية ومن تبرعات أهالي الأحياء الشرقية. "
    "وأشار إلى أن الأعمال ستستمر في الطرق المؤدية إلى الجسر حتى نهاية الشهر المقبل."
)
COPY = (
    "نقلت صحيفة النهار المحلية أن الإدارة المحلية في المدينة أعلنت عن افتتاح جسر جديد. "
    "وقال مدير المشروع إن الجسر سيخفف الازدحام في الشوارع الرئيسية ويختصر زمن الوصول إلى "
    "المستشفى العام بنحو عشرين دقيقة، مضيفاً أن كلفة المشروع بلغت ثلاثة ملايين دولار جرى "
    "تأمينها من موازنة البلدية ومن تبرعات أهالي الأحياء الشرقية. وفي سياق آخر، شهدت المدينة "
    "أمطاراً غزيرة أدت إلى إغلاق عدد من المدارس."
)


def test_copy_found_with_spans_and_citation_direction() -> None:
    a = make_doc(ORIGINAL, outlet=("al_nahar_test", "النهار"), published="2023-03-02")
    b = make_doc(COPY, outlet=("other_site", "موقع آخر"), published="2023-03-01")
    r = compare(b, a)  # order of the arguments does not matter
    assert r is not None
    assert (r["a"], r["b"]) == (a["id"], b["id"])
    # the citation («نقلت صحيفة النهار») wins over the (misleading) publication dates
    assert r["direction"] == "a->b"
    assert r["why"].startswith("citation") and "al_nahar_test" in r["why"]
    # every span quotes the shared passage in each document's own text
    assert len(r["a_spans"]) == len(r["b_spans"]) == 1
    (as_, ae), (bs, be) = r["a_spans"][0], r["b_spans"][0]
    assert ORIGINAL[as_:ae] == COPY[bs:be]
    assert COPY[bs:be].startswith("وقال مدير المشروع") and COPY[bs:be].endswith("الأحياء الشرقية")
    assert 0.5 < r["share"] < 0.8


def test_direction_from_publication_date_then_null() -> None:
    a = make_doc(ORIGINAL, published="2023-03-01")
    b = make_doc(COPY.replace("نقلت صحيفة النهار المحلية أن", "قالت مصادر إن"), published="2023-03-04")
    r = compare(b, a)
    assert r is not None and r["direction"] == "a->b"
    assert r["why"] == "earlier publication: a 2023-03-01 < b 2023-03-04"
    r = compare(make_doc(ORIGINAL), make_doc(COPY.replace("نقلت صحيفة النهار المحلية أن", "")))
    assert r is not None and r["direction"] is None


def test_stock_phrase_and_quoted_statement_are_not_reuse() -> None:
    stock = "قوات سوريا الديمقراطية قسد المدعومة من التحالف الدولي"  # 8 words
    statement = ("«إن قواتنا تمكنت من إحباط محاولة الهجوم على السجن وإعادة السيطرة الكاملة على "
                 "جميع مهاجع السجن بعد اشتباكات استمرت ساعات طويلة مع الخلايا المهاجمة»")
    a = make_doc(f"قالت {stock} في بيان: {statement} وأضاف البيان أن الوضع مستقر. "
                 "وكانت الاشتباكات قد بدأت ليلة أمس في الحي الجنوبي من المدينة.")
    b = make_doc(f"أصدرت {stock} بياناً جاء فيه {statement} ويأتي ذلك بعد أيام من "
                 "التوتر الأمني في المنطقة وسط تحليق للطيران.")
    assert len(statement.split()) > MIN_ANCHOR
    assert compare(a, b) is None


def test_lsh_candidates_never_all_pairs() -> None:


    rng = random.Random(7)
    docs = {f"d{i}": make_doc(f"خبر رقم {i} " + " ".join(f"كلمة{rng.randrange(3000)}" for _ in range(80)))
            for i in range(60)}
    docs["copy"] = make_doc(docs["d3"]["text"] + " وأضاف المصدر أن التحقيق مستمر")
    sigs = [(k, minhash_bytes(d["text"])) for k, d in docs.items()]
    loaded: list[str] = []

    def load(k: str) -> dict:
        loaded.append(k)
        return docs[k]

    found = list(find_reuse(sigs, load))
    assert [(r["a"], r["b"]) for r in found] == [(docs["copy"]["id"], docs["d3"]["id"])]
    assert len(set(loaded)) < 10  # only candidates were aligned


SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def test_seeds_000_001_copy_with_citation() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    from marsad.pipeline import analyze_text

    t0 = next(SEEDS.glob("000_*.txt")).read_text("utf-8")
    t1 = next(SEEDS.glob("001_*.txt")).read_text("utf-8")
    d0, d1 = analyze_text(t0).to_dict(), analyze_text(t1).to_dict()
    if not (d0.get("outlet") or {}).get("id"):
        pytest.xfail("metadata stage does not yet tell that seed 000 is al-Watan's (outlet null)")
    r = compare(d0, d1)
    assert r is not None
    assert (r["a"], r["b"], r["direction"]) == (d0["id"], d1["id"], "a->b")
    assert r["why"].startswith("citation") and "al_watan" in r["why"]
    for (s, e), (bs, be) in zip(r["a_spans"], r["b_spans"], strict=True):
        assert e - s > 50 and be - bs > 50


def _random_text(rng: random.Random, n: int) -> list[str]:
    return [f"كلمة{rng.randrange(20000)}" for _ in range(n)]


def test_passage_copied_into_a_longer_article_is_found() -> None:
    """A 40-word passage inside two 500-word texts: MinHash of the whole texts cannot see it
    (Jaccard ~0.04), the winnowed fingerprints do."""


    from marsad.corpus.reuse.candidates import candidate_pairs
    from marsad.corpus.reuse.signatures import sketch_bytes

    rng = random.Random(11)
    docs = {f"d{i}": make_doc(" ".join(_random_text(rng, 500))) for i in range(40)}
    src = docs["d5"]["text"].split()
    copy_words = _random_text(rng, 250) + src[100:140] + _random_text(rng, 250)
    docs["copy"] = make_doc(" ".join(copy_words))
    sketches = {k: sketch_bytes(d["text"]) for k, d in docs.items()}
    sigs = [(k, v[0]) for k, v in sketches.items()]
    fps = [(k, v[1]) for k, v in sketches.items()]
    assert ("copy", "d5") not in {tuple(sorted(p, reverse=True)) for p in candidate_pairs(sigs)}
    found = list(find_reuse(sigs, docs.get, fingerprints=fps))
    assert len(found) == 1
    r = found[0]
    assert {r["a"], r["b"]} == {docs["copy"]["id"], docs["d5"]["id"]}
    a_text = docs["d5"]["text"] if r["a"] == docs["d5"]["id"] else docs["copy"]["text"]
    (s, e), = r["a_spans"]
    assert a_text[s:e] == " ".join(src[100:140])
    # incremental: only pairs involving the new document are proposed
    assert [tuple(sorted(p)) for p in candidate_pairs(sigs, {"copy"}, fps)] == [("copy", "d5")]
    assert list(candidate_pairs(sigs, {"d7"}, fps)) == []


def test_fingerprints_guarantee_shared_runs_of_twenty_words() -> None:


    import numpy as np

    from marsad.corpus.reuse.candidates import MIN_SHARED_FP
    from marsad.corpus.reuse.signatures import fingerprint_bytes

    rng = random.Random(3)
    for _ in range(200):
        shared = _random_text(rng, 20)
        a = _random_text(rng, rng.randrange(0, 300)) + shared + _random_text(rng, 50)
        b = _random_text(rng, rng.randrange(0, 300)) + shared + _random_text(rng, 50)
        fa = np.frombuffer(fingerprint_bytes(" ".join(a)), dtype=np.uint64)
        fb = np.frombuffer(fingerprint_bytes(" ".join(b)), dtype=np.uint64)
        assert len(np.intersect1d(fa, fb)) >= MIN_SHARED_FP


def test_store_backfills_fingerprints_of_older_databases(make_db: Callable[..., str]) -> None:
    from marsad.store import Store

    rng = random.Random(5)
    original = make_doc(" ".join(_random_text(rng, 400)))
    copy = make_doc(" ".join(_random_text(rng, 200) + original["text"].split()[50:100]
                             + _random_text(rng, 200)))
    path = make_db()
    old = Store(path)
    old.add_documents([original, copy])
    old.conn.execute("UPDATE documents SET fingerprints = NULL")  # as stored by schema 1
    old.close()
    store = Store(path)
    rebuild(store)
    assert store.stats()["reuse_pairs"] == 1
    assert store.conn.execute("SELECT count(*) FROM documents WHERE fingerprints IS NULL").fetchone()[0] == 0
