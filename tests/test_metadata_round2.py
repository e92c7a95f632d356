"""Document level, second round: photo captions, a closing bare-name byline, update stamps.
Articles written for these tests (neutral invented sentences)."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.document import Document
from marsad.io.clean import clean
from marsad.io.lines import is_bare_name, is_caption
from marsad.io.metadata import detect_language, extract_metadata

PARA1 = (
    "قالت مصادر محلية إن قوات سوريا الديمقراطية نقلت عشرات المعتقلين من سجن غويران إلى سجن "
    "آخر في مدينة الحسكة يوم أمس."
)
PARA2 = "وأضافت المصادر أن عملية النقل جرت وسط إجراءات أمنية مشددة في المدينة ومحيطها."
EN1 = (
    "Kurdish-led forces moved dozens of detainees from the prison in Hasakah to another "
    "facility on Sunday, local sources said."
)
EN2 = "The transfer took place under tight security, according to residents of the city."


def doc_of(raw: str, **meta: Any) -> Document:
    doc = Document(source="t.txt", raw=raw, meta=dict(meta))
    for stage in (clean, extract_metadata, detect_language):
        doc = stage(doc)
    return doc


@pytest.mark.parametrize(
    "caption",
    [
        "عناصر من قوات سوريا الديمقراطية أمام بوابة السجن (أرشيف)",
        "دورية عسكرية على طريق الحسكة القامشلي (رويترز)",
        "صورة: عناصر من قسد أمام السجن في الحسكة",
        "صورة أرشيفية لمخيم الهول شرقي الحسكة",
        "Kurdish fighters stand guard near the prison gate (AFP/Getty Images)",
        "Photo: displaced families at the camp near the border",
    ],
)
def test_photo_caption_between_headline_and_body_is_removed(caption: str) -> None:
    doc = doc_of(f"عنوان الخبر عن نقل المعتقلين\n{caption}\n{PARA1}\n{PARA2}")
    assert caption not in doc.text
    assert caption in doc.removed
    assert doc.text.startswith(PARA1)
    assert doc.title == "عنوان الخبر عن نقل المعتقلين"


@pytest.mark.parametrize(
    "line",
    [
        "قال المتحدث إن الوضع هادئ (رويترز).",
        "وأفادت وكالة رويترز بأن الوضع هادئ في المدينة",
        PARA1,
    ],
)
def test_sentences_citing_an_agency_are_not_captions(line: str) -> None:
    assert not is_caption(line)


def test_closing_bare_name_is_the_author() -> None:
    doc = doc_of(f"عنوان الخبر عن نقل المعتقلين\n{PARA1}\n{PARA2}\nخالد زنكلو")
    assert doc.author == "خالد زنكلو"
    assert "خالد زنكلو" not in doc.text
    assert "خالد زنكلو" in doc.removed


def test_closing_english_name_is_the_author() -> None:
    doc = doc_of(f"Detainees moved from Hasakah prison\n\n{EN1}\n\n{EN2}\n\nRaghda Sawas")
    assert doc.author == "Raghda Sawas"
    assert doc.text.endswith(EN2)


@pytest.mark.parametrize("tail", ["Other News", "سجن الحسكة", "Related Articles"])
def test_closing_line_that_is_not_a_name_is_not_an_author(tail: str) -> None:
    doc = doc_of(f"Detainees moved from Hasakah prison\n\n{EN1}\n\n{EN2}\n\n{tail}")
    assert doc.author is None


def test_bare_name_rules() -> None:
    assert is_bare_name("أحمد العلي") and is_bare_name("Hoshang Hassan")
    assert not is_bare_name("أخبار سورية") and not is_bare_name("Comments are closed.")
    assert not is_bare_name("محمد")  # one word says too little


def test_update_stamp_alone_leaves_published_null() -> None:
    # decision (see marsad.io.metadata): an update stamp only bounds publication from above
    doc = doc_of(f"عنوان الخبر عن نقل المعتقلين\nآخر تحديث: الثلاثاء 20 يناير 2026 - 4:15 م\n{PARA1}\n{PARA2}")
    assert doc.published is None
    assert "آخر تحديث" not in doc.text


def test_publication_stamp_wins_over_update_stamp() -> None:
    raw = (
        "عنوان الخبر عن نقل المعتقلين\nنشر في 18 يناير 2026\n"
        f"آخر تحديث: الثلاثاء 20 يناير 2026\n{PARA1}\n{PARA2}"
    )
    assert doc_of(raw).published == "2026-01-18"
    assert doc_of(raw, published="2026-01-17").published == "2026-01-17"


def test_credit_head_is_a_whole_word_and_an_editor_is_no_author() -> None:
    from marsad.io.metadata import _author_from_credit

    assert _author_from_credit("كتبت: سارة أحمد") == "سارة أحمد"  # not «ت: سارة أحمد»
    assert _author_from_credit("كتب: خالد زنكلو") == "خالد زنكلو"
    assert _author_from_credit("Reporting by John Smith; Editing by Jane Doe") == "John Smith"
    assert _author_from_credit("Editing by Jane Doe") is None
