"""What a line of an article is: prose, a headline, a byline, a date line or page chrome.

Shared by the clean stage (which must not throw away bylines and date lines that the
metadata stage reads) and the metadata stage. Pure functions of one line of text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.compiled import compiled
from marsad.io.datelines import find_date
from marsad.text.normalize import fold

_WORD = re.compile(r"[^\W_]+")
# A sentence ends with . ! ? ؟ … possibly followed by closing quotes/brackets. Written to start
# with a character class, not a repeat ([x][x]* rather than [x]+): the regex engine then skips
# to the next mark instead of trying a match at every position of the line.
_SENTENCE_END = re.compile(r"[.!?؟…][.!?؟…]*[\"'»”’)\]]*\s*$")
# «| حلب- خالد زنكلو», «جسر: الحسكة:», «شفق نيوز- دمشق», «مخيم الهول – نورث برس»,
# «النشرة الدولية –»: two short parts around a dash or colon (the second may be empty).
_TWO_PART = re.compile(r"^\|*\s*([^|:\-–—]{1,40}?)\s*[-–—:]\s*([^|:\-–—]{0,40}?)\s*[:\-–—]?\s*$")
# Words that open a credit line and name its author («كتب: فلان», «بقلم فلان», "Reporting by
# ..."), and those that name only its editor ("Editing by ..."). metadata reads the author
# after the first; both mark a credit line.
AUTHOR_CREDIT_WORDS = (
    "كتب", "كتبت", "بقلم", "إعداد", "اعداد", "تحرير", "تقرير", "ترجمة", "متابعة", "رصد", "حاوره",
    "حاورته", "المحرر", "by", "reporting by", "written by", "writing by", "report by", "words by",
)
EDITOR_CREDIT_WORDS = ("editing by",)


def credit_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A credit head at the start of a line: one of ``words`` as a whole word, and the colon
    after it. (Without the word boundary «كتب» would take the first letters of «كتبت».)"""
    return re.compile(r"^(?:" + "|".join(words) + r")\b\s*[:：]?\s*", re.IGNORECASE)


_CREDIT_START = credit_pattern(AUTHOR_CREDIT_WORDS + EDITOR_CREDIT_WORDS)


def words(line: str) -> list[str]:
    return _WORD.findall(line)


@lru_cache(maxsize=16384)
def word_count(line: str) -> int:
    return len(_WORD.findall(line))


# Key tokens: Latin runs, digit runs and other-script runs apart, so that a scraped
# «noتعليق» reads as «no تعليق» (the text is folded to lowercase first).
_KEY_TOKEN = re.compile(r"[a-z]+|\d+|[^\W\d_a-z]+")


@lru_cache(maxsize=8192)
def line_key(line: str) -> str:
    """Comparison key: normalised words only (punctuation, diacritics, case, spacing folded)."""
    return " ".join(_KEY_TOKEN.findall(fold(line)))


def ends_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line) is not None


def is_prose(line: str) -> bool:
    """A paragraph of running text (not a headline, label or byline)."""
    n = word_count(line)
    return n >= 20 or (n >= 8 and ends_sentence(line) and not line.rstrip().endswith(("?", "؟", "!")))


def is_credit(line: str) -> bool:
    """«كتب: فلان», «بقلم فلان», «Reporting by ...», «إعداد: ... – تحرير: ...»."""
    return word_count(line) <= 12 and _CREDIT_START.match(line.strip()) is not None


def two_part_byline(line: str) -> tuple[str, str] | None:
    """The two parts of a «X- Y» / «X: Y:» byline, if ``line`` is one."""
    stripped = line.strip()
    if word_count(stripped) > 8 or ends_sentence(stripped):
        return None
    m = _TWO_PART.match(stripped)
    if not m:
        return None
    first, second = m.group(1).strip(), m.group(2).strip()
    if not words(first) or len(words(first)) > 4 or len(words(second)) > 4:
        return None
    if not (stripped.startswith("|") or any(c in stripped for c in "-–—:")):
        return None
    return first, second


