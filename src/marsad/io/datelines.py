"""Dates written in a byline or dateline: «الاثنين، ٢٠ يونيو ٢٠٢٢», «08-09-2024», «2024.01.16».

Only complete calendar dates (day, month and year) are read here: a publication date is
never filled in from a month or a year alone. Month names come from the shared time
vocabulary (``kb/data/time_vocabulary.toml``: Levantine, Egyptian/Gulf, Maghrebi and English
names, paired forms like «آب/أغسطس»). Numeric dates follow the Arabic convention day-month-
year; a year-first date is year-month-day. When day and month could be swapped in an
English-only line (``01/02/2022``), the date is left unread rather than guessed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources

from marsad.compiled import compiled
from marsad.text.normalize import normalize, normalize_term

# Used only if the shared vocabulary file is missing (keeps this module self-sufficient).
_FALLBACK_MONTHS: dict[int, list[str]] = {
    1: ["كانون الثاني", "يناير", "جانفي", "january", "jan"],
    2: ["شباط", "فبراير", "فيفري", "february", "feb"],
    3: ["آذار", "مارس", "march", "mar"],
    4: ["نيسان", "أبريل", "ابريل", "أفريل", "april", "apr"],
    5: ["أيار", "مايو", "ماي", "may"],
    6: ["حزيران", "يونيو", "يونيه", "جوان", "june", "jun"],
    7: ["تموز", "يوليو", "يوليه", "جويلية", "july", "jul"],
    8: ["آب", "أغسطس", "اغسطس", "أوت", "august", "aug"],
    9: ["أيلول", "سبتمبر", "september", "sept", "sep"],
    10: ["تشرين الأول", "أكتوبر", "اكتوبر", "october", "oct"],
    11: ["تشرين الثاني", "نوفمبر", "november", "nov"],
    12: ["كانون الأول", "ديسمبر", "december", "dec"],
}


@compiled
def month_forms() -> dict[str, int]:
    """Normalised month name -> month number."""
    months: dict[int, list[str]] = _FALLBACK_MONTHS
    try:
        raw = resources.files("marsad.kb").joinpath("data/time_vocabulary.toml").read_text("utf-8")
        table = tomllib.loads(raw).get("gregorian_months", {})
        if table:
            months = {int(k): list(v) for k, v in table.items()}
    except (FileNotFoundError, tomllib.TOMLDecodeError, ValueError):
        pass
    forms: dict[str, int] = {}
    for number, names in months.items():
        for name in names:
            key = normalize_term(name)
            if key:
                forms[key] = number
    return forms


@compiled
def _patterns() -> tuple[re.Pattern[str], ...]:
    alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(month_forms(), key=len, reverse=True))
    month = rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])"
    # scraped pages glue «posted on» to the month: «posted onJanuary 23, 2022»
    month_glued = rf"(?:(?<![^\W\d_])|(?<=on))(?P<mn>{alternation})(?![^\W\d_])"
    sep = r"\s*[-/.]\s*"
    return (
        # 2024-09-08, 2024/1/16, 2024.01.16
        re.compile(rf"(?<!\d)(?P<y>\d{{4}}){sep}(?P<m>\d{{1,2}}){sep}(?P<d>\d{{1,2}})(?!\d)"),
        # 08-09-2024, 20/1/2022
        re.compile(rf"(?<!\d)(?P<a>\d{{1,2}}){sep}(?P<b>\d{{1,2}}){sep}(?P<y>\d{{4}})(?!\d)"),
        # 20 يونيو 2022, ١٩ آب/أغسطس ٢٠١٩, 30 March, 2020, 20 من كانون الثاني 2022
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<mn>{month})(?:\s*[/-]\s*{month})?"
            rf"\s*[,،]?\s*(?:(?:من\s+)?(?:عام|سنه|لعام)\s+)?(?P<y>\d{{4}})(?!\d)"
        ),
        # January 23, 2022 / يناير 23، 2022
        re.compile(rf"{month_glued}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)"),
    )


_YEAR = re.compile(r"\d{4}")  # \d also matches Arabic-Indic and Persian digits


@dataclass(slots=True, frozen=True)
class FoundDate:
    value: str  # YYYY-MM-DD
    start: int  # span of the date in the searched string
    end: int


def _valid(y: int, m: int, d: int) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(line: str, *, english: bool | None = None) -> FoundDate | None:
    """The first complete date written in ``line`` (offsets into ``line``), or None."""
    if _YEAR.search(line) is None:  # every complete date has a 4-digit year: cheap pre-check
        return None
    norm = normalize(line)
    text = norm.text
    if english is None:
        english = not any("\u0600" <= ch <= "\u06ff" for ch in line)
    best: tuple[int, int, str] | None = None
    for i, pattern in enumerate(_patterns()):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            y = int(groups["y"])
            if i == 0:
                value = _valid(y, int(groups["m"]), int(groups["d"]))
            elif i == 1:
                a, b = int(groups["a"]), int(groups["b"])
                if a > 12 >= b:
                    value = _valid(y, b, a)
                elif b > 12 >= a:
                    value = _valid(y, a, b)
                elif english and a != b:
                    value = None  # 01/02/2022 in an English line: day and month undecidable
                else:
                    value = _valid(y, b, a)  # Arabic convention: day-month-year
            else:
                key = " ".join(groups["mn"].split())
                value = _valid(y, month_forms().get(key, 0), int(groups["d"]))
            if value and (best is None or m.start() < best[0]):
                best = (m.start(), m.end(), value)
                break
    if best is None:
        return None
    start, end = norm.to_source(best[0], best[1])
    return FoundDate(best[2], start, end)
