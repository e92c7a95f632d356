"""Attribution chains: who passed a speaker's words on to this document's publisher.

``Claim.chain`` holds every intermediary, with or without a KB entity, the one nearest the
speaker first; ``Claim.via`` their entities (and an outlet the speaker told, or a
correspondent's own outlet), the publisher itself never listed."""

from __future__ import annotations

from marsad.document import Claim, Speaker
from marsad.extract.claims.state import ClaimState


class Chains(ClaimState):
    """The ``via`` of a claim from its speaker, chain and recipient."""

    def _via(self, speaker: Speaker, chain: list[Speaker], recipient: str | None) -> list[str]:
        pub = self.idx.publisher
        via: list[str] = []
        candidates: list[str | None] = [recipient]
        if speaker.kind == "correspondent":
            candidates.append(speaker.entity)
        for s in chain:
            candidates.append(s.entity)
        for e in candidates:
            if e and e != pub and e not in via and e != speaker.entity:
                via.append(e)
        if (
            speaker.kind == "correspondent"
            and speaker.entity
            and speaker.entity != pub
            and speaker.entity not in via
        ):
            via.insert(0, speaker.entity)
        return via


def prev_chain(c: Claim) -> list[Speaker]:
    return list(getattr(c, "chain", []) or [])


def set_chain(c: Claim, chain: list[Speaker]) -> None:
    c.chain = chain
