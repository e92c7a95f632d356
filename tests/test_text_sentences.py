"""Sentence ends: a full stop that closes an abbreviation or an initial is not one.

Claims and events are bounded by sentences, so «according to U.S. military estimates» cut
after «U.S.» made a speaker of «U» and lost the rest of the attribution."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.pipeline import analyze_text
from marsad.text.segment import tokenize


def _sentences(text: str) -> list[str]:
    doc = tokenize(Document(source="t", raw=text, text=text))
    return [s.text for s in doc.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("According to U.S. military estimates, 50 fighters fled. Then they left.",
         ["According to U.S. military estimates, 50 fighters fled.", "Then they left."]),
        ("Gen. Mazloum Abdi spoke. Dr. Ali agreed.", ["Gen. Mazloum Abdi spoke.", "Dr. Ali agreed."]),
        ("The U.N. envoy arrived. The U.S. Army agreed.", ["The U.N. envoy arrived.", "The U.S. Army agreed."]),
        ("At 5 a.m. local time the guards left. Nothing else happened.",
         ["At 5 a.m. local time the guards left.", "Nothing else happened."]),
        ("They flew to the U.S. The next day they left.", ["They flew to the U.S.", "The next day they left."]),
        ("Forces left at 3 p.m. On Monday they returned.", ["Forces left at 3 p.m.", "On Monday they returned."]),
        ("He said no. No. 5 is here.", ["He said no.", "No. 5 is here."]),
        ("Detainees were moved on Sept. 12 to Hasakah. Guards said so.",
         ["Detainees were moved on Sept. 12 to Hasakah.", "Guards said so."]),
        ("Weapons, vehicles etc. were seized. Five men fled.", ["Weapons, vehicles etc. were seized.", "Five men fled."]),
        ("قال م. أحمد إن السجن آمن. ثم غادر.", ["قال م. أحمد إن السجن آمن.", "ثم غادر."]),
        ("فرّ 5 سجناء. وقالت قسد إن الوضع مستقر.", ["فرّ 5 سجناء.", "وقالت قسد إن الوضع مستقر."]),
        ("The report ended with Gen.\nNew paragraph.", ["The report ended with Gen.", "New paragraph."]),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_initialism_keeps_the_attribution_in_one_claim() -> None:
    doc = analyze_text(
        "About 20 detainees escaped from the prison, according to U.S. military estimates.",
        published="2022-01-21",
    )
    assert len(doc.sentences) == 1
    assert all(c.speaker.text != "U" for c in doc.claims)
