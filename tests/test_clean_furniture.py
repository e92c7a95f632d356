"""The clean stage: furniture leaves the text and is listed in `removed`; real text stays.

Fixtures are invented neutral sentences; the seeds and the corpus are read from ../shared.
"""

from __future__ import annotations

from typing import Any

from marsad.document import Document
from marsad.io.clean import clean, furniture
from marsad.io.lines import is_prose, line_key
from marsad.io.metadata import extract_metadata
from marsad.pipeline import analyze

PARA1 = "أعلنت السلطات المحلية اليوم عن افتتاح جسر جديد فوق النهر، وقالت إن الأعمال استغرقت عامين كاملين."
PARA2 = "وأضاف المسؤول أن الجسر سيخدم آلاف السكان يوميا، وأن العمل سيبدأ على طريق ثان خلال الشهر المقبل."


def cleaned(raw: str, **meta: Any) -> Document:
    return clean(Document(source="t", raw=raw, meta=dict(meta)))


def test_furniture_phrases_in_any_spelling_are_removed() -> None:
    raw = "\n".join(
        ["أخبار محلية", "", "افتتاح جسر جديد", "", PARA1, "شارك", "طباعة", PARA2, "",
         "إترك تعليقا:", "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
         "زر الذهاب الى الاعلى", "© جميع الحقوق محفوظة لموقع تجريبي 2024"]
    )
    doc = cleaned(raw)
    assert doc.text == "افتتاح جسر جديد\n\n" + PARA1 + "\n" + PARA2
    assert "أخبار محلية" in doc.removed and "زر الذهاب الى الاعلى" in doc.removed
    assert len(doc.removed) == 7


def test_line_endings_controls_and_blank_runs_are_normalised() -> None:
    doc = cleaned("\ufeff" + PARA1 + "\r\n\r\n\r\n\r\n" + PARA2 + "\x00\x07\r" + "  ")
    assert doc.text == PARA1 + "\n\n" + PARA2
    assert "\r" not in doc.text


def test_headline_printed_twice_keeps_one_copy() -> None:
    doc = cleaned("افتتاح جسر جديد فوق النهر\n\nافتتاح جسر جديد فوق النهر\n\n" + PARA1)
    assert doc.text.split("\n").count("افتتاح جسر جديد فوق النهر") == 1
    assert doc.removed == ["افتتاح جسر جديد فوق النهر"]


def test_related_block_in_second_half_is_cut_whole() -> None:
    teaser = "عنوان خبر آخر لا علاقة له بالموضوع ويظهر في أسفل الصفحة كرابط"
    doc = cleaned("\n".join([PARA1, PARA2, PARA1.replace("اليوم", "أمس"), "مقالات ذات صلة", teaser, teaser + " ثان"]))
    assert teaser not in doc.text
    assert doc.text.endswith(PARA1.replace("اليوم", "أمس"))


def test_section_label_words_inside_prose_are_kept() -> None:
    # «سورية» / «عاجل» are labels only on a line of their own at the edges
    body = "قال مسؤول إن سورية والعراق بحثا ملف المياه، وإن اجتماعا عاجل سيعقد الأسبوع المقبل في بغداد."
    doc = cleaned("سورية\n" + body + "\n" + PARA2)
    assert doc.text == body + "\n" + PARA2
    assert doc.removed == ["سورية"]


def test_truncated_last_line_of_an_excerpt_is_kept() -> None:
    doc = cleaned(PARA1 + "\n" + PARA2 + "\nوأشار المصدر إلى أن")
    assert doc.text.endswith("وأشار المصدر إلى أن")
    doc = cleaned(PARA1 + "\n" + PARA2 + "\nالمصدر الذي تحدث", excerpt=True)
    assert doc.text.endswith("المصدر الذي تحدث")


def test_signature_outlet_line_is_removed_and_read_as_publisher() -> None:
    doc = extract_metadata(cleaned(PARA1 + "\n" + PARA2 + "\n\nوكالة هاوار"))
    assert doc.text == PARA1 + "\n" + PARA2
    assert doc.outlet is not None and doc.outlet.id == "hawar"


def test_text_made_only_of_furniture_is_kept_rather_than_emptied() -> None:
    doc = cleaned("شارك\nطباعة")
    assert doc.text == "شارك\nطباعة"
    assert doc.removed == []


def test_english_chrome() -> None:
    body = "Local officials said on Tuesday that the new bridge had opened after two years of work on the river."
    doc = cleaned("Skip to content\nBridge opens\n" + body + "\nShare this article\nComments are closed.")
    assert doc.text == "Bridge opens\n" + body
    assert doc.removed == ["Skip to content", "Share this article", "Comments are closed."]


# -- seeds and corpus -----------------------------------------------------------------------


def _furniture_lines(text: str) -> list[str]:
    table = furniture()
    return [line for line in text.split("\n") if line_key(line) in table.line or line_key(line) in table.cut]


def test_no_site_furniture_left_in_seed_text(seed_texts: dict[str, str]) -> None:
    for name, raw in seed_texts.items():
        doc = analyze(Document(source=name, raw=raw))
        assert _furniture_lines(doc.text) == [], name
        for phrase in ("زر الذهاب إلى الأعلى", "اترك تعليقاً", "لن يتم نشر عنوان بريدك", "مقالات ذات صلة", "اظهر المزيد"):
            assert phrase not in doc.text, (name, phrase)
        # the first and last lines of the text are not bare labels/outlet names
        lines = [line for line in doc.text.split("\n") if line.strip()]
        assert len(lines[0].split()) > 3 and len(lines[-1].split()) > 5, name


def test_seed_title_appears_once(seed_texts: dict[str, str]) -> None:
    for name, raw in seed_texts.items():
        doc = analyze(Document(source=name, raw=raw))
        if doc.title:
            assert doc.title not in doc.text, name
            assert line_key(doc.title) not in {line_key(line) for line in doc.text.split("\n")}, name


def _raw_prose(raw: str) -> list[str]:
    """Prose lines of the raw text above any 'related/comments' block, without duplicates."""
    table = furniture()
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for i, line in enumerate(lines):
        if line_key(line) in table.cut and i >= len(lines) // 2:
            break
        if line and is_prose(line) and line not in out:
            out.append(line)
    return out


def test_nothing_real_is_removed_from_seeds_and_corpus(seed_texts: dict[str, str], corpus_records: list[dict[str, Any]]) -> None:
    inputs = [(name, raw, {}) for name, raw in seed_texts.items()]
    inputs += [(r["_file"], r["text"], {k: r[k] for k in ("title", "excerpt") if r.get(k) is not None}) for r in corpus_records]
    for name, raw, meta in inputs:
        doc = extract_metadata(clean(Document(source=name, raw=raw, meta=meta)))
        for para in _raw_prose(raw):
            assert para in doc.text, (name, para[:60])
        removed_words = sum(len(r.split()) for r in doc.removed)
        assert removed_words <= max(60, 0.25 * len(raw.split())), (name, doc.removed)
