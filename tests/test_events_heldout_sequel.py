"""«وعقب الهجوم ...»: a definite verbal noun after عقب/بعد/إثر names the happening told
before as the time of the main clause — it joins that happening and takes no place of the
main clause. Every sentence here is invented for the test."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def test_after_the_attack_with_none_told_stays_an_attack() -> None:
    doc = analyze_text("وبعد الهجوم على سجن الصناعة انتشرت قوات الأسايش في حي غويران.")
    assert [e.type for e in doc.events].count("attack") == 1
