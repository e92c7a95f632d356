"""Numbers as feature values: a count or a distance falls into a bucket of a few edges, so a
linear model learns one weight per range («2 words away», «more than 16») instead of one per
value."""

from __future__ import annotations


def bucket(n: int, edges: tuple[int, ...]) -> str:
    """The first edge ``n`` does not exceed, or ``>last`` (``bucket(3, (0, 1, 2, 4))`` -> "4")."""
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"
