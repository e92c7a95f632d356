"""The early rejections in Lexicon.scan (neighbour letter checks) keep the matcher's results."""

from marsad.text.lexicon import Lexicon
from marsad.text.normalize import normalize


def _forms(lex: Lexicon[str], text: str) -> list[tuple[str, str, str]]:
    return [(h.text, h.prefix, h.suffix) for h in lex.scan(normalize(text))]


def test_short_particle_inside_word_rejected_but_glued_proclitic_kept() -> None:
    lex: Lexicon[str] = Lexicon([("لا", "neg"), ("لم", "neg")])
    assert _forms(lex, "علم الطالب ولا غيره") == [("لا", "و", "")]


def test_article_form_after_lam_only() -> None:
    lex: Lexicon[str] = Lexicon([("السجن", "prison")])
    assert _forms(lex, "دخل للسجن") == [("لسجن", "ل", "")]
    assert _forms(lex, "خرج من السجن") == [("السجن", "", "")]


def test_suffix_checked_by_first_letter() -> None:
    lex: Lexicon[str] = Lexicon([("نقل", "verb")], suffixes=("وا", "هم"))
    assert _forms(lex, "نقلوا ثم نقلهم ثم نقلت") == [("نقل", "", "وا"), ("نقل", "", "هم")]


def test_camel_glued_latin_word_still_found() -> None:
    lex: Lexicon[str] = Lexicon([("january", "month")])
    assert [h.text for h in lex.scan(normalize("posted onJanuary 23"))] == ["January"]
