"""Proposals: the event candidates of a document with their clause-level arguments.

Everything ``extract`` knows about a possible happening before any decision: the trigger word
and its readings (``candidates``), its claim and modality cues, and the place, route, date,
count and actors its own clause gives (``attach``). The learning layer decides which of them
are happenings (``marsad.learn.events``).
"""

from __future__ import annotations

from marsad.document import Document
from marsad.extract.attach import attach_arguments, facility_anaphora
from marsad.extract.candidates import Candidate, find_candidates
from marsad.extract.context import DocIndex
from marsad.extract.lexicons import scan


def propose(doc: Document) -> tuple[DocIndex, list[Candidate]]:
    """The document's index and every event candidate, arguments attached."""
    hits = scan(doc)
    idx = DocIndex.build(doc)
    cands = find_candidates(doc, idx, hits)
    attach_arguments(doc, idx, hits, cands, facility_anaphora(idx, hits))
    return idx, cands
