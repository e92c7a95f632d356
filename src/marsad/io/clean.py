"""The clean stage: from the raw input to the article body (``Document.text``).

What leaves the text is listed, line by line, in ``Document.removed``. Two kinds of rules:

* **Furniture phrases** (language data, ``kb/data/furniture.toml``): back-to-top buttons,
  comment forms, share/print/follow lines, "related articles" blocks, copyright lines,
  section labels. A phrase matches a whole line after normalisation (hamza, ta marbuta,
  diacritics, punctuation and case folded), or the start of a short line for ``prefix``
  phrases; a ``cut`` phrase in the second half of the text removes the block it introduces;
  ``label`` phrases only count at the edges of the text.
* **Structural rules**, independent of any site: a line printed twice in a row (the headline
  repeated by the page template), lines of a few characters at the edges, short lines
  without sentence punctuation above the headline (breadcrumbs, mastheads) or between the
  headline and the first paragraph (image captions), short unpunctuated lines after the last
  paragraph (signatures, tag lists). Photo captions of any length (a credit in parentheses at
  the end, «(أرشيف)», «(رويترز)», or a label at the start, «صورة:») leave wherever they are;
  a bare personal name on the last line stays for the metadata stage (a closing byline). Bylines and date lines are never removed here: the
  metadata stage reads them (and removes them itself).

Line endings become ``\\n``; paragraphs stay separated by a blank line where the input had one;
control characters and lone surrogates are dropped. Nothing here raises on odd input, and if
the rules would leave nothing the text is kept whole instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from marsad.compiled import compiled
from marsad.document import Document
from marsad.io.encoding import scrub
from marsad.io.lines import (
    ends_sentence,
    is_bare_name,
    is_caption,
    is_header_info,
    is_prose,
    line_key,
    words,
)
from marsad.kb.outlets import resolve_outlet

_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# C0/C1 controls except tab and newline (NUL, escape codes from scraped terminals...).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Written to start with a literal: the regex engine then jumps from one "\n\n\n" to the next,
# where a pattern starting with a repeat (\n{3,}) is tried at every position of the text
# (ten times slower over an article).
_BLANK_RUN = re.compile(r"\n\n\n+")
# Every character that scrub (lone surrogates), _NEWLINES or _CONTROLS acts on, in one class:
# one scan of the raw text (the class lets the regex engine skip ahead) tells that none of
# the three applies, where they took three scans (_NEWLINES, an alternation, is the slowest).
_LAYOUT_SPECIAL = re.compile(r"[\ud800-\udfff\r\u2028\u2029\x0b\x0c\x85\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_CONJUNCTION_START = re.compile(r"^[وف][\u0621-\u064a]{2,}")

SHORT_EDGE_WORDS = 3  # lines this short without punctuation are chrome at the top
TAIL_EDGE_WORDS = 5  # ... and at the bottom


@dataclass(frozen=True, slots=True)
class Furniture:
    line: frozenset[str]
    prefix: tuple[str, ...]
    cut: frozenset[str]
    label: frozenset[str]
    prefix_max_words: int
    prefix_by_first_word: dict[str, tuple[str, ...]]


@compiled
def furniture() -> Furniture:
    raw = tomllib.loads(resources.files("marsad.kb").joinpath("data/furniture.toml").read_text("utf-8"))

    def keys(name: str) -> list[str]:
        return [k for k in (line_key(p) for p in raw.get(name, [])) if k]

    prefixes = tuple(sorted(set(keys("prefix")), key=len, reverse=True))
    by_first: dict[str, list[str]] = {}
    for prefix in prefixes:
        by_first.setdefault(prefix.split(" ", 1)[0], []).append(prefix)
    return Furniture(
        line=frozenset(keys("line")),
        prefix=prefixes,
        prefix_by_first_word={k: tuple(v) for k, v in by_first.items()},
        cut=frozenset(keys("cut")),
        label=frozenset(keys("label")),
        prefix_max_words=int(raw.get("prefix_max_words", 30)),
    )


def normalize_layout(raw: str) -> str:
    """Unix newlines, no control characters or trailing spaces, at most one blank line in a row."""
    if _LAYOUT_SPECIAL.search(raw) is None:
        # the common case: nothing for scrub, _NEWLINES or _CONTROLS to change
        text = raw[1:] if raw.startswith("\ufeff") else raw
    else:
        text = scrub(raw)
        if text.startswith("\ufeff"):
            text = text[1:]
        if "\r" in text or _NEWLINES.search(text):
            text = _NEWLINES.sub("\n", text)
        if _CONTROLS.search(text):
            text = _CONTROLS.sub("", text)
    text = "\n".join(map(str.strip, text.split("\n")))  # C-level map over every line
    return _BLANK_RUN.sub("\n\n", text).strip()


def _is_phrase(line: str, key: str, table: Furniture) -> bool:
    if not key:
        # only punctuation/symbols: a separator («-», «***», «|») or an icon
        return True
    if key in table.line:
        return True
    stripped = line.lstrip()
    if stripped.startswith(("©", "(c)", "(C)")) and len(words(line)) <= table.prefix_max_words:
        return True
    first_word = key.split(" ", 1)[0]
    candidates = table.prefix_by_first_word.get(first_word)
    if candidates and key.count(" ") < table.prefix_max_words:
        for prefix in candidates:
            if key.startswith(prefix) and (len(key) == len(prefix) or key[len(prefix)] == " "):
                return True
    return False


def _hashtag_line(line: str) -> bool:
    """Every word of the line is a hashtag («#عاجل | #الشدادي», «#الحسكة #دير_الزور»), icons
    and separators aside: a social-media tag list, never a sentence of the article."""
    if "#" not in line:
        return False  # no hashtag: either a word without "#" or no word at all
    tagged = False
    for token in line.split():
        if not any(ch.isalnum() for ch in token):
            continue  # «🔴», «|», «-»
        if not token.startswith("#"):
            return False
        tagged = True
    return tagged


def _tiny(key: str) -> bool:
    """At most 3 letters/digits: a comment counter, «+A», a stray bullet."""
    return len(key.replace(" ", "")) <= 3


def clean(doc: Document) -> Document:
    table = furniture()
    text = normalize_layout(doc.raw)
    lines = text.split("\n")
    n = len(lines)
    keys = [line_key(line) if line else "" for line in lines]
    keep = [True] * n
    why: list[str | None] = [None] * n
    blank = [not line for line in lines]

    def drop(i: int) -> None:
        keep[i] = False

    # 1. furniture phrases and photo captions anywhere
    for i, line in enumerate(lines):
        if not blank[i] and (
            _is_phrase(line, keys[i], table) or is_caption(line) or _hashtag_line(line)
        ):
            drop(i)

    # 2. a "related articles" / comment-form block in the second half: it and all after it
    for i in range(n // 2, n):
        if not blank[i] and keys[i] in table.cut:
            for j in range(i, n):
                if not blank[j]:
                    drop(j)
            break

    prose = [i for i in range(n) if keep[i] and not blank[i] and is_prose(lines[i])]
    if prose:
        first, last = prose[0], prose[-1]
        title_key = line_key(doc.meta["title"]) if isinstance(doc.meta.get("title"), str) else ""
        # 3. head zone: everything above the first paragraph
        head = [i for i in range(first) if keep[i] and not blank[i]]
        headline = next((i for i in head if title_key and keys[i] == title_key), None)
        if headline is None:
            headline = next(
                (i for i in head if len(keys[i].split()) > SHORT_EDGE_WORDS and keys[i] not in table.label and not is_header_info(lines[i])),
                None,
            )
        if headline is None:
            # no longer line: the short line right above the first paragraph is the headline
            headline = next((i for i in reversed(head) if keys[i] not in table.label and not is_header_info(lines[i])), None)
        previous_key = None
        for i in head:
            line, key = lines[i], keys[i]
            info = is_header_info(line)
            if key == previous_key:
                drop(i)  # printed twice in a row (headline, caption)
                continue
            previous_key = key
            if info:
                continue
            short = len(key.split()) <= SHORT_EDGE_WORDS and not ends_sentence(line) and not line.endswith(":")
            if key in table.label or _tiny(key):
                drop(i)
            elif short and i != headline:
                # above the headline: breadcrumbs, mastheads; below it: image captions, labels
                drop(i)
        # 4. tail zone: everything below the last paragraph
        excerpt = bool(doc.meta.get("excerpt"))
        last_nonblank = max(i for i in range(n) if not blank[i] and keep[i]) if any(keep) else -1
        for i in range(last + 1, n):
            if blank[i] or not keep[i]:
                continue
            line, key = lines[i], keys[i]
            if is_header_info(line) or (i == last_nonblank and is_bare_name(line)):
                continue  # a byline (or a bare name closing the article): metadata reads it
            if key in table.label or _tiny(key) or resolve_outlet(line) is not None:
                drop(i)
            elif (
                not excerpt
                and len(key.split()) <= TAIL_EDGE_WORDS
                and not ends_sentence(line)
                and not _CONJUNCTION_START.match(line)
                and not line.endswith(("،", ",", ":"))
            ):
                drop(i)  # signatures, tag lists, «Other news»: not a truncated sentence
    else:
        # no paragraph at all (a very short text): only edge labels go, never the text itself
        for i in range(n):
            if keep[i] and not blank[i] and keys[i] in table.label and (i == 0 or i == n - 1):
                drop(i)

    # 5. consecutive duplicates anywhere (a paragraph pasted twice by the page template)
    previous = None
    for i in range(n):
        if blank[i] or not keep[i]:
            continue
        if previous is not None and keys[i] and keys[i] == keys[previous] and len(keys[i].split()) >= 2:
            drop(i)
        previous = i

    kept_lines = [lines[i] for i in range(n) if keep[i]]
    body = _BLANK_RUN.sub("\n\n", "\n".join(kept_lines)).strip()
    if not body:
        # every line looked like furniture (a page of links, a one-word text): keep it all
        body, removed = text, []
    else:
        removed = [lines[i] for i in range(n) if not keep[i] and not blank[i]]
    del why
    doc.text = body
    doc.removed = list(doc.removed) + removed
    return doc
