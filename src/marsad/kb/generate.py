"""Generate every written form of the trigger lemmas into ``generated/trigger_forms.tsv`` and
the entries' conditions into ``generated/trigger_entries.json``.

    python -m marsad.kb.generate          # write the files
    python -m marsad.kb.generate --check  # exit 1 when the committed files are out of date

Needs ``libqutrub`` (in the ``dev`` extra); marsad itself only reads the generated file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.kb import morphology as m
from marsad.kb.triggers import (
    ENTRIES_FILE,
    FORMS_FILE,
    TSV_COLUMNS,
    TriggerDataError,
    TriggerEntry,
    entry_record,
    source_entries,
)
from marsad.text.normalize import normalize_term

_KINDS = ("finite", "participle", "noun")
_KNOWN_KEYS = frozenset(
    {
        "type", "subtype", "check", "causative", "force_type", "insurgent_type", "suffix", "then",
        "gap", "unless", "verb", "imperfect", "transitive", "participles", "masdar", "nouns",
        "plural", "phrases", "forms", "verb_forms", "exclude", "en_verbs", "en_nouns",
        "en_forms", "en_verb_forms", "note", "finite", "tenses",
    }
)  # fmt: skip

Row = tuple[str, str, str, str, str, str, str, str]

# Nouns of process that govern a verbal noun in the construct («عملية نقل», «محاولة هرب»):
# a Form I verbal noun written like its verb's perfect (نقل, قتل, هرب) is read as the noun
# after them, so they are written out with it
PROCESS_NOUNS = ("عملية", "عمليات", "محاولة", "محاولات", "حادثة", "حوادث")


def _irregular() -> dict[str, list[str]]:
    text = resources.files("marsad.kb").joinpath("data/english_verbs.toml").read_text("utf-8")
    return {k: list(v) for k, v in tomllib.loads(text)["irregular"].items()}


def _list(raw: dict[str, Any], key: str, where: str) -> list[str]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TriggerDataError(f"{where}: {key} must be a list of words")
    return value


def entry_forms(
    entry: TriggerEntry, raw: dict[str, Any], irregular: dict[str, list[str]]
) -> Iterator[tuple[m.Form, str]]:
    """(form, lemma) for everything an entry generates, exclusions removed."""
    where = f"triggers/{entry.key.split(':')[0]}.toml entry {entry.key.split(':')[1]}"
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise TriggerDataError(f"{where}: unknown keys {sorted(unknown)}")
    excluded = {normalize_term(x) for x in _list(raw, "exclude", where)}
    out: list[tuple[m.Form, str]] = []
    verb = raw.get("verb")
    lemma = m.bare(verb) if verb else ""
    if verb:
        vowel = raw.get("imperfect", "a")
        if vowel not in m.VOWELS:
            raise TriggerDataError(f"{where}: imperfect must be one of a, i, u")
        transitive = bool(raw.get("transitive", True))
        if raw.get("finite", True):
            tenses = set(_list(raw, "tenses", where)) or {"past", "present"}
            out += [
                (f, lemma)
                for f in m.conjugate(verb, vowel, transitive).values()
                if f.tense in tenses or (not f.tense and len(tenses) == 2)
            ]
        for stem in m.participle_stems(verb, vowel, _list(raw, "participles", where)):
            out += [(m.Form(p, "participle"), lemma) for p in m.participle_forms(stem)]
    nouns = _list(raw, "masdar", where) + _list(raw, "nouns", where)
    noun_lemma = lemma or (nouns[0] if nouns else "")
    finite = {normalize_term(f.text) for f, _ in out if f.kind == "finite"}
    for masdar in _list(raw, "masdar", where):
        if normalize_term(masdar) in finite:
            out += [
                (m.Form(f"{p} {article}{masdar}", "noun"), noun_lemma)
                for p in PROCESS_NOUNS
                for article in ("", "ال")
            ]
    for noun in nouns:
        out += [(m.Form(f, "noun"), noun_lemma) for f in m.noun_forms(noun)]
    if "plural" in raw:
        plurals = _list(raw, "plural", where)
    elif verb and not m.is_form_one(verb):
        plurals = [m.sound_feminine_plural(n) for n in _list(raw, "masdar", where)]
    else:
        plurals = []
    for p in plurals:
        out += [(m.Form(f, "noun"), noun_lemma) for f in m.plural_forms(p)]
    for phrase in _list(raw, "phrases", where):
        out += [(m.Form(phrase, "noun"), phrase), (m.Form(m.definite_phrase(phrase), "noun"), phrase)]
    out += [(m.Form(f, "noun"), noun_lemma or f) for f in _list(raw, "forms", where)]
    out += [(m.Form(f, "finite"), lemma or f) for f in _list(raw, "verb_forms", where)]
    for v in _list(raw, "en_verbs", where):
        out += [(f, v) for f in m.english_verb_forms(v, irregular)]
    for n in _list(raw, "en_nouns", where):
        out += [(m.Form(f, "noun"), n) for f in m.english_noun_forms(n)]
    out += [(m.Form(f, "noun"), f) for f in _list(raw, "en_forms", where)]
    out += [(m.Form(f, "finite"), f) for f in _list(raw, "en_verb_forms", where)]
    for form, lem in out:
        if normalize_term(form.text) not in excluded:
            yield form, lem


def rows() -> list[Row]:
    """Every (normalised form, entry) once, entries in file order, a form's readings merged."""
    irregular = _irregular()
    out: list[Row] = []
    for entry, raw in source_entries():
        merged: dict[tuple[str, str], tuple[set[str], set[str], str]] = {}
        for form, lemma in entry_forms(entry, raw, irregular):
            key = (normalize_term(form.text), form.kind)
            if not key[0]:
                continue
            voices, tenses, _ = merged.setdefault(key, (set(), set(), lemma))
            voices.add(form.voice)
            tenses.add(form.tense)
        for (form, kind), (voices, tenses, lemma) in sorted(
            merged.items(), key=lambda kv: (_KINDS.index(kv[0][1]), kv[0][0])
        ):
            voice = voices.pop() if len(voices) == 1 else ""
            tense = tenses.pop() if len(tenses) == 1 else ""
            out.append(
                (form, entry.key, lemma, entry.type, entry.subtype or "", kind, voice, tense)
            )
    return out


