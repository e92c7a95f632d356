"""The learned events model decides whether a word tells a happening and of which type; the
type is one of the senses the lexicon gives the word (an agreement word is never a shooting,
however the words around it lean)."""

from __future__ import annotations

from marsad.document import Document
from marsad.learn.events import decide, read_candidates
from marsad.learn.models import event_model
from marsad.pipeline import analyze_text, stages

SENTENCES = [
    "The two sides agreed a ceasefire in Daraa on Monday after a week of fighting.",
    "أعلن الطرفان وقف إطلاق النار في مدينة درعا مساء أمس بعد أسبوع من المعارك.",
    "قصفت الطائرات الحربية بلدة في ريف إدلب الجنوبي صباح اليوم وقتل ثلاثة مدنيين.",
    "Security forces arrested five suspects in Kirkuk on Sunday after clashes.",
]


def _candidates(text: str):
    doc = Document(source="t", raw=text, meta={})
    for stage in stages():
        if stage.__name__ == "extract_events":
            break
        doc = stage(doc)
    return read_candidates(doc)[1]


def test_decided_type_is_a_sense_of_the_word() -> None:
    model = event_model()
    decided = 0
    for text in SENTENCES:
        cands = _candidates(text)
        decide(cands, model, 0.0)  # threshold 0: every candidate gets a type
        for c in cands:
            if c.types:
                assert c.type in c.types, (text, c.hit.text, c.type, c.types)
                decided += 1
    assert decided >= 6


def test_an_agreement_is_not_read_as_an_attack() -> None:
    events = analyze_text(SENTENCES[0]).events
    assert [e.type for e in events if e.trigger.text == "agreed"] == ["agreement"]
