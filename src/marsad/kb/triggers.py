"""Event trigger entries by lemma (``kb/data/triggers/*.toml``) and their generated forms.

Each family file lists ``[[entry]]`` tables, one per lemma and sense: an Arabic verb with its
verbal nouns and participles, event nouns, English verbs and nouns, the event ``type`` and
``subtype``, and the conditions a sense needs (see ``triggers/README.md``). Every inflection is
generated once by ``python -m marsad.kb.generate`` into ``generated/trigger_forms.tsv`` and
the entries' conditions into ``generated/trigger_entries.json``: at run time marsad reads
those two files only (no TOML parsing, no morphology library), so start-up stays fast.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from marsad.text.normalize import normalize_term

TRIGGER_DIR = "data/triggers"
FORMS_FILE = "data/generated/trigger_forms.tsv"
ENTRIES_FILE = "data/generated/trigger_entries.json"
TSV_COLUMNS = ("form", "entry", "lemma", "type", "subtype", "kind", "voice", "tense")
DEFAULT_GAP = 3  # words that may stand between the parts of a phrase


class TriggerDataError(ValueError):
    """A trigger data file is malformed (the message names the file and entry)."""


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lemma in one sense, with the conditions its forms carry."""

    key: str  # "<family>:<n>", the n-th entry of triggers/<family>.toml
    type: str
    subtype: str | None = None
    check: str | None = None
    causative: bool = False
    force_type: str | None = None
    insurgent_type: str | None = None
    no_suffix: bool = False
    # words that must follow, in order, each within ``gap`` words of the one before
    # (each part: its alternatives, normalised)
    then: tuple[tuple[str, ...], ...] = ()
    gap: int = DEFAULT_GAP
    unless: tuple[str, ...] = ()  # words that, within ``gap`` words after, rule the sense out


class TriggerForm(NamedTuple):
    form: str  # normalised
    entry: TriggerEntry
    lemma: str
    kind: str  # finite | participle | noun
    voice: str | None
    tense: str | None


def entry_record(entry: TriggerEntry) -> dict[str, Any]:
    """An entry as written to ``trigger_entries.json`` (its key apart)."""
    rec = asdict(entry)
    del rec["key"]
    rec["then"] = [list(p) for p in entry.then]
    rec["unless"] = list(entry.unless)
    return rec


def _entry_from_record(key: str, rec: dict[str, Any]) -> TriggerEntry:
    return TriggerEntry(
        key=key,
        type=rec["type"],
        subtype=rec.get("subtype"),
        check=rec.get("check"),
        causative=bool(rec.get("causative")),
        force_type=rec.get("force_type"),
        insurgent_type=rec.get("insurgent_type"),
        no_suffix=bool(rec.get("no_suffix")),
        then=tuple(tuple(p) for p in rec.get("then", ())),
        gap=int(rec.get("gap", DEFAULT_GAP)),
        unless=tuple(rec.get("unless", ())),
    )


def _words(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
        raise TriggerDataError(f"{where}: expected a word or a list of words, got {value!r}")
    return tuple(normalize_term(w) for w in items)


def read_entries(family: str, data: dict[str, Any]) -> list[tuple[TriggerEntry, dict[str, Any]]]:
    """The entries of one family file (its parsed TOML), each with its raw table."""
    out: list[tuple[TriggerEntry, dict[str, Any]]] = []
    for n, raw in enumerate(data.get("entry", []), 1):
        where = f"triggers/{family}.toml entry {n}"
        if "type" not in raw:
            raise TriggerDataError(f"{where}: no type")
        then = tuple(_words(part, where) for part in raw.get("then", []))
        gap = raw.get("gap", DEFAULT_GAP)
        if not isinstance(gap, int) or gap < 0:
            raise TriggerDataError(f"{where}: gap must be a whole number of words")
        record = {
            **{k: raw.get(k) for k in ("type", "subtype", "check", "causative", "force_type", "insurgent_type")},
            "no_suffix": raw.get("suffix") == "none",
            "then": then,
            "gap": gap,
            "unless": _words(raw.get("unless", []), where) if raw.get("unless") else (),
        }
        entry = _entry_from_record(f"{family}:{n}", record)
        out.append((entry, raw))
    return out


def family_files() -> list[tuple[str, str]]:
    """(family, TOML text) of every trigger family, in name order."""
    folder = resources.files("marsad.kb").joinpath(TRIGGER_DIR)
    files = sorted(
        (p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name
    )
    return [(p.name.removesuffix(".toml"), p.read_text("utf-8")) for p in files]


def source_entries() -> list[tuple[TriggerEntry, dict[str, Any]]]:
    """Every entry of the family files, with its raw table (what the generator reads)."""
    out: list[tuple[TriggerEntry, dict[str, Any]]] = []
    for family, text in family_files():
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise TriggerDataError(f"triggers/{family}.toml: {e}") from e
        out += read_entries(family, data)
    return out


@lru_cache(maxsize=1)
def trigger_entries() -> dict[str, TriggerEntry]:
    """The entries as generated (``generated/trigger_entries.json``), by key."""
    text = resources.files("marsad.kb").joinpath(ENTRIES_FILE).read_text("utf-8")
    try:
        records = json.loads(text)
    except json.JSONDecodeError as e:
        raise TriggerDataError(f"{ENTRIES_FILE}: {e}") from e
    return {key: _entry_from_record(key, rec) for key, rec in records.items()}


@lru_cache(maxsize=1)
def trigger_forms() -> tuple[TriggerForm, ...]:
    """Every generated form with its entry, in the order of the generated file."""
    entries = trigger_entries()
    text = resources.files("marsad.kb").joinpath(FORMS_FILE).read_text("utf-8")
    out: list[TriggerForm] = []
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or tuple(header) != TSV_COLUMNS:
        raise TriggerDataError(f"{FORMS_FILE}: header is not {TSV_COLUMNS}")
    for line, row in enumerate(reader, 2):
        form, key, lemma, _type, _subtype, kind, voice, tense = row
        entry = entries.get(key)
        if entry is None:
            raise TriggerDataError(
                f"{FORMS_FILE} line {line}: entry {key} is not in the trigger data "
                "(run `python -m marsad.kb.generate`)"
            )
        out.append(TriggerForm(form, entry, lemma, kind, voice or None, tense or None))
    return tuple(out)