def render(table: list[Row]) -> str:
    lines = ["\t".join(TSV_COLUMNS)] + ["\t".join(r) for r in table]
    return "\n".join(lines) + "\n"


def render_entries() -> str:
    """One entry a line: {"<family>:<n>": {conditions}, ...}."""
    lines = [
        f"{json.dumps(e.key)}: {json.dumps(entry_record(e), ensure_ascii=False)}"
        for e, _ in source_entries()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _path(name: str) -> Path:
    return Path(str(resources.files("marsad.kb").joinpath(name)))


def forms_path() -> Path:
    return _path(FORMS_FILE)


def entries_path() -> Path:
    return _path(ENTRIES_FILE)


def generated() -> dict[Path, str]:
    """Each generated file and the text it must hold."""
    return {forms_path(): render(rows()), entries_path(): render_entries()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m marsad.kb.generate", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check the file is up to date")
    args = parser.parse_args(argv)
    files = generated()
    if args.check:
        stale = [p for p, text in files.items() if not p.is_file() or p.read_text("utf-8") != text]
        for p in stale:
            print(f"{p} is out of date: run python -m marsad.kb.generate", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    table = [line.split("\t") for line in files[forms_path()].splitlines()[1:]]
    lemmas = {(r[1], r[2]) for r in table}
    forms = {r[0] for r in table}
    print(
        f"wrote {forms_path()}: {len(table)} rows, {len(forms)} distinct forms of "
        f"{len(lemmas)} lemmas in {len(source_entries())} entries"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
