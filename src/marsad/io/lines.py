"""What a line of an article is: prose, a headline, a byline, a date line or page chrome.

Shared by the clean stage (which must not throw away bylines and date lines that the
metadata stage reads) and the metadata stage. Pure functions of one line of text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.io.datelines import find_date
from marsad.text.normalize import fold

_WORD = re.compile(r"[^\W_]+")
# A sentence ends with . ! ? ؟ … possibly followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»”’)\]]*\s*$")
# «| حلب- خالد زنكلو», «جسر: الحسكة:», «شفق نيوز- دمشق», «مخيم الهول – نورث برس»,
# «النشرة الدولية –»: two short parts around a dash or colon (the second may be empty).
_TWO_PART = re.compile(r"^\|*\s*([^|:\-–—]{1,40}?)\s*[-–—:]\s*([^|:\-–—]{0,40}?)\s*[:\-–—]?\s*$")
_CREDIT_START = re.compile(
    r"^(?:كتب|كتبت|بقلم|إعداد|اعداد|تحرير|تقرير|ترجمة|متابعة|رصد|حاوره|حاورته|المحرر|"
    r"by|reporting by|written by|writing by|editing by|report by|words by)\b\s*[:：]?",
    re.IGNORECASE,
)


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
