"""Each input format, read from fixtures written here (invented neutral sentences)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from marsad.document import Document
from marsad.io.readers import InputError, read_inputs

ARTICLE = (
    "نقل مئة محتجز من سجن إلى آخر\n\n"
    "قالت الإدارة المحلية في بيان إن عملية نقل المحتجزين جرت يوم الثلاثاء بإشراف فرق مختصة، "
    "وإن العملية انتهت دون حوادث تذكر وفق ما أعلنه متحدث باسمها.\n"
)


def _docs(paths: list[str]) -> list[Document | InputError]:
    return list(read_inputs(paths))


def test_txt_utf8_bom_utf16_and_windows_1256(tmp_path: Path) -> None:
    (tmp_path / "a_utf8.txt").write_bytes(ARTICLE.encode("utf-8"))
    (tmp_path / "b_bom.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    (tmp_path / "c_utf16.txt").write_bytes(ARTICLE.encode("utf-16"))  # with BOM
    (tmp_path / "d_cp1256.txt").write_bytes(ARTICLE.encode("cp1256"))
    docs = _docs([str(tmp_path)])
    assert [type(d) for d in docs] == [Document] * 4
    for doc in docs:
        assert isinstance(doc, Document)
        assert doc.raw.lstrip("\ufeff").replace("\r\n", "\n") == ARTICLE, doc.source
    assert docs[3].meta["encoding"].replace("_", "").lower().startswith("cp1256") or "1256" in docs[3].meta["encoding"]


def test_directory_walk_is_recursive_sorted_and_ignores_other_extensions(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "9.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "1.TXT").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    sources = [Path(d.source).relative_to(tmp_path).as_posix() for d in _docs([str(tmp_path)])]
    assert sources == ["1.TXT", "a/9.txt", "b/2.txt"]


def test_html_body_and_page_metadata(tmp_path: Path) -> None:
    html = f"""<!doctype html><html lang="ar"><head>
    <title>نقل مئة محتجز - موقع تجريبي</title>
    <meta property="og:title" content="نقل مئة محتجز من سجن إلى آخر">
    <meta property="og:site_name" content="عنب بلدي">
    <meta property="article:published_time" content="2022-01-21T10:00:00+03:00">
    <meta name="author" content="فريق التحرير">
    <link rel="canonical" href="https://www.enabbaladi.net/archives/1">
    </head><body><nav>الرئيسية | أخبار | اتصل بنا</nav>
    <article><h1>نقل مئة محتجز من سجن إلى آخر</h1>
    <p>{ARTICLE.splitlines()[2]}</p>
    <p>وأضاف المتحدث أن الفرق المختصة ستواصل عملها خلال الأيام المقبلة لاستكمال الإجراءات المطلوبة في المنطقة.</p>
    </article><footer>جميع الحقوق محفوظة 2022</footer>
    <script>var x = "لا يظهر";</script></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (doc,) = _docs([str(path)])
    assert isinstance(doc, Document)
    assert doc.meta["title"] == "نقل مئة محتجز من سجن إلى آخر"
    assert doc.meta["published"] == "2022-01-21"
    assert doc.meta["outlet"] == "عنب بلدي"
    assert doc.meta["author"] == "فريق التحرير"
    assert doc.url == "https://www.enabbaladi.net/archives/1"
    assert "قالت الإدارة المحلية" in doc.raw
    assert "لا يظهر" not in doc.raw and "اتصل بنا" not in doc.raw


def test_html_without_dates_gets_no_published(tmp_path: Path) -> None:
    path = tmp_path / "nodate.htm"
    path.write_text(f"<html><body><p>{ARTICLE.splitlines()[2]}</p><p>© 2021 موقع</p></body></html>", encoding="utf-8")
    (doc,) = _docs([str(path)])
    assert isinstance(doc, Document)
    assert "published" not in doc.meta


def test_json_single_record_and_list(tmp_path: Path) -> None:
    record = {"text": ARTICLE, "url": "https://npasyria.com/1", "title": "عنوان", "outlet": "North Press", "published": "2022-01-20"}
    (tmp_path / "one.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "two.json").write_text(json.dumps([record, {"text": "نص ثان قصير."}], ensure_ascii=False), encoding="utf-8")
    docs = _docs([str(tmp_path)])
    assert [Path(d.source).name for d in docs] == ["one.json", "two.json#1", "two.json#2"]
    one = docs[0]
    assert isinstance(one, Document)
    assert one.meta["outlet"] == "North Press" and one.meta["published"] == "2022-01-20"
    assert one.url == "https://npasyria.com/1"


def test_jsonl_records_are_numbered_by_line(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"الخبر رقم {i}."}, ensure_ascii=False) for i in range(3)]
    (tmp_path / "r.jsonl").write_text(lines[0] + "\n\n" + lines[1] + "\n" + lines[2] + "\n", encoding="utf-8")
    docs = _docs([str(tmp_path / "r.jsonl")])
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["1", "3", "4"]
    assert all(isinstance(d, Document) for d in docs)


def test_stdin_text_and_jsonl() -> None:
    for payload, expected in (
        (ARTICLE.encode("utf-8"), 1),
        (b'{"text": "\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xa3\xd9\x88\xd9\x84."}\n{"text": "second record."}\n', 2),
        (json.dumps([{"text": "one"}, {"text": "two"}]).encode(), 2),
    ):
        proc = subprocess.run(
            [sys.executable, "-c", "from marsad.cli import main; main()", "analyze", "-"],
            input=payload,
            capture_output=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
        assert len(out) == expected
        assert all(d["source"].startswith("<stdin>") for d in out)


def test_trafilatura_json_and_xml_keep_their_metadata(tmp_path: Path) -> None:
    """trafilatura's own JSON and XML outputs: date, site name, title, author and URL are
    read into the document (the JSON here is what ``trafilatura --json`` writes)."""
    import trafilatura

    from marsad.pipeline import analyze

    html = ("<html><head><title>x</title><meta property='og:site_name' content='Site X'>"
            "<meta name='author' content='Ann B'>"
            "<meta property='article:published_time' content='2024-01-05'></head><body><article>"
            "<h1>Head</h1><p>" + "The market reopened on Sunday after repairs. " * 6 + "</p>"
            "<p>" + "Traders said the new roof held during the storm. " * 5 + "</p>"
            "</article></body></html>")
    out_json = trafilatura.extract(html, output_format="json", with_metadata=True,
                                   url="https://ex.com/a")
    out_xml = trafilatura.extract(html, output_format="xml", with_metadata=True,
                                  url="https://ex.com/a")
    assert out_json and out_xml
    (tmp_path / "a.json").write_text(out_json, encoding="utf-8")
    (tmp_path / "b.xml").write_text(out_xml, encoding="utf-8")
    (tmp_path / "c.xml").write_text("<urlset><url/></urlset>", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "InputError"]
    assert "not a trafilatura XML document" in str(items[2])
    for doc in items[:2]:
        result = analyze(doc).to_dict()
        assert result["published"] == "2024-01-05"
        assert result["outlet"]["name"] == "Site X"
        assert result["author"] == "Ann B"
        assert result["url"] == "https://ex.com/a"
        assert result["title"] == "Head"
        assert "new roof" in result["text"]
