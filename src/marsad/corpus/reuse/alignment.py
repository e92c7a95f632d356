"""Alignment of two texts: 4-word seeds shared by both extended into maximal runs of
identical normalised words, runs of at least ``MIN_RUN`` words kept, and runs separated by
a small edit merged into one passage (quoted runs marked)."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.corpus.reuse.signatures import SHINGLE, WORD
from marsad.text.normalize import normalize

MIN_RUN = 6  # shortest run kept inside a reuse pair
MAX_GAP = 4  # words of edit allowed between two runs of one passage
MAX_SEED_OCCURRENCES = 8  # ignore seeds repeated more often than this in a (boilerplate)


@dataclass(slots=True)
class Words:
    """The normalised words of a text and where each is in the source."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    quoted: list[bool]  # inside a quotation in the text


def words_of(text: str) -> Words:
    norm = normalize(text)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    quoted: list[bool] = []
    nt = norm.text
    # a word is quoted when an odd number of quote marks precede it in its paragraph
    inside = False
    pos = 0
    for m in WORD.finditer(nt):
        seg = nt[pos : m.start()]
        if "\n" in seg:
            inside = False
            seg = seg[seg.rindex("\n") :]
        if seg.count('"') % 2:
            inside = not inside
        pos = m.start()
        s, e = norm.to_source(m.start(), m.end())
        words.append(m.group())
        starts.append(s)
        ends.append(e)
        quoted.append(inside)
    return Words(words, starts, ends, quoted)


@dataclass(slots=True)
class Passage:
    a_start: int  # word indexes, end exclusive
    a_end: int
    b_start: int
    b_end: int
    matched: int  # words actually identical (gaps excluded)
    longest: int  # longest unquoted run inside
    quoted: bool  # every run inside is quoted in both texts


def align(wa: Words, wb: Words) -> list[Passage]:
    """Maximal shared runs of identical words, merged across small edits."""
    a, b = wa.words, wb.words
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(a) - SHINGLE + 1):
        index.setdefault(tuple(a[i : i + SHINGLE]), []).append(i)
    runs: list[tuple[int, int, int]] = []  # (i, j, length)
    j = 0
    nb, na = len(b), len(a)
    while j <= nb - SHINGLE:
        occ = index.get(tuple(b[j : j + SHINGLE]))
        if not occ or len(occ) > MAX_SEED_OCCURRENCES:
            j += 1
            continue
        best_i, best_len = -1, 0
        for i in occ:
            k = SHINGLE
            while i + k < na and j + k < nb and a[i + k] == b[j + k]:
                k += 1
            if k > best_len:
                best_i, best_len = i, k
        if best_len >= MIN_RUN:
            runs.append((best_i, j, best_len))
            j += best_len
        else:
            j += 1
    passages: list[Passage] = []
    for i, j, n in runs:
        q = all(wa.quoted[i : i + n]) and all(wb.quoted[j : j + n])
        if passages:
            p = passages[-1]
            if 0 <= j - p.b_end <= MAX_GAP and 0 <= i - p.a_end <= MAX_GAP:
                p.a_end, p.b_end = i + n, j + n
                p.matched += n
                if not q:
                    p.longest = max(p.longest, n)
                p.quoted = p.quoted and q
                continue
        passages.append(Passage(i, i + n, j, j + n, n, 0 if q else n, q))
    return passages
