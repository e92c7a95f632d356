"""Text layer: normalisation with offset maps, tokens and sentences, lexicon matching."""

from marsad.text.normalize import NormalizedText, fold, normalize, normalize_term

__all__ = ["NormalizedText", "fold", "normalize", "normalize_term"]
