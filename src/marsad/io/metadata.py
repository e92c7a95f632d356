"""Document-level metadata: title, publisher, author, dateline, publication date, language.

Precedence, highest first (``Document.meta`` holds what the command line, the input record or
the HTML page said; the command line overrides the record before this stage runs):

* ``title``: the record/page title; else the first headline line of the text (a short line
  that is not a sentence, a byline or a date). The headline is removed from ``text`` (and
  listed in ``removed``) so that it is not repeated.
* ``outlet`` (the PUBLISHER, not an outlet the article quotes): the record/page/CLI name,
  resolved against ``kb/data/outlets.toml`` (kept as a bare name if unknown); else, from the
  text, (1) a closing signature line that is an outlet name, (2) a self-reference at the top:
  «خاص لـ الشرقية24», a byline «جسر: الحسكة:», «شفق نيوز- دمشق», a dateline «أربيل
  (كوردستان24)-»; (3) repeated self-reference in the body: «مراسل "أثر"», «مصادر أثر», a
  source speaking «لـ«الوطن»» with the bare name; then (4) the URL's domain. An outlet that
  the text quotes («نقلت صحيفة الوطن عن مصدر», «بحسب سانا») never counts as the publisher.
* ``author``/``dateline``: bylines «| حلب- خالد زنكلو», «كتب: ...», «Reporting by ...», the
  text beside a date stamp; the dateline place of «QAMISHLI, Syria (North Press) –».
* ``published``: CLI > record > page meta > a date line at the top (or a stamp at the very
  end) of the text; never a date from the body (that is when things happened, not when the
  article appeared); ``null`` otherwise. An update stamp («آخر تحديث», «Updated») is not a
  publication date, even when nothing else dates the page: it only bounds publication from
  above, and an article updated days later would have its «أمس» resolved to the wrong day;
  null beats that guess (the stamp line still leaves ``text``).
* ``author`` also from a bare personal name on the last line, after the body («خالد زنكلو»,
  «Raghda Sawas»): sites sign articles so.

Consumed header lines (bylines, date stamps) leave ``text`` and are listed in ``removed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from marsad.document import Document, Outlet
from marsad.io.datelines import find_date
from marsad.io.html import iso_date
from marsad.io.lines import (
    AUTHOR_CREDIT_WORDS,
    EDITOR_CREDIT_WORDS,
    credit_pattern,
    is_bare_name,
    is_credit,
    is_date_line,
    is_header_info,
    is_prose,
    line_key,
    two_part_byline,
    words,
)
from marsad.kb.outlets import (
    OutletEntry,
    outlet_for_url,
    outlet_lexicon,
    outlets_by_id,
    resolve_outlet,
)
from marsad.text.normalize import normalize, normalize_term

_ARABIC_BLOCK = re.compile("[\u0600-\u06ff]")
HEAD_LINES = 8  # header lines (title, byline, date) are looked for among the first lines
TAIL_LINES = 3  # ... and signature lines among the last ones
MAX_TITLE_WORDS = 30
SELF_REFERENCE_CHARS = 2500  # how far into the body self-references («مراسل أثر») are looked for

_WORD = re.compile(r"[^\W_]+")
# «خاص لـ الشرقية24||», «خاص - عنب بلدي:», «حصري لـ"أثر"|»
_EXCLUSIVE = re.compile(r"^\s*(?:خاص|خاصّ|حصري|حصريا|حصرياً|exclusive)\s*(?:لـ|ل|بـ|-|–|:)?\s*([^|:\-–—]{1,40}?)\s*(?:\|\||\||:|-|–|—)\s*")
# «أربيل (كوردستان24)- », «QAMISHLI, Syria (North Press) – », «AMMAN, Jan 24 (Reuters) - »
_INLINE_DATELINE = re.compile(r"^([^\W\d_][^(),،:\n]{0,30}?)\s*(?:[,،][^()\n]{0,25})?\s*\(([^()\n]{2,40})\)\s*[-–—]\s*")
# «الحسكة- قالت ...», «جسر: الحسكة: ...», «الحسكة - نورث برس: ...»: one or two short parts
# (a place and an outlet, either order) ending in a dash or a colon at the paragraph start
_ARABIC_DATELINE = re.compile(
    r"^([^\W\d_][^\-–—:|,،.\n]{0,25}?)\s*[-–—:]\s*(?:([^\W\d_][^\-–—:|,،.\n]{0,25}?)\s*[-–—:]\s*)?"
)
_ENGLISH_DATELINE = re.compile(r"^([A-Z][A-Z'\-]{2,}(?: [A-Z][A-Z'\-]+)?)(?:,[^\-–—\n]{0,30})?\s+[-–—]\s+")
_CREDIT_SPLIT = re.compile(r"\s*(?:[–—|;،]|\s-\s|\band\b)\s*")
_CREDIT_HEAD = credit_pattern(AUTHOR_CREDIT_WORDS)
_EDITOR_HEAD = credit_pattern(EDITOR_CREDIT_WORDS)
# Words of a date stamp that are not a name: «آخر تحديث», «posted on», «بتوقيت», weekdays.
_STAMP_WORDS = frozenset(
    normalize_term(w)
    for w in ["في", "نشر", "نشرت", "بتاريخ", "تاريخ", "النشر", "آخر", "اخر", "تحديث", "محدث", "تم", "بتوقيت", "توقيت", "م", "ص", "مساء", "صباحا", "الساعة", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد", "posted", "on", "published", "updated", "update", "last", "at", "am", "pm", "gmt", "utc", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
_UPDATE_WORDS = frozenset(normalize_term(w) for w in ("تحديث", "محدث", "updated", "update", "عدل", "تعديل"))

# Context words (normalised) around an outlet name in running text.
_MEDIA_NOUNS = frozenset(
    normalize_term(w)
    for w in ["صحيفة", "جريدة", "موقع", "وكالة", "شبكة", "قناة", "منصة", "إذاعة", "تلفزيون", "مجلة", "بوابة"]
)
_OWN_REPORTERS = frozenset(normalize_term(w) for w in ["مراسل", "مراسلة", "مراسلو", "مراسلي", "مصادر"])
_SOURCE_WORDS = frozenset(
    normalize_term(w)
    for w in ["مصدر", "مصادر", "مسؤول", "مسؤولون", "مسؤولين", "قيادي", "قياديين", "مقرب", "مقربة", "ناشط", "ناشطون", "شاهد", "شهود", "قال", "قالت", "أكد", "أكدت", "أفاد", "أفادت", "كشف", "كشفت", "صرح", "صرحت", "أوضح", "أوضحت", "بين", "بينت", "أشار", "أشارت", "ذكر", "ذكرت", "مطلعة", "مطلع", "محلية", "خاصة", "أمني", "أمنية", "عسكري", "عسكرية"]
)
_QUOTING = frozenset(
    normalize_term(w)
    for w in ["نقلت", "نقل", "نقلا", "نقلاً", "بحسب", "حسب", "وفق", "وفقا", "وفقاً", "طبقا", "نسبة", "استنادا", "ذكرت", "أوردت", "أوردته", "نشرت", "بثت", "أفادت", "قالت", "كشفت", "أشارت", "عن", "according", "citing", "cited", "told", "reported", "said"]
)
_EXCLUSIVE_WORDS = frozenset(normalize_term(w) for w in ("خاص", "خاصة", "حصري", "حصريا"))


@dataclass(slots=True)
class _Header:
    """What the header and signature lines said."""

    author: str | None = None
    dateline: str | None = None
    # where the dateline place stands when it stays in the text: (line index, start, end)
    dateline_at: tuple[int, int, int] | None = None
    published: str | None = None
    outlet_ids: list[str] = field(default_factory=list)  # self-references, strongest first
    drop: set[int] = field(default_factory=set)  # line indexes consumed


# -- helpers ---------------------------------------------------------------------------------


def _outlet_of(entry: OutletEntry) -> Outlet:
    return Outlet(name=entry.name, name_en=entry.name_en, id=entry.id)


_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")


def _names_the_host(name: str, url: str) -> bool:
    """Does ``name`` write the host of ``url`` (or a parent domain of it)?"""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return False
    return bool(host) and any(host == d or host.endswith("." + d) for d in _DOMAIN.findall(name.lower()))


def _bare_outlet(name: str) -> Outlet:
    ascii_name = name.isascii()
    return Outlet(name=name, name_en=name if ascii_name else None, id=None)


@lru_cache(maxsize=4096)
def _is_place(surface: str) -> bool:
    """Whether the knowledge base knows ``surface`` as a place or facility (if a KB is present)."""
    try:
        from marsad.kb.gazetteer import load_kb

        kb = load_kb()
    except Exception:  # the gazetteer is optional for this stage
        return False
    for eid in kb.lookup(surface):
        ent = kb.get(eid)
        if ent is not None and ent.type in ("place", "facility", "state"):
            return True
    return False


def _clean_name(text: str) -> str | None:
    name = " ".join(text.strip(" :|-–—،,.\"'«»“”").split())
    if not name or len(words(name)) > 6 or any(ch.isdigit() for ch in name):
        return None
    return name


def _author_from_credit(line: str) -> str | None:
    if _EDITOR_HEAD.match(line.strip()):
        return None  # "Editing by ...": the editor, not the author
    body = _CREDIT_HEAD.sub("", line.strip(), count=1)
    first = _CREDIT_SPLIT.split(body, maxsplit=1)[0] if body else ""
    return _clean_name(first)


def _stamp_remainder(line: str, start: int, end: int) -> str:
    """The words of a date line other than the date, weekday, clock time and stamp words."""
    rest = line[:start] + " " + line[end:]
    # a clock time and the zone after it: «10:12 دمشق» is Damascus time, not a dateline
    rest = re.sub(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[صمap]\.?m?\.?)?(?:\s+[^\W\d_]+)?", " ", rest)
    rest = re.sub(r"(?:بتوقيت|توقيت)\s+\S+", " ", rest)  # «بتوقيت القاهرة» is a clock, not a dateline
    kept = [w for w in _WORD.findall(rest) if normalize_term(w) not in _STAMP_WORDS and not w.isdigit()]
    return " ".join(kept)


def _is_pure_stamp(line: str) -> bool:
    if not is_date_line(line):
        return False
    found = find_date(line, english=False)
    return found is not None and not _stamp_remainder(line, found.start, found.end)


def _headline_ok(line: str) -> bool:
    n = len(words(line))
    return 2 <= n <= MAX_TITLE_WORDS and not is_prose(line) and not is_header_info(line) and not line.endswith(":")


# -- header and signature lines ----------------------------------------------------------------


def _read_byline(line: str, header: _Header) -> None:
    parts = two_part_byline(line)
    if parts is None:
        return
    first, second = (_clean_name(p) or "" for p in parts)
    first_outlet = resolve_outlet(first) if first else None
    second_outlet = resolve_outlet(second) if second else None
    if first_outlet is not None:
        header.outlet_ids.append(first_outlet.id)
        header.dateline = header.dateline or second or None
    elif second_outlet is not None:
        header.outlet_ids.append(second_outlet.id)
        header.dateline = header.dateline or first or None
    elif first:
        # «حلب- خالد زنكلو»: the Arabic byline puts the place first, then the reporter
        header.dateline = header.dateline or first
        if second and 2 <= len(words(second)) <= 4 and not _is_place(second):
            header.author = header.author or second
        elif second and _is_place(second) and not _is_place(first):
            header.dateline, header.author = second, header.author or (first if len(words(first)) >= 2 else None)


def _read_header(lines: list[str], doc: Document) -> _Header:
    header = _Header()
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return header
    first_prose = next((i for i in nonblank if is_prose(lines[i])), None)
    last_prose = next((i for i in reversed(nonblank) if is_prose(lines[i])), None)
    head = [i for i in nonblank[:HEAD_LINES] if first_prose is None or i < first_prose]
    tail = [i for i in nonblank[-TAIL_LINES:] if last_prose is not None and i > last_prose]
    english = doc.language == "en" or _ARABIC_BLOCK.search("\n".join(lines[:5])) is None

    # a pure date stamp («posted on January 23, 2022») may also sit under a photo caption
    stamps = [i for i in nonblank[:HEAD_LINES] if i not in head and _is_pure_stamp(lines[i])]
    for i in head + stamps + tail:
        line = lines[i].strip()
        if is_date_line(line):
            found = find_date(line, english=english)
            if found is None:
                continue
            stamp_words = {normalize_term(w) for w in _WORD.findall(line)}
            if not (stamp_words & _UPDATE_WORDS):
                header.published = header.published or found.value
            rest = _stamp_remainder(line, found.start, found.end)
            if rest and not stamp_words & _UPDATE_WORDS:
                outlet = resolve_outlet(rest)
                if outlet is not None:
                    header.outlet_ids.append(outlet.id)
                elif _is_place(rest) or (len(words(rest)) == 1 and i in head):
                    header.dateline = header.dateline or rest
                elif 2 <= len(words(rest)) <= 8:
                    header.author = header.author or rest
            header.drop.add(i)
        elif is_credit(line):
            header.author = header.author or _author_from_credit(line)
            header.drop.add(i)
        elif (line.startswith("|") or "|" not in line) and two_part_byline(line) is not None:
            _read_byline(line, header)
            header.drop.add(i)
        elif i == nonblank[-1] and i in tail and is_bare_name(line) and resolve_outlet(line) is None:
            # a bare personal name closing the article: the reporter's signature
            header.author = header.author or _clean_name(line)
            header.drop.add(i)
        elif i in tail and resolve_outlet(line) is not None:
            # a bare outlet name closing the article: the publisher's signature
            header.outlet_ids.insert(0, resolve_outlet(line).id)  # type: ignore[union-attr]
            header.drop.add(i)

    # inline dateline at the start of the first paragraph
    if first_prose is not None:
        _read_inline_dateline(lines[first_prose], first_prose, header)
    return header


def _set_inline_dateline(header: _Header, line_index: int, para: str, start: int, end: int) -> None:
    place = para[start:end].strip()
    if not place or len(words(place)) > 3:
        return
    if header.dateline is None or header.dateline == place:
        start += len(para[start:end]) - len(para[start:end].lstrip())
        header.dateline = place
        header.dateline_at = (line_index, start, start + len(place))


def _read_inline_dateline(para: str, line_index: int, header: _Header) -> None:
    m = _INLINE_DATELINE.match(para)
    if m:
        outlet = resolve_outlet(m.group(2))
        if outlet is not None:
            header.outlet_ids.append(outlet.id)
        _set_inline_dateline(header, line_index, para, m.start(1), m.end(1))
        return
    m = _ENGLISH_DATELINE.match(para)
    if m:
        _set_inline_dateline(header, line_index, para, m.start(1), m.end(1))
        return
    m = _ARABIC_DATELINE.match(para)
    if m is None:
        return
    first, second = m.group(1).strip(), (m.group(2) or "").strip()
    first_outlet = resolve_outlet(first)
    second_outlet = resolve_outlet(second) if second else None
    if first_outlet is not None and second and _is_place(second):
        header.outlet_ids.append(first_outlet.id)  # «جسر: الحسكة:»
        _set_inline_dateline(header, line_index, para, m.start(2), m.end(2))
    elif _is_place(first) and (second_outlet is not None or not second or m.group(2) is None):
        if second_outlet is not None:  # «الحسكة - نورث برس:»
            header.outlet_ids.append(second_outlet.id)
        _set_inline_dateline(header, line_index, para, m.start(1), m.end(1))
    elif _is_place(first) and second_outlet is None:
        # «الحسكة- قالت مصادر: ...»: the second part is the sentence, not a credit
        _set_inline_dateline(header, line_index, para, m.start(1), m.end(1))


# -- publisher from the body ---------------------------------------------------------------


def _body_self_references(text: str) -> tuple[list[str], set[str]]:
    """Outlets the text names as itself (by score, best first) and outlets it quotes."""
    norm = normalize(text)
    ntext = norm.text
    scores: dict[str, int] = {}
    quoted: set[str] = set()
    for hit in outlet_lexicon().scan(norm):
        before = _WORD.findall(ntext[max(0, hit.nstart - 80) : hit.nstart])
        after = ntext[hit.nend : hit.nend + 20]
        media = False
        media_word = ""
        if before and before[-1].lstrip("وف") in _MEDIA_NOUNS | {"ل" + m for m in _MEDIA_NOUNS}:
            media, media_word = True, before[-1].lstrip("وف")
            before = before[:-1]
        # quoted: the word right before the name (or its media noun) is a citing word:
        # «نقلت صحيفة الوطن», «بحسب سانا», «نقلا عن الوطن», «according to Reuters»
        prev = before[-1].lstrip("وف") if before else ""
        if prev in _QUOTING or prev.removeprefix("ب") in _QUOTING or (prev in ("عن", "to") and len(before) > 1):
            quoted.add(hit.payload)
            continue
        told_to = hit.prefix.endswith("ل") or media_word.startswith("ل")
        score = 0
        if before and before[-1].lstrip("وف") in _OWN_REPORTERS:
            score = 1  # «مراسل "أثر"», «مصادر أثر»
        if after.lstrip().startswith(("correspondent", "'s correspondent", "reporter")):
            score = 1
        if told_to and any(w.lstrip("وف") in _SOURCE_WORDS for w in before[-6:]):
            exclusive = any(w in _EXCLUSIVE_WORDS for w in before[-2:])
            # «مصادر خاصة لشبكة الشرقية24», «قال مصدر لـ«الوطن»»: told to this outlet
            score = max(score, 3 if exclusive else (2 if not media else 1))
        if score:
            scores[hit.payload] = scores.get(hit.payload, 0) + score
    ranked = sorted((s, oid) for oid, s in scores.items() if oid not in quoted and s >= 2)
    return [oid for _, oid in sorted(ranked, key=lambda x: -x[0])], quoted


# -- the stage -------------------------------------------------------------------------------


def _title_and_text(doc: Document, lines: list[str], header: _Header) -> tuple[str | None, set[int]]:
    """The title and the line indexes to drop because they print it."""
    drop: set[int] = set()
    nonblank = [i for i, line in enumerate(lines) if line.strip() and i not in header.drop]
    given = doc.meta.get("title")
    title = " ".join(given.split()) if isinstance(given, str) and given.strip() else None
    if title is not None:
        title_key = line_key(title)
        for i in nonblank[:HEAD_LINES]:
            key = line_key(lines[i])
            if key and (key == title_key or (_EXCLUSIVE.match(lines[i]) and key.endswith(title_key))):
                drop.add(i)
            elif is_prose(lines[i]):
                break
        return title, drop
    for i in nonblank[:HEAD_LINES]:
        line = lines[i].strip()
        if is_prose(line):
            break
        if _headline_ok(line) or _EXCLUSIVE.match(line):
            m = _EXCLUSIVE.match(line)
            if m:
                outlet = resolve_outlet(m.group(1))
                if outlet is not None:
                    header.outlet_ids.insert(0, outlet.id)
                line = line[m.end() :].strip()
            if not line:
                continue
            title = line
            title_key = line_key(title)
            drop.add(i)
            drop.update(j for j in nonblank[:HEAD_LINES] if j != i and line_key(lines[j]) == title_key)
            break
    return title, drop


def extract_metadata(doc: Document) -> Document:
    lines = doc.text.split("\n")
    header = _read_header(lines, doc)
    title, title_drop = _title_and_text(doc, lines, header)
    doc.title = title

    # the publisher
    outlet: Outlet | None = None
    given = doc.meta.get("outlet")
    if isinstance(given, str) and given.strip():
        entry = resolve_outlet(given.strip())
        page_url = doc.url or doc.meta.get("url")
        if entry is None and isinstance(page_url, str) and _names_the_host(given, page_url):
            # the record names the site the page came from («sarmady.net», «الرياض (via
            # sauress.com)») and the KB knows the page's outlet (a mirror, a paper's archive)
            entry = outlet_for_url(page_url)
        outlet = _outlet_of(entry) if entry else _bare_outlet(" ".join(given.split()))
    if outlet is None:
        # a signature removed by the cleaner (last removed line that is an outlet name)
        for line in reversed(doc.removed[-TAIL_LINES:]):
            entry = resolve_outlet(line)
            if entry is not None:
                outlet = _outlet_of(entry)
                break
    if outlet is None and header.outlet_ids:
        outlet = _outlet_of(outlets_by_id()[header.outlet_ids[0]])
    if outlet is None:
        # an outlet refers to itself near the top; scanning a bounded prefix keeps this O(1)
        ranked, _ = _body_self_references(doc.text[:SELF_REFERENCE_CHARS])
        if ranked:
            outlet = _outlet_of(outlets_by_id()[ranked[0]])
    url = doc.meta.get("url") if isinstance(doc.meta.get("url"), str) else None
    doc.url = doc.url or url
    if outlet is None and doc.url:
        entry = outlet_for_url(doc.url)
        if entry is not None:
            outlet = _outlet_of(entry)
    doc.outlet = outlet

    author = doc.meta.get("author")
    doc.author = " ".join(author.split()) if isinstance(author, str) and author.strip() else header.author
    doc.dateline = header.dateline
    doc.dateline_span = None

    published = doc.meta.get("published")
    doc.published = (iso_date(published) if isinstance(published, str) else None) or header.published

    drop = header.drop | title_drop
    if drop:
        kept = [line for i, line in enumerate(lines) if i not in drop]
        body = _BLANK_RUN.sub("\n\n", "\n".join(kept)).strip()
        if body:
            doc.removed = list(doc.removed) + [lines[i].strip() for i in sorted(drop)]
            doc.text = body
    if header.dateline_at is not None:
        doc.dateline_span = _dateline_span(doc.text, lines, header.dateline_at)
    return doc


def _dateline_span(text: str, lines: list[str], at: tuple[int, int, int]) -> tuple[int, int] | None:
    """The span in the final ``text`` of the dateline place its paragraph still holds: the
    paragraph is kept verbatim, so it is found by its own text (the first occurrence)."""
    index, start, end = at
    line = lines[index].strip()
    lead = len(lines[index]) - len(lines[index].lstrip())
    offset = text.find(line) if line else -1
    if offset < 0:
        return None
    s, e = offset + start - lead, offset + end - lead
    if text[s:e] != lines[index][start:end]:
        return None
    return s, e


# -- language ----------------------------------------------------------------------------------

# runs rather than single letters: findall then returns a few words, not a string per letter
# Each written to start with a character class (not a repeat), so that the regex engine skips
# to the next candidate character instead of trying a match at every position.
_ARABIC_LETTERS = (0x621, 0x64A)  # hamza to yeh: the letters that tell Arabic script
_BLANK_RUN = re.compile(r"\n\n\n+")  # \n{3,}, led by a literal for the same reason
# Letters of Persian, Urdu, Kurdish and Pashto that Arabic does not use.
_NON_ARABIC_ARABIC_SCRIPT = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06be\u06d2\u06ce\u06c6\u0695\u06b5\u06d5]")
_SAMPLE = 800
_ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "said", "by", "from", "were", "are", "has", "have", "it", "its", "which"]
)
_LANGID_SAMPLE = 400  # py3langid cost grows with length; 400 chars decide en/fr/de... reliably


def _classify_language(text: str) -> str:
    from marsad.io.langid import classify

    return classify(text)


def _letter_counts(sample: str) -> tuple[int, int]:
    """(Arabic letters, Latin letters A-Z a-z) in ``sample``, counted over its code points
    in one numpy pass (two regex passes built a string per word just to sum their lengths)."""
    import numpy as np  # loaded anyway by the events stage's models

    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    arabic = int(np.count_nonzero((codes >= _ARABIC_LETTERS[0]) & (codes <= _ARABIC_LETTERS[1])))
    lower = codes | 0x20  # A-Z -> a-z; no other code point lands in a-z
    latin = int(np.count_nonzero((lower >= 0x61) & (lower <= 0x7A)))
    return arabic, latin


def detect_language(doc: Document) -> Document:
    """ISO 639-1 code of the text (``und`` when it has no letters to judge by).

    Arabic script without Persian/Urdu/Kurdish letters is Arabic outright (most of our input,
    and it saves the classifier call); anything else goes to py3langid (``marsad.io.langid``:
    loaded on first need, memory-mapped) on a sample of the text.
    """
    sample = doc.text[:_SAMPLE]
    if doc.title:
        sample = doc.title + "\n" + sample
    arabic, latin = _letter_counts(sample)
    if arabic == 0 and latin == 0:
        doc.language = "und" if not any(ch.isalpha() for ch in sample) else _classify_language(sample)
        return doc
    if arabic > latin and _NON_ARABIC_ARABIC_SCRIPT.search(sample) is None:
        # Arabic script dominates (English names and acronyms quoted in Arabic text are common)
        doc.language = "ar"
        return doc
    words = _WORD.findall(sample) if arabic == 0 else []  # found once for both tests below
    if arabic == 0 and len(words) < 3:
        doc.language = "und"  # one or two Latin words: too little to tell English from anything
        return doc
    if arabic == 0:
        tokens = [w.lower() for w in words]
        if tokens and sum(w in _ENGLISH_FUNCTION_WORDS for w in tokens) >= 0.15 * len(tokens):
            doc.language = "en"  # English function words everywhere: no need for the classifier
            return doc
    doc.language = _classify_language(sample[:_LANGID_SAMPLE])
    return doc
