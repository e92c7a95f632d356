"""A title with the body it serves and no name speaks for the body («متحدث باسم قسد», "a
spokesman for the SDF"); a name after the title makes a named person. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from marsad.pipeline import analyze_text


@pytest.mark.parametrize(
    ("text", "kind", "entity"),
    [
        ("ونقلت وكالة الصحافة الفرنسية عن متحدث باسم قوات سوريا الديمقراطية قوله إن القوات اعتقلت ستة مشتبهين.",
         "official_body", "sdf"),
        ("A spokesman for the SDF said the operation continues.", "official_body", "sdf"),
        ("وقال المتحدث باسم قوات سوريا الديمقراطية فرهاد شامي إن العملية مستمرة.", "named_person", "farhad_shami"),
        ("وقال الناطق باسم القوات آرام حنا إن العملية مستمرة.", "named_person", "aram_hanna"),
    ],
)
def test_title_speaker(text: str, kind: str, entity: str) -> None:
    doc = analyze_text(text, published="2022-11-20")
    assert [(c.speaker.kind, c.speaker.entity) for c in doc.claims][:1] == [(kind, entity)]


def test_title_with_an_unresolved_body_is_not_a_named_person() -> None:
    doc = analyze_text(
        "قالت قوات سوريا الديمقراطية إن العملية بدأت. وأضاف المتحدث باسم القوات أن العملية مستمرة.",
        published="2022-11-20",
    )
    assert all(c.speaker.kind != "named_person" for c in doc.claims)
