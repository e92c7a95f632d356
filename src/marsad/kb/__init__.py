"""Knowledge base: gazetteer, facilities, actors, persons and outlets as reviewed data files."""

from marsad.kb.gazetteer import (
    KnowledgeBase,
    KnowledgeBaseError,
    Sense,
    load_kb,
)

__all__ = ["KnowledgeBase", "KnowledgeBaseError", "Sense", "load_kb"]
