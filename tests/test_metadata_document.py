"""Document-level metadata: title, publisher (not a quoted outlet), author, dateline, published,
language — on invented fixtures and on the real seeds/corpus (read from ../shared)."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.document import Document
from marsad.io.clean import clean
from marsad.io.metadata import detect_language, extract_metadata
from marsad.kb.outlets import load_outlets, outlet_for_url, resolve_outlet
from marsad.pipeline import analyze, analyze_text

BODY = (
    "أعلنت الإدارة المحلية اليوم عن نقل مجموعة من المحتجزين إلى مركز جديد، وقالت إن العملية جرت دون حوادث.\n"
    "وأضاف متحدث باسم الإدارة أن المركز الجديد مجهز بالكامل، وأن عمليات نقل أخرى ستجري خلال الأسابيع المقبلة."
)


def meta_of(raw: str, **meta: Any) -> Document:
    return detect_language(extract_metadata(clean(Document(source="t", raw=raw, meta=dict(meta)))))


# -- title -------------------------------------------------------------------------------


def test_title_from_first_headline_line_is_removed_from_text() -> None:
    doc = meta_of("نقل محتجزين إلى مركز جديد في المدينة\n\n" + BODY)
    assert doc.title == "نقل محتجزين إلى مركز جديد في المدينة"
    assert doc.text == BODY
    assert doc.title in doc.removed


def test_record_title_wins_and_its_copy_in_the_text_goes() -> None:
    doc = meta_of("نقل محتجزين إلى مركز جديد\n" + BODY, title="نقل محتجزين إلى مركز جديد")
    assert doc.title == "نقل محتجزين إلى مركز جديد"
    assert doc.text == BODY


def test_no_title_when_the_text_starts_with_a_paragraph() -> None:
    assert meta_of(BODY).title is None


def test_exclusive_prefix_is_not_part_of_the_title_but_names_the_publisher() -> None:
    doc = meta_of("خاص لـ عنب بلدي|| نقل محتجزين إلى مركز جديد\n" + BODY)
    assert doc.title == "نقل محتجزين إلى مركز جديد"
    assert doc.outlet is not None and doc.outlet.id == "enab_baladi"


# -- publisher -----------------------------------------------------------------------------


def test_quoted_outlet_is_not_the_publisher() -> None:
    raw = "نقلت صحيفة الوطن عن مصدر محلي قوله إن عمليات النقل جرت ليلا وسط إجراءات أمنية مشددة في المنطقة.\n" + BODY
    assert meta_of(raw).outlet is None
    raw = "وبحسب وكالة سانا فإن عمليات النقل جرت ليلا وسط إجراءات أمنية مشددة في المنطقة المحيطة بالمركز.\n" + BODY
    assert meta_of(raw).outlet is None


def test_source_speaking_to_the_outlet_by_bare_name_is_self_reference() -> None:
    raw = "وقال مصدر محلي لـ«الوطن» إن عمليات النقل جرت ليلا وسط إجراءات أمنية مشددة في المنطقة.\n" + BODY
    doc = meta_of(raw)
    assert doc.outlet is not None and doc.outlet.id == "al_watan"


def test_own_correspondent_repeated_is_self_reference() -> None:
    raw = (
        "أفاد مراسل \"أثر\" بأن عمليات النقل جرت ليلا وسط إجراءات أمنية مشددة في المنطقة المحيطة.\n"
        "وأكد مراسل \"أثر\" أن الطرق أعيد فتحها صباحا بعد انتهاء العملية دون تسجيل أي حوادث."
    )
    doc = meta_of(raw)
    assert doc.outlet is not None and doc.outlet.id == "athr_press"
    # one mention by another outlet's correspondent is quoting, not publishing
    assert meta_of("وذكر مراسل سانا في المدينة أن عمليات النقل جرت ليلا وسط إجراءات أمنية مشددة.\n" + BODY).outlet is None


def test_byline_and_inline_dateline_name_the_publisher_and_place() -> None:
    doc = meta_of("شفق نيوز- بغداد\n\n" + BODY)
    assert doc.outlet is not None and doc.outlet.id == "shafaq_news"
    assert doc.dateline == "بغداد"
    assert not doc.text.startswith("شفق")
    doc = meta_of("أربيل (كوردستان24)- " + BODY)
    assert doc.outlet is not None and doc.outlet.id == "kurdistan24" and doc.dateline == "أربيل"
    doc = meta_of("QAMISHLI, Syria (North Press) – Local officials said on Tuesday that a group of detainees was moved to a new centre without incident.")
    assert doc.outlet is not None and doc.outlet.id == "north_press" and doc.dateline == "QAMISHLI"
    assert doc.language == "en"


def test_record_outlet_wins_and_unknown_names_are_kept_bare() -> None:
    doc = meta_of("شفق نيوز- بغداد\n\n" + BODY, outlet="Rudaw")
    assert doc.outlet is not None and doc.outlet.id == "rudaw" and doc.outlet.name_en == "Rudaw"
    doc = meta_of(BODY, outlet="Some Local Blog")
    assert doc.outlet is not None and doc.outlet.id is None and doc.outlet.name == "Some Local Blog"


def test_url_domain_is_the_last_resort() -> None:
    doc = meta_of(BODY, url="https://www.enabbaladi.net/archives/123")
    assert doc.outlet is not None and doc.outlet.id == "enab_baladi"


def test_outlets_table_is_large_and_resolves_written_forms() -> None:
    outlets = load_outlets()
    assert len(outlets) >= 50
    assert len({o.id for o in outlets}) == len(outlets)
    for name, oid in (
        ("صحيفة الوطن", "al_watan"), ("الوطن السورية", "al_watan"), ("شبكة الشرقية 24", "alsharqiya24"),
        ("وكالة هاوار", "hawar"), ("ANHA", "hawar"), ("North Press Agency", "north_press"),
        ("كردستان 24", "kurdistan24"), ("قناة الجزيرة", "al_jazeera"), ("المرصد السوري لحقوق الإنسان", "sohr"),
        ("فرانس برس", "afp"), ("Reuters", "reuters"), ("وكالة الأناضول", "anadolu"), ("سكاي نيوز عربية", "sky_news_arabia"),
        ("BBC Arabic", "bbc_arabic"), ("روسيا اليوم", "rt_arabic"), ("شينخوا", "xinhua"), ("أسوشيتد برس", "ap"),
    ):
        entry = resolve_outlet(name)
        assert entry is not None and entry.id == oid, name
    assert outlet_for_url("https://news.aawsat.com/x").id == "asharq_al_awsat"  # type: ignore[union-attr]
    assert outlet_for_url("not a url") is None


def test_every_written_form_and_domain_names_one_outlet() -> None:
    """No outlet's name, alias or English name is taken by an earlier entry (``--outlet ID``
    goes through the name), and no domain serves two outlets."""
    outlets = load_outlets()
    shadowed = [(o.id, form) for o in outlets for form in o.forms if getattr(resolve_outlet(form), "id", None) != o.id]
    assert shadowed == []
    domains = [d for o in outlets for d in o.domains]
    assert len(domains) == len(set(domains))


def test_record_outlet_with_domain_wire_and_cited_source_in_parentheses() -> None:
    def oid(name: str) -> str | None:
        return getattr(resolve_outlet(name), "id", None)

    assert oid("الوحدة (alwahdanews.ae, dpa)") == "alwahdanews_ae"  # the domain among the parts
    assert oid("Yemen Video (yemenvideo.com; Al-Hadath report)") == "yemen_video"
    assert oid("قناة العالم (alalam.ir, citing سانا)") == "al_alam"  # the name first
    # the outlet is unknown by name: its domain, never the source it cites
    assert oid("أنصار الله (ansarollah.com.ye, citing الميادين)") == "ansarollah"
    assert oid("Some Local Blog (citing SANA)") is None
    assert oid("The Japan Times (AFP)") == "afp"  # a wire credited alone is the author
    # a name that is also an ordinary phrase resolves as a whole name
    assert oid("الإمارات اليوم (emaratalyoum.com)") == "emarat_alyoum" and oid("The Federal") == "the_federal"


def test_url_of_a_mirror_or_an_archive_of_several_papers() -> None:
    assert getattr(outlet_for_url("https://aajae.co/politics/x"), "id", None) == "al_araby_al_jadeed"
    assert getattr(outlet_for_url("https://sauress.com/alriyadh/2031238"), "id", None) == "al_riyadh"
    assert getattr(outlet_for_url("https://www.sauress.com/almadina/1"), "id", None) == "al_madina"
    assert outlet_for_url("https://sauress.com/some-other-paper/1") is None  # the archive is no outlet
    assert outlet_for_url("https://sauress.com/") is None


def test_record_naming_the_site_takes_the_outlet_of_the_page() -> None:
    # «الرياض (via sauress.com)»: the record names the archive the page came from
    doc = meta_of(BODY, outlet="الرياض (via sauress.com)", url="https://sauress.com/alriyadh/2031238")
    assert doc.outlet is not None and doc.outlet.id == "al_riyadh"
    doc = meta_of(BODY, outlet="sarmady.net", url="https://amay1.sarmady.net//news/detailsamp/1")
    assert doc.outlet is not None and doc.outlet.id == "al_masry_al_youm"
    # a name that does not write the page's host stays the record's (or the user's) word
    doc = meta_of(BODY, outlet="Some Local Blog", url="https://www.syria.tv/107527")
    assert doc.outlet is not None and doc.outlet.id is None and doc.outlet.name == "Some Local Blog"


def test_corpus_record_outlets_and_urls_resolve(corpus_records: list[dict[str, Any]]) -> None:
    unresolved = [r["outlet"] for r in corpus_records if resolve_outlet(r["outlet"]) is None and outlet_for_url(r["url"]) is None]
    assert unresolved == []


# -- author, dateline, published -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("الاثنين، ٢٠ يونيو ٢٠٢٢", "2022-06-20"),
        ("الخميس 20 كانون الثاني 2022", "2022-01-20"),
        ("١٩ آب/أغسطس ٢٠١٩", "2019-08-19"),
        ("08-09-2024", "2024-09-08"),
        ("2024.01.16 | 10:12", "2024-01-16"),
        ("نشر في: 3 جانفي 2021", "2021-01-03"),
    ],
)
def test_published_from_a_date_line_at_the_top(line: str, published: str) -> None:
    doc = meta_of("نقل محتجزين إلى مركز جديد\n" + line + "\n" + BODY)
    assert doc.published == published
    assert line not in doc.text


def test_dates_in_the_body_are_not_the_publication_date() -> None:
    body = "قالت الإدارة إن عملية النقل جرت يوم 20 كانون الثاني 2022 دون حوادث، وإن عمليات أخرى ستجري لاحقا."
    assert meta_of(body + "\n" + BODY).published is None


def test_update_stamp_is_not_a_publication_date() -> None:
    assert meta_of("آخر تحديث: الثلاثاء 20 يناير 2026 - 4:15 م\n" + BODY).published is None


def test_cli_and_record_published_win_and_bad_values_give_null() -> None:
    raw = "الاثنين، ٢٠ يونيو ٢٠٢٢\n" + BODY
    assert meta_of(raw, published="2022-06-21").published == "2022-06-21"
    assert meta_of(raw, published="2022-06-21T08:00:00Z").published == "2022-06-21"
    assert meta_of(BODY, published="not a date").published is None
    assert analyze_text(raw, published="2023-01-01").published == "2023-01-01"


def test_author_and_dateline_from_bylines() -> None:
    doc = meta_of("نقل محتجزين إلى مركز جديد\n| حلب- سامر خليل\n" + BODY)
    assert (doc.dateline, doc.author) == ("حلب", "سامر خليل")
    doc = meta_of("نقل محتجزين\nكتب : سامر خليل\n" + BODY)
    assert doc.author == "سامر خليل"
    doc = meta_of(BODY + "\n\nإعداد: سامر خليل – تحرير: ليلى حسن")
    assert doc.author == "سامر خليل"
    assert "إعداد" not in doc.text


def test_language_detection() -> None:
    assert meta_of(BODY).language == "ar"
    assert meta_of("Officials said on Tuesday that detainees had been moved to a new centre without incident.").language == "en"
    assert meta_of("12345 ... !!!").language == "und"


# -- the seeds ---------------------------------------------------------------------------------


def _seed(seed_texts: dict[str, str], prefix: str) -> Document:
    name = next(n for n in seed_texts if n.startswith(prefix))
    return analyze(Document(source=name, raw=seed_texts[name]))


def test_seed_outlets_where_the_text_states_them(seed_texts: dict[str, str]) -> None:
    expected = {
        "000": "al_watan",  # closing signature line «صحيفة الوطن»
        "001": "athr_press",  # «مراسل "أثر"», «مصادر "أثر"»; «الوطن» is only quoted there
        "002": "al_watan",  # «مصادر محلية ... لـ«الوطن»»
        "003": "alsharqiya24",  # «خاص لـ الشرقية24»
        "004": None,  # no outlet named as publisher
    }
    for prefix, oid in expected.items():
        doc = _seed(seed_texts, prefix)
        assert (doc.outlet.id if doc.outlet else None) == oid, prefix


def test_seed_published_where_the_text_states_it(seed_texts: dict[str, str]) -> None:
    expected = {"000": None, "001": None, "002": "2022-06-20", "003": None, "004": "2024-09-08"}
    for prefix, published in expected.items():
        assert _seed(seed_texts, prefix).published == published, prefix


def test_seed_bylines_and_titles(seed_texts: dict[str, str]) -> None:
    d0 = _seed(seed_texts, "000")
    assert (d0.dateline, d0.author) == ("حلب", "خالد زنكلو")
    assert d0.title is not None and d0.title.startswith("مصدر مقرب")
    assert _seed(seed_texts, "001").title is None
    d3 = _seed(seed_texts, "003")
    assert d3.title is not None and d3.title.startswith("أكدت المصادر") and "الشرقية24" not in d3.title
    for prefix in ("000", "001", "002", "003", "004"):
        assert _seed(seed_texts, prefix).language == "ar"


def test_corpus_language_and_published(corpus_records: list[dict[str, Any]]) -> None:
    for r in corpus_records:
        doc = analyze(Document(source=r["_file"], raw=r["text"], meta={k: r[k] for k in ("title", "outlet", "url", "published") if r.get(k)}))
        assert doc.language == r["language"], r["_file"]
        if r.get("published"):
            assert doc.published == r["published"], r["_file"]
        assert doc.outlet is not None and doc.outlet.id is not None, (r["_file"], r.get("outlet"))
