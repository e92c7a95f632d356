"""Running totals, on sentences written for these tests: «لترتفع الحصيلة إلى 20», "bringing
the death toll to 20" add up a series; told in a consequence clause the total is the
``count_total`` of the happening before it (which keeps its own count) and its toll noun is
no second happening; told as its own clause («وارتفع عدد القتلى إلى 40») it counts the
whole series (``count`` and ``count_total``). A plain «بلغ» without a word of the whole is
the happening's own number."""

from __future__ import annotations

from marsad.document import Document, Event
from marsad.pipeline import analyze_text


def analyzed(text: str) -> Document:
    return analyze_text(text, published="2024-03-05")


def of_type(evs: list[Event], kind: str) -> list[Event]:
    return [e for e in evs if e.type == kind]


def minimum(c: dict[str, object] | None) -> object:
    return c["min"] if c else None


def test_consequence_clause_total_goes_to_the_happening_before() -> None:
    doc = analyzed("قُتل ثلاثة حراس في هجوم على سجن الصناعة أمس، لترتفع حصيلة القتلى إلى 20.")
    killings = of_type(doc.events, "killing")
    assert len(killings) == 1
    assert minimum(killings[0].count) == 3
    assert minimum(killings[0].count_total) == 20
    span = killings[0].count_total
    assert span is not None and doc.text[span["start"] : span["end"]] == "20"


def test_total_with_its_toll_noun_after_the_number() -> None:
    doc = analyzed(
        "وأفادت مصادر محلية بأن خمسة عناصر قتلوا في اشتباكات اليوم، لتصبح الحصيلة 30 قتيلاً"
        " و12 جريحاً."
    )
    killings = of_type(doc.events, "killing")
    assert [minimum(k.count) for k in killings] == [5]
    assert minimum(killings[0].count_total) == 30
    # the wounded told with the total are no count of the clash either
    assert all(minimum(e.count) != 12 for e in doc.events)


def test_english_bringing_the_toll() -> None:
    doc = analyzed("The blast killed four guards on Sunday, bringing the death toll to 25.")
    killing = of_type(doc.events, "killing")[0]
    assert minimum(killing.count) == 4
    assert minimum(killing.count_total) == 25


def test_total_told_as_its_own_clause_counts_the_series() -> None:
    doc = analyzed("وارتفع عدد القتلى في المخيم منذ مطلع العام إلى 40 شخصاً.")
    killing = of_type(doc.events, "killing")[0]
    assert minimum(killing.count) == 40
    assert minimum(killing.count_total) == 40


def test_total_does_not_merge_with_the_count_of_one_happening() -> None:
    doc = analyzed(
        "قُتل عنصران في هجوم على حاجز أمس. وارتفعت حصيلة القتلى الإجمالية منذ بدء المعارك إلى 60."
    )
    counts = sorted(minimum(k.count) for k in of_type(doc.events, "killing"))  # type: ignore[type-var]
    assert counts == [2, 60]


def test_reaching_without_a_word_of_the_whole_is_the_own_count() -> None:
    doc = analyzed("فرّ سجناء من سجن الرقة أمس، وبلغ عددهم 15 سجيناً.")
    escape = of_type(doc.events, "escape")[0]
    assert escape.count_total is None


def test_a_number_of_is_no_total() -> None:
    doc = analyzed("ارتفع عدد من المعتقلين إلى سطح السجن، واعتقلت القوات 7 أشخاص.")
    arrest = of_type(doc.events, "arrest")[0]
    assert minimum(arrest.count) == 7
    assert arrest.count_total is None


def test_count_total_is_in_the_contract_dict() -> None:
    doc = analyzed("قتل مسلحون حارسين أمس، لترتفع الحصيلة إلى 9.")
    d = of_type(doc.events, "killing")[0].to_dict()
    assert "count_total" in d and d["count_total"]["min"] == 9
    assert d["count"]["min"] == 2