# Photo captions: a label at the start («صورة:», «الصورة أرشيفية», «Photo:») or a credit in
# parentheses at the end («(أرشيف)», «(رويترز)», «(AFP/Getty Images)», «(صورة تعبيرية)»).
_CAPTION_START = re.compile(
    r"^\(?\s*(?:صورة|الصورة|صور|مصدر الصورة|photo|image|file photo|picture|caption)\b\s*"
    r"(?:[:：\-–—|]|أرشيفية|ارشيفية|تعبيرية|توضيحية|من الأرشيف|من الارشيف|credit)",
    re.IGNORECASE,
)
_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]{0,30}?\b)?(?:أرشيف|ارشيف|أرشيفية|ارشيفية|تعبيرية|توضيحية|صورة|الصورة|إنترنت|انترنت|"
    r"وكالات|رويترز|فرانس برس|أ ف ب|أ\.ف\.ب|الأناضول|مواقع التواصل|سوشيال ميديا|afp|reuters|ap|"
    r"getty|getty images|epa|file|photo|archive|social media)(?:[^()]{0,30})\)\s*$",
    re.IGNORECASE,
)
CAPTION_MAX_WORDS = 30


def is_caption(line: str) -> bool:
    """A photo caption or image credit line: «عناصر من قسد في الحسكة (أرشيف)», «صورة: ...»."""
    stripped = line.strip()
    if not stripped or word_count(stripped) > CAPTION_MAX_WORDS:
        return False
    if _CAPTION_START.match(stripped):
        return True
    m = _CAPTION_CREDIT.search(stripped)
    if m is None:
        return False
    # a caption is not punctuated as a sentence, neither before the credit nor after it: «قال
    # المتحدث إن الوضع هادئ (رويترز).» is a sentence that cites an agency
    return not ends_sentence(stripped) and not ends_sentence(stripped[: m.start()].rstrip())


@compiled
def _given_names() -> frozenset[str]:
    import tomllib
    from importlib import resources

    from marsad.text.normalize import normalize_term

    raw = tomllib.loads(resources.files("marsad.kb").joinpath("data/person_titles.toml").read_text("utf-8"))
    return frozenset(normalize_term(n) for n in raw.get("given_names", []))


_EN_NAME_LINE = re.compile(r"^(?:[A-Z][a-z'’-]+)(?: (?:[A-Z][a-z'’-]+|[A-Z]\.)){1,2}$")
_EN_NOT_NAME_WORDS = frozenset(
    {
        "The", "A", "An", "Other", "More", "Related", "Latest", "Read", "News", "Share",
        "Comments", "Tags", "Follow", "Home", "Top", "Back", "Sign", "Log", "Register",
        "Subscribe", "Privacy", "Terms", "Contact", "About", "Next", "Previous",
    }
)


def is_bare_name(line: str) -> bool:
    """A line that is only a person's name («خالد زنكلو», «Raghda Sawas»): a byline when it
    closes the article. Arabic: 2-4 words, the first a known given name; English: 2-3
    capitalised words that are not page chrome."""
    stripped = line.strip()
    if _EN_NAME_LINE.match(stripped):
        return stripped.split(" ", 1)[0] not in _EN_NOT_NAME_WORDS
    ws = words(stripped)
    if not 2 <= len(ws) <= 4 or len(ws) != len(stripped.split()):
        return False
    from marsad.text.normalize import normalize_term

    return normalize_term(ws[0]) in _given_names()


def is_date_line(line: str) -> bool:
    """A short line that states a full date (a publication or update stamp)."""
    # english=False: day/month order does not matter for telling a date line apart
    return word_count(line) <= 14 and find_date(line, english=False) is not None


@lru_cache(maxsize=16384)
def is_header_info(line: str) -> bool:
    """Bylines, credits and date lines: kept by the cleaner for the metadata stage."""
    stripped = line.strip()
    if not stripped:
        return False
    return (
        stripped.startswith("|")
        or is_credit(stripped)
        or is_date_line(stripped)
        or (two_part_byline(stripped) is not None and "|" not in stripped[1:])
        or ("|" in stripped and word_count(stripped) <= 10)
    )
