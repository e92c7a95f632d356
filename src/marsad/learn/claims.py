"""Claim confidence: how likely a claim is attributed as a reader would attribute it.

A claim is right when its speaker kind and its stance are those of a claim the gold gives for
the document (``eval/gold``: the claims of the seeds and of the first corpus articles, matched
the way ``bench/eval_extraction.py`` scores them). A binary linear model over what the claims
stage knows of a claim — its verb and stance, the kind of its speaker and whether the speaker
is a known entity, the chain it passed through, its length — gives a raw score; the score is
calibrated on held-out documents like an event's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marsad.document import Claim, Document
from marsad.extract.buckets import bucket
from marsad.text.normalize import normalize_term


def alternatives(value: Any) -> list[Any]:
    """A scalar gold field written as a list lists the acceptable values."""
    return list(value) if isinstance(value, list) else [value]


def match_claims(gold: Sequence[dict[str, Any]], claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """(gold index, claim index) pairs of a document's claims (see ``match_claim_keys``)."""
    return match_claim_keys(gold, [(c.speaker.kind, c.stance, c.speaker.entity) for c in claims])


def match_claim_keys(
    gold: Sequence[dict[str, Any]], claims: Sequence[tuple[str, str, str | None]]
) -> list[tuple[int, int]]:
    """(gold index, claim index) pairs, claims given as (speaker kind, stance, speaker
    entity): greedy on kind and stance in text order, a first pass requiring the speaker
    entity where the gold names one; required gold claims go first."""
    order = sorted(range(len(gold)), key=lambda i: bool(gold[i].get("optional")))
    used_sys: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for need_entity in (True, False):
        for gi in order:
            if gi in used_gold:
                continue
            g = gold[gi]
            kinds, stances = alternatives(g["speaker_kind"]), alternatives(g["stance"])
            entities = alternatives(g["speaker_entity"]) if "speaker_entity" in g else None
            if need_entity and entities is None:
                continue
            for si, (kind, stance, entity) in enumerate(claims):
                if si in used_sys or kind not in kinds or stance not in stances:
                    continue
                if need_entity and entity not in (entities or []):
                    continue
                used_sys.add(si)
                used_gold.add(gi)
                pairs.append((gi, si))
                break
    return pairs


def claim_features(doc: Document, c: Claim) -> list[str]:
    verb = normalize_term(c.verb or "")
    return [
        "bias",
        f"lang={doc.language}",
        f"stance={c.stance}",
        f"kind={c.speaker.kind}",
        f"kind&stance={c.speaker.kind}&{c.stance}",
        f"entity={int(c.speaker.entity is not None)}",
        f"speaker_text={int(bool(c.speaker.text))}",
        f"verb={verb}",
        f"via={bucket(len(c.chain), (0, 1, 2))}",
        f"length={bucket((c.end - c.start) // 40, (0, 1, 2, 4, 8))}",
        f"claims={bucket(len(doc.claims), (1, 2, 4, 8))}",
    ]
